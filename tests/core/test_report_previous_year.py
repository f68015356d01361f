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
