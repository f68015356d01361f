"""The report PDF checked with poppler: text as written (NFC), every font embedded, page numbers, signature place."""
import re
import subprocess
import unicodedata

import pytest

from desktop.core.report.build import build_report_data
from desktop.core.report.pdf import render_pdf
from desktop.core.report.pdf_layout import SIGNATURE_FIELD
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db


@pytest.fixture(scope="module")
def rendered(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdf")
    with Store.open(prepared_db(demo_db, tmp)) as store:
        rd = build_report_data(store, "self-assessment")
    layout = render_pdf(rd, tmp / "r.pdf", signature_field=True)
    return rd, layout, tmp / "r.pdf"


def text(path, first=None, last=None):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def test_header_lines_exact_and_nfc(rendered):
    rd, _, path = rendered
    page1 = text(path, 1, 1)
    assert unicodedata.is_normalized("NFC", page1)
    lines = {ln.strip() for ln in page1.splitlines()}
    for expected in ("UBND XÃ TUỆ TĨNH", "TRƯỜNG THCS TUỆ TĨNH", "Số: 15/BC-THCSTT",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Tuệ Tĩnh, ngày 15 tháng 4 năm 2026", "BÁO CÁO",
                     "Tự đánh giá mức độ chuyển đổi số năm học 2025-2026"):
        assert unicodedata.normalize("NFC", expected) in lines, expected


def test_school_every_criterion_and_the_closing(rendered):
    rd, _, path = rendered
    body = text(path)
    words = set(re.split(r"\s+", body))
    assert rd.school.name in body
    for c in rd.assessment.criteria:
        assert c.code in words, c.code
    for i in rd.assessment.items:
        assert i.code in words or f"{i.code}" in body, i.code
    flat = " ".join(body.split())
    assert "./." in flat and "Nơi nhận:" in flat and "- Lưu: VT, CĐS." in flat
    assert "KT. HIỆU TRƯỞNG" in flat and "PHÓ HIỆU TRƯỞNG" in flat and "Trần Thị Mai" in flat
    sha = rd.evidence[0].sha256
    assert "MC01" in words and f"{sha[:32]} {sha[32:]}" in flat


def test_every_font_embedded(rendered):
    out = subprocess.run(["pdffonts", str(rendered[2])], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", row  # emb column
    assert "Helvetica" not in out


def test_page_numbers_top_centre_not_on_first_page(rendered):
    """Numbered from 2 in the body and again in each appendix (NĐ 30: an appendix has its own page numbers)."""
    _, layout, path = rendered
    assert layout.pages >= 3
    expected, k = [], 0
    for n in range(1, layout.pages + 1):
        first_words = text(path, n, n).split()
        k = 1 if first_words[:2] in (["UBND", "XÃ"], ["Phụ", "lục"]) else k + 1
        expected.append(k)
        assert first_words[0] == (str(k) if k > 1 else first_words[0]) and (k > 1 or first_words[0] != "1"), n
    assert expected.count(1) == 3  # the body, Phụ lục I, Phụ lục II
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    word = re.search(r'<page width="([\d.]+)".*?<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', bbox, re.S)
    width, x1, y1, x2 = map(float, word.groups())
    assert abs((x1 + x2) / 2 - width / 2) < 3 and y1 < 40


def test_signature_place_and_empty_field(rendered):
    _, layout, path = rendered
    # the signature closes the body; the appendices follow it
    assert "Phụ lục I" in text(path, layout.signature_page + 1, layout.signature_page + 1)
    assert "Nơi nhận:" in text(path, layout.signature_page, layout.signature_page)
    x1, y1, x2, y2 = layout.signature_box
    assert 0 < x1 < x2 <= 595.3 and 0 < y1 < y2 <= 841.9 and x1 > 595.3 / 2 - 20
    data = path.read_bytes()
    assert b"/FT /Sig" in data and SIGNATURE_FIELD.encode() in data
    info = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert f"Signature Field Name: {SIGNATURE_FIELD}" in info and "not signed" in info


def test_plan_report_without_assessment(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path, fields=False)) as store:
        rd = build_report_data(store, "quarter", "2026-Q1")
    assert rd.assessment is None
    render_pdf(rd, tmp_path / "q.pdf")
    flat = " ".join(text(tmp_path / "q.pdf").split())
    assert "Kết quả thực hiện kế hoạch chuyển đổi số quý I năm 2026" in flat
    assert "/BC-THCSTT" in flat and "Tuệ Tĩnh, ngày" in flat  # hand-fill blanks: test_report_official_text
