"""Backups of the data file: automatic on each start, by hand, and restore.

Backups use SQLite's online backup API (safe while the file is open in WAL mode), land in a temporary file
that is checked with `PRAGMA integrity_check` and then renamed into place. Retention: the newest 10, plus the
newest of each day for 30 days. Restore checks the incoming file first (read-only, schema compared object by
object with what the migrations make: filecheck.py), copies it beside the data file, checks the copy, and only
then replaces the data; the data it replaces is kept (a backup, or the damaged file under a new name).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core.errors import DataFileError, UserError
from desktop.core.fileio import describe_os_error, fsync_dir
from desktop.core.store.db import Store
from desktop.core.store.filecheck import (
    BackupInfo,
    check_backup_file,
    disk_why,
    latest_good_backup,
    list_backups_at,
    quick_check,
)
from desktop.core.store.lock import InstanceLock
from desktop.core.store.walcheck import SESSION_KEY

__all__ = [
    "BackupInfo",
    "KEEP_DAYS",
    "KEEP_RECENT",
    "backup_dir",
    "check_backup_file",
    "latest_good_backup",
    "list_backups",
    "list_backups_at",
    "make_backup",
    "prune",
    "restore",
    "restore_damaged",
]

KEEP_RECENT = 10
KEEP_DAYS = 30


def backup_dir(store: Store) -> Path:
    d = store.data_dir / "backups"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _copy_to(source: sqlite3.Connection, target: Path) -> Path:
    tmp = target.with_name(".~" + target.name + ".tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        dst = sqlite3.connect(str(tmp))
        try:
            source.backup(dst)  # one step: a consistent snapshot (a read transaction; WAL lets writers go on)
            dst.execute("PRAGMA journal_mode = DELETE")
            _clear_session_marker(dst)  # a backup is a closed, complete file
            problems = quick_check(dst, full=True)
        finally:
            dst.close()
        if problems:
            raise DataFileError(f"Bản sao lưu vừa tạo không toàn vẹn ({problems[0]}); đã hủy bản sao lưu này.")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return target
    except OSError as exc:
        raise UserError(describe_os_error(exc, target)) from exc
    except sqlite3.Error as exc:  # SQLite reports a full disk / read-only folder itself while copying
        why = disk_why(exc) or str(exc)
        raise UserError(f"Không tạo được bản sao lưu {target}: {why}. Dữ liệu hiện tại không bị ảnh hưởng.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _clear_session_marker(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.OperationalError):  # a file from before settings existed
        conn.execute("DELETE FROM settings WHERE key = ?", (SESSION_KEY,))
        conn.commit()


def make_backup(
    store: Store,
    kind: str = "manual",
    target: Path | None = None,
    now: datetime | None = None,
    source: sqlite3.Connection | None = None,
) -> Path:
    """Back up the open data file. With `target`, write there (socds backup FILE); else into backups/.
    `source`: read through this connection to the same file instead of the store's own (a worker thread's)."""
    source = store.db.conn if source is None else source
    if target is not None:
        return _copy_to(source, Path(target))
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(store)
    path, n = folder / f"{kind}-{stamp}.db", 1
    while path.exists():
        path, n = folder / f"{kind}-{stamp}-{n}.db", n + 1
    _copy_to(source, path)
    if kind == "auto":
        prune(store, now=now)
    return path


def list_backups(store: Store) -> list[BackupInfo]:
    return list_backups_at(store.path)


def prune(store: Store, now: datetime | None = None) -> list[Path]:
    """Keep the newest KEEP_RECENT automatic backups plus the newest of each day for KEEP_DAYS days."""
    now = now or datetime.now()
    autos = [b for b in list_backups(store) if b.kind == "auto"]
    keep = {b.path for b in autos[:KEEP_RECENT]}
    seen_days = set()
    for b in autos:
        day = b.taken.date()
        if day not in seen_days and now - b.taken <= timedelta(days=KEEP_DAYS):
            seen_days.add(day)
            keep.add(b.path)
    removed = []
    for b in autos:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def _stage(source: Path, folder: Path) -> Path:
    """A private copy of a backup's bytes in `folder` (the data file's own, so the final rename stays on one
    disk): what is checked is exactly what is restored, and SQLite never opens the user's file for writing or
    creates anything beside it."""
    staged = folder / f".~restore-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        with open(source, "rb") as src, open(staged, "xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
    except BaseException:
        _unstage(staged)
        raise
    return staged


def _unstage(staged: Path | None) -> None:
    if staged is not None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(staged) + suffix).unlink()


def _restore_failed(exc: BaseException, where: Path) -> UserError:
    if isinstance(exc, OSError):
        return UserError(describe_os_error(exc, where) + " Dữ liệu hiện tại được giữ nguyên.")
    why = disk_why(exc) or str(exc)
    return UserError(f"Không khôi phục được vào {where}: {why}. Dữ liệu hiện tại được giữ nguyên.")


def restore(store: Store, source: Path) -> Path:
    """Replace the open data with `source` (checked first). Returns the backup of the data it replaced."""
    source = Path(source)
    check_backup_file(source)
    safety = make_backup(store, kind="before-restore")
    staged = None
    try:
        staged = _stage(source, store.path.parent)
        check_backup_file(staged)
        src = sqlite3.connect(f"file:{staged.as_posix()}?mode=ro", uri=True)
        try:
            # The backup API writes into the open file inside one transaction: a failure leaves the old data.
            src.backup(store.db.conn)
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise _restore_failed(exc, store.path) from exc
    finally:
        _unstage(staged)
    store._migrate()
    store.mark_session_open()
    return safety


def restore_damaged(db_path: Path, source: Path) -> Path:
    """Restore over a data file that cannot be opened. The backup is copied and checked beside the data file
    first; only then is the damaged file (and its -wal/-shm) kept aside under a new name and the copy renamed
    into place. A full disk or any failure before that leaves the data file exactly as it was."""
    db_path, source = Path(db_path), Path(source)
    check_backup_file(source)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    staged = None
    lock = InstanceLock(db_path).acquire()  # no window may open the file while it is being replaced
    try:
        staged = _stage(source, db_path.parent)
        check_backup_file(staged)
        conn = sqlite3.connect(str(staged), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            _clear_session_marker(conn)
        finally:
            conn.close()
        with open(staged, "rb+") as fh:
            os.fsync(fh.fileno())
        if db_path.exists():
            try:  # a second name for the damaged bytes, so the data file's name is never without a file
                os.link(db_path, kept)
            except OSError:
                os.replace(db_path, kept)
        for suffix in ("-wal", "-shm"):  # never leave the damaged file's -wal beside the restored one
            companion = Path(str(db_path) + suffix)
            if companion.exists():
                os.replace(companion, Path(str(kept) + suffix))
        os.replace(staged, db_path)
        staged = None
        fsync_dir(db_path.parent)
    except (OSError, sqlite3.Error) as exc:
        raise _restore_failed(exc, db_path) from exc
    finally:
        _unstage(staged)
        lock.release()
    return kept
