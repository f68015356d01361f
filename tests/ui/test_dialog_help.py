"""F1 in every dialog opens the guide at that dialog's own section (issue 22 leftover): the same key as on the pages
and in the first-run wizard, one mechanism (help_view.GuidedDialog), and no dialog of the app left without it."""
import importlib
import pkgutil
import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

import desktop.ui
from desktop.core.store import Store
from desktop.ui.help_view import TOPICS, GuidedDialog, HelpWindow


def _all_dialog_classes() -> set[type]:
    """Every QDialog subclass defined in desktop/ui (its modules imported first)."""
    for info in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        if "screenshots" not in info.name:  # picture makers, not the app's windows
            importlib.import_module(info.name)
    found, todo = set(), [QDialog]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("desktop.ui."):
                found.add(sub)
    return found


def _press_f1(qtbot, dialog) -> HelpWindow:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # a key reaches the shortcuts of the active window only
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    window = dialog.findChild(HelpWindow)
    assert window is not None and window.isVisible(), type(dialog).__name__
    return window


def _school_dialogs(store, tmp_path) -> list[QDialog]:
    from desktop.core.report import lifecycle
    from desktop.core.list_columns import ColumnPlan
    from desktop.core.school_plan import draft
    from desktop.core.store import profile
    from desktop.core.survey import questions
    from desktop.ui.dialogs.column_map import ColumnMapDialog
    from desktop.ui.dialogs.send_report import SendDialog
    from desktop.ui.dialogs.sign import SignDialog
    from desktop.ui.dialogs.survey import SurveyDialog
    from desktop.ui.dialogs.survey_paper import PaperEntryDialog
    from desktop.ui.pages.school_plan import ProposalsDialog

    sent = store.db.execute("SELECT id FROM reports WHERE status = 'sent' ORDER BY id").fetchone()[0]
    lifecycle.lock_version(store, sent)  # a version sent as the scan of its signed paper copy (no signing here)
    scan = tmp_path / "ban-quet.png"
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    assert image.save(str(scan))
    lifecycle.attach_scan(store, sent, scan)
    plan = ColumnPlan("DS", 1, {1: "STT", 2: "Họ tên", 3: "Có tài khoản"}, {"name": "Họ và tên", "1.6.1": "Mục 1.6.1"},
                      {"name": 2, "1.6.1": 3}, {"1.6.1"})
    year = profile.current_school_year(store)["id"]
    return [SignDialog(store, "self-assessment", "2025-2026"),
            SendDialog(store, sent, opener=lambda _path, done: done("")),
            SurveyDialog(store),
            PaperEntryDialog(store, questions.bundled(), "KS-1-1", "Phạm Thu Hà"),
            ColumnMapDialog(plan, "DS GV.xlsx"),
            ProposalsDialog(draft.proposals(store, year))]


EXPECTED = {  # the guide section each dialog's F1 opens
    "SignDialog": "Khóa và ký",
    "SendDialog": "Gửi báo cáo",
    "SurveyDialog": "Phiếu khảo sát giáo viên",
    "PaperEntryDialog": "Phiếu khảo sát giáo viên",
    "ColumnMapDialog": "Nhập danh sách từ Excel",
    "ProposalsDialog": "Kế hoạch của nhà trường",
    "ReceivedFileDialog": "Kiểm tra",
    "CompareDialog": "So sánh phiên bản",
}


def test_f1_in_every_dialog_opens_its_section(qtbot, demo_db, commune, tmp_path):
    from desktop.core.commune import inbox, mode, roster
    from desktop.core.commune.compare import compare_inbox
    from desktop.ui.dialogs.compare import compare_dialog
    from desktop.ui.dialogs.received_file import ReceivedFileDialog

    walked = []

    def check(dialog) -> None:
        window = _press_f1(qtbot, dialog)
        heading = EXPECTED[type(dialog).__name__]
        assert window.shown_heading() == heading, type(dialog).__name__
        assert TOPICS[dialog.help_topic][1] == heading
        assert len(dialog.findChildren(HelpWindow)) == 1
        walked.append(type(dialog))
        dialog.close()

    shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(tmp_path / "demo.db") as store:
        for dialog in _school_dialogs(store, tmp_path):
            check(dialog)
    with Store.open(tmp_path / "xa.db") as store:
        mode.set_mode(store, "authority")
        roster.import_workbook(store, commune.roster_path)
        files = sorted(f for f in commune.files if f.name.startswith(commune.two_versions))
        _v1, v2 = (o.inbox_id for o in inbox.take_in(store, files, trust=[commune.root_cert_path]).outcomes)
        check(ReceivedFileDialog(store, v2))
        check(compare_dialog(None, store, compare_inbox(store, v2), v2))
    from desktop.ui.wizard import SetupWizard  # its F1 follows its step: test_help_view.py

    assert set(walked) == _all_dialog_classes() - {HelpWindow, GuidedDialog, SetupWizard}  # a new one is walked too
    assert all(issubclass(cls, GuidedDialog) for cls in walked)
