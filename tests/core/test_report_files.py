"""The workbook's set-up (what openpyxl wrote) and the choice of typeface for the PDF."""
import shutil

import openpyxl
import pytest

from desktop.core.report import fonts
from desktop.core.report.build import build_report_data
from desktop.core.report.export import base_name
from desktop.core.report.xlsx import DATA_COLUMNS, SHEETS, render_xlsx
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db


def test_workbook_setup(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path)) as store:
        rd = build_report_data(store, "self-assessment")
    render_xlsx(rd, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == [s for s in SHEETS if s != "So với năm trước"]  # the demo has no earlier year
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "A5"), ws.title
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4) and ws.print_title_rows
    detail = wb["Tự đánh giá"]
    assert detail["A4"].fill.fgColor.rgb.endswith("DDEBF7") and detail["A4"].border.left.style == "thin"
    assert detail["A5"].value == "Nhóm 1" and detail["A5"].font.b
    row = next(r for r in detail.iter_rows(min_row=5) if r[0].value == "1.6.2")
    assert row[5].value == 5.5 and row[5].number_format == "0.##;-0.##;0"
    assert tuple(c.value for c in wb["Dữ liệu"][1]) == DATA_COLUMNS
    assert base_name(rd) == "31012345_tu-danh-gia_nam-hoc-2025-2026_v1"


def test_times_new_roman_is_preferred_when_present(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    assert fonts.find_times() is None
    for face, names in fonts.TIMES_NAMES.items():
        shutil.copyfile(fonts.bundled()[face], tmp_path / names[0])
    found = fonts.find_times()
    assert found and {f: p.name for f, p in found.items()} == {f: n[0] for f, n in fonts.TIMES_NAMES.items()}
    (tmp_path / "timesbi.ttf").unlink()  # one face missing: the whole family falls back
    assert fonts.find_times() is None


def test_bundled_fonts_and_licence_ship():
    for path in fonts.bundled().values():
        assert path.is_file() and path.stat().st_size > 100_000
    assert (fonts.bundled()["regular"].parent / "LICENSE-LiberationSerif.txt").is_file()
