"""Opening the data file: checks, lock, pragmas, migrations; transactions that record history.

Every connection: foreign keys on, WAL, synchronous=FULL (an acknowledged commit survives a power cut), a busy
timeout. The file is checked before anything writes to it, and a damaged file is never written to. A disk that
is full or failing is told apart from a damaged file: the file is fine, the user frees space or changes disk.

The one way into the data: `store.db`, sqlite-utils' Database over the connection the store opened
(`store.db.execute`, `store.db.query`, `store.db[table]`; `store.db.conn` for the sqlite3 connection itself).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

# sqlite-utils is the one way into the data. Its package import is the largest single cost of the GUI start
# beside Qt: ~98 ms of CPU at load ~11 on 2 cores, as much as PySide6.QtWidgets (bench/results.md, 2026-12-03),
# mostly for helpers the store never uses: click (sqlite_utils.hookspecs, utils), dateutil (sqlite_utils.recipes),
# pluggy, uuid. Proposal for upstream: import those where sqlite-utils' CLI, recipes and plugins use them.
import sqlite_utils

from desktop.core import paths
from desktop.core.errors import DataFileError, UserError
from desktop.core.fileio import describe_os_error
from desktop.core.store import walcheck
from desktop.core.store.filecheck import check_header, damaged_message, disk_why, quick_check, restore_hint
from desktop.core.store.lock import InstanceLock
from desktop.core.store.schema import SCHEMA_VERSION, migrations


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def disk_message(path: Path, why: str) -> str:
    """The file is not damaged: the disk is full, read-only or failing. Say so, with the free space left."""
    import shutil

    try:
        free = shutil.disk_usage(path.parent).free
        room = f"; còn trống {free // 1024:,} KB".replace(",", ".")
    except OSError:
        room = ""
    return (
        f"Không mở được tệp dữ liệu {path}: {why}{room}. Tệp không bị hỏng và được giữ nguyên; hãy giải phóng "
        "dung lượng đĩa (hoặc dùng ổ đĩa khác) rồi mở lại. Không cần khôi phục bản sao lưu."
    )


class WalLostError(DataFileError):
    """The file's -wal companion with committed changes is gone (see walcheck); `certain` False = maybe."""

    def __init__(self, message: str, certain: bool):
        super().__init__(message)
        self.certain = certain


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path.as_posix()}?mode=ro" if readonly else None
    conn = sqlite3.connect(uri or str(path), uri=readonly, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def precheck(path: Path) -> tuple | None:
    """Check a file with no -wal without any side effect (immutable: no -wal/-shm created, nothing written), so
    a damaged file is left exactly as it was. With a -wal present the main file alone may be mid-checkpoint;
    the normal check after SQLite replays the -wal covers that case.

    Returns the checked file's identity (see `_file_state`) when it checked the whole database, else None."""
    if not path.exists() or path.stat().st_size == 0 or Path(str(path) + "-wal").exists():
        return None
    state = _file_state(path)
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?immutable=1", uri=True)
        try:
            problems = quick_check(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DataFileError(damaged_message(path, str(exc))) from exc
    if problems:
        raise DataFileError(damaged_message(path, "; ".join(problems[:3])))
    return state


def _file_state(path: Path) -> tuple:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


def _still_prechecked(path: Path, state: tuple | None) -> bool:
    """True when the database the connection now sees is exactly the file precheck() checked: the main file is
    unchanged and its -wal (created empty when SQLite opened it) holds nothing. Then a second quick_check
    would read the same pages and give the same answer."""
    if state is None or _file_state(path) != state:
        return False
    try:
        return Path(str(path) + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True


def applied_migrations(conn: sqlite3.Connection) -> int:
    """How many of this program's migrations the file has (sqlite-utils records them in _sqlite_migrations)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'socds'").fetchone()[0]
    return 0


class Store:
    """The open data file. Use `Store.open(path)`; close with `close()` or as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: InstanceLock | None):
        self.path = path
        # execute_plugins=False: sqlite-utils plugins installed beside the program do not get to prepare the school's
        # connection (and the start does not scan every installed package's entry points to find them)
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._closed = False
        self._lock = lock
        self._tx_lock = threading.RLock()
        self._tx_depth = 0
        self._batch: str | None = None

    # ---- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path | str | None = None, *, lock: bool = True, create: bool = True, accept_wal_loss: bool = False
    ) -> "Store":
        """Open checked, locked and migrated. `accept_wal_loss`: the user chose to go on with a file whose
        -wal went missing (WalLostError), knowing the latest changes may be gone."""
        path = Path(path) if path else paths.default_db_path()
        if not path.exists() and not create:
            raise DataFileError(f"Không tìm thấy tệp dữ liệu {path}.")
        instance_lock = conn = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            check_header(path)
            instance_lock = InstanceLock(path).acquire() if lock else None
            loss = walcheck.lost_wal(path)  # before SQLite opens the file and rebuilds its -shm
            if loss and not accept_wal_loss:
                certain, detail = loss
                raise WalLostError(
                    f"Tệp dữ liệu {path} {'đã' if certain else 'có thể đã'} mất dữ liệu: {detail}. Tệp được giữ nguyên. "
                    + restore_hint(path)
                    + " Nếu vẫn muốn dùng tệp như hiện tại: socds recover --keep-current.",
                    certain,
                )
            checked = precheck(path)
            conn = connect(path)
            problems = [] if _still_prechecked(path, checked) else quick_check(conn)
            if problems:
                raise DataFileError(damaged_message(path, "; ".join(problems[:3])))
            store = cls(path, conn, instance_lock)
            store._migrate()
            if instance_lock:  # the marker belongs to the one session holding the file, not to a helper's
                store.mark_session_open()  # second connection (lock=False), whose close would clear it
            return store
        except BaseException as exc:
            if conn:
                conn.close()
            if instance_lock:
                instance_lock.release()
            if isinstance(exc, OSError):
                raise UserError(describe_os_error(exc, path)) from exc
            if isinstance(exc, sqlite3.DatabaseError):
                why = disk_why(exc)
                if why:  # the disk, not the file: nothing is damaged, nothing to restore
                    raise UserError(disk_message(path, why)) from exc
                raise DataFileError(damaged_message(path, str(exc))) from exc
            raise

    def _migrate(self) -> None:
        applied = applied_migrations(self.db.conn)
        if applied > SCHEMA_VERSION:
            raise DataFileError(
                f"Tệp dữ liệu {self.path} được tạo bởi phiên bản Sổ CĐS mới hơn. Hãy cập nhật chương trình."
            )
        if applied < SCHEMA_VERSION:
            migrations.apply(self.db)

    @property
    def data_dir(self) -> Path:
        """The sidecar folder of this file (evidence, backups, keys)."""
        d = paths.sidecar_dir(self.path)
        d.mkdir(parents=True, exist_ok=True)
        return d

    def mark_session_open(self) -> None:
        """Record, in the main file itself (checkpointed), that a session has it open; cleared on close()."""
        self.set_setting(walcheck.SESSION_KEY, {"at": utcnow()})
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA optimize")
            if self._lock:
                with contextlib.suppress(sqlite3.Error):
                    with self.tx():
                        self.db.execute("DELETE FROM settings WHERE key = ?", (walcheck.SESSION_KEY,))
            self.db.close()
        if self._lock:
            self._lock.release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- transactions and history ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def tx(self) -> Iterator["Store"]:
        """One atomic, durable change. Nested calls join the outer transaction and its history batch."""
        with self._tx_lock:
            outer = self._tx_depth == 0
            if outer:
                self.db.execute("BEGIN IMMEDIATE")
                self._batch = os.urandom(16).hex()  # an opaque id (uuid4 would import uuid → platform, ~3 ms)
            self._tx_depth += 1
            try:
                yield self
                if outer:
                    self.db.execute("COMMIT")
            except BaseException as exc:
                self._tx_depth -= 1
                if outer:
                    self._batch = None
                    if self.db.conn.in_transaction:  # a failed COMMIT (disk full) leaves it open
                        with contextlib.suppress(sqlite3.Error):
                            self.db.execute("ROLLBACK")
                    why = disk_why(exc) if isinstance(exc, sqlite3.Error) else None
                    if why:
                        raise UserError(
                            f"Không lưu được thay đổi vào {self.path}: {why}. Thay đổi này chưa được "
                            "lưu; dữ liệu trước đó vẫn nguyên vẹn."
                        ) from exc
                raise
            self._tx_depth -= 1
            if outer:
                self._batch = None

    def _pk_where(self, key: dict[str, Any]) -> tuple[str, list[Any]]:
        return " AND ".join(f"[{k}] = ?" for k in key), list(key.values())

    def row(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        where, args = self._pk_where(key)
        rows = list(self.db.query(f"SELECT * FROM [{table}] WHERE {where} LIMIT 1", args))
        return rows[0] if rows else None

    def write(self, table: str, key: dict[str, Any], values: dict[str, Any] | None, summary: str = "") -> int | None:
        """Insert/update (values) or delete (None) one row, recording before/after for undo.

        `key` names the row; for a new row with an integer id, pass key={} and the id is returned.
        """
        with self.tx():
            before = self.row(table, key) if key else None
            if values is None:
                if before is None:
                    return None
                where, args = self._pk_where(key)
                self.db.execute(f"DELETE FROM [{table}] WHERE {where}", args)
                after, rowid = None, None
            elif before is None:
                rowid = self.db.table(table).insert({**key, **values}).last_pk
                pk_cols = self.db.table(table).pks
                key = key or {pk_cols[0]: rowid}
                after = self.row(table, key)
            else:
                where, args = self._pk_where(key)
                sets = ", ".join(f"[{c}] = ?" for c in values)
                self.db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*values.values(), *args])
                after, rowid = self.row(table, key), None
            if before != after:
                self.db.execute(
                    "INSERT INTO history (at, batch, table_name, row_key, before, after, summary) VALUES (?,?,?,?,?,?,?)",
                    (
                        utcnow(),
                        self._batch,
                        table,
                        json.dumps(key, ensure_ascii=False),
                        _dump(before),
                        _dump(after),
                        summary,
                    ),
                )
            return rowid

    def insert(self, table: str, values: dict[str, Any], summary: str = "") -> int:
        """Insert one new row with an integer id (undoable, in the history, as `write`); its id."""
        rowid = self.write(table, {}, values, summary)
        if rowid is None:
            raise ValueError(f"{table} has no integer id")  # a table keyed otherwise is written with write()
        return rowid

    # ---- settings -----------------------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.tx():
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, default=str)
