"""Spreadsheet form of plan packs: lossless round trip on all five packs, located errors, the template."""
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from desktop.core.errors import ValidationError
from desktop.core.paths import resource
from desktop.core.plan_xlsx import export_xlsx, import_xlsx
from desktop.core.plan_parse import bundled_packs


@pytest.mark.parametrize("pack", bundled_packs(), ids=lambda p: p.pack_id)
def test_round_trip_is_lossless(pack, tmp_path):
    path = export_xlsx(pack, tmp_path / "p.xlsx")
    back = import_xlsx(path)
    assert back.raw == pack.raw and back == pack


def _edit(tmp_path, edits):
    pack = next(p for p in bundled_packs() if p.pack_id == "ninhbinh-27-kh-sgddt-2025")
    path = export_xlsx(pack, tmp_path / "nb.xlsx")
    wb = openpyxl.load_workbook(path)
    for sheet, cell, value in edits:
        wb[sheet][cell] = value
    wb.save(path)
    return path


def test_errors_are_located_by_sheet_row_column(tmp_path):
    path = _edit(tmp_path, [
        ("Nhiệm vụ", "F3", "31/02/2026"),             # not a real date
        ("Nhiệm vụ", "G4", "2.4.3, 9.9"),             # unknown indicator code
        ("Nhiệm vụ", "J4", None),                     # (no reasons for the links: not an error)
        ("Chỉ tiêu", "D2", "nhiều"),                  # value is not a number
        ("Báo cáo", "D2", "Thường xuyên"),            # not a reporting schedule
        ("Thông tin kế hoạch", "B9", "THCS, ĐH"),     # unknown school level
        ("Nhiệm vụ", "A5", "NV-II.1.b"),              # duplicate id
    ])
    with pytest.raises(ValidationError) as ei:
        import_xlsx(path)
    where = {str(loc): msg for loc, msg in ei.value.problems}
    text = "\n".join(f"{k}: {v}" for k, v in where.items())
    assert len(ei.value.problems) == 6, text
    assert "tệp nb.xlsx, trang tính «Nhiệm vụ», dòng 3, cột F (Thời hạn)" in where
    assert "không có thật" in where["tệp nb.xlsx, trang tính «Nhiệm vụ», dòng 3, cột F (Thời hạn)"]
    assert "9.9" in where["tệp nb.xlsx, trang tính «Nhiệm vụ», dòng 4, cột G (Chỉ số liên quan)"]
    assert "tệp nb.xlsx, trang tính «Chỉ tiêu», dòng 2, cột D (Giá trị)" in where
    assert "tệp nb.xlsx, trang tính «Báo cáo», dòng 2, cột D (Lịch báo cáo)" in where
    assert "tệp nb.xlsx, trang tính «Thông tin kế hoạch», dòng 9, cột B (Giá trị)" in where
    assert "bị lặp" in where["tệp nb.xlsx, trang tính «Nhiệm vụ», dòng 5, cột A (Mã)"]


def test_structure_errors(tmp_path):
    pack = bundled_packs()[0]
    path = export_xlsx(pack, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["Báo cáo"]
    wb["Nhiệm vụ"]["J1"] = "Cột lạ"
    wb["Nhiệm vụ"]["A3"] = None
    wb.save(path)
    with pytest.raises(ValidationError) as ei:
        import_xlsx(path)
    msgs = [f"{loc}: {m}" for loc, m in ei.value.problems]
    assert any("thiếu trang tính «Báo cáo»" in m for m in msgs)
    assert any("dòng 1, cột J" in m and "Cột lạ" in m for m in msgs)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="không phải tệp Excel"):
        import_xlsx(bad)


def test_excel_date_cells_and_comma_numbers_are_understood(tmp_path):
    path = _edit(tmp_path, [("Nhiệm vụ", "F2", date(2026, 1, 15)), ("Chỉ tiêu", "D3", "95,5")])
    pack = import_xlsx(path)
    assert pack.tasks[0].deadline.kind == "date" and pack.tasks[0].deadline.date == date(2026, 1, 15)
    assert str(pack.targets[1].value) == "95.5"


def test_template_is_blank_and_says_what_is_missing():
    tpl = resource("templates", "plan-pack-template.xlsx")
    wb = openpyxl.load_workbook(tpl)
    assert wb.sheetnames == ["Thông tin kế hoạch", "Chỉ tiêu", "Nhiệm vụ", "Báo cáo", "Hướng dẫn"]
    assert wb["Nhiệm vụ"].max_row == 1
    with pytest.raises(ValidationError) as ei:
        import_xlsx(tpl)
    text = str(ei.value)
    assert "thiếu «pack_id»" in text and "không có chỉ tiêu hay nhiệm vụ nào" in text


@pytest.mark.external
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_a_workbook_saved_again_by_libreoffice_still_imports_the_same(tmp_path):
    """A Sở edits the file in an office program and saves it: deadlines typed as text must not become dates."""
    pack = next(p for p in bundled_packs() if p.pack_id == "ninhbinh-27-kh-sgddt-2025")
    src = export_xlsx(pack, tmp_path / "nb.xlsx")
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    assert import_xlsx(out / "nb.xlsx").raw == pack.raw


def test_a_repeated_info_line_is_refused_even_after_an_empty_one(tmp_path):
    path = _edit(tmp_path, [("Thông tin kế hoạch", "B11", None)])  # «Căn cứ» (based_on) left empty …
    wb = openpyxl.load_workbook(path)
    ws = wb["Thông tin kế hoạch"]
    assert ws["A11"].value == "Căn cứ"
    ws.append(["Căn cứ", "Kế hoạch số 99/KH-UBND"])  # … and written again further down
    wb.save(path)
    with pytest.raises(ValidationError) as ei:
        import_xlsx(path)
    where = {str(loc): msg for loc, msg in ei.value.problems}
    assert "bị lặp" in where[f"tệp nb.xlsx, trang tính «Thông tin kế hoạch», dòng {ws.max_row}, cột A (Thông tin)"]
