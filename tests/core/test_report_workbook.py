"""The workbook as a principal prints it and a program reads it (issue 20): no sheet that prints empty, the data
sheet kept out of print, numbers stored as numbers, the preschool note; LibreOffice (headless) opens and prints it."""
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.core.report.build import build_report_data
from desktop.core.report import xlsx
from desktop.core.report.xlsx import render_xlsx
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db


@pytest.fixture(scope="module")
def month_xlsx(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbook")
    with Store.open(prepared_db(demo_db, tmp)) as store:
        rd = build_report_data(store, "month", "2026-03")
    return rd, render_xlsx(rd, tmp / "thang.xlsx")


@pytest.fixture(scope="module")
def assessment_xlsx(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbook-sa")
    with Store.open(prepared_db(demo_db, tmp)) as store:
        rd = build_report_data(store, "self-assessment")
    return rd, render_xlsx(rd, tmp / "tdg.xlsx")


def test_month_workbook_has_no_sheet_that_prints_empty(month_xlsx):
    rd, path = month_xlsx
    wb = load_workbook(path)
    assert rd.assessment is None
    assert "Tự đánh giá" not in wb.sheetnames and "Nhập trực tuyến" not in wb.sheetnames
    assert wb.sheetnames == list(xlsx.sheets_for(rd))
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert ws.max_row > 4, ws.title  # more than the title rows and the header
    assert wb["Dữ liệu"].sheet_state == "hidden"  # for programs: not printed with the workbook


def test_numbers_are_numbers(assessment_xlsx):
    rd, path = assessment_xlsx
    wb = load_workbook(path)
    general = {ws_row[0].value: ws_row[1].value for ws_row in wb["Thông tin chung"].iter_rows(min_row=5)}
    g1 = rd.assessment.groups[0]
    assert general["Nhóm 1: điểm đạt"] == float(g1.total) and general["Nhóm 1: điểm tối đa"] == float(g1.max)
    online = {r[1].value: r for r in wb["Nhập trực tuyến"].iter_rows(min_row=5)}
    assert online["1.3.1"][3].value == 6 and online["1.1"][3].value == "Đạt"
    strings = [c.coordinate for ws in wb.worksheets if ws.title != "Dữ liệu" for row in ws.iter_rows(min_row=5)
               for c in row if isinstance(c.value, str) and c.value.replace(",", "").replace(".", "").isdigit()
               and c.column_letter not in ("A", "B")]  # codes ("1.1", the school's code) stay text
    assert strings == []
    assert not any("Sổ CĐS dùng cách hiểu" in str(c.value) for ws in wb.worksheets if ws.title != "Dữ liệu"
                   for row in ws.iter_rows() for c in row)


def test_libreoffice_prints_only_the_report_sheets(month_xlsx, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    rd, path = month_xlsx
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "thang.pdf"
    n = int(next(ln.split()[-1] for ln in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                              check=True).stdout.splitlines() if ln.startswith("Pages:")))
    printed = []
    for page in range(1, n + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert text.strip(), f"trang {page} trống"
        printed.append(text)
    flat = " ".join(" ".join(printed).split())
    assert "THÔNG TIN CHUNG" in flat and "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ" in flat
    assert "KẾT QUẢ TỰ ĐÁNH GIÁ" not in flat and "THỨ TỰ NHẬP" not in flat
    assert "school_code" not in flat  # the data sheet is not printed


def test_preschool_workbook_says_why_there_is_no_self_assessment(store, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from desktop.core.store import profile as prof
    from desktop.core.store.plan_store import ensure_bundled, follow_pack

    prof.save_school(store, prof.School(name="Trường Mầm non Thử", code="7", levels=["MN"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    follow_pack(store, year, "tuetinh-cv-cds-2026")
    rd = build_report_data(store, "month", "2026-03", today=date(2026, 4, 5))
    wb = load_workbook(render_xlsx(rd, tmp_path / "mn.xlsx"))
    general = {r[0].value: r[1].value for r in wb["Thông tin chung"].iter_rows(min_row=5)}
    assert general["Kỳ báo cáo"] == "tháng 3 năm 2026"  # in words (issue 16); the data's "2026-03" is «Dữ liệu»'s
    note = general["Tự đánh giá mức độ chuyển đổi số"]
    assert "QĐ 4725/QĐ-BGDĐT không áp dụng cho trường mầm non" in note and "QĐ 3276/QĐ-BGDĐT" in note
    assert "socds" not in note  # how to load a set into the program is the app's matter, not the report's
