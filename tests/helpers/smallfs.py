"""A real small filesystem for full-disk and read-only-medium tests: a tmpfs mounted for the test and unmounted
after it. Mounting needs root (CI runs as root on this machine kind); elsewhere the test is skipped and says why."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest


@contextlib.contextmanager
def tmpfs(base: Path, size_kb: int) -> Iterator[Path]:
    mnt = base / "small-disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or done.returncode}): "
                    "the full-disk and read-only-medium cases need one (run as root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def remount(mnt: Path, opts: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{opts}", str(mnt)], check=True, capture_output=True)


def fill(mnt: Path, leave: int) -> Path:
    """Fill the filesystem with one file so that about `leave` bytes (rounded to pages) stay free."""
    filler = mnt / "filler.bin"
    free = shutil.disk_usage(mnt).free
    with open(filler, "wb") as fh:
        chunk = b"\0" * 65536
        todo = max(free - leave, 0)
        while todo > 0:
            try:
                todo -= fh.write(chunk[:min(todo, len(chunk))])
            except OSError:
                break
        with contextlib.suppress(OSError):
            fh.flush()
            os.fsync(fh.fileno())
    return filler


def free(mnt: Path) -> int:
    return shutil.disk_usage(mnt).free
