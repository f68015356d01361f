"""Backups of the data file: automatic on each start, by hand, and restore.

Backups use SQLite's online backup API (safe while the file is open in WAL mode), land in a temporary file
that is checked with `PRAGMA integrity_check` and then renamed into place. Retention: the newest 10, plus the
newest of each day for 30 days. Restore checks the incoming file first and keeps the current data as a backup.
"""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core.errors import DataFileError, UserError
from desktop.core.fileio import describe_os_error
from desktop.core.store.db import SQLITE_MAGIC, Store, _disk_why, quick_check, whole_pages
from desktop.core.store.schema import SCHEMA_VERSION
from desktop.core.store.walcheck import SESSION_KEY

KEEP_RECENT = 10
KEEP_DAYS = 30
_NAME = re.compile(r"^(auto|manual|before-restore)-(\d{8}-\d{6})(?:-(\d+))?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    taken: datetime
    size: int


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
        why = _disk_why(exc) or str(exc)
        raise UserError(f"Không tạo được bản sao lưu {target}: {why}. Dữ liệu hiện tại không bị ảnh hưởng.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _clear_session_marker(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.OperationalError):  # a file from before settings existed
        conn.execute("DELETE FROM settings WHERE key = ?", (SESSION_KEY,))
        conn.commit()


def make_backup(store: Store, kind: str = "manual", target: Path | None = None, now: datetime | None = None,
                source: sqlite3.Connection | None = None) -> Path:
    """Back up the open data file. With `target`, write there (socds backup FILE); else into backups/.
    `source`: read through this connection to the same file instead of the store's own (a worker thread's)."""
    source = store.conn if source is None else source
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


def list_backups_at(db_path: Path) -> list[BackupInfo]:
    """The backups beside a data file, without opening it (it may be damaged)."""
    from desktop.core.paths import sidecar_dir

    folder = sidecar_dir(db_path) / "backups"
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m:
            out.append(BackupInfo(p, m.group(1), datetime.strptime(m.group(2), "%Y%m%d-%H%M%S"), p.stat().st_size))
    return sorted(out, key=lambda b: _age_key(b.path), reverse=True)


def _age_key(p: Path) -> tuple[str, int]:
    """Time stamp, then the -N suffix of backups taken within the same second (-10 after -9, not before)."""
    m = _NAME.match(p.name)
    return m.group(2), int(m.group(3) or 0)


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


def check_backup_file(path: Path) -> None:
    """Raise a Vietnamese DataFileError unless `path` is a sound Sổ CĐS data file."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"Không tìm thấy tệp sao lưu {path}.")
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100 or not whole_pages(head, path.stat().st_size):
        raise DataFileError(f"Tệp {path} không phải bản sao lưu hợp lệ (không đúng định dạng SQLite hoặc bị cắt cụt).")
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            problems = quick_check(conn, full=True)
            has_schema = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('_sqlite_migrations', 'school', 'answers')"
            ).fetchone()[0] == 3
            applied = conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'socds'"
                                   ).fetchone()[0] if has_schema else 0
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DataFileError(f"Tệp {path} bị hỏng, không thể khôi phục từ tệp này ({exc}).") from exc
    if problems:
        raise DataFileError(f"Tệp {path} bị hỏng ({problems[0]}); không khôi phục từ tệp này.")
    if not has_schema:
        raise DataFileError(f"Tệp {path} không phải tệp dữ liệu của Sổ CĐS.")
    if applied > SCHEMA_VERSION:  # refuse before anything is replaced, not after
        raise DataFileError(f"Tệp {path} được tạo bởi phiên bản Sổ CĐS mới hơn. Hãy cập nhật chương trình trước.")


def restore(store: Store, source: Path) -> Path:
    """Replace the open data with `source` (checked first). Returns the backup of the data it replaced."""
    source = Path(source)
    check_backup_file(source)
    safety = make_backup(store, kind="before-restore")
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        # The backup API writes into the open file inside one transaction: a crash leaves the old data.
        src.backup(store.conn)
    finally:
        src.close()
    store._migrate()
    store.mark_session_open()
    return safety


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside a (possibly damaged) data file that passes the check; None if there is none."""
    from desktop.core.paths import sidecar_dir

    folder = sidecar_dir(db_path) / "backups"
    if not folder.is_dir():
        return None
    candidates = sorted((p for p in folder.iterdir() if _NAME.match(p.name)), key=_age_key, reverse=True)
    for p in candidates:
        try:
            check_backup_file(p)
            return p
        except DataFileError:
            continue
    return None


def restore_damaged(db_path: Path, source: Path) -> Path:
    """Restore over a data file that cannot be opened: the damaged file is kept aside, never overwritten."""
    db_path, source = Path(db_path), Path(source)
    check_backup_file(source)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    try:
        os.replace(db_path, kept)
        for suffix in ("-wal", "-shm"):
            companion = Path(str(db_path) + suffix)
            if companion.exists():
                os.replace(companion, Path(str(kept) + suffix))
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(str(db_path))
        try:
            src.backup(dst)
            _clear_session_marker(dst)
        finally:
            src.close()
            dst.close()
    except OSError as exc:
        raise UserError(describe_os_error(exc, db_path)) from exc
    return kept
