"""Roster: manual entry, workbook import with located Vietnamese errors, mode setting."""
import openpyxl
import pytest

from desktop.core.commune import mode, roster
from desktop.core.errors import UserError, ValidationError


def test_mode_default_none_then_switchable(store):
    assert mode.get_mode(store) is None
    mode.set_mode(store, "authority")
    assert mode.get_mode(store) == "authority"
    mode.set_mode(store, "school")
    assert mode.get_mode(store) == "school"
    with pytest.raises(UserError):
        mode.set_mode(store, "province")


def test_manual_entry_and_deactivate(store):
    roster.save_school(store, roster.RosterSchool("31000001", "Trường Mầm non Hoa Sen", ["MN"], "xã Tuệ Tĩnh"))
    roster.save_school(store, roster.RosterSchool("31000002", "Trường TH và THCS Tuệ Tĩnh", ["TH", "THCS"]))
    assert [s.code for s in roster.list_schools(store)] == ["31000001", "31000002"]
    roster.set_active(store, "31000001", False)
    assert [s.code for s in roster.list_schools(store, active_only=True)] == ["31000002"]
    with pytest.raises(UserError, match="cấp học"):
        roster.save_school(store, roster.RosterSchool("31000003", "Trường X", ["ĐH"]))
    assert store.db.execute("SELECT COUNT(*) FROM history WHERE table_name='roster'").fetchone()[0] == 3


def test_workbook_round_trip(store, tmp_path):
    schools = [roster.RosterSchool("31000001", "Trường Mầm non Hoa Sen", ["MN"], "xã Tuệ Tĩnh", "Lê Thị Hoa",
                                   principal="Phạm Thị Lan"),
               roster.RosterSchool("31000002", "Trường TH và THCS Tuệ Tĩnh", ["TH", "THCS"])]
    path = roster.write_workbook(schools, tmp_path / "ds.xlsx")
    assert roster.import_workbook(store, path) == (2, 0)
    assert roster.get_school(store, "31000002").levels == ["TH", "THCS"]
    assert roster.get_school(store, "31000001").contact_name == "Lê Thị Hoa"
    assert [s.principal for s in roster.list_schools(store)] == ["Phạm Thị Lan", ""]  # the optional column
    assert roster.import_workbook(store, path) == (0, 2)


def test_workbook_errors_are_located_and_nothing_is_stored(store, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = roster.SHEET
    ws.append(["Mã trường", "Tên trường", "Cấp học"])
    ws.append(["31000001", "Trường A", "TH"])
    ws.append(["31000001", "Trường B", "THCS"])
    ws.append(["31000003", None, "Đại học"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError) as ei:
        roster.import_workbook(store, tmp_path / "bad.xlsx")
    text = str(ei.value)
    assert "dòng 3" in text and "trùng với dòng 2" in text
    assert "dòng 4" in text and "cột B (Tên trường)" in text and "chưa ghi tên trường" in text
    assert "cột C (Cấp học)" in text and "Đại học".upper() in text
    assert roster.list_schools(store) == []
