"""The GUI's start: the window opens on its start page with the other pages built on first use, and the start's
automatic backup is taken once the window has painted (launch(), as `socds` runs it)."""
from __future__ import annotations

import shutil
import sys

from PySide6.QtGui import QIcon, QShortcut

from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.ui import app as gui
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import wait_all


def test_launch_backs_up_after_the_first_paint(qtbot, demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # launch() installs the app's own
    db = shutil.copy(demo_db, tmp_path / "demo.db")
    gui.make_app().setWindowIcon(QIcon())  # the test process's app may have it from an earlier test
    fonts, real = [], gui._load_font_database
    monkeypatch.setattr(gui, "_load_font_database", lambda: fonts.append(real()) or fonts[-1])
    session = gui.launch(str(db))
    qtbot.addWidget(session.window)
    try:
        # the font database was read on a helper thread, which is over when the launch returns
        assert [t.name for t in fonts] == ["font-database"] and not fonts[0].is_alive()
        assert session.window.isVisible() and session.window.pages.currentWidget() is session.window.dashboard_page
        assert session.app.windowIcon().isNull()  # the icon too comes after the first paint
        assert not session.backup.started and backups.list_backups(session.store) == []  # not before the paint
        qtbot.waitUntil(lambda: session.backup.started, timeout=10000)
        assert session.window.first_paint_at is not None and session.window.first_frame_at is not None
        qtbot.waitUntil(lambda: not session.app.windowIcon().isNull(), timeout=10000)  # set after the first paint
        assert {(s.width(), s.height()) for s in session.app.windowIcon().availableSizes()} >= {(16, 16), (256, 256)}
        assert session.backup.wait(30)
        assert [b.path for b in backups.list_backups(session.store)] == [session.backup.path]
        backups.check_backup_file(session.backup.path)
    finally:
        session.window.close()
        session.close()


def test_pages_are_built_when_first_needed(qtbot, demo_db, tmp_path):
    db = shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        titles = [w.nav.item(i).text() for i in range(w.nav.count())]
        assert len(titles) == w.pages.count() == 9
        assert [type(p).__name__ for p in w.built_pages()] == ["DashboardPage"]
        assert not w.dashboard_page.stale  # filled before it was shown
        w.nav.setCurrentRow(titles.index("Báo cáo"))
        report = w.pages.currentWidget()
        assert type(report).__name__ == "ReportPage" and report is w.report_page and not report.stale
        code = w.dashboard_page.next_list.item(0).data(256)  # Qt.UserRole: an item to work on next
        report.open_item.emit(code)  # the report page's signal was connected when it was built
        assert w.pages.currentWidget() is w.assessment_page
        store.write("people", {}, {"role": "staff", "full_name": "Giáo viên mới"}, summary="thêm giáo viên")
        w.mark_saved()
        assert w.report_page.stale and "history_page" not in w.__dict__
        def undo_shortcut():  # added once the window has painted
            return next((s for s in w.findChildren(QShortcut) if s.key().toString() == "Ctrl+Z"), None)

        qtbot.waitUntil(lambda: undo_shortcut() is not None, timeout=10000)
        undo = undo_shortcut()
        undo.activated.emit()  # builds the history page and undoes the last change
        assert "thêm giáo viên" in w.history_page.status.text()
        assert store.conn.execute("SELECT count(*) FROM people WHERE full_name = 'Giáo viên mới'").fetchone()[0] == 0
        assert wait_all()  # the report page's preview, rendered off the UI thread, reports back while it exists
        qtbot.wait(50)
        w.close()


def test_gui_start_runs_without_automatic_collection_and_freezes_the_start_at_the_first_paint(monkeypatch, tmp_path):
    import gc

    from desktop import cli

    from desktop.core import logs

    seen = []
    monkeypatch.setattr(logs, "setup_logging", lambda: tmp_path / "socds.log")  # no handler left in this process
    def run_gui(db, smoke, opening):
        seen.append((db, gc.isenabled()))
        store = opening.result()  # opened meanwhile on a helper thread: checked, locked, marked
        assert store.path == tmp_path / "x.db" and store.get_setting("_session_open")
        store.close()
        return 0

    monkeypatch.setattr(gui, "run_gui", run_gui)
    try:
        assert cli.main(["--db", str(tmp_path / "x.db")]) == 0
        assert seen == [(str(tmp_path / "x.db"), False)]
        gui._collect_again()  # what the window does after its first paint
        # what the start made is frozen; collection stays with gc_guard's timer on the GUI thread
        assert not gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
