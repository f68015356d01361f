"""Detecting a data file whose `-wal` companion (holding committed changes) went missing or was cut short.

In WAL mode a commit is durable once it is in `<file>-wal`; it reaches the main file only at the next
checkpoint. If the `-wal` file is lost (the main file copied alone onto a USB stick, a cleaner deleted it,
a pulled stick after a crash), SQLite silently opens the older main file. We look before SQLite does:

1. Certain: the `-shm` index survived. Its header (two identical copies, native byte order) gives `mxFrame`, the
   last committed WAL frame, and `nBackfill`, how many were already copied into the main file. mxFrame > nBackfill
   with no `-wal`, or a `-wal` shorter than mxFrame frames, means committed changes are gone.
2. Possible: no `-shm` either, but the main file carries our session marker (set, and checkpointed into the main
   file, when the program opens it; cleared when it closes). A `-wal` never disappears on its own while a
   program has the file open, so marker + no `-wal` means the last session ended abruptly and its `-wal` was
   lost; whether it held changes not yet checkpointed cannot be known any more.

Not detectable: a `-wal` replaced by another complete, self-consistent one (SQLite ignores frames whose salt
does not match, and so do we); loss of the `-wal` together with the `-shm` after a clean checkpoint window where
no marker is set (nothing was lost then).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

SESSION_KEY = "_session_open"
_WAL_HEADER = 32
_FRAME_HEADER = 24


def _companions(path: Path) -> tuple[Path, Path]:
    return Path(str(path) + "-wal"), Path(str(path) + "-shm")


def _shm_frames(shm: Path) -> tuple[int, int, int] | None:
    """(mxFrame, nBackfill, page size) from an intact `-shm` header; None when absent or inconsistent."""
    try:
        with open(shm, "rb") as fh:
            hdr = fh.read(104)
    except OSError:
        return None
    if len(hdr) < 104 or hdr[0:48] != hdr[48:96] or hdr[12] == 0:
        return None  # torn or never initialised: SQLite would rebuild it from the -wal, so would we

    def u32(off: int) -> int:
        return int.from_bytes(hdr[off : off + 4], sys.byteorder)

    size = int.from_bytes(hdr[14:16], sys.byteorder)
    page = (size & 0xFE00) + ((size & 1) << 16)
    return u32(16), u32(96), page


def _marker_set(path: Path) -> bool:
    """Read the main file alone (immutable: no locks, no -wal, no -shm, no writes) for the session marker."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?immutable=1", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (SESSION_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # no settings table yet, or damage: the integrity check reports that
    return bool(row)


def lost_wal(path: Path) -> tuple[bool, str] | None:
    """None if nothing is missing; else (certain, Vietnamese detail). Call before any connection is opened."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    wal, shm = _companions(path)
    wal_size = wal.stat().st_size if wal.exists() else None
    frames = _shm_frames(shm) if shm.exists() else None
    if frames:
        mx, backfill, page = frames
        if mx > backfill:
            need = _WAL_HEADER + mx * (_FRAME_HEADER + page)
            if wal_size is None:
                return True, (
                    f"tệp nhật ký {wal.name} chứa {mx - backfill} trang thay đổi đã lưu nhưng đã bị mất; "
                    "những thay đổi gần nhất không còn trong tệp"
                )
            if wal_size < need:
                return True, (
                    f"tệp nhật ký {wal.name} bị cắt cụt ({wal_size} byte, cần ít nhất {need}); "
                    "những thay đổi gần nhất đã mất"
                )
    if wal_size is None and _marker_set(path):
        return False, (
            f"lần trước chương trình không được đóng đúng cách và tệp nhật ký {wal.name} đi kèm đã mất; "
            "những thay đổi gần nhất có thể đã mất"
        )
    return None
