"""Child process for the start-up and memory benchmarks: start, paint the first window, report, quit.

`app` mode starts Sổ CĐS on a data file exactly as `socds` does (opening, checks, backup, main window);
`bare` mode shows an empty PySide6 QMainWindow — the anchor. Prints `painted <seconds since exec> <VmHWM kB>`.
"""
import os
import sys
import time

T0 = float(sys.argv[2]) if len(sys.argv) > 2 else time.time()
mode = sys.argv[1]

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, obj, ev):  # noqa: N802
        if ev.type() == QEvent.Paint and not getattr(self, "done", False):
            self.done = True
            QTimer.singleShot(0, finish)
        return False


def peak_rss_kb() -> int:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def finish():
    elapsed = time.time() - T0
    if os.environ.get("BENCH_SETTLE"):  # memory: let the dashboard finish its background work first
        time.sleep(float(os.environ["BENCH_SETTLE"]))
        QApplication.processEvents()
    print(f"painted {elapsed:.4f} {peak_rss_kb()}", flush=True)
    QApplication.instance().quit()


if mode == "bare":
    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    win.resize(1280, 720)
else:
    from desktop.core.store.startup import open_for_session
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow

    app = make_app()
    store = open_for_session(sys.argv[3])
    win = MainWindow(store)
spy = FirstPaint()
win.installEventFilter(spy)
win.show()
app.exec()
