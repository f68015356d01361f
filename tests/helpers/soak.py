"""The soak scenarios for tests/helpers/gui_driver.py: the real app, driven round after round for a set time.

`soak-school DB SECONDS WORK`: every page of school mode; each round answers and undoes, adds/ticks/removes a
staff row, moves a task, edits the report (and waits for its preview), exports it, verifies the export, opens and
closes "Khóa và ký", and every fifth round takes a backup.
`soak-authority DB SECONDS WORK INTAKE_FOLDER ROSTER`: every page of authority mode; each round refreshes the
overview, filters it, re-imports the roster through its file dialog, takes in the intake folder again, exports
the roll-up through its folder dialog, sends a request for changes, and toggles a school.

After each round the driver prints `round N rss_kb R seconds S`; at the end it closes the window and the program
exits as the user's does. Dialogs are answered the way a user would: the modal dialog that opens is found and
accepted (file dialogs are given their path first).
"""
from __future__ import annotations

import time
import traceback
from decimal import Decimal
from pathlib import Path

from tests.helpers.gui_driver import close_modal_soon, scenario


def rss_kb() -> int:
    import os

    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def malloc_kb() -> str:
    """glibc's own account (mallinfo2): bytes handed out by malloc, and bytes freed but kept in its arenas — the
    part of RSS that a program's objects no longer use. Empty where there is no glibc 2.33+ (Windows, macOS)."""
    import ctypes
    import ctypes.util

    class Mallinfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                         "fsmblks", "uordblks", "fordblks", "keepcost")]

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallinfo2.restype = Mallinfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError, TypeError):
        return ""
    return f" malloc_used_kb {(info.uordblks + info.hblkhd) // 1024} malloc_free_kb {info.fordblks // 1024}"


def pump(ms: int = 0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + ms / 1000
    while True:
        QApplication.processEvents()
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def wait_until(cond, timeout: float = 120.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError(f"soak: timed out waiting for {what}")
        pump(10)


def answer_file_dialog(path: str, ms: int = 200) -> None:
    """Give the file dialog about to open `path`, then accept it (Qt's own dialog: there is no platform one here)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(path)  # typed into the name field, as a user does
        dialog.accept()

    QTimer.singleShot(ms, answer)


def visit_every_page(w) -> None:
    for row in range(w.nav.count()):
        w.nav.setCurrentRow(row)
        pump(20)


def run_rounds(w, seconds: float, one_round) -> None:
    """Rounds until the time is up (at least two, so growth after the first can be seen); then quit. Each round
    starts from the event loop and returns to it before it is measured, as a user's clicks do: what the round
    handed to deleteLater() is gone by then, and the background jobs it started have reported."""
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui import worker

    start = time.monotonic()
    done = [0]

    def next_round():
        n = done[0] + 1
        t = time.monotonic()
        try:
            one_round(n)
        except BaseException:  # reported (the test fails on it) and the window closed: no hang
            traceback.print_exc()
            w.close()
            return
        QTimer.singleShot(100, lambda: settled(n, t, time.monotonic() + 120))

    def settled(n: int, t: float, until: float):
        # Measured once the round's background jobs have reported (closing "Khóa và ký" starts a new preview): a
        # render still in flight holds a set of page images, ~15 MB of the figure that is not kept.
        if (QThreadPool.globalInstance().activeThreadCount() or worker._alive) and time.monotonic() < until:
            QTimer.singleShot(50, lambda: settled(n, t, until))
        else:
            QTimer.singleShot(100, lambda: measured(n, time.monotonic() - t))

    def measured(n: int, took: float):
        done[0] = n
        print(f"round {n} rss_kb {rss_kb()} seconds {took:.1f} widgets {len(QApplication.allWidgets())}"
              f"{malloc_kb()}", flush=True)
        if n < 2 or time.monotonic() - start < seconds:
            QTimer.singleShot(0, next_round)
        else:
            print(f"rounds {n}", flush=True)
            w.close()

    QTimer.singleShot(0, next_round)


@scenario
def soak_school(w, argv) -> None:
    seconds, work = float(argv[0]), Path(argv[1])
    work.mkdir(parents=True, exist_ok=True)

    def one_round(n: int) -> None:
        visit_every_page(w)
        ap = w.assessment_page
        w.goto_item("2.3.%d" % (1 + n % 8))
        ap.answer_current(Decimal(n % 6))
        pump()
        w.history_page.undo_last()
        lp = w.lists_page
        w.show_page(lp)
        tab = lp.staff
        tab.new_name.setText(f"Giáo viên thử {n}")
        tab.add()
        last = tab.proxy.rowCount() - 1
        from PySide6.QtCore import QItemSelectionModel, Qt

        tab.proxy.setData(tab.proxy.index(last, 1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        tab.view.selectionModel().select(tab.proxy.index(last, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)
        tab.remove()
        cp = w.checklist_page
        w.show_page(cp)
        tasks = cp.visible_rows()
        if tasks:
            cp.select_task(tasks[n % len(tasks)])
            cp.set_status("doing" if n % 2 else "todo")
        rp = w.report_page
        w.show_page(rp)
        wait_until(lambda: rp.pdf is not None, what="the first preview")
        old = rp.pdf
        rp.difficulties.setPlainText(f"Khó khăn của vòng thử {n}: thiếu máy tính ở điểm trường lẻ.")
        wait_until(lambda: rp.pdf is not None and rp.pdf != old, what="the preview after an edit")
        exported = []
        rp.export_to(str(work), on_done=exported.append)
        wait_until(lambda: exported, what="the export")
        close_modal_soon()
        rp.open_sign_dialog()
        vp = w.verify_page
        w.show_page(vp)
        vp.clear()
        vp.add_files([str(exported[0].pdf)])
        wait_until(lambda: vp.pending == 0, what="the verification")
        if n % 5 == 1:
            sp = w.settings_page
            w.show_page(sp)
            sp.make_backup()
            wait_until(lambda: sp.make_button.isEnabled(), what="the backup")
        w.show_page(w.dashboard_page)

    run_rounds(w, seconds, one_round)


@scenario
def soak_authority(w, argv) -> None:
    seconds, work, intake, roster_path = float(argv[0]), Path(argv[1]), argv[2], argv[3]
    work.mkdir(parents=True, exist_ok=True)

    def one_round(n: int) -> None:
        visit_every_page(w)
        ov = w.commune_overview_page
        w.show_page(ov)
        ov.refresh()
        first = ov.proxy.index(0, 0).data()
        ov.search.setText(first or "")
        ov.search.setText("")
        if ov.level.count() > 1:
            ov.level.setCurrentIndex(1 + n % (ov.level.count() - 1))
            ov.level.setCurrentIndex(0)
        rp = w.commune_roster_page
        w.show_page(rp)
        answer_file_dialog(roster_path)
        rp.import_file()
        rp.view.setCurrentIndex(rp.proxy.index(n % max(1, rp.proxy.rowCount()), 0))
        rp.toggle_active()
        rp.toggle_active()
        ip = w.commune_inbox_page
        w.show_page(ip)
        ip.start([intake])
        wait_until(lambda: ip.thread is None, timeout=600, what="the intake")
        w.show_page(ov)
        out = work / f"tong-hop-{n % 3}"
        out.mkdir(exist_ok=True)
        answer_file_dialog(str(out))
        ov.export()
        if first:
            ov.send_request(first, text="1.1: Bổ sung minh chứng cho vòng thử", out_path=str(work / "yeu-cau.pdf"))

    run_rounds(w, seconds, one_round)
