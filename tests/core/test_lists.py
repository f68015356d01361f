from decimal import Decimal

import openpyxl
import pytest

from desktop.core.errors import UserError, ValidationError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.store import assessments as asm
from desktop.core.store import evidence as ev
from desktop.core.store import history, lists
from desktop.core.store import indicator_store
from desktop.core.store import profile as prof


@pytest.fixture
def iset():
    return next(s for s in bundled_sets() if s.set_id == "qd4725-2022")


def test_flags_follow_share_items(iset):
    assert [f.code for f in lists.flags(iset, "staff")] == ["1.6.1", "1.6.2", "1.6.3"]
    assert [f.code for f in lists.flags(iset, "room")] == ["1.7.1"]


def test_share_and_suggested_points(store, iset):
    ids = [lists.add_row(store, "staff", f"Giáo viên {i}") for i in range(3)]
    lists.set_flag(store, ids[0], "1.6.1", True)
    lists.set_flag(store, ids[1], "1.6.1", True)
    s = lists.share(store, iset, "1.6.1")
    assert (s.counted, s.total, s.percent) == (2, 3, Decimal("66.67"))
    assert s.suggested == Decimal("4.67")  # 7 × 66.67 %
    lists.remove_row(store, ids[2])
    assert lists.share(store, iset, "1.6.1").percent == Decimal("100.00")
    history.undo_last(store)
    assert lists.share(store, iset, "1.6.1").total == 3


def test_bad_names_refused(store):
    with pytest.raises(UserError):
        lists.add_row(store, "staff", "   ")
    with pytest.raises(UserError):
        lists.add_row(store, "teachers", "A")
    assert lists.rows(store, "staff") == []


def _book(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_round_trip(store, iset, tmp_path):
    lists.add_row(store, "room", "Phòng 6A", {"1.7.1": True})
    lists.add_row(store, "room", "Phòng 6B")
    out = lists.export_xlsx(store, iset, "room", tmp_path / "rooms.xlsx")
    lists.remove_row(store, lists.rows(store, "room")[0]["id"])
    assert lists.import_xlsx(store, iset, "room", out) == 2
    assert {r["name"]: r["attrs"].get("1.7.1", False) for r in lists.rows(store, "room")} == {"Phòng 6A": True, "Phòng 6B": False}


def test_import_errors_are_located_and_change_nothing(store, iset, tmp_path):
    header = ["Họ và tên", "1.6.1 Có tài khoản trên nền tảng bồi dưỡng, tập huấn trực tuyến"]
    bad = _book(tmp_path / "gv.xlsx", header, [["Nguyễn Văn A", "x"], [None, "x"], ["Trần Thị B", "hơi hơi"],
                                               ["nguyễn văn a", ""]])
    with pytest.raises(ValidationError) as e:
        lists.import_xlsx(store, iset, "staff", bad)
    msg = e.value.message
    assert "dòng 3" in msg and "cột A (Họ và tên)" in msg and "thiếu tên" in msg
    assert "dòng 4" in msg and "cột B" in msg and "hơi hơi" in msg
    assert "dòng 5" in msg and "trùng với dòng 2" in msg
    assert lists.rows(store, "staff") == []
    wrong = _book(tmp_path / "sai.xlsx", ["Tên", "x"], [["A", "x"]])
    with pytest.raises(ValidationError) as e:
        lists.import_xlsx(store, iset, "staff", wrong)
    assert "thiếu cột «Họ và tên»" in e.value.message


def test_list_becomes_evidence(store, iset):
    prof.save_school(store, prof.School(name="Trường THCS A", levels=["THCS"]))
    year = prof.ensure_school_year(store, 2025)
    indicator_store.ensure_bundled(store)
    aid = asm.create_assessment(store, year, iset.set_id)
    rid = lists.add_row(store, "staff", "Lê Văn C")
    lists.set_flag(store, rid, "1.6.2", True)
    eid = lists.attach_as_evidence(store, iset, aid, "1.6.2")
    rows = ev.for_item(store, aid, "1.6.2")
    assert [r["id"] for r in rows] == [eid]
    assert rows[0]["title"].endswith("1/1 (100%)") and rows[0]["mime"].endswith("sheet")
    assert ev.blob_path(store, rows[0]["sha256"]).exists()
