"""Preschools (issue 19): no QĐ 4725 for MN; the empty QĐ 3276 workbook carries only the decision's facts and a
Sở can fill and issue it."""
import openpyxl
import pytest

from desktop.core.errors import ValidationError
from desktop.core.indicator_xlsx_import import import_xlsx
from desktop.core.paths import resource
from desktop.core.preschool import TEMPLATE_NAME, preschool_only, set_applies, write_template


def _info(path):
    ws = openpyxl.load_workbook(path)["Thông tin bộ chỉ số"]
    return {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}


def test_shipped_template_is_what_write_template_makes(tmp_path):
    shipped, fresh = resource("templates", TEMPLATE_NAME), write_template(tmp_path / "t.xlsx")
    assert _info(shipped) == _info(fresh)
    info = _info(shipped)
    assert (info["Số văn bản"], info["Ngày ban hành"], info["Cấp học áp dụng"]) == ("3276/QĐ-BGDĐT", "30/10/2024", "MN")
    assert "mầm non" in info["Trích yếu"]
    # nothing else is invented: no levels, bands, rules, groups or criteria (the general template's 4725 settings
    # are not carried over)
    for key in ("Phiên bản", "Trạng thái", "Tên các mức", "Ngưỡng mức của nhóm", "Quy tắc mức chung",
                "Hệ quả khi chưa đạt điều kiện bắt buộc", "Mức tối đa khi chưa đạt điều kiện bắt buộc"):
        assert info[key] is None, key
    wb = openpyxl.load_workbook(shipped)
    assert wb["Nhóm tiêu chí"].max_row == 1 and wb["Tiêu chí và mục"].max_row == 1


def test_blank_template_is_refused_with_reasons_then_a_filled_one_imports(tmp_path):
    path = write_template(tmp_path / "mn.xlsx")
    with pytest.raises(ValidationError):
        import_xlsx(path)
    wb = openpyxl.load_workbook(path)
    info = wb["Thông tin bộ chỉ số"]
    rows = {info.cell(row=r, column=1).value: r for r in range(2, info.max_row + 1)}
    # what a Sở officer would type from the decision (values here are test values, not QĐ 3276's)
    for label, value in {"Phiên bản": "2024.1", "Trạng thái": "Dự thảo", "Tên các mức": "1: Mức 1\n2: Mức 2",
                         "Ngưỡng mức của nhóm": "<50: 1; >=50: 2", "Quy tắc mức chung": "Không xếp mức chung",
                         "Hệ quả khi chưa đạt điều kiện bắt buộc": "Không ảnh hưởng đến mức"}.items():
        info.cell(row=rows[label], column=2).value = value
    wb["Nhóm tiêu chí"].append(["1", "Nhóm thử", 10, None])
    wb["Tiêu chí và mục"].append(["1", "Tiêu chí", "1.1", "Tiêu chí thử", None, 10, "Nhập điểm", None, None,
                                  "Chưa đối chiếu", None])
    wb.save(path)
    iset = import_xlsx(path)
    assert iset.levels == ("MN",) and iset.set_id == "qd3276-2024"


def test_levels_helpers():
    assert preschool_only(["MN"]) and not preschool_only(["MN", "TH"]) and not preschool_only([])
    assert not set_applies(["TH", "THCS", "THPT", "GDTX"], ["MN"]) and set_applies(["TH"], ["MN", "TH"])
    assert set_applies(["TH"], [])


def test_preschool_period_report_says_why_it_has_no_self_assessment(store, tmp_path):
    import shutil
    import subprocess
    from datetime import date

    from desktop.core.report.build import build_report_data
    from desktop.core.report.pdf import render_pdf
    from desktop.core.store import profile as prof
    from desktop.core.store.checklist import set_progress
    from desktop.core.store.plan_store import ensure_bundled, follow_pack

    prof.save_school(store, prof.School(name="Trường Mầm non Thử", code="7", levels=["MN"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    follow_pack(store, year, "tuetinh-cv-cds-2026")
    set_progress(store, year, "tuetinh-cv-cds-2026", "NV-1", "2026-03", status="done", completed_on="2026-03-10")
    rd = build_report_data(store, "month", "2026-03", today=date(2026, 4, 5))
    assert rd.assessment is None and any(t.task_id == "NV-1" and t.status == "done" for t in rd.checklist)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils missing")
    render_pdf(rd, tmp_path / "mn.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "mn.pdf"), "-"], capture_output=True,
                                   text=True).stdout.split())
    assert "QĐ 4725/QĐ-BGDĐT không áp dụng cho trường mầm non" in text and "QĐ 3276/QĐ-BGDĐT" in text
    # how to load the preschool set is the app's word, said by the pre-send check, not in the report (issue 20)
    from desktop.core.report.checks import check_report

    assert "socds" not in text and "Nạp tệp" not in text
    assert any(p.severity == "info" and "socds indicators import" in p.message for p in check_report(rd))
