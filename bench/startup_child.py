"""Child process for the start-up and memory benchmarks: start, paint the first window, report, quit.

`app` mode starts Sổ CĐS on a data file through the `socds` command's own code (desktop.cli.main → run_gui →
launch: logging, opening with its checks and lock, the main window on its start page, the automatic backup after
the first paint); `bare` mode shows an empty PySide6 QMainWindow — the anchor. Both count to the first complete
frame: the event-loop turn after the main window's first paint event, when the window and all its children have
been painted (the app's window notes it itself, MainWindow.first_frame_at), with time.time().

Prints `painted <seconds since spawn> <VmHWM kB>`, then for the app `ready <s>` (the next event-loop turn, after
the work queued on the first paint: the dashboard is filled and takes input) and `backup <s>` (the start's
automatic backup written).
"""
import os
import sys
import time

T0 = float(sys.argv[2]) if len(sys.argv) > 2 else time.time()
mode = sys.argv[1]
marks: dict[str, float] = {}

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


def peak_rss_kb() -> int:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def settle_and_quit() -> None:
    if os.environ.get("BENCH_SETTLE"):  # memory: let the dashboard finish its background work first
        time.sleep(float(os.environ["BENCH_SETTLE"]))
        QApplication.processEvents()
    marks["rss"] = peak_rss_kb()
    QApplication.instance().quit()


def report() -> None:
    print(f"painted {marks['paint']:.4f} {marks['rss']}", flush=True)
    for key in ("ready", "backup"):
        if key in marks:
            print(f"{key} {marks[key]:.4f}", flush=True)


if mode == "bare":
    class FirstPaint(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802
            if ev.type() == QEvent.Paint and not getattr(self, "seen", False):
                self.seen = True
                QTimer.singleShot(0, frame_done)
            return False

    def frame_done() -> None:
        marks["paint"] = time.time() - T0
        settle_and_quit()

    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    win.resize(1280, 720)
    spy = FirstPaint()
    win.installEventFilter(spy)
    win.show()
    app.exec()
    report()
else:
    from desktop import cli
    from desktop.ui import app as gui

    def on_ready() -> None:
        marks["ready"] = time.time() - T0
        session = gui.current_session()
        marks["paint"] = session.window.first_frame_at - T0
        session.backup.wait()
        marks["backup"] = session.backup.finished_at - T0
        settle_and_quit()

    def attach() -> None:  # first loop turn inside run_gui: the window exists and is shown, not yet painted
        window = gui.current_session().window
        # first_painted comes one loop turn after the paint; one more turn and the queued start-up work is done
        window.after_first_paint(lambda: QTimer.singleShot(0, on_ready))

    gui.make_app()  # the same call launch() makes first (it returns this instance), so a timer can be queued
    QTimer.singleShot(0, attach)
    code = cli.main(["--db", sys.argv[3]])
    if code:
        raise SystemExit(f"socds exited with {code}")
    report()
