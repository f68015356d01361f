"""Looking at a data file or a backup from outside, without writing to it: the SQLite header, whole pages, the
integrity check, the schema, the disk errors SQLite reports, and which automatic backup is the latest good one.

Used by the store before SQLite opens the file for writing (db.py) and by backups and restore (backup.py); it
imports neither, so the two do not import each other.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.errors import DataFileError
from desktop.core.paths import sidecar_dir
from desktop.core.store import schemacheck
from desktop.core.store.schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUP_NAME = re.compile(r"^(auto|manual|before-restore)-(\d{8}-\d{6})(?:-(\d+))?\.db$")

DISK_CODES = {
    "SQLITE_FULL": "đĩa đã đầy",
    "SQLITE_READONLY": "tệp hoặc thư mục chỉ cho phép đọc",
    "SQLITE_IOERR": "lỗi đọc/ghi ổ đĩa (đĩa đầy hoặc ổ USB bị rút?)",
    "SQLITE_CANTOPEN": "không mở được tệp để ghi",
}


def disk_why(exc: BaseException) -> str | None:
    """Vietnamese reason when SQLite failed because of the disk, not the file's content (extended codes share
    the prefix: SQLITE_IOERR_WRITE, SQLITE_IOERR_SHMSIZE…); None for anything else."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return next((why for code, why in DISK_CODES.items() if name.startswith(code)), None)


def whole_pages(head: bytes, size: int) -> bool:
    """A SQLite file is a whole number of pages; anything else was cut short (or padded)."""
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    return page >= 512 and size % page == 0


def quick_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """[] when the file is sound, else the problems SQLite reports."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check(20)")]
    return [] if rows == ["ok"] else rows


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"Tệp dữ liệu {path} bị hỏng hoặc không phải tệp của Sổ CĐS ({detail}). "
        "Tệp được giữ nguyên, không ghi đè. " + restore_hint(path)
    )


def restore_hint(path: Path) -> str:
    """Name the latest good automatic backup, so the user knows exactly what to restore."""
    try:
        good = latest_good_backup(path)
    except OSError:
        good = None
    if good is None:
        return "Không tìm thấy bản sao lưu tự động nào còn tốt; hãy dùng bản sao lưu bạn đã tự lưu (socds restore TỆP)."
    return (
        f"Bản sao lưu tốt gần nhất: {good}. Khôi phục bằng lệnh: socds recover "
        "(hoặc mở ứng dụng và chọn Khôi phục); tệp hỏng được giữ lại bên cạnh."
    )


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite itself touches it. An empty file is refused when good
    backups show there was data: SQLite would take it for a new, empty database."""
    if not path.exists():
        return
    if path.stat().st_size == 0:
        if latest_good_backup(path) is not None:
            raise DataFileError(
                damaged_message(path, "tệp rỗng (0 byte) trong khi các bản sao lưu cho thấy đã có dữ liệu")
            )
        return
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise DataFileError(damaged_message(path, "phần đầu tệp không đúng định dạng SQLite"))
    if len(head) < 100 or not whole_pages(head, path.stat().st_size):
        raise DataFileError(damaged_message(path, "tệp bị cắt cụt"))


# ---- backups beside a data file ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    taken: datetime
    size: int


def age_key(p: Path) -> tuple[str, int]:
    """Time stamp, then the -N suffix of backups taken within the same second (-10 after -9, not before)."""
    m = BACKUP_NAME.match(p.name)
    return (m.group(2), int(m.group(3) or 0)) if m else ("", 0)


def list_backups_at(db_path: Path) -> list[BackupInfo]:
    """The backups beside a data file, newest first, without opening it (it may be damaged)."""
    folder = sidecar_dir(db_path) / "backups"
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = BACKUP_NAME.match(p.name)
        if m:
            out.append(BackupInfo(p, m.group(1), datetime.strptime(m.group(2), "%Y%m%d-%H%M%S"), p.stat().st_size))
    return sorted(out, key=lambda b: age_key(b.path), reverse=True)


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside a (possibly damaged) data file that passes the check; None if there is none."""
    for b in list_backups_at(db_path):
        try:
            check_backup_file(b.path)
            return b.path
        except DataFileError:
            continue
    return None


def check_backup_file(path: Path) -> None:
    """Raise a Vietnamese DataFileError unless `path` is a sound Sổ CĐS data file whose schema is exactly what
    the migrations make. Read-only and without side effects: nothing is created beside the file."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"Không tìm thấy tệp sao lưu {path}.")
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100 or not whole_pages(head, path.stat().st_size):
        raise DataFileError(f"Tệp {path} không phải bản sao lưu hợp lệ (không đúng định dạng SQLite hoặc bị cắt cụt).")
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DataFileError(
            f"Tệp {path} đang được mở hoặc chưa được đóng đúng cách (có tệp {wal.name} bên cạnh); "
            "hãy đóng chương trình đang dùng tệp đó rồi thử lại."
        )
    try:
        # immutable: no lock, no -wal/-shm created, nothing written, even in a folder the user can write to
        conn = sqlite3.connect(f"file:{path.as_posix()}?immutable=1", uri=True)
        try:
            problems = quick_check(conn, full=True)
            has_schema = (
                not problems
                and conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name IN ('_sqlite_migrations', 'school', 'answers')"
                ).fetchone()[0]
                == 3
            )
            applied = schemacheck.applied_names(conn) if has_schema else []
            foreign = schemacheck.differences(conn) if has_schema and len(applied) <= SCHEMA_VERSION else []
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DataFileError(f"Tệp {path} bị hỏng, không thể khôi phục từ tệp này ({exc}).") from exc
    if problems:
        raise DataFileError(f"Tệp {path} bị hỏng ({problems[0]}); không khôi phục từ tệp này.")
    if not has_schema:
        raise DataFileError(f"Tệp {path} không phải tệp dữ liệu của Sổ CĐS.")
    if len(applied) > SCHEMA_VERSION:  # refuse before anything is replaced, not after
        raise DataFileError(f"Tệp {path} được tạo bởi phiên bản Sổ CĐS mới hơn. Hãy cập nhật chương trình trước.")
    if foreign:
        raise DataFileError(
            f"Tệp {path} có cấu trúc khác tệp dữ liệu của Sổ CĐS ({'; '.join(foreign[:3])}); "
            "không khôi phục từ tệp này."
        )
