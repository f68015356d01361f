"""Python's cyclic garbage collector runs on the GUI thread only, while the GUI runs.

Left automatic, a collection starts in whichever thread happens to allocate when a threshold is crossed: a preview
render, an export, the start's backup, an intake worker. A cycle it frees can hold Qt objects (a closed
window, a page) whose C++ side must be destroyed on the GUI thread; freed on a render thread it crashed the test
run (segfault with "Garbage-collecting" on that thread, about 1 run in 10 with both cores busy). So `install()`
turns automatic collection off and a timer on the GUI thread collects the oldest generation whose threshold was
crossed: the collector's own policy, moved to the one thread where freeing Qt objects is safe. Reference counting,
which frees everything not in a cycle, is unchanged. (The PyQt community's "GarbageCollector" recipe.)
"""
from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
_collector: "_Collector | None" = None


class _Collector(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return


def install(app: QCoreApplication) -> None:
    """Collect on `app`'s (the GUI) thread from now on; idempotent."""
    global _collector
    gc.disable()
    if _collector is None or not shiboken6.isValid(_collector):
        _collector = _Collector(app)


def installed() -> bool:
    return _collector is not None and shiboken6.isValid(_collector)
