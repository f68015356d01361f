"""Full disk and read-only folders: every write fails cleanly — no partial file, old content intact, a
Vietnamese message saying what happened. We run as root in CI (chmod does not stop root), so failures are
injected where the OS would raise them (write, fsync, rename, temp-file creation), and SQLite's own full-disk
path is driven for real with PRAGMA max_page_count."""
from __future__ import annotations

import errno
import os
import sqlite3
import types
from pathlib import Path

import pytest

from desktop.core import fileio
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store import evidence
from desktop.core.store.startup import open_for_session

ENOSPC = OSError(errno.ENOSPC, "No space left on device")
EROFS = OSError(errno.EROFS, "Read-only file system")
EACCES = PermissionError(errno.EACCES, "Permission denied")


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".~")]


def _raiser(exc):
    def boom(*a, **k):
        raise exc
    return boom


@pytest.mark.parametrize("where", ["mid-write", "fsync", "rename", "mkstemp", "eio"])
def test_fileio_failure_keeps_old_file_and_says_why(tmp_path, monkeypatch, where):
    target = tmp_path / "out" / "báo cáo.xlsx"
    fileio.write_bytes(target, b"old complete content")
    expect = {"mid-write": "dung lượng", "fsync": "dung lượng", "rename": "quyền ghi", "mkstemp": "quyền ghi",
              "eio": "Không ghi được"}[where]
    if where == "fsync":
        monkeypatch.setattr(fileio.os, "fsync", _raiser(ENOSPC))
    elif where == "rename":
        monkeypatch.setattr(fileio.os, "replace", _raiser(EROFS))
    elif where == "mkstemp":
        monkeypatch.setattr(fileio.tempfile, "mkstemp", _raiser(EACCES))
    with pytest.raises(UserError) as err:
        with fileio.atomic_writer(target) as fh:
            fh.write(b"n" * 100_000)
            if where == "mid-write":
                raise OSError(errno.ENOSPC, "No space left on device")
            if where == "eio":
                raise OSError(errno.EIO, "Input/output error")
            fh.write(b"n" * 100_000)
    assert expect in err.value.message and "báo cáo.xlsx" in err.value.message
    assert target.read_bytes() == b"old complete content"
    assert _leftovers(tmp_path) == []


def test_fileio_new_file_failure_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio.os, "replace", _raiser(ENOSPC))
    with pytest.raises(UserError, match="Không đủ dung lượng"):
        fileio.write_text(tmp_path / "new.json", "{}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores chmod")
def test_real_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(UserError, match="quyền ghi"):
            fileio.write_bytes(ro / "x.pdf", b"%PDF")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_backup_failures_leave_no_partial_backup(tmp_path, monkeypatch):
    with Store.open(tmp_path / "a.db") as s:
        s.set_setting("k", "v")
        folder = backups.backup_dir(s)
        monkeypatch.setattr(backups.os, "replace", _raiser(EROFS))
        with pytest.raises(UserError, match="quyền ghi"):
            backups.make_backup(s, kind="auto")
        monkeypatch.undo()
        # SQLite itself runs out of room while copying: a destination capped at 2 pages is a full disk
        real_connect = sqlite3.connect

        def small_disk(target, *a, **k):
            conn = real_connect(target, *a, **k)
            if str(target).endswith(".tmp"):
                conn.execute("PRAGMA max_page_count = 2")
            return conn

        monkeypatch.setattr(backups, "sqlite3", types.SimpleNamespace(**{**vars(sqlite3), "connect": small_disk}))
        with pytest.raises(UserError, match="đĩa đã đầy"):
            backups.make_backup(s, target=tmp_path / "copy.db")
        assert not (tmp_path / "copy.db").exists()
        assert list(folder.iterdir()) == [] and _leftovers(tmp_path) == []
        assert s.get_setting("k") == "v"


def test_failed_automatic_backup_does_not_stop_the_app(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(backups.os, "replace", _raiser(ENOSPC))
    store = open_for_session(tmp_path / "a.db")
    try:
        store.set_setting("still", "works")
        assert "automatic backup failed" in caplog.text
    finally:
        store.close()


def test_store_write_on_full_disk_keeps_earlier_data(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        s.write("people", {}, {"role": "staff", "full_name": "Trước"}, summary="before")
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(UserError) as err:
            s.write("people", {}, {"role": "staff", "full_name": "x" * 200_000}, summary="too big")
        assert "đĩa đã đầy" in err.value.message and "chưa được lưu" in err.value.message
        assert [r[0] for r in s.db.execute("SELECT full_name FROM people")] == ["Trước"]
        s.db.execute("PRAGMA max_page_count = 1073741823")  # room again: the store carries on
        s.write("people", {}, {"role": "staff", "full_name": "Sau"}, summary="after")
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.db.execute("SELECT count(*) FROM history").fetchone()[0] == 2


class _FailingFile:
    """A file object that runs out of disk space after `limit` bytes."""

    def __init__(self, real, limit):
        self.real, self.left = real, limit

    def write(self, data):
        if len(data) > self.left:
            self.real.write(data[: self.left])
            raise OSError(errno.ENOSPC, "No space left on device")
        self.left -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


@pytest.mark.parametrize("where", ["mid-write", "fsync", "rename"])
def test_evidence_ingest_failure_adds_nothing(store, tmp_path, monkeypatch, where):
    src = tmp_path / "minh chứng.pdf"
    src.write_bytes(os.urandom(3 * evidence.CHUNK + 123))
    folder = evidence.evidence_dir(store)
    before = sorted(p for p in folder.rglob("*") if p.is_file())
    if where == "mid-write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(evidence.os, "fdopen", lambda fd, mode: _FailingFile(real_fdopen(fd, mode), 2 * evidence.CHUNK))
    elif where == "fsync":
        monkeypatch.setattr(evidence.os, "fsync", _raiser(ENOSPC))
    else:
        monkeypatch.setattr(evidence.os, "replace", _raiser(EROFS))
    with pytest.raises(UserError) as err:
        evidence.add_file(store, src)
    assert ("dung lượng" if where != "rename" else "quyền ghi") in err.value.message
    monkeypatch.undo()
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == before  # an empty shard folder may stay
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_evidence_export_copy_failure_leaves_no_partial_copy(store, tmp_path, monkeypatch):
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF-1.7 " * 10_000)
    eid = evidence.add_file(store, src)
    out = tmp_path / "usb"
    monkeypatch.setattr(fileio.os, "replace", _raiser(ENOSPC))
    with pytest.raises(UserError, match="dung lượng"):
        evidence.export_copy(store, eid, out)
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert evidence.export_copy(store, eid, out).read_bytes() == src.read_bytes()
