"""One writer per data file: OS-level locks, released by the OS if the process dies.

The lock is on the file, not on the name it was opened by: `<real path>.lock` beside the file the path resolves
to (symbolic links, and folders reached through links, all lead to one lock file; it also carries who holds it),
and on Linux an flock() on the data file itself, which every name of it shares (hard links too). A second
instance is told plainly who holds the file instead of writing behind the first one's back.

The flock'd descriptor stays open until release(): closing any descriptor of the data file drops the process's
POSIX locks on it, SQLite's included, so release() comes after the store's connection is closed.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from desktop.core.errors import DataFileLocked

if sys.platform == "win32":  # pragma: no cover - exercised on Windows
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


_LOCK_DATA_FILE = os.name != "nt" and os.uname().sysname == "Linux"  # flock and SQLite's fcntl locks are apart


class InstanceLock:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = Path(os.path.realpath(db_path) + ".lock")
        self._fd: int | None = None
        self._file_fd: int | None = None

    def _locked(self, holder: dict) -> DataFileLocked:
        who = f" (tiến trình {holder.get('pid')} trên máy {holder.get('host')})" if holder else ""
        return DataFileLocked(
            f"Tệp dữ liệu {self.db_path} đang được mở bởi một cửa sổ Sổ CĐS khác{who}. "
            "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại."
        )

    def acquire(self) -> "InstanceLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            holder = self._read_holder(fd)
            os.close(fd)
            raise self._locked(holder)
        file_fd = None
        if _LOCK_DATA_FILE:
            try:  # created empty if new (SQLite takes an empty file for a new database), so it is held from now
                file_fd = os.open(self.db_path, os.O_RDONLY | os.O_CREAT, 0o644)
            except OSError:
                file_fd = None  # unreadable: SQLite will say so
            if file_fd is not None and not _try_lock(file_fd):
                os.close(file_fd)
                _unlock(fd)
                os.close(fd)
                raise self._locked({})  # held through another name of the same file (a link)
        # Holder info lives past byte 0: on Windows the locked byte itself cannot be read by others. It is only
        # a courtesy for the message above: a full disk must not stop the lock from being held.
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        try:
            os.lseek(fd, 1, os.SEEK_SET)
            os.write(fd, info)
            os.ftruncate(fd, 1 + len(info))
        except OSError:
            pass
        self._fd, self._file_fd = fd, file_fd
        return self

    @staticmethod
    def _read_holder(fd: int) -> dict:
        try:
            os.lseek(fd, 1, os.SEEK_SET)
            return json.loads(os.read(fd, 4096) or b"{}")
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self._file_fd is not None:
            os.close(self._file_fd)  # closing the descriptor drops its flock
            self._file_fd = None
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
