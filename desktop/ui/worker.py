"""Run slow work off the UI thread: a QRunnable on the global QThreadPool that reports back by signal.

Only plain values cross threads. The store's connection is shared (check_same_thread=False, guarded by the
store's own lock), so a job may read through it; UI widgets are touched only in the callbacks, on the UI thread.

A callback runs only while the widgets it belongs to still exist: its owners are the QObject given as `owner`, the
object of a bound method, and every QObject a closure or lambda holds (the page's `self` in `lambda r:
self._show(r)`). A page closed or deleted while its job ran (a window closed mid-render, a test torn down) has its
result dropped, never handed to a half-destroyed widget.

Every job reports through one long-lived object on the GUI thread (`_Reporter`), keyed by a number; the runnable
itself holds no QObject and is deleted by the pool once it has run. (Earlier each job had its own signal object and
the runnable was kept, autoDelete off: PySide keeps a started runnable of that kind for the rest of the process,
so every preview, export and verification left one runnable and one dead signal object behind — about five a
round of the school soak, without end.)
"""
from __future__ import annotations

import itertools
import logging
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("socds.ui")


@dataclass
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None
    owners: list[QObject] = field(default_factory=list)
    dropped: bool = False  # shut_down(): the window is gone, the result is not shown


_alive: dict[int, _Pending] = {}  # the jobs that have not reported yet, by key (touched on the GUI thread only)
_keys = itertools.count(1)


class _Reporter(QObject):
    """Lives on the GUI thread for the whole application: a job's report, emitted on a pool thread, is queued to it."""

    report = Signal(object, object, object)  # key, ok, result or exception

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.report.connect(self.deliver)

    def deliver(self, key: int, ok: bool, value: Any) -> None:
        pending = _alive.pop(key, None)
        if pending is None or pending.dropped:
            return
        gone = [o for o in pending.owners if not shiboken6.isValid(o)]
        if gone:
            log.debug("background job finished after %s was deleted: result dropped", type(gone[0]).__name__)
            return
        if ok:
            pending.on_done(value)
        else:
            (pending.on_error or _default_error)(value)


_reporter: _Reporter | None = None


def _the_reporter() -> _Reporter:
    global _reporter
    if _reporter is None or not shiboken6.isValid(_reporter):
        _reporter = _Reporter(QCoreApplication.instance())
    return _reporter


class _Job(QRunnable):
    """Holds the work and the key, nothing of Qt: the pool deletes it on its own thread once run() returns."""

    def __init__(self, key: int, fn: Callable[[], Any], reporter: _Reporter):
        super().__init__()
        self.key, self.fn, self.report = key, fn, reporter.report

    def run(self) -> None:
        fn, self.fn = self.fn, None  # nothing of the work outlives the run
        report, self.report = self.report, None
        try:
            result = fn()
        except Exception as exc:  # reported to the UI thread, which shows it
            log.debug("background job failed:\n%s", traceback.format_exc())
            report.emit(self.key, False, exc)
        else:
            report.emit(self.key, True, result)


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
                      owner: QObject | None = None) -> None:
    """Run `fn` on the pool; then, on the GUI thread, `on_done(result)` or `on_error(exception)` (a message box if
    none) — unless an owner was deleted meanwhile or the application is shutting down."""
    key = next(_keys)
    owners = ([owner] if owner is not None else []) + owners_of(on_done, on_error)
    _alive[key] = _Pending(on_done, on_error, owners)
    QThreadPool.globalInstance().start(_Job(key, fn, _the_reporter()))


def _default_error(exc: Exception) -> None:
    from desktop.core.errors import UserError
    from desktop.ui.errors import show_unexpected, show_user_error

    if isinstance(exc, UserError):
        show_user_error(None, exc)
    else:
        log.error("background job failed: %r", exc)
        show_unexpected(None)


def shut_down(msecs: int = 120000) -> bool:
    """At quit, after the event loop returned and before the data file closes: let the running jobs finish and drop
    their results, here, on the GUI thread.

    The jobs run on the process-wide thread pool, which nothing else waits for: a preview still rendering when the
    window closed went on while the interpreter tore down, and pypdfium2's exit handler closed the PDF page the job
    was drawing (segfault at exit, most runs after "Khóa và ký" started a fresh render just before quitting).
    Returns False if a job was still running after `msecs`."""
    for pending in _alive.values():
        pending.dropped = True
    finished = QThreadPool.globalInstance().waitForDone(msecs)
    QCoreApplication.sendPostedEvents()  # the jobs' queued reports: delivered and dropped
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return finished


def wait_all(msecs: int = 30000) -> bool:
    """Tests and screenshots: wait until every background job finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
