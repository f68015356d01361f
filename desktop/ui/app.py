"""Starting the GUI: the QApplication, opening the data file (with its failure paths), the main window.

`launch()` is everything `socds` does before the event loop; `run_gui()` is launch, the loop, then close. The
start-up benchmark (bench/startup_child.py) goes through the same `socds` path (desktop.cli.main); for the bundled
program it reads the first frame's time through SOCDS_BENCH_PAINT_FD (see _bench_report).
"""
from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.core.errors import DataFileError, DataFileLocked, UserError
from desktop.core.paths import default_db_path, resource
from desktop.core.store.db import Store, WalLostError
from desktop.core.store.startup import AutoBackup, Opening, open_for_session, take_auto_backup

# The domain modules the start page (the dashboard) reads, imported before PySide6 on purpose: once PySide6 is
# imported, its import hook (shibokensupport.feature) reads the source of every module imported after it to see
# whether it uses PySide; modules already imported are never read (~10 ms at start-up, issue 11).
# tests/ui/test_startup.py fails when the start page imports a desktop.core module this list misses.
START_CORE_MODULES = (
    "desktop.core.store.profile", "desktop.core.store.assessments", "desktop.core.store.overview",
    "desktop.core.store.plan_store", "desktop.core.store.checklist", "desktop.core.calendar",
    "desktop.core.commune.mode", "desktop.core.commune.requests", "desktop.core.demo_day",
)
for _name in START_CORE_MODULES:
    importlib.import_module(_name)

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.ui import gc_guard  # noqa: E402
from desktop.ui.errors import install_excepthook  # noqa: E402


