"""Opening the data file: checks, lock, pragmas, migrations; transactions that record history.

Every connection: foreign keys on, WAL, synchronous=FULL (an acknowledged commit survives a power cut), a busy
timeout. The file is checked before anything writes to it, and a damaged file is never written to.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from desktop.core import paths
from desktop.core.errors import DataFileError
from desktop.core.store.lock import InstanceLock
from desktop.core.store.schema import SCHEMA_VERSION, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"Tệp dữ liệu {path} bị hỏng hoặc không phải tệp của Sổ CĐS ({detail}). "
        "Tệp được giữ nguyên, không ghi đè. Hãy khôi phục bản sao lưu gần nhất "
        "(socds restore, hoặc Cài đặt → Sao lưu trong ứng dụng)."
    )


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite itself touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise DataFileError(damaged_message(path, "phần đầu tệp không đúng định dạng SQLite"))
    if len(head) < 100:
        raise DataFileError(damaged_message(path, "tệp bị cắt cụt"))


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


class Store:
    """The open data file. Use `Store.open(path)`; close with `close()` or as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: InstanceLock | None):
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = lock
        self._tx_lock = threading.RLock()
        self._tx_depth = 0
        self._batch: str | None = None

    # ---- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, lock: bool = True, create: bool = True) -> "Store":
        path = Path(path) if path else paths.default_db_path()
        if not path.exists() and not create:
            raise DataFileError(f"Không tìm thấy tệp dữ liệu {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        check_header(path)
        instance_lock = InstanceLock(path).acquire() if lock else None
        conn = None
        try:
            conn = connect(path)
            problems = quick_check(conn)
            if problems:
                raise DataFileError(damaged_message(path, "; ".join(problems[:3])))
            store = cls(path, conn, instance_lock)
            store._migrate()
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
        applied = migrations.applied(self.db)
        if len(applied) > SCHEMA_VERSION:
            raise DataFileError(
                f"Tệp dữ liệu {self.path} được tạo bởi phiên bản Sổ CĐS mới hơn. Hãy cập nhật chương trình."
            )
        if len(applied) < SCHEMA_VERSION:
            migrations.apply(self.db)

    @property
    def data_dir(self) -> Path:
        """The sidecar folder of this file (evidence, backups, keys)."""
        d = paths.sidecar_dir(self.path)
        d.mkdir(parents=True, exist_ok=True)
        return d

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA optimize")
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
                self._batch = uuid.uuid4().hex
            self._tx_depth += 1
            try:
                yield self
            except BaseException:
                self._tx_depth -= 1
                if outer:
                    self.conn.execute("ROLLBACK")
                    self._batch = None
                raise
            self._tx_depth -= 1
            if outer:
                self.conn.execute("COMMIT")
                self._batch = None

    def _pk_where(self, key: dict[str, Any]) -> tuple[str, list[Any]]:
        return " AND ".join(f"[{k}] = ?" for k in key), list(key.values())

    def row(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        where, args = self._pk_where(key)
        rows = list(self.db[table].rows_where(where, args, limit=1))
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


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, default=str)
