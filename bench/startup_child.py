"""Child process for the start-up and memory benchmarks: start, paint the first window, report, quit.

`app` mode starts Sổ CĐS on a data file through the `socds` command's own code (desktop.cli.main → run_gui →
launch: logging, opening with its checks and lock, the main window on its start page, the automatic backup after
the first paint); `bare` mode shows an empty PySide6 QMainWindow — the anchor; `floor` mode is the bare window
plus what any start of ours costs before our own code runs: `import sqlite_utils` (the store's way into the
data, imported before PySide6 as the app's start does), PySide6's `Qt` namespace (its enums are built on its
first import) and a label with Vietnamese text (the text engine and its font). Both count to the first complete
frame: the event-loop turn after the main window's first paint event, when the window and all its children have
been painted (the app's window notes it itself, MainWindow.first_frame_at), with time.time().

In `app` mode nothing is imported before desktop.cli.main, so modules load in the order a real launch loads them
(what is imported before PySide6 matters: PySide's import hook reads the source of every module imported after
it). The child hooks in when desktop.ui.app has been imported, by wrapping its `launch`.

Prints `painted <seconds since spawn> <VmHWM kB>`, then for the app `ready <s>` (the next event-loop turn, after
the work queued on the first paint: the dashboard is filled and takes input) and `backup <s>` (the start's
automatic backup written) and `cpu <s>`: the process's CPU time (all threads) when the window took input (the
bare window: at its first frame), less sensitive than wall time to other processes on a busy machine.
"""
import os
import sys
import time

T0 = float(sys.argv[2]) if len(sys.argv) > 2 else time.time()
mode = sys.argv[1]
marks: dict[str, float] = {}


def peak_rss_kb() -> int:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def settle_and_quit() -> None:
    from PySide6.QtWidgets import QApplication

    if os.environ.get("BENCH_SETTLE"):  # memory: let the dashboard finish its background work first
        time.sleep(float(os.environ["BENCH_SETTLE"]))
        QApplication.processEvents()
    marks["rss"] = peak_rss_kb()
    QApplication.instance().quit()


def report() -> None:
    print(f"painted {marks['paint']:.4f} {marks['rss']}", flush=True)
    for key in ("ready", "backup", "cpu"):
        if key in marks:
            print(f"{key} {marks[key]:.4f}", flush=True)


if mode in ("bare", "floor"):
    if mode == "floor":
        import sqlite_utils  # noqa: F401  (imported before PySide6, as the app's start does)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    if mode == "floor":
        from PySide6.QtCore import Qt  # noqa: F401  (its enums are built here, on its first import)

    class FirstPaint(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Paint and not getattr(self, "seen", False):
                self.seen = True
                QTimer.singleShot(0, frame_done)
            return False

    def frame_done() -> None:
        marks["paint"] = time.time() - T0
        marks["cpu"] = time.process_time()
        settle_and_quit()

    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    win.resize(1280, 720)
    if mode == "floor":
        win.setCentralWidget(QLabel("Tổng quan — Trường THCS Nguyễn Du, năm học 2026–2027"))
    spy = FirstPaint()
    win.installEventFilter(spy)
    win.show()
    app.exec()
    report()
else:
    import importlib.machinery

    def on_ready(session) -> None:
        marks["ready"] = time.time() - T0
        marks["cpu"] = time.process_time()
        marks["paint"] = session.window.first_frame_at - T0
        session.backup.wait()
        marks["backup"] = session.backup.finished_at - T0
        settle_and_quit()

    def hook(gui) -> None:
        """desktop.ui.app was just imported: watch the window `launch` returns (shown, not yet painted)."""
        launch = gui.launch

        def watched_launch(*args, **kwargs):
            session = launch(*args, **kwargs)
            if not isinstance(session, int):
                from PySide6.QtCore import QTimer

                # first_painted comes one loop turn after the paint; one more turn and the queued work is done
                session.window.after_first_paint(lambda: QTimer.singleShot(0, lambda: on_ready(session)))
            return session

        gui.launch = watched_launch

    class AfterImport:
        """A meta-path finder that only finds desktop.ui.app, to call hook() once its module has run."""

        def find_spec(self, name, path=None, target=None):
            if name != "desktop.ui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                hook(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, AfterImport())
    from desktop import cli

    code = cli.main(["--db", sys.argv[3]])
    if code:
        raise SystemExit(f"socds exited with {code}")
    report()
