"""Worker entry points for the intake pool tests that die at a chosen file, the way a crash in a C library or the
OOM killer would end a process (SIGKILL: no clean-up, no exception). They are imported by reference in the
spawned workers, so they live in a module and not in a test function.

- process_or_die: dies while processing a file whose name contains DIE_WHILE_PROCESSING.
- process_or_die_sending: for a file whose name contains DIE_WHILE_SENDING, writes the start of a result message
  on the pool's result pipe and dies before the rest: the case where CPython's executor waits forever for the
  remaining bytes (its own dead-worker check never runs), which the pool checker must notice by itself.
"""
from __future__ import annotations

import os
import signal
import struct
import sys
from pathlib import Path

from desktop.core.commune.intake_check import process_in_worker

DIE_WHILE_PROCESSING = "chet-khi-xu-ly"
DIE_WHILE_SENDING = "chet-khi-gui"


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def process_or_die(path: str, data_dir: str):
    if DIE_WHILE_PROCESSING in Path(path).name:
        _die()
    return process_in_worker(path, data_dir)


def process_or_die_sending(path: str, data_dir: str):
    if DIE_WHILE_SENDING in Path(path).name:
        # concurrent.futures.process._process_worker called this function; its result queue is a local there
        results = sys._getframe(1).f_locals["result_queue"]
        # a length header announcing 100 kB, then 10 bytes of it: the reader now waits for the other 99,990
        os.write(results._writer.fileno(), struct.pack("!i", 100_000) + b"\x80\x04" + b"\0" * 8)
        _die()
    return process_in_worker(path, data_dir)
