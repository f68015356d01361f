"""The GUI's start: the window opens on its start page with the other pages built on first use, and the start's
automatic backup is taken once the window has painted (launch(), as `socds` runs it)."""
from __future__ import annotations

import shutil
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon

from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.ui import app as gui
from desktop.ui.main_window import SCHOOL_PAGES, MainWindow
from desktop.ui.worker import wait_all


def test_launch_backs_up_after_the_first_paint(qtbot, demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # launch() installs the app's own
    db = shutil.copy(demo_db, tmp_path / "demo.db")
    gui.make_app().setWindowIcon(QIcon())  # the test process's app may have it from an earlier test
    session = gui.launch(str(db))
    qtbot.addWidget(session.window)
    try:
        assert {(s.width(), s.height()) for s in session.app.windowIcon().availableSizes()} >= {(16, 16), (256, 256)}
        assert session.window.isVisible() and session.window.pages.currentWidget() is session.window.dashboard_page
        assert not session.backup.started and backups.list_backups(session.store) == []  # not before the paint
        qtbot.waitUntil(lambda: session.backup.started, timeout=10000)
        assert session.window.first_paint_at is not None and session.window.first_frame_at is not None
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
        assert len(titles) == w.pages.count() == len(SCHOOL_PAGES)  # one placeholder per page, none built yet
        assert [type(p).__name__ for p in w.built_pages()] == ["DashboardPage"]
        assert not w.dashboard_page.stale  # filled before it was shown
        w.nav.setCurrentRow(titles.index("Báo cáo"))
        report = w.pages.currentWidget()
        assert type(report).__name__ == "ReportPage" and report is w.report_page and not report.stale
        code = w.dashboard_page.next_list.item(0).data(Qt.ItemDataRole.UserRole)  # an item to work on next
        report.open_item.emit(code)  # the report page's signal was connected when it was built
        assert w.pages.currentWidget() is w.assessment_page
        store.write("people", {}, {"role": "staff", "full_name": "Giáo viên mới"}, summary="thêm giáo viên")
        w.mark_saved()
        assert w.report_page.stale and "history_page" not in w.__dict__
        undo = next(a for a in w.findChildren(QAction) if a.shortcut().toString() == "Ctrl+Z")
        undo.trigger()  # builds the history page and undoes the last change
        assert "thêm giáo viên" in w.history_page.status.text()
        assert store.db.execute("SELECT count(*) FROM people WHERE full_name = 'Giáo viên mới'").fetchone()[0] == 0
        assert wait_all()  # the report page's preview, rendered off the UI thread, reports back while it exists
        qtbot.wait(50)
        w.close()


def test_the_start_page_loads_no_heavy_library():
    """The window opens on the dashboard: what it imports (and what that imports) must not pull in the libraries
    only exports, signing and workbooks need — they are imported in the functions that use them."""
    import subprocess

    code = ("import sys\nfrom desktop.ui import app\nfrom desktop.ui.pages import dashboard\n"
            "heavy = {'pyhanko', 'cryptography', 'asn1crypto', 'openpyxl', 'reportlab', 'pypdfium2', 'PIL', 'lxml',"
            " 'docx', 'asyncio', 'ssl'}\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
