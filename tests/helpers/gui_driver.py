"""Drive the real `socds` entry from inside its own process: `python -m tests.helpers.gui_driver SCENARIO DB`.

The program starts exactly as `socds --db DB` does (desktop.cli.main: the data file opened on its helper thread,
make_app, the window, the event loop, Session.close, the interpreter's exit); the only addition is a timer, set
once the QApplication exists, that runs the scenario on the GUI thread once the window is up. A scenario drives
the window as a user would (pages, buttons, dialogs) and ends by closing the window; the process then exits the
way the user's program does, so a crash at quit shows as the exit status. The exit code is printed last as
"exit N" (a segfault or abort never gets that far).
"""
from __future__ import annotations

import sys
import traceback
from typing import Callable

SCENARIOS: dict[str, Callable] = {}


def scenario(fn: Callable) -> Callable:
    SCENARIOS[fn.__name__.replace("_", "-")] = fn
    return fn


def close_modal_soon(ms: int = 200) -> None:
    """Accept the modal dialog that is about to open (its exec() blocks the scenario until then)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, close)
        else:
            dialog.accept()

    QTimer.singleShot(ms, close)


@scenario
def sign_dialog_then_quit(window, argv) -> None:
    """Open "Khóa và ký" on the report page, close it, and quit at once (issue 15: abort at exit)."""
    window.show_page(window.report_page)
    close_modal_soon()
    window.report_page.open_sign_dialog()
    window.close()


def watch_for_messages() -> None:
    """No scenario expects a message box: one that opens (an error shown to the user) is reported on stderr as
    "unexpected message: ..." and closed, so the run goes on and the test fails on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def check():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print(f"unexpected message: {box.text()!r}", file=sys.stderr, flush=True)
            box.close()
        QTimer.singleShot(300, check)

    QTimer.singleShot(300, check)


def run(name: str, db: str, argv: list[str]) -> int:
    from PySide6.QtCore import QTimer

    import desktop.ui.app as app_module
    import tests.helpers.soak  # noqa: F401 - registers the soak scenarios
    from tests.helpers import gui_driver as registry  # this file under its import name (it runs as __main__)
    from desktop.cli import main

    make_app = app_module.make_app

    def main_window():
        from PySide6.QtWidgets import QApplication

        from desktop.ui.main_window import MainWindow

        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)

    def when_up():
        window = main_window()
        if window is None:  # make_app runs before the window exists
            QTimer.singleShot(50, when_up)
        else:
            watch_for_messages()
            try:
                registry.SCENARIOS[name](window, argv)
            except BaseException:  # reported (the test fails on it) and the window closed: no hang
                traceback.print_exc()
                window.close()

    def make_app_then_drive(*args, **kwargs):
        app = make_app(*args, **kwargs)
        QTimer.singleShot(0, when_up)
        return app

    app_module.make_app = make_app_then_drive
    return main(["--db", db])


if __name__ == "__main__":
    code = run(sys.argv[1], sys.argv[2], sys.argv[3:])
    print(f"exit {code}", flush=True)
    sys.exit(code)
