"""Writing files so that a failure (full disk, pulled USB stick, power cut) never leaves a partial file.

Every file the product writes goes through here: written to a temporary file in the same folder, flushed and
fsynced, then renamed over the target. On failure the temporary file is removed and a Vietnamese UserError says
what happened; the target is either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator

from desktop.core.errors import UserError


def describe_os_error(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Không đủ dung lượng đĩa để ghi {path}. Hãy giải phóng dung lượng rồi thử lại."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Không có quyền ghi vào {path} (thư mục chỉ đọc hoặc bị khóa)."
    if exc.errno == errno.ENAMETOOLONG:
        return f"Tên tệp quá dài: {path}."
    return f"Không ghi được {path}: {exc.strerror or exc}."


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename, a new file or sub-folder) durable; a no-op where folders cannot be synced."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; on clean exit it replaces `path` atomically, on any error nothing changes.

    The file gets ordinary permissions (0666 less the umask) unless `mode` is given (0o600 for key files):
    mkstemp's private 0600 would surprise a user sharing an exported report.
    """
    path = Path(path)
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".~" + path.name[:40] + ".", suffix=".tmp", dir=path.parent)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise UserError(describe_os_error(exc, path)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def write_bytes(path: Path | str, data: bytes, mode: int | None = None) -> Path:
    with atomic_writer(path, mode) as fh:
        fh.write(data)
    return Path(path)


def write_text(path: Path | str, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
