"""One writer per data file: an OS-level lock on `<file>.lock`, released by the OS if the process dies.

A second instance is told plainly who holds the file instead of writing behind the first one's back.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from desktop.core.errors import DataFileLocked

if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _hostname() -> str:
    """This machine's name, as socket.gethostname() gives it (on POSIX both read uname; importing socket costs
    ~4 ms at start-up)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


class InstanceLock:
    def __init__(self, db_path: Path):
        self.path = Path(str(db_path) + ".lock")
        self._fd: int | None = None

    def acquire(self) -> "InstanceLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            holder = self._read_holder(fd)
            os.close(fd)
            who = f" (tiến trình {holder.get('pid')} trên máy {holder.get('host')})" if holder else ""
            raise DataFileLocked(
                f"Tệp dữ liệu {self.path.with_suffix('')} đang được mở bởi một cửa sổ Sổ CĐS khác{who}. "
                "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại."
            )
        # Holder info lives past byte 0: on Windows the locked byte itself cannot be read by others.
        info = json.dumps({"pid": os.getpid(), "host": _hostname()}).encode()
        os.lseek(fd, 1, os.SEEK_SET)
        os.write(fd, info)
        os.ftruncate(fd, 1 + len(info))
        self._fd = fd
        return self

    @staticmethod
    def _read_holder(fd: int) -> dict:
        try:
            os.lseek(fd, 1, os.SEEK_SET)
            return json.loads(os.read(fd, 4096) or b"{}")
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
