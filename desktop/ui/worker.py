"""Run slow work off the UI thread: a QRunnable on the global QThreadPool that reports back by signal.

Only plain values cross threads. The store's connection is shared (check_same_thread=False, guarded by the
store's own lock), so a job may read through it; UI widgets are touched only in the callbacks, on the UI thread.

A callback runs only while the widgets it belongs to still exist: its owners are the QObject given as `owner`, the
object of a bound method, and every QObject a closure or lambda holds (the page's `self` in `lambda r:
self._show(r)`). A page closed or deleted while its job ran (a window closed mid-render, a test torn down) has its
result dropped, never handed to a half-destroyed widget.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

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
        self.dropped = False  # shut_down(): the window is gone, the result is not shown
        self.setAutoDelete(False)

    def run(self) -> None:
        fn, self.fn = self.fn, None  # PySide keeps a started QRunnable alive for good: keep none of the work in it
        try:
            result = fn()
        except Exception as exc:  # reported to the UI thread, which shows it
            log.debug("background job failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def owners_of(*callbacks: Callable | None) -> list[QObject]:
    """The QObjects the callbacks act on: a bound method's object, and the QObjects a closure holds."""
    found: list[QObject] = []
    for cb in callbacks:
        candidates = [getattr(cb, "__self__", None)]
        for cell in getattr(cb, "__closure__", None) or ():
            try:
                candidates.append(cell.cell_contents)
            except ValueError:  # a cell not filled yet
                continue
        candidates += [d for d in (getattr(cb, "__defaults__", None) or ())]
        found += [c for c in candidates if isinstance(c, QObject) and all(c is not f for f in found)]
    return found


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None] | None = None, *,
                      owner: QObject | None = None) -> _Job:
    job = _Job(fn)
    _alive.add(job)
    owners = ([owner] if owner is not None else []) + owners_of(on_done, on_error)

    def finish(cb, value):
        _alive.discard(job)
        # The job's signal object holds the lambdas below, and they hold the job: a cycle through Qt that Python's
        # collector cannot see. Destroying the object here, on the UI thread, drops the lambdas and frees the job.
        job.signals.deleteLater()
        if job.dropped:
            return
        gone = [o for o in owners if not shiboken6.isValid(o)]
        if gone:
            log.debug("background job finished after %s was deleted: result dropped", type(gone[0]).__name__)
            return
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


def shut_down(msecs: int = 120000) -> bool:
    """At quit, after the event loop returned and before the data file closes: let the running jobs finish, drop
    their results, and free their signal objects here, on the GUI thread.

    The jobs run on the process-wide thread pool, which nothing else waits for: a preview still rendering when the
    window closed went on while the interpreter tore down, and pypdfium2's exit handler closed the PDF page the job
    was drawing (segfault at exit, most runs after "Khóa và ký" started a fresh render just before quitting). Their
    signal objects, left for the interpreter's teardown, were destroyed there instead of on this thread.
    Returns False if a job was still running after `msecs`."""
    for job in list(_alive):
        job.dropped = True
    finished = QThreadPool.globalInstance().waitForDone(msecs)
    QCoreApplication.sendPostedEvents()  # the jobs' queued reports: finish() drops them, deleteLater()s the signals
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return finished


def wait_all(msecs: int = 30000) -> bool:
    """Tests and screenshots: wait until every background job finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
