"""Opening the data file: checks, lock, pragmas, migrations; transactions that record history.

Every connection: foreign keys on, WAL, synchronous=FULL (an acknowledged commit survives a power cut), a busy
timeout. The file is checked before anything writes to it, and a damaged file is never written to.

`store.db` is sqlite-utils' Database, imported on first real use: opening a current file and reading from it
(`db.query`/`db.execute` of a SELECT) go straight to sqlite3, so the window can open without importing
sqlite-utils and its dependencies (~60 ms, issue 11).
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

from desktop.core import paths
from desktop.core.errors import DataFileError, UserError
from desktop.core.store import walcheck
from desktop.core.store.lock import InstanceLock
from desktop.core.store.schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"Tệp dữ liệu {path} bị hỏng hoặc không phải tệp của Sổ CĐS ({detail}). "
        "Tệp được giữ nguyên, không ghi đè. " + restore_hint(path)
    )


def restore_hint(path: Path) -> str:
    """Name the latest good automatic backup, so the user knows exactly what to restore."""
    from desktop.core.store.backup import latest_good_backup  # backup imports this module

    try:
        good = latest_good_backup(path)
    except OSError:
        good = None
    if good is None:
        return "Không tìm thấy bản sao lưu tự động nào còn tốt; hãy dùng bản sao lưu bạn đã tự lưu (socds restore TỆP)."
    return (f"Bản sao lưu tốt gần nhất: {good}. Khôi phục bằng lệnh: socds recover "
            "(hoặc mở ứng dụng và chọn Khôi phục); tệp hỏng được giữ lại bên cạnh.")


class WalLostError(DataFileError):
    """The file's -wal companion with committed changes is gone (see walcheck); `certain` False = maybe."""

    def __init__(self, message: str, certain: bool):
        super().__init__(message)
        self.certain = certain


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite itself touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise DataFileError(damaged_message(path, "phần đầu tệp không đúng định dạng SQLite"))
    if len(head) < 100 or not whole_pages(head, path.stat().st_size):
        raise DataFileError(damaged_message(path, "tệp bị cắt cụt"))


