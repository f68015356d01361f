"""The start's automatic backup taken off the UI thread (AutoBackup): it happens, it is a consistent snapshot,
edits made while it runs are committed at once (WAL: its read snapshot never blocks a writer) and kept, and a
failure is logged without stopping the work."""
from __future__ import annotations

import errno
import sqlite3
import threading

from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store import startup


def _settings(path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT key, value FROM settings"))
    finally:
        conn.close()


def test_edits_go_on_while_the_backup_holds_its_snapshot(tmp_path, monkeypatch):
    snapshot_taken, edits_done = threading.Event(), threading.Event()
    real_connect = startup.connect

    def connect_and_pause(path, readonly=False):
        # The backup's own connection opens its read snapshot, then waits while the "window" edits.
        conn = real_connect(path, readonly=readonly)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM settings").fetchone()
        snapshot_taken.set()
        assert edits_done.wait(20), "the edits did not finish while the backup held its snapshot"
        return conn

    monkeypatch.setattr(startup, "connect", connect_and_pause)
    with Store.open(tmp_path / "school.db") as store:
        store.set_setting("before", "snapshot")
        auto = startup.AutoBackup(store).start()
        assert snapshot_taken.wait(20)
        store.set_setting("during", "backup")  # committed (synchronous=FULL) while the reader holds its snapshot
        store.write("people", {}, {"role": "staff", "full_name": "Nguyễn Văn An"}, summary="thêm")
        assert auto.started and not auto.wait(0)  # the backup was still running: nothing waited for it
        assert '"backup"' == _settings(tmp_path / "school.db")["during"]  # visible to another connection
        edits_done.set()
        assert auto.wait(30)
        assert auto.path is not None and auto.path.parent == backups.backup_dir(store)
        backups.check_backup_file(auto.path)
        kept = _settings(auto.path)
        assert kept["before"] == '"snapshot"' and "during" not in kept  # one consistent snapshot
        assert store.get_setting("during") == "backup"
        assert [r[0] for r in store.db.execute("SELECT full_name FROM people")] == ["Nguyễn Văn An"]


def test_a_failed_background_backup_is_logged_and_work_goes_on(tmp_path, monkeypatch, caplog):
    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "replace", no_space)
    with Store.open(tmp_path / "school.db") as store:
        auto = startup.AutoBackup(store).start()
        assert auto.wait(30)
        assert auto.path is None and "automatic backup failed" in caplog.text
        store.set_setting("still", "works")
        assert store.get_setting("still") == "works"


def test_waiting_takes_the_backup_if_it_never_started(tmp_path):
    with Store.open(tmp_path / "school.db") as store:
        auto = startup.AutoBackup(store)
        assert not auto.started
        assert auto.wait(30)  # closing a window that never painted still backs up
        assert [b.kind for b in backups.list_backups(store)] == ["auto"]
