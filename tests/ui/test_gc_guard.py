"""Cyclic garbage holding Qt objects is freed on the GUI thread, never on a worker that happens to allocate, and a
finished background job lets go of its work, its callbacks and what they hold (its signal object held them in a
cycle Python's collector cannot see)."""
from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from desktop.ui import gc_guard
from desktop.ui.worker import run_in_background, wait_all


class _Cyclic(QObject):
    freed_on: list[str] = []

    def __init__(self):
        super().__init__()
        self.me = self  # a cycle: only the collector frees it

    def __del__(self):
        _Cyclic.freed_on.append(threading.current_thread().name)


def test_cycles_are_collected_on_the_gui_thread_only(qtbot):
    assert gc_guard.installed() and not gc.isenabled()
    _Cyclic.freed_on.clear()
    _Cyclic()

    kept = []

    def allocate():  # containers kept alive: far past the youngest generation's threshold, as a render does
        kept.extend([] for _ in range(50_000))

    worker = threading.Thread(target=allocate, name="allocating-worker")
    worker.start()
    worker.join()
    assert _Cyclic.freed_on == []  # nothing collected on the worker
    # a timer turn or two; the wait is generous for a loaded machine and ends as soon as the cycle is freed
    qtbot.waitUntil(lambda: bool(_Cyclic.freed_on), timeout=20 * gc_guard.INTERVAL_MS)
    assert _Cyclic.freed_on == [threading.main_thread().name]
    kept.clear()


def test_a_finished_job_lets_go_of_its_work_and_callbacks(qtbot):
    class Held:
        pass

    held, done = Held(), []
    ref = weakref.ref(held)
    run_in_background(lambda h=held: 42, lambda r, h=held: done.append(r))
    del held
    assert wait_all()
    qtbot.waitUntil(lambda: done == [42])
    qtbot.waitUntil(lambda: ref() is None, timeout=10000)
