import sqlite3

import pytest

from desktop.core.errors import DataFileError, DataFileLocked
from desktop.core.store import Store
from desktop.core.store import history
from desktop.core.store import profile as prof
from desktop.core.store.schema import SCHEMA_VERSION, migrations


def test_new_file_is_migrated_with_safe_pragmas(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        assert len(migrations.applied(s.db)) == SCHEMA_VERSION
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        tables = set(s.db.table_names())
    assert {"school", "people", "school_years", "indicator_sets", "plan_packs", "assessments", "answers",
            "evidence", "evidence_links", "task_progress", "reports", "history", "settings"} <= tables


def test_reopening_reapplies_nothing(tmp_path):
    path = tmp_path / "a.db"
    Store.open(path).close()
    with Store.open(path) as s:
        applied = migrations.applied(s.db)
        assert [m.name for m in applied] == [m.name for m in migrations._migrations]
        assert migrations.pending(s.db) == []


def test_file_from_newer_program_is_refused(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path) as s:
        s.db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('socds', 'm999_future', 'x')")
    with pytest.raises(DataFileError, match="mới hơn"):
        Store.open(path)


def test_second_instance_is_told_plainly(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path):
        with pytest.raises(DataFileLocked, match="đang được mở"):
            Store.open(path)
    Store.open(path).close()  # released on close


def test_lock_is_held_across_processes(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "a.db"
    with Store.open(path):
        r = subprocess.run([sys.executable, "-m", "desktop", "backups", "--db", str(path)], capture_output=True, text=True)
    assert r.returncode == DataFileLocked.exit_code
    assert "đang được mở" in r.stderr


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"SQLite format 3\x00" + b"\x00" * 10])
def test_damaged_or_foreign_file_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "a.db"
    path.write_bytes(content or b"not a database at all, just text\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DataFileError):
        Store.open(path)
    assert path.read_bytes() == before


def test_write_records_history_and_undo_restores(store):
    prof.save_school(store, prof.School(name="Trường A", levels=["TH"]))
    prof.save_school(store, prof.School(name="Trường B", levels=["TH", "THCS"]))
    assert prof.get_school(store).name == "Trường B"
    assert history.undo_last(store) == "Cập nhật thông tin nhà trường"
    assert prof.get_school(store).name == "Trường A"
    history.undo_last(store)
    assert prof.get_school(store) is None
    assert history.undo_last(store) is None


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.tx():
            prof.save_school(store, prof.School(name="Trường A"))
            raise RuntimeError("boom")
    assert prof.get_school(store) is None
    assert store.db.execute("SELECT count(*) FROM history").fetchone()[0] == 0


def test_locked_report_is_immutable(store):
    year = prof.ensure_school_year(store, 2025)
    store.db.execute(
        "INSERT INTO reports (kind, period, school_year_id, version, status, report_data, data_sha256, locked_at, created_at)"
        " VALUES ('self-assessment', '2025-2026', ?, 1, 'locked', '{}', 'abc', '2026-05-01', '2026-05-01')", (year,))
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        store.db.execute("UPDATE reports SET report_data = '{\"x\":1}'")
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        store.db.execute("DELETE FROM reports")
    store.db.execute("UPDATE reports SET status = 'signed', signed_at = '2026-05-02'")  # lifecycle still moves


def test_profile_validation_is_vietnamese(store):
    from desktop.core.errors import UserError

    with pytest.raises(UserError, match="Cấp học không hợp lệ"):
        prof.save_school(store, prof.School(name="X", levels=["ĐH"]))
    with pytest.raises(UserError, match="không được để trống"):
        prof.save_school(store, prof.School(name="  "))


def test_managing_body_suggestion():
    assert prof.suggest_managing_body(["THCS"], "xã Tuệ Tĩnh", "Hải Phòng") == ("commune", "UBND xã Tuệ Tĩnh")
    assert prof.suggest_managing_body(["THCS", "THPT"], "xã A", "Lâm Đồng") == ("so", "Sở Giáo dục và Đào tạo Lâm Đồng")
    assert prof.suggest_managing_body(["GDTX"], "", "Đồng Nai")[0] == "so"


def test_text_is_stored_nfc(store):
    import unicodedata

    prof.save_school(store, prof.School(name=unicodedata.normalize("NFD", "Trường Tiểu học Hòa Bình")))
    name = prof.get_school(store).name
    assert name == unicodedata.normalize("NFC", name) == "Trường Tiểu học Hòa Bình"


def test_open_checks_once_when_the_precheck_saw_the_whole_database(tmp_path, monkeypatch):
    """With no -wal, the side-effect-free precheck already read the database the connection then sees: the second
    quick_check would repeat it. With a -wal (changes not yet in the main file), or a main file that changed in
    between, the check after SQLite opened the file still runs."""
    import os

    from desktop.core.store import db as dbm

    path = tmp_path / "a.db"
    Store.open(path).close()
    checked = []
    real = dbm.quick_check
    monkeypatch.setattr(dbm, "quick_check", lambda conn, full=False: checked.append(conn) or real(conn, full))
    Store.open(path).close()
    assert len(checked) == 1  # the precheck only
    checked.clear()
    writer = dbm.connect(path)  # another connection leaves committed changes in the -wal
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    try:
        with Store.open(path, lock=False) as s:
            assert s.get_setting("x") == 1
        assert len(checked) == 1  # no precheck with a -wal: the check after opening ran
    finally:
        writer.close()
    Store.open(path).close()
    state = dbm.precheck(path)
    assert state is not None and dbm._still_prechecked(path, state)
    os.utime(path, ns=(1, 1))  # the main file changed after the precheck (another program wrote to it)
    assert not dbm._still_prechecked(path, state)

