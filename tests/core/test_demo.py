import pytest

from desktop.core.demo import build_demo
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store import profile as prof


def test_demo_holds_what_it_claims(demo_db):
    with Store.open(demo_db, lock=False) as s:
        school = prof.get_school(s)
        assert school.levels == ["THCS"] and school.managing_body.startswith("UBND xã")
        roles = [p["role"] for p in prof.list_people(s)]
        assert roles.count("principal") == 1 and "focal_point" in roles and roles.count("deputy") == 2
        assert prof.current_school_year(s)["label"] == "2025-2026"
        assert s.get_setting("demo") is True
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_demo_never_overwrites(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"precious")
    with pytest.raises(UserError, match="đã tồn tại"):
        build_demo(path)
    assert path.read_bytes() == b"precious"
