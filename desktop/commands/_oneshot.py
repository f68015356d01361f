"""Python's cyclic garbage collector in a command that ends the process (issue 11: `socds export --sign` cold).

A cold `socds export --sign` creates a few hundred thousand objects while it imports reportlab, openpyxl and
pyHanko; the collector walks them again and again as they are made (~65 ms of a run), and once more, several
times, while the interpreter shuts down (~100–150 ms between the command's end and the process's). Measured on
the demo's yearly export, interleaved runs: ~0.90 s → ~0.71 s; RSS +1 MB.

- `no_cyclic_gc()`: a block without the cyclic collector (reference counting still frees everything that is not
  in a cycle); the collector is switched back on afterwards, so a command run inside a longer process (the tests
  call desktop.cli.main) leaves it as it was. Use it around a bounded amount of work: one report, one file, the
  imports of the first of many files.
- `fast_exit()`: at interpreter exit, after the command, `gc.freeze()` so that shutdown does not walk what is left.
  atexit handlers registered earlier (logging's flush and close) still run after it. Every file the commands write
  is closed and fsynced by then and the data file is closed, so nothing waits for a collection to be released.
"""
from __future__ import annotations

import atexit
import contextlib
import gc

_registered = False


@contextlib.contextmanager
def no_cyclic_gc():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fast_exit() -> None:
    global _registered
    if not _registered:
        atexit.register(gc.freeze)
        _registered = True
