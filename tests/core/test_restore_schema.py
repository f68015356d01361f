"""A restored file becomes the live data file, so its schema must be exactly what the migrations make, object by
object (issue 18, 3). Before, a backup carrying an extra trigger was restored and the next edit emptied the
answers and the people. And restore read the backup without creating anything beside it (no -wal/-shm)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.errors import DataFileError
from desktop.core.store import Store
from desktop.core.store import backup as backups

FOREIGN = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON history BEGIN DELETE FROM answers; DELETE FROM people; END",
    "view": "CREATE VIEW v AS SELECT * FROM people",
    "index": "CREATE INDEX people_extra ON people(full_name)",
    "table": "CREATE TABLE extra (x)",
    "changed-table": "ALTER TABLE people ADD COLUMN secret TEXT",
    "dropped-index": "DROP INDEX history_batch",
}


def _school(db: Path) -> None:
    with Store.open(db) as store:
        for i in range(5):
            store.write("people", {}, {"role": "staff", "full_name": f"Giáo viên {i}"}, summary="thêm")


def _tampered(tmp_path: Path, sql: str, wal: bool = False) -> Path:
    src = tmp_path / "nguon.db"
    _school(src)
    (tmp_path / "nguon.db.lock").unlink()
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute(sql) if sql else None
    conn.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
    conn.close()
    return src


@pytest.mark.parametrize("what", list(FOREIGN))
def test_a_backup_with_a_foreign_schema_object_is_refused(tmp_path, what):
    live_db = tmp_path / "live" / "truong.db"
    live_db.parent.mkdir()
    src = _tampered(tmp_path, FOREIGN[what])
    with Store.open(live_db) as live:
        live.write("people", {}, {"role": "principal", "full_name": "Hiệu trưởng"}, summary="thêm")
        with pytest.raises(DataFileError) as err:
            backups.restore(live, src)
        assert "cấu trúc khác" in err.value.message
        live.write("people", {}, {"role": "staff", "full_name": "Người thứ hai"}, summary="thêm")
        assert live.db.execute("SELECT count(*) FROM people").fetchone() == (2,)
        assert not any(r["name"] == "wipe" for r in live.db.query("SELECT name FROM sqlite_master"))
    assert cli.main(["restore", str(src), "--db", str(live_db)]) == 4


def test_latest_good_backup_skips_a_tampered_one(tmp_path):
    db = tmp_path / "truong.db"
    _school(db)
    with Store.open(db) as store:
        older = backups.make_backup(store, kind="auto")
        newer = backups.make_backup(store, kind="auto")
    conn = sqlite3.connect(newer, isolation_level=None)
    conn.execute(FOREIGN["trigger"])
    conn.close()
    assert backups.latest_good_backup(db) == older


@pytest.mark.parametrize("wal", [False, True])
def test_restore_reads_the_backup_without_writing_beside_it(tmp_path, wal):
    src = _tampered(tmp_path, "", wal=wal)
    folder_before = sorted(p.name for p in src.parent.iterdir())
    bytes_before = src.read_bytes()
    live_db = tmp_path.parent / (tmp_path.name + "-live") / "truong.db"
    live_db.parent.mkdir()
    with Store.open(live_db) as live:
        backups.restore(live, src)
        assert live.db.execute("SELECT count(*) FROM people").fetchone() == (5,)
    assert sorted(p.name for p in src.parent.iterdir()) == folder_before  # no -wal, -shm, -journal
    assert src.read_bytes() == bytes_before
    assert not [p for p in live_db.parent.iterdir() if p.name.startswith(".~")]
