"""The spreadsheet form: lossless round trip, located Vietnamese errors, hostile files refused."""
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest

from desktop.core import sheets
from desktop.core.errors import ValidationError
from desktop.core.indicator_xlsx import S_GROUPS, S_INFO, S_ROWS, build_workbook, export_xlsx
from desktop.core.indicator_xlsx_import import import_xlsx
from desktop.core.indicator_parse import bundled_sets, parse_set
from desktop.core.paths import resource
from tests.core.indicator_samples import complete_sample, sample


@pytest.mark.parametrize("make", [lambda: bundled_sets()[0], lambda: parse_set(sample(), "t"),
                                  lambda: parse_set(complete_sample(), "t")])
def test_round_trip_is_lossless(tmp_path, make):
    s = make()
    export_xlsx(s, tmp_path / "b.xlsx")
    back = import_xlsx(tmp_path / "b.xlsx")
    assert back == s and back.to_dict() == s.to_dict()


def _values(wb):
    return {ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_shipped_template_is_up_to_date():
    shipped = openpyxl.load_workbook(resource("templates", "indicator-set-template.xlsx"))
    assert _values(shipped) == _values(build_workbook(None)), \
        "run: python -m desktop.core.indicator_xlsx template resources/templates/indicator-set-template.xlsx"


def test_blank_template_import_names_what_to_fill():
    with pytest.raises(ValidationError) as exc:
        import_xlsx(resource("templates", "indicator-set-template.xlsx"))
    assert "trang tính «Thông tin bộ chỉ số», dòng 5, cột B (Giá trị): «Trạng thái»" in str(exc.value)


def _edit(tmp_path, s, fn, name="sua.xlsx"):
    p = tmp_path / "orig.xlsx"
    export_xlsx(s, p)
    wb = openpyxl.load_workbook(p)
    fn(wb)
    out = tmp_path / name
    wb.save(out)
    return out


def _error(path) -> str:
    with pytest.raises(ValidationError) as exc:
        import_xlsx(path)
    return str(exc.value)


def _find(ws, code):
    return next(r[0].row for r in ws.iter_rows(min_row=2) if r[2].value == code)


def test_cell_errors_are_located(tmp_path):
    s = parse_set(sample(), "t")

    def bad(wb):
        ws = wb[S_ROWS]
        ws.cell(_find(ws, "A.2.1"), 6).value = "mười"
        ws.cell(_find(ws, "A.3"), 8).value = "<50: 0; >=60: 40"
        ws.cell(_find(ws, "A.4"), 7).value = "Tùy ý"
    msg = _error(_edit(tmp_path, s, bad))
    r = openpyxl.load_workbook(tmp_path / "sua.xlsx")[S_ROWS]
    assert f"tệp sua.xlsx, trang tính «Tiêu chí và mục», dòng {_find(r, 'A.4')}, cột G (Cách tính điểm): phải là một trong" in msg
    # the structural checks run after the cell checks pass
    def bad2(wb):
        ws = wb[S_ROWS]
        ws.cell(_find(ws, "A.2.1"), 6).value = "mười"
        ws.cell(_find(ws, "A.3"), 8).value = "<50: 0; >=60: 40"
    msg = _error(_edit(tmp_path, s, bad2))
    assert f"dòng {_find(r, 'A.2.1')}, cột F (Điểm tối đa): max_points phải là một số" in msg
    assert f"dòng {_find(r, 'A.3')}, cột H (Thang điểm / lựa chọn): khoảng «<50» và khoảng tiếp theo «>=60»" in msg


def test_group_sum_error_points_at_group_row(tmp_path):
    def bad(wb):
        wb[S_GROUPS]["C3"] = 90
    msg = _error(_edit(tmp_path, parse_set(complete_sample(), "t"), bad))
    assert "trang tính «Nhóm tiêu chí», dòng 3, cột C (Điểm tối đa): tổng điểm các mục là 100, khác điểm tối đa 90" in msg


@pytest.mark.parametrize("edit, expected", [
    (lambda wb: wb[S_ROWS].cell(1, 4, "Nội dung chi tiết"), "tiêu đề cột «Nội dung chi tiết» không thuộc mẫu"),
    (lambda wb: wb.remove(wb[S_GROUPS]), "thiếu trang tính «Nhóm tiêu chí»"),
    (lambda wb: wb[S_ROWS].cell(2, 1, "Z"), "nhóm «Z» không có trong trang «Nhóm tiêu chí»"),
    (lambda wb: wb[S_ROWS].cell(2, 2, "Mục"), "phải nằm dưới một dòng «Tiêu chí»"),
    (lambda wb: wb[S_INFO].cell(7, 2, "31/02/2022"), "«Ngày ban hành»: cần ngày dạng dd/mm/yyyy"),
    (lambda wb: wb[S_INFO].cell(13, 2, "<50: 1; >=50 & <=75: 2"), "không bao gồm giá trị lớn nhất 100"),
])
def test_structural_errors(tmp_path, edit, expected):
    assert expected in _error(_edit(tmp_path, bundled_sets()[0], edit))


def test_corrected_spreadsheet_as_new_version(tmp_path):
    """A Sở completes group 2 of a set and issues it as version 2: it imports as that new version."""
    def complete(wb):
        wb[S_INFO]["B3"] = "2022.2"
        wb[S_INFO]["B5"] = "Chính thức"
        wb[S_GROUPS]["D3"] = None
        ws = wb[S_ROWS]
        ws.append(["2", "Tiêu chí", "2.5", "Tiêu chí bổ sung (dòng giả định chỉ để kiểm thử)", "", 10, "Nhập điểm",
                   None, None, "Đã đối chiếu", "Dòng kiểm thử"])
    s = import_xlsx(_edit(tmp_path, bundled_sets()[0], complete))
    assert (s.version, s.status, s.groups[1].known_max, s.gaps()) == ("2022.2", "official", D(100), [])
    assert s.item("2.5").max_points == 10 and s.item("2.5").verified


def test_not_a_workbook_and_size_limits(tmp_path, monkeypatch):
    p = tmp_path / "x.xlsx"
    p.write_bytes(b"PK\x03\x04 not really")
    assert "không phải tệp Excel .xlsx hợp lệ" in _error(p)
    p.write_text("hello")
    assert "không phải tệp Excel" in _error(p)
    export_xlsx(bundled_sets()[0], p)
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1000)
    assert "tệp quá lớn" in _error(p)
    assert "không tìm thấy tệp" in _error(tmp_path / "none.xlsx")


