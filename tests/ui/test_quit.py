"""Quitting is clean: the real `socds` entry, after "Khóa và ký" was opened, exits 0 with no Qt warning about deleted
objects (issue 15: segfault/abort at exit, "shared QObject was deleted directly")."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from desktop.core.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import wait_all
from tests.helpers.gui_driver import close_modal_soon

ROOT = Path(__file__).resolve().parents[2]
DELETED_WARNINGS = ("shared QObject was deleted directly", "QThread: Destroyed while thread", "already deleted",
                    "Fatal Python error")


def run_entry(scenario: str, db: Path, home: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCDS_HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.run([sys.executable, "-m", "tests.helpers.gui_driver", scenario, str(db)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_quit_right_after_the_sign_dialog_exits_cleanly(demo_db, tmp_path, _isolated_home):
    """Before the fix: the preview render started when the dialog closed was still running while the interpreter
    tore down (segfault in 6 of 6 runs here), and the dialog, kept as the page's child, was destroyed in that
    teardown too."""
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    for _ in range(2):
        out = run_entry("sign-dialog-then-quit", db, _isolated_home)
        assert out.returncode == 0, f"exit status {out.returncode}\n{out.stderr[-3000:]}"
        assert "exit 0" in out.stdout
        assert not [w for w in DELETED_WARNINGS if w in out.stderr], out.stderr[-3000:]


def test_the_sign_dialog_does_not_outlive_its_use(qtbot, demo_db, tmp_path):
    """The dialog, held only by its buttons' connections once closed, used to stay a child of the report page until
    the window's teardown, where dropping those connections released it in the middle of its own destruction."""
    from desktop.ui.dialogs.sign import SignDialog

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(db)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    try:
        page = w.report_page
        w.show_page(page)
        close_modal_soon()
        page.open_sign_dialog()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert page.findChildren(SignDialog) == []
    finally:
        wait_all()
        w.close()
        store.close()