def whole_pages(head: bytes, size: int) -> bool:
    """A SQLite file is a whole number of pages; anything else was cut short (or padded)."""
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    return page >= 512 and size % page == 0


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path.as_posix()}?mode=ro" if readonly else None
    conn = sqlite3.connect(uri or str(path), uri=readonly, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def quick_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """[] when the file is sound, else the problems SQLite reports."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check(20)")]
    return [] if rows == ["ok"] else rows


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


def _is_select(sql: str) -> bool:
    s = sql.lstrip()
    return s[:6].upper() == "SELECT" and s[6:7].isspace()


class LazyDatabase:
    """sqlite-utils' Database over the store's connection, created on first use of anything but a SELECT.

    `query()` and `execute()` of a SELECT run on the connection directly, with the same results as sqlite-utils
    gives (rows as dicts in column order; a query with a repeated column name goes to sqlite-utils, which renames
    the repeats); everything else (tables, inserts, migrations…) is sqlite-utils' own.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._real = None

    @property
    def real(self):
        if self._real is None:
            import sqlite_utils

            self._real = sqlite_utils.Database(self.conn)
        return self._real

    def query(self, sql: str, params=None):
        if _is_select(sql):
            cursor = self.conn.execute(sql, () if params is None else params)
            keys = [d[0] for d in cursor.description]
            if len(set(keys)) == len(keys):
                return (dict(zip(keys, row)) for row in cursor)
        return self.real.query(sql, params)

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        if _is_select(sql):
            return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        return self.real.execute(sql, parameters)

    def __getitem__(self, table: str):
        return self.real[table]

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def applied_migrations(conn: sqlite3.Connection) -> int:
    """How many of this program's migrations the file has (sqlite-utils records them in _sqlite_migrations)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'socds'").fetchone()[0]
    return 0


class Store:
    """The open data file. Use `Store.open(path)`; close with `close()` or as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: InstanceLock | None):
        self.path = path
        self.conn = conn
        self.db = LazyDatabase(conn)
        self._lock = lock
        self._tx_lock = threading.RLock()
        self._tx_depth = 0
        self._batch: str | None = None

    # ---- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, lock: bool = True, create: bool = True,
             accept_wal_loss: bool = False) -> "Store":
        """Open checked, locked and migrated. `accept_wal_loss`: the user chose to go on with a file whose
        -wal went missing (WalLostError), knowing the latest changes may be gone."""
        path = Path(path) if path else paths.default_db_path()
        if not path.exists() and not create:
            raise DataFileError(f"Không tìm thấy tệp dữ liệu {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        check_header(path)
        instance_lock = InstanceLock(path).acquire() if lock else None
        conn = None
        try:
            loss = walcheck.lost_wal(path)  # before SQLite opens the file and rebuilds its -shm
            if loss and not accept_wal_loss:
                certain, detail = loss
                raise WalLostError(
                    f"Tệp dữ liệu {path} {'đã' if certain else 'có thể đã'} mất dữ liệu: {detail}. Tệp được giữ nguyên. " + restore_hint(path)
                    + " Nếu vẫn muốn dùng tệp như hiện tại: socds recover --keep-current.", certain)
            checked = precheck(path)
            conn = connect(path)
            problems = [] if _still_prechecked(path, checked) else quick_check(conn)
            if problems:
                raise DataFileError(damaged_message(path, "; ".join(problems[:3])))
            store = cls(path, conn, instance_lock)
            store._migrate()
            store.mark_session_open()
            return store
        except sqlite3.DatabaseError as exc:
            if conn:
                conn.close()
            if instance_lock:
                instance_lock.release()
            raise DataFileError(damaged_message(path, str(exc))) from exc
        except BaseException:
            if conn:
                conn.close()
            if instance_lock:
                instance_lock.release()
            raise

    def _migrate(self) -> None:
        applied = applied_migrations(self.conn)
        if applied > SCHEMA_VERSION:
            raise DataFileError(
                f"Tệp dữ liệu {self.path} được tạo bởi phiên bản Sổ CĐS mới hơn. Hãy cập nhật chương trình."
            )
        if applied < SCHEMA_VERSION:
            from desktop.core.store.schema import migrations

            migrations.apply(self.db.real)

    @property
    def data_dir(self) -> Path:
        """The sidecar folder of this file (evidence, backups, keys)."""
        d = paths.sidecar_dir(self.path)
        d.mkdir(parents=True, exist_ok=True)
        return d

    def mark_session_open(self) -> None:
        """Record, in the main file itself (checkpointed), that a session has it open; cleared on close()."""
        self.set_setting(walcheck.SESSION_KEY, {"at": utcnow()})
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA optimize")
            with contextlib.suppress(sqlite3.Error):
                with self.tx():
                    self.conn.execute("DELETE FROM settings WHERE key = ?", (walcheck.SESSION_KEY,))
            self.conn.close()
            self.conn = None
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
                self.conn.execute("BEGIN IMMEDIATE")
                self._batch = os.urandom(16).hex()  # an opaque id (uuid4 would import uuid → platform, ~3 ms)
            self._tx_depth += 1
            try:
                yield self
                if outer:
                    self.conn.execute("COMMIT")
            except BaseException as exc:
                self._tx_depth -= 1
                if outer:
                    self._batch = None
                    if self.conn.in_transaction:  # a failed COMMIT (disk full) leaves it open
                        with contextlib.suppress(sqlite3.Error):
                            self.conn.execute("ROLLBACK")
                    why = _disk_why(exc) if isinstance(exc, sqlite3.Error) else None
                    if why:
                        raise UserError(f"Không lưu được thay đổi vào {self.path}: {why}. Thay đổi này chưa được "
                                        "lưu; dữ liệu trước đó vẫn nguyên vẹn.") from exc
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
                self.conn.execute(f"DELETE FROM [{table}] WHERE {where}", args)
                after, rowid = None, None
            elif before is None:
                rowid = self.db[table].insert({**key, **values}).last_pk
                pk_cols = self.db[table].pks
                key = key or {pk_cols[0]: rowid}
                after = self.row(table, key)
            else:
                where, args = self._pk_where(key)
                sets = ", ".join(f"[{c}] = ?" for c in values)
                self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*values.values(), *args])
                after, rowid = self.row(table, key), None
            if before != after:
                self.conn.execute(
                    "INSERT INTO history (at, batch, table_name, row_key, before, after, summary) VALUES (?,?,?,?,?,?,?)",
                    (utcnow(), self._batch, table, json.dumps(key, ensure_ascii=False),
                     _dump(before), _dump(after), summary),
                )
            return rowid

    # ---- settings -----------------------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.tx():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )


_DISK_CODES = {"SQLITE_FULL": "đĩa đã đầy", "SQLITE_READONLY": "tệp hoặc thư mục chỉ cho phép đọc",
               "SQLITE_IOERR": "lỗi đọc/ghi ổ đĩa (ổ USB bị rút?)", "SQLITE_CANTOPEN": "không mở được tệp để ghi"}


def _disk_why(exc: sqlite3.Error) -> str | None:
    """Vietnamese reason when SQLite failed because of the disk (extended codes share the prefix)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return next((why for code, why in _DISK_CODES.items() if name.startswith(code)), None)


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, default=str)
