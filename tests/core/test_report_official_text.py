"""The signed report is the school's text: no software notes in it, hand-fill blanks where the number or date is
empty, NĐ 30 margins on the wide pages, a true creation date, and unsigned copies marked DỰ THẢO (issue 20)."""
import re
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from reportlab.lib.units import mm

from desktop.core.report.build import build_report_data
from desktop.core.report import checks
from desktop.core.report.checks import check_report, summarise
from desktop.core.report.export import export_all
from desktop.core.report.pdf import render_pdf
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db

SOFTWARE_NOTES = ("Sổ CĐS dùng", "cách hiểu", "phiên bản dữ liệu", "chưa xác định", "chưa được đối chiếu",
                  "(*)", "đã xác định")


def text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def words(path, page: int) -> tuple[float, float, list[tuple[float, float, float, float, str]]]:
    """(page width, page height, [(x1, y1, x2, y2, word)]) with y from the top, in points."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out).groups())
    found = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    return w, h, found


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture(scope="module")
def assessment_pdf(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("official")
    with Store.open(prepared_db(demo_db, tmp)) as store:
        rd = build_report_data(store, "self-assessment")
    render_pdf(rd, tmp / "sa.pdf")
    return rd, tmp / "sa.pdf"


@pytest.fixture(scope="module")
def month_pdf(demo_db, tmp_path_factory):
    """A month report as a school starts it: no number, no date (to be numbered and dated by hand)."""
    tmp = tmp_path_factory.mktemp("official-month")
    with Store.open(prepared_db(demo_db, tmp, fields=False)) as store:
        rd = build_report_data(store, "month", "2026-03")
    render_pdf(rd, tmp / "m.pdf")
    return rd, tmp / "m.pdf"


def test_software_notes_are_in_the_check_not_in_the_report(assessment_pdf):
    rd, path = assessment_pdf
    flat = " ".join(text(path).split())
    for note in SOFTWARE_NOTES:
        assert note not in flat, note
    assert f"Mức chuyển đổi số của nhà trường: {rd.assessment.overall_label}." in flat
    assert "Quyết định số 4725/QĐ-BGDĐT" in flat  # the basis of the assessment stays: it is the school's
    lines = "\n".join(summarise(check_report(rd)))
    assert "[thông tin] Điểm tính theo bộ chỉ số qd4725-2022, phiên bản dữ liệu 2022.1" in lines
    assert "Sổ CĐS dùng cách hiểu" in lines
    assert "10 điểm của nhóm 2 chưa xác định" in lines
    assert "Dòng chỉ số chưa đối chiếu văn bản chính thức (" in lines
    assert lines.index("[thông tin]") > max(lines.rfind("[lỗi]"), lines.rfind("[lưu ý]"))
    assert all(p.severity != "info" for p in checks.to_fix(check_report(rd)))


def test_empty_number_and_date_leave_room_to_fill_by_hand(month_pdf):
    _, path = month_pdf
    _, _, found = words(path, 1)

    def gap(a: str, b: str) -> float:
        """From the end of word `a` to the next word on its line, which must start with `b`."""
        first = next(f for f in found if f[4] == a)
        after = sorted((f for f in found if abs(f[1] - first[1]) < 2 and f[0] > first[2]), key=lambda f: f[0])
        assert after[0][4].startswith(b), after[0]
        return after[0][0] - first[2]

    assert gap("Số:", "/BC-THCSTT") > 8 * mm
    assert gap("ngày", "tháng") > 5 * mm and gap("tháng", "năm") > 5 * mm
    assert "(Kèm theo Báo cáo số" in text(path)  # the appendix is tied to the report, blanks included


def test_wide_pages_keep_the_margins_and_page_one_is_used(month_pdf):
    _, path = month_pdf
    n = pages(path)
    landscape = 0
    for page in range(1, n + 1):
        w, h, found = words(path, page)
        body = [f for f in found if not (f[4].isdigit() and f[1] < 20 * mm)]  # the page number is in the margin
        assert min(f[0] for f in body) >= 30 * mm - 1, page  # the binding side
        assert min(f[1] for f in body) >= 20 * mm - 1 and max(f[3] for f in body) <= h - 20 * mm + 1, page
        landscape += w > h
    assert landscape >= 1
    w, h, first = words(path, 1)
    assert w < h and "II." in [f[4] for f in first]
    assert max(f[3] for f in first) > 0.6 * h  # page 1 is not left mostly blank before the wide table


def test_creation_date_is_the_exports(assessment_pdf):
    rd, path = assessment_pdf
    info = subprocess.run(["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True).stdout
    created = re.search(r"CreationDate:\s+(\S+)", info).group(1)
    when = datetime.fromisoformat(rd.generated_at).astimezone(timezone(timedelta(hours=7)))
    assert created == when.strftime("%Y-%m-%dT%H:%M:%S+07")


def test_unsigned_export_is_a_marked_draft_named_apart(assessment_pdf, tmp_path):
    rd, signed_layout_path = assessment_pdf
    result = export_all(rd, tmp_path)
    assert all(p.stem.endswith("_du-thao") for p in (result.pdf, result.xlsx, result.json))
    for page in range(1, pages(result.pdf) + 1):
        assert "DỰ THẢO" in text(result.pdf, page, page), page
    assert "DỰ THẢO" not in text(signed_layout_path)  # what the package signs carries no draft mark


def answer_cells(path, codes: list[str]) -> dict[str, str]:
    """The "Trả lời" cell of each item row of Phụ lục I, read back from the page (words under that header)."""
    got: dict[str, str] = {}
    for page in range(1, pages(path) + 1):
        _, _, found = words(path, page)
        heads = [f for f in found if f[4] == "Trả"]
        if not heads:
            continue
        lời = next(f for f in found if f[4] == "lời" and abs(f[1] - heads[0][1]) < 2)
        centre = (heads[0][0] + lời[2]) / 2
        left, right = centre - 12 * mm, centre + 12 * mm  # the column is ~26 mm wide, its text centred
        for code in codes:
            row = next((f for f in found if f[4] == code and f[0] < left), None)
            if row is not None:
                cell = [f for f in found if left <= f[0] and f[2] <= right and abs(f[1] - row[1]) < 9]
                got[code] = " ".join(f[4] for f in sorted(cell, key=lambda f: (round(f[1]), f[0])))
    return got


def test_answer_column_shows_the_answer_not_the_points(assessment_pdf):
    rd, path = assessment_pdf
    items = {i.code: i for i in rd.assessment.items}
    cells = answer_cells(path, ["1.1", "1.3.1", "1.6.1", "1.6.2", "1.3.5"])
    assert cells["1.1"] == "Đạt"
    assert cells["1.3.1"] == "" and items["1.3.1"].points > 0  # 6 points: printed once, under "Điểm đạt"
    assert cells["1.6.1"] == "14/14 = 100%"  # the school's own count, from its staff list
    assert cells["1.6.2"] == "11/14 = 78,57%"
    assert cells["1.3.5"] == "—"  # not answered


def test_an_appendix_starts_with_its_table_not_a_blank_page(month_pdf):
    """Each appendix's first page holds its title and the start of its table (a table that does not fit below
    the title splits with its header repeated, rather than leaving the title alone on a page)."""
    _, path = month_pdf
    starts = [p for p in range(1, pages(path) + 1) if text(path, p, p).split()[:2] == ["Phụ", "lục"]]
    assert starts
    for page in starts:
        _, h, found = words(path, page)
        assert "Chỉ" in [f[4] for f in found] and max(f[3] for f in found) > 0.6 * h, page