def _rezip(src, dst, extra: dict):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in extra:
                zout.writestr(info, zin.read(info))
        for name, data in extra.items():
            zout.writestr(name, data)


def test_zip_bomb_refused_before_parsing(tmp_path):
    good = tmp_path / "g.xlsx"
    export_xlsx(bundled_sets()[0], good)
    bomb = tmp_path / "bomb.xlsx"
    _rezip(good, bomb, {"xl/media/pad.bin": b"\0" * (50 * 1024 * 1024)})  # 50 MB of zeros → ~50 KB
    assert bomb.stat().st_size < 1024 * 1024
    assert "kích thước giải nén bất thường" in _error(bomb)


def test_xml_entities_refused(tmp_path):
    good = tmp_path / "g.xlsx"
    export_xlsx(bundled_sets()[0], good)
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + sheet
    assert evil != sheet
    bad = tmp_path / "ent.xlsx"
    _rezip(good, bad, {"xl/worksheets/sheet1.xml": evil})
    assert "DOCTYPE/ENTITY" in _error(bad)


@pytest.mark.external
def test_libreoffice_opens_the_export(tmp_path):
    import shutil
    import subprocess
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    export_xlsx(bundled_sets()[0], tmp_path / "b.xlsx")
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                        "--outdir", str(tmp_path), str(tmp_path / "b.xlsx")], capture_output=True, timeout=120)
    assert r.returncode == 0
    text = (tmp_path / "b.csv").read_text("utf-8")
    assert "Mã bộ chỉ số" in text and "qd4725-2022" in text
