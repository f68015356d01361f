"""Starting the GUI: the QApplication, opening the data file (with its failure paths), the main window.

`launch()` is everything `socds` does before the event loop; `run_gui()` is launch, the loop, then close. The
start-up benchmark (bench/startup_child.py) goes through the same `socds` path (desktop.cli.main); for the bundled
program it reads the first frame's time through SOCDS_BENCH_PAINT_FD (see _bench_report).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.core.errors import DataFileError, DataFileLocked, UserError
from desktop.core.paths import default_db_path, resource
from desktop.core.store import backup as backups
from desktop.core.store.db import Store, WalLostError
from desktop.core.store.startup import AutoBackup, open_for_session
from desktop.ui import gc_guard, qt_vietnamese
from desktop.ui.errors import install_excepthook
from desktop.ui.fonts import apply_font_scale
from desktop.ui.main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with the app's names and icon."""
    # Qt's raster engine hands image fills and conversions above a small size to a thread pool and waits for it;
    # for widget-sized work (group box frames, list rows) the hand-off costs more than the work (later repaints
    # about twice as fast without it). Read once by Qt, before the pool is first needed.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    gc_guard.install(app)  # cyclic garbage is collected on this thread only (gc_guard.py says why)
    qt_vietnamese.install(app)  # Qt's standard buttons and file dialog in Vietnamese (no qtbase_vi.qm exists)
    app.setApplicationName("SoCDS")
    app.setOrganizationName("SoCDS")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    # PNGs, not the SVG: no svg plugin needed, and each size is drawn for its size (build/make_icons.py).
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(resource("icons", f"socds-{size}.png")))
    return icon


def ask_wal_choice(err: WalLostError, good: Path | None) -> str:
    """'restore', 'keep' or 'cancel' for a file whose -wal companion went missing."""
    box = QMessageBox(QMessageBox.Warning, "Tệp dữ liệu có thể thiếu thay đổi gần nhất", err.message)
    restore = box.addButton(f"Khôi phục bản sao lưu {good.name}", QMessageBox.AcceptRole) if good else None
    keep = box.addButton("Tiếp tục dùng tệp hiện tại", QMessageBox.DestructiveRole)
    box.addButton("Thoát", QMessageBox.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "restore" if restore is not None and clicked is restore else "keep" if clicked is keep else "cancel"


def open_store_interactively(db: str | None, *, backup: bool = True) -> Store | None:
    """Open the data file; on damage offer the latest good backup. Returns a Store or None (user gave up).
    `backup`: take the automatic backup now (False: the caller takes it, see launch)."""
    path = Path(db) if db else default_db_path()
    try:
        try:
            return open_for_session(path, backup=backup)
        except (DataFileLocked, DataFileError) as err:
            return _after_failed_open(path, err, backup)
    except UserError as err:  # the disk (full, read-only) at open or during a restore: the file is as it was
        QMessageBox.critical(None, "Không mở được tệp dữ liệu", err.message)
        return None


def _after_failed_open(path: Path, err: UserError, backup: bool) -> Store | None:
    if isinstance(err, DataFileLocked):
        QMessageBox.warning(None, "Tệp dữ liệu đang được dùng", err.message)
        return None
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

    def __init__(self, app: QApplication, window: MainWindow, store: Store, backup: AutoBackup | None):
        self.app, self.window, self.store, self.backup = app, window, store, backup

    def close(self) -> None:
        """After the event loop: the start's backup finishes (or is taken now), then the file is closed."""
        from desktop.ui import worker

        try:
            worker.shut_down()  # background jobs end before the file closes and the interpreter tears down
            if self.backup is not None:
                self.backup.wait()
        finally:
            self.store.close()


def launch(db: str | None = None, smoke: bool = False) -> Session | int:
    """Open the data file and show the main window on its start page; an exit code if that cannot be done.

    The automatic backup starts once the window has painted (on its own thread and connection), so the school's
    data is on screen without waiting for it. A smoke run takes no backup and shows no dialog.
    """
    app = make_app()
    install_excepthook()
    apply_font_scale()
    if smoke:
        # No dialogs in a smoke run: any failure is an exit code.
        try:
            store = open_for_session(Path(db) if db else default_db_path(), backup=False)
        except UserError as err:
            print(f"Lỗi: {err.message}", file=sys.stderr)
            return err.exit_code
    else:
        store = open_store_interactively(db, backup=False)
        if store is None:
            return 4
    try:
        window = MainWindow(store)
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


BENCH_PAINT_FD = "SOCDS_BENCH_PAINT_FD"


def _bench_report(window: MainWindow, app: QApplication) -> None:
    """bench/bench_startup.py times the bundled program, which it cannot hook into as it does the source: with
    SOCDS_BENCH_PAINT_FD=N set, `socds` writes "painted <time.time() of the first complete frame>" to file
    descriptor N, then quits as if the user closed the window (the start's backup still finishes first)."""
    os.write(int(os.environ[BENCH_PAINT_FD]), f"painted {window.first_frame_at:.6f}\n".encode())
    app.quit()


def run_gui(db: str | None = None, smoke: bool = False) -> int:
    session = launch(db, smoke)
    if isinstance(session, int):
        return session
    try:
        if smoke:
            QTimer.singleShot(0, session.app.quit)
        return session.app.exec()
    finally:
        session.close()
