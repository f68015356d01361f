"""Issue 22: staff and room lists import from the workbooks schools already have — a title above the header,
extra columns (STT, Ngày sinh…) ignored, headers matched without regard to diacritics or case, a column matched
by a key word only is a guess for the user to confirm, and a missing name column is named once."""
import openpyxl
import pytest

from desktop.core.errors import ValidationError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.list_columns import norm
from desktop.core.store import lists


@pytest.fixture
def iset():
    return next(s for s in bundled_sets() if s.set_id == "qd4725-2022")


def _book(path, rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


SCHOOL_FILE = [
    ["DANH SÁCH CÁN BỘ, GIÁO VIÊN NĂM HỌC 2025-2026"],
    [],
    ["STT", "HO VA TEN", "Ngày sinh", "Giới tính", "Tổ chuyên môn", "Đã có tài khoản bồi dưỡng", "Học liệu số"],
    [1, "Nguyễn Thị Lan", "12/03/1985", "Nữ", "Tự nhiên", "x", ""],
    [2, "Trần Văn Bình", "01/01/1990", "Nam", "Xã hội", "", "có"],
    [3, "Lê   Minh Châu", None, "Nữ", "Tự nhiên", "x", "x"],
]


def test_norm_ignores_diacritics_case_and_punctuation():
    assert norm("  Họ và TÊN: ") == norm("HO VA TEN") == "ho va ten"
    assert norm("Đã có tài khoản") == "da co tai khoan"
    assert norm("1.6.1 Có tài khoản") == "1.6.1 co tai khoan"


def test_a_schools_own_file_is_matched_by_header(store, iset, tmp_path):
    path = _book(tmp_path / "DS giáo viên.xlsx", SCHOOL_FILE)
    plan = lists.plan_import(iset, "staff", path)
    assert plan.header_row == 3 and plan.mapping["name"] == 2
    assert plan.mapping["1.6.1"] == 6 and plan.mapping["1.6.3"] == 7
    assert plan.guessed == {"1.6.1", "1.6.3"} and plan.needs_confirmation  # key words only: the user confirms
    assert plan.ignored == ["STT", "Ngày sinh", "Giới tính", "Tổ chuyên môn"]
    assert lists.import_xlsx(store, iset, "staff", path, plan.mapping) == 3
    got = {r["name"]: r["attrs"] for r in lists.rows(store, "staff")}
    assert got == {"Nguyễn Thị Lan": {"1.6.1": True, "1.6.3": False}, "Trần Văn Bình": {"1.6.1": False, "1.6.3": True},
                   "Lê Minh Châu": {"1.6.1": True, "1.6.3": True}}


def test_exact_headers_need_no_confirmation(iset, tmp_path):
    path = _book(tmp_path / "phong.xlsx", [["STT", "Tên phòng học", "1.7.1", "Ghi chú"], [1, "Phòng 6A", "x", ""]])
    plan = lists.plan_import(iset, "room", path)
    assert plan.mapping == {"name": 2, "1.7.1": 3} and not plan.needs_confirmation


def test_a_user_mapping_overrides_the_guess(store, iset, tmp_path):
    path = _book(tmp_path / "gv.xlsx", SCHOOL_FILE)
    assert lists.import_xlsx(store, iset, "staff", path, {"name": 2}) == 3  # ticks not taken: no flag set
    assert all(r["attrs"] == {} for r in lists.rows(store, "staff"))


def test_the_missing_name_column_is_named_once(store, iset, tmp_path):
    path = _book(tmp_path / "gv.xlsx", [["STT", "Ngày sinh", "Giới tính"], [1, "12/03/1985", "Nữ"],
                                        [2, "01/01/1990", "Nam"]])
    with pytest.raises(ValidationError) as exc:
        lists.plan_import(iset, "staff", path)
    msg = exc.value.message
    assert msg.count("thiếu cột «Họ và tên»") == 1 and "STT" not in msg
    assert lists.rows(store, "staff") == []


def test_an_old_excel_97_2003_file_is_told_how_to_save_it(iset, tmp_path):
    from desktop.core.errors import ValidationError

    old = tmp_path / "DS GV.xls"  # what many school systems still export: a compound file, not a zip
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    with pytest.raises(ValidationError) as err:
        lists.plan_import(iset, "staff", old)
    said = str(err.value)
    assert "DS GV.xls" in said and "Excel 97-2003" in said and "«Excel Workbook (.xlsx)»" in said
