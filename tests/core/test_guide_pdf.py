"""The printable user guide (`socds guide-pdf`): more than one page, the documents' embedded typeface, the text with
its Vietnamese letters, every picture of the guide drawn."""
import re
import subprocess
import unicodedata

from desktop.core.guide_pdf import PARTS, inline, parse, write_guide_pdf
from desktop.core.paths import guide_dir


def test_parse_reads_the_markdown_the_guide_uses():
    md = ("# Tiêu đề\n\nĐoạn một\ntiếp theo.\n\n- mục **một**\n  còn tiếp\n- mục hai\n\n1. Bước một\n\n"
          "   ![Hình](img/a.png)\n\n2. Bước hai\n\nVí dụ:\n\n    1.3: mã\n    2.3.6: khác\n\n## Phần\n### Nhỏ\n")
    kinds = [(b.kind, b.text) for b in parse(md)]
    assert kinds == [("h1", "Tiêu đề"), ("p", "Đoạn một tiếp theo."), ("bullet", "mục **một** còn tiếp"),
                     ("bullet", "mục hai"), ("number", "Bước một"), ("image", "Hình"), ("number", "Bước hai"),
                     ("p", "Ví dụ:"), ("code", ""), ("h2", "Phần"), ("h3", "Nhỏ")]
    assert parse(md)[8].lines == ["1.3: mã", "2.3.6: khác"]
    assert inline("a **b** `c` <d> ◇") == "a <b>b</b> <i>c</i> &lt;d&gt; ◊"


def test_guide_pdf_pages_fonts_text_and_pictures(tmp_path):
    pdf = write_guide_pdf(tmp_path / "huong-dan.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 1
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded (emb column)
    assert all("Serif" in line or "Times" in line for line in fonts)
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                                       capture_output=True, text=True, check=True).stdout)
    for words in ("HƯỚNG DẪN SỬ DỤNG SỔ CĐS", "Mục lục", "Hướng dẫn sử dụng Sổ CĐS — dành cho nhà trường", "Khởi động lần đầu", "Kiểm tra trước khi gửi",
                  "Khóa và ký", "Gửi báo cáo", "dành cho cán bộ xã/phường", "So sánh phiên bản", "Chuyển Sở",
                  "Đánh giá ngoài"):
        assert words in " ".join(text.split()), words
    pictures = sum(len(re.findall(r"!\[", (guide_dir() / p).read_text(encoding="utf-8"))) for p in PARTS)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listed.splitlines()) - 2 == pictures


def test_guide_pdf_command(tmp_path):
    from desktop.cli import main

    out = tmp_path / "hd.pdf"
    assert main(["guide-pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["guide-pdf", "--out", str(tmp_path / "hd.txt")]) == 1
    assert not (tmp_path / "hd.txt").exists()


def test_guide_pdf_pages_use_the_documents_margins(tmp_path):
    """The guide is laid out with report/pdf_layout's portrait margins (30 mm left, 15 mm right), not its own: the
    text starts at the left margin and its justified lines reach the right margin, no further."""
    from reportlab.lib.pagesizes import A4

    from desktop.core.report.pdf_layout import PORTRAIT

    pdf = write_guide_pdf(tmp_path / "huong-dan.pdf")
    html = subprocess.run(["pdftotext", "-bbox", "-f", "2", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [tuple(float(v) for v in m) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', html)]
    assert len(words) > 1000
    left, right = min(x0 for x0, _ in words), max(x1 for _, x1 in words)
    assert abs(left - PORTRAIT["left"]) < 1.5, left
    assert A4[0] - PORTRAIT["right"] - 1.5 < right <= A4[0] - PORTRAIT["right"] + 0.5, right
