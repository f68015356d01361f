"""A finished background job leaves nothing behind: after many jobs the number of live Qt wrapper objects is what
it was before them (the school soak runs about five jobs a round — preview, export, verification — all day).

Before: each job's runnable (autoDelete off) was kept by PySide for the rest of the process, with its dead signal
object: 2 wrappers more per job, without end."""
from __future__ import annotations

import gc

import shiboken6

from desktop.ui.worker import run_in_background, wait_all

JOBS = 100


def qt_wrappers() -> int:
    gc.collect()
    return sum(isinstance(o, shiboken6.Object) for o in gc.get_objects())


def run_jobs(qtbot, n: int) -> None:
    done, failed = [], []
    for i in range(n):
        if i % 4:
            run_in_background(lambda i=i: i * 2, done.append)
        else:  # the error path too
            run_in_background(lambda: 1 / 0, lambda r: None, failed.append)
    assert wait_all()
    qtbot.waitUntil(lambda: len(done) + len(failed) == n, timeout=20000)
    assert sorted(done) == [i * 2 for i in range(n) if i % 4] and len(failed) == n // 4
    qtbot.wait(20)  # a turn of the event loop: anything handed to deleteLater() is gone


def test_finished_jobs_leave_no_qt_objects(qtbot):
    run_jobs(qtbot, 4)  # the first job makes what lives for the whole application
    before = qt_wrappers()
    run_jobs(qtbot, JOBS)
    after = qt_wrappers()
    assert after - before < 5, f"{after - before} Qt wrapper objects more after {JOBS} finished jobs"
