"""Run slow work off the UI thread: a QRunnable on the global QThreadPool that reports back by signal.

Only plain values cross threads. The store's connection is shared (check_same_thread=False, guarded by the
store's own lock), so a job may read through it; UI widgets are touched only in the callbacks, on the UI thread.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("socds.ui")
_alive: set["_Job"] = set()  # keep jobs (and their signal objects) alive until they report


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the UI thread, which shows it
            log.debug("background job failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None] | None = None) -> _Job:
    job = _Job(fn)
    _alive.add(job)

    def finish(cb, value):
        _alive.discard(job)
        if cb:
            cb(value)

    job.signals.done.connect(lambda r: finish(on_done, r))
    job.signals.failed.connect(lambda e: finish(on_error or _default_error, e))
    QThreadPool.globalInstance().start(job)
    return job


def _default_error(exc: Exception) -> None:
    from desktop.core.errors import UserError
    from desktop.ui.errors import show_unexpected, show_user_error

    if isinstance(exc, UserError):
        show_user_error(None, exc)
    else:
        log.error("background job failed: %r", exc)
        show_unexpected(None)


def wait_all(msecs: int = 30000) -> bool:
    """Tests and screenshots: wait until every background job finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