def make_app(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication; `icon`: set the app icon now (launch() sets it once the window has painted: QIcon's type
    and its ~150 theme-icon names are built on first use, ~2 ms the first frame does not need, issue 11)."""
    # Qt's raster engine hands image fills and conversions above a small size to a thread pool and waits for it;
    # for widget-sized work (group box frames, list rows) the hand-off costs more than the work (first frame
    # ~1 ms, later repaints about twice as fast without it). Read once by Qt, before the pool is first needed.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    gc_guard.install(app)  # cyclic garbage is collected on this thread only (gc_guard.py says why)
    app.setApplicationName("SoCDS")
    app.setOrganizationName("SoCDS")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    if icon:
        app.setWindowIcon(app_icon())
    return app


def app_icon():
    from PySide6.QtGui import QIcon

    # PNGs, not the SVG: no svg plugin needed, and each size is drawn for its size (build/make_icons.py).
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(resource("icons", f"socds-{size}.png")))
    return icon


def ask_wal_choice(err: WalLostError, good: Path | None) -> str:
    """'restore', 'keep' or 'cancel' for a file whose -wal companion went missing."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Warning, "Tệp dữ liệu có thể thiếu thay đổi gần nhất", err.message)
    restore = box.addButton(f"Khôi phục bản sao lưu {good.name}", QMessageBox.AcceptRole) if good else None
    keep = box.addButton("Tiếp tục dùng tệp hiện tại", QMessageBox.DestructiveRole)
    box.addButton("Thoát", QMessageBox.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "restore" if restore is not None and clicked is restore else "keep" if clicked is keep else "cancel"


def open_store_interactively(db: str | None, *, backup: bool = True, opening: Opening | None = None):
    """Open the data file; on damage offer the latest good backup. Returns a Store or None (user gave up).
    `backup`: take the automatic backup now (False: the caller takes it, see launch). `opening`: the file is
    already being opened on a helper thread (cli.main): its outcome is taken instead."""
    path = opening.path if opening is not None else Path(db) if db else default_db_path()
    try:
        if opening is not None:
            store = opening.result()
            if backup:
                take_auto_backup(store)
            return store
        return open_for_session(path, backup=backup)
    except (DataFileLocked, DataFileError) as err:
        return _after_failed_open(path, err, backup)


def _after_failed_open(path: Path, err: UserError, backup: bool):
    from PySide6.QtWidgets import QMessageBox  # only the failure paths show one (its type costs ~2 ms at start-up)

    QApplication.instance().setWindowIcon(app_icon())  # the dialogs come before the main window

    if isinstance(err, DataFileLocked):
        QMessageBox.warning(None, "Tệp dữ liệu đang được dùng", err.message)
        return None
    from desktop.core.store import backup as backups  # only the failure paths need it

    good = backups.latest_good_backup(path)
    if isinstance(err, WalLostError):
        # The file itself is sound but may miss its last changes: restoring a backup could lose even more, so the
        # user may also choose to go on with the file as it is.
        choice = ask_wal_choice(err, good)
        if choice == "keep":
            return open_for_session(path, backup=backup, accept_wal_loss=True)
        if choice == "restore" and good is not None:
            backups.restore_damaged(path, good)
            return open_for_session(path, backup=backup)
        return None
    if good is None:
        QMessageBox.critical(None, "Tệp dữ liệu bị hỏng", err.message + "\n\nKhông tìm thấy bản sao lưu nào còn tốt.")
        return None
    answer = QMessageBox.question(
        None, "Tệp dữ liệu bị hỏng",
        f"{err.message}\n\nBản sao lưu tốt gần nhất: {good.name}.\nKhôi phục từ bản này? "
        "(Tệp hỏng vẫn được giữ lại bên cạnh.)")
    if answer != QMessageBox.Yes:
        return None
    backups.restore_damaged(path, good)
    return open_for_session(path, backup=backup)


class Session:
    """A started GUI: the window shown on the open data file, and the automatic backup of this start."""

    def __init__(self, app: QApplication, window: "MainWindow", store: Store, backup: AutoBackup | None):
        self.app, self.window, self.store, self.backup = app, window, store, backup

    def close(self) -> None:
        """After the event loop: the start's backup finishes (or is taken now), then the file is closed."""
        global _current
        if _current is self:
            _current = None
        try:
            if self.backup is not None:
                self.backup.wait()
        finally:
            self.store.close()


_current: Session | None = None


def current_session() -> Session | None:
    """The GUI started in this process, if any (the start-up benchmark reads its timings)."""
    return _current


def launch(db: str | None = None, smoke: bool = False, opening: Opening | None = None) -> Session | int:
    """Open the data file and show the main window on its start page; an exit code if that cannot be done.

    The automatic backup starts once the window has painted (on its own thread and connection), so the school's
    data is on screen without waiting for it. A smoke run takes no backup and shows no dialog. `opening`: the file
    is already being opened (desktop.core.store.startup.Opening, started by cli.main before Qt loads).
    """
    session = None
    try:
        session = _launch(db, smoke, opening)
        return session
    finally:
        if not isinstance(session, Session) and not gc_guard.installed():
            gc.enable()  # `socds` starts with it off (cli.main) and failed before the app took collection over


def _launch(db: str | None, smoke: bool, opening: Opening | None) -> Session | int:
    global _current
    app = make_app(icon=False)
    fonts = _load_font_database()  # while the window's modules are imported
    try:
        started = _open_window(app, db, smoke, opening)
    finally:
        fonts.join()  # long done by now (the first text measured needed it); never left running past the launch
    if isinstance(started, Session):
        _current = started
    return started


def _open_window(app: QApplication, db: str | None, smoke: bool, opening: Opening | None) -> Session | int:
    from desktop.ui.fonts import apply_font_scale
    from desktop.ui.main_window import MainWindow

    install_excepthook()
    apply_font_scale()
    if smoke:
        # No dialogs in a smoke run: any failure is an exit code.
        try:
            store = opening.result() if opening else open_for_session(Path(db) if db else default_db_path(),
                                                                      backup=False)
        except UserError as err:
            print(f"Lỗi: {err.message}", file=sys.stderr)
            return err.exit_code
    else:
        store = open_store_interactively(db, backup=False, opening=opening)
        if store is None:
            return 4
    try:
        window = MainWindow(store)
        window.after_first_paint(_collect_again)
        window.after_first_paint(lambda: app.setWindowIcon(app_icon()))
        auto = None if smoke else AutoBackup(store)
        if auto is not None:
            window.after_first_paint(auto.start)
        if os.environ.get(BENCH_PAINT_FD):
            window.after_first_paint(lambda: _bench_report(window, app))
        window.show()
    except BaseException:
        store.close()
        raise
    return Session(app, window, store, auto)


def _load_font_database() -> threading.Thread:
    """Read the system's fonts into Qt's font database on a helper thread (QFontDatabase is thread-safe and
    releases the GIL): the first text the window measures needs it, and reading it meanwhile overlaps the imports
    of the window's modules. ~3 ms with this machine's 35 fonts; Windows PCs have hundreds."""
    from PySide6.QtGui import QFontDatabase

    thread = threading.Thread(target=QFontDatabase.families, name="font-database")
    thread.start()
    return thread


def _collect_again() -> None:
    """After the first paint: what the start made stays (frozen: the collector will not walk the ~30,000 objects of
    the imports and the window again, ~3 ms a pass; the few hundred start-up leftovers in cycles are kept). What
    comes next is collected by gc_guard's timer on this thread, as the app does from make_app() on."""
    gc.freeze()


BENCH_PAINT_FD = "SOCDS_BENCH_PAINT_FD"


def _bench_report(window: "MainWindow", app: QApplication) -> None:
    """bench/bench_startup.py times the bundled program, which it cannot hook into as it does the source: with
    SOCDS_BENCH_PAINT_FD=N set, `socds` writes "painted <time.time() of the first complete frame>" to file
    descriptor N, then quits as if the user closed the window (the start's backup still finishes first)."""
    os.write(int(os.environ[BENCH_PAINT_FD]), f"painted {window.first_frame_at:.6f}\n".encode())
    app.quit()


def run_gui(db: str | None = None, smoke: bool = False, opening: Opening | None = None) -> int:
    session = launch(db, smoke, opening)
    if isinstance(session, int):
        return session
    try:
        if smoke:
            QTimer.singleShot(0, session.app.quit)
        return session.app.exec()
    finally:
        session.close()
