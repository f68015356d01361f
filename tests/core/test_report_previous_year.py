"""Issue 22: the self-assessment report carries last school year's result when the data file has it, and the PDF
shows it beside this year's with the change per criterion (read back with pdftotext)."""
import shutil
import subprocess
from decimal import Decimal

import pytest

from desktop.core.report.build import build_report_data
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import DATAFILE_SCHEMA, to_datafile, validate
from desktop.core.report.pdf import render_pdf
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import profile as prof


def _last_year(store):
    this = asm.current_assessment(store)
    aid = asm.create_assessment(store, prof.ensure_school_year(store, 2024, current=False), this["set_id"],
                                this["set_version"])
    for code, value in asm.get_answers(store, this["id"]).items():
        asm.set_answer(store, aid, code, value)
    asm.set_answer(store, aid, "1.4", 4)


def test_report_data_and_pdf_show_last_year(demo_db, tmp_path):
    db = shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(db) as store:
        assert build_report_data(store, "self-assessment").assessment.previous is None
        _last_year(store)
        rd = build_report_data(store, "self-assessment")
        prev = rd.assessment.previous
        assert prev.school_year == "2024-2025" and prev.same_set
        c14 = next(c for c in prev.criteria if c.code == "1.4")
        assert c14.total == Decimal(4)
        assert ReportData.from_json(rd.to_json()) == rd  # round-trips exactly
        assert validate(to_datafile(rd), DATAFILE_SCHEMA) == []
        now14 = next(c for c in rd.assessment.criteria if c.code == "1.4").total
        pdf = tmp_path / "bc.pdf"
        render_pdf(rd, pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "So sánh với năm học 2024-2025" in text and "Năm học 2024-2025" in text
    line = next(ln for ln in text.splitlines() if "Tiêu chí 1.4" in ln)
    assert f"+{now14 - 4}".replace(".", ",") in line


def test_workbook_shows_last_year_beside_this_one(demo_db, tmp_path):
    """The workbook of the self-assessment report has the PDF's comparison as a sheet of its own, numbers as
    numbers; without last year's assessment in the data file there is no such sheet (it would print empty)."""
    import io

    from openpyxl import load_workbook

    from desktop.core.report.pdf_previous import level
    from desktop.core.report.xlsx import render_xlsx_bytes, sheets_for

    db = shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(db) as store:
        assert "So với năm trước" not in sheets_for(build_report_data(store, "self-assessment"))
        _last_year(store)
        rd = build_report_data(store, "self-assessment")
    names = sheets_for(rd)
    assert names.index("So với năm trước") == names.index("Tự đánh giá") + 1
    ws = load_workbook(io.BytesIO(render_xlsx_bytes(rd)))["So với năm trước"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["Nội dung"][2:6] == ("Điểm năm học 2025-2026", "Mức năm học 2025-2026", "Điểm năm học 2024-2025",
                                     "Mức năm học 2024-2025")
    now14 = next(c for c in rd.assessment.criteria if c.code == "1.4")
    c14 = rows["Tiêu chí 1.4"]
    assert (c14[1], c14[2], c14[4], c14[6]) == (float(now14.max), float(now14.total), 4, float(now14.total - 4))
    g1 = next(g for g in rd.assessment.groups if g.code == "1")
    assert (rows["Nhóm 1"][2], rows["Nhóm 1"][3]) == (float(g1.total), level(g1.level))
    overall = rows["Mức chuyển đổi số của nhà trường"]
    assert (overall[3], overall[5]) == (level(rd.assessment.overall_level), level(rd.assessment.previous.overall_level))
