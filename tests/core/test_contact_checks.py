"""Issue 22: school code, e-mail and phone are checked when entered; the only principal cannot be removed."""
import pytest

from desktop.core.contact import email_problem, phone_problem, school_code_problem
from desktop.core.errors import UserError
from desktop.core.store import profile as prof


@pytest.mark.parametrize("code, ok", [("31012345", True), ("THCS-TT.01", True), ("", False), ("31 012 345", False),
                                      ("x", False), ("mã-trường", False)])
def test_school_code(code, ok):
    assert (school_code_problem(code) is None) == ok


@pytest.mark.parametrize("text, ok", [("c2tuetinh@haiphong.edu.vn", True), ("", True), ("c2tuetinh@", False),
                                      ("c2tuetinh.haiphong.edu.vn", False), ("a b@x.vn", False)])
def test_email(text, ok):
    assert (email_problem(text) is None) == ok


@pytest.mark.parametrize("text, ok", [("0912 345 678", True), ("0225.3.123.456", True), ("+84 912 345 678", True),
                                      ("", True), ("091234", False), ("0912-345-678-999", False), ("số máy bàn", False)])
def test_phone(text, ok):
    assert (phone_problem(text) is None) == ok


def test_bad_values_are_refused_when_entered(store):
    prof.save_school(store, prof.School(name="Trường THCS A", levels=["THCS"]))
    with pytest.raises(UserError) as exc:
        prof.save_school(store, prof.School(name="Trường THCS A", levels=["THCS"], email="c2a@", phone="0912"))
    assert "c2a@" in str(exc.value) and "0912" in str(exc.value)
    assert prof.get_school(store).email == ""
    with pytest.raises(UserError):
        prof.save_person(store, "focal_point", "Lê Thị B", email="le.b@")


def test_the_only_principal_cannot_be_removed(store):
    pid = prof.save_person(store, "principal", "Nguyễn Văn Hùng")
    with pytest.raises(UserError) as exc:
        prof.remove_person(store, pid)
    assert "Hiệu trưởng" in str(exc.value) and "Nguyễn Văn Hùng" in str(exc.value)
    assert [p["full_name"] for p in prof.list_people(store, "principal")] == ["Nguyễn Văn Hùng"]
    deputy = prof.save_person(store, "deputy", "Trần Thị C")
    prof.remove_person(store, deputy)  # others can go (undoable)
    assert prof.list_people(store, "deputy") == []
