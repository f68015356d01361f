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


def test_demo_failing_part_way_leaves_nothing_behind(tmp_path, monkeypatch):
    """A step that fails (a full disk, a missing package) must not leave a half-built data file or its folder:
    the user's retry would be refused with "đã tồn tại" for a file that holds nothing."""
    import desktop.core.demo as demo

    def broken(store, today):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(demo, "STEPS", [*demo.STEPS[:2], broken])
    path = tmp_path / "mau.db"
    with pytest.raises(UserError, match="Không đủ dung lượng đĩa"):
        build_demo(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert build_demo(path) == path
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["mau-data", "mau.db"]
    with Store.open(path, lock=False) as s:
        assert s.get_setting("demo") is True


def test_demo_never_writes_into_another_files_folder(tmp_path):
    side = tmp_path / "x-data"
    side.mkdir()
    (side / "keep.txt").write_text("precious")
    with pytest.raises(UserError, match="đã tồn tại"):
        build_demo(tmp_path / "x.db")
    assert (side / "keep.txt").read_text() == "precious" and not (tmp_path / "x.db").exists()
