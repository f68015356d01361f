"""Qt's own texts in Vietnamese (issue 22): the standard buttons of message boxes and button boxes, and Qt's file
dialog, as the app's QApplication (make_app) shows them."""
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from desktop.ui.app import make_app

ENGLISH = {"OK", "&OK", "Save", "Open", "&Yes", "&No", "Cancel", "Close", "Apply", "Discard", "Retry", "Ignore",
           "Abort", "Help", "Reset", "Restore Defaults", "Save All", "Yes to &All", "N&o to All", "&Open", "&Save",
           "&Choose", "Show Details...", "Hide Details..."}


@pytest.fixture
def app(qapp):
    return make_app()


def test_message_box_standard_buttons_are_vietnamese(app, qtbot):
    every = QMessageBox.StandardButton(0)
    for b in (QMessageBox.Yes, QMessageBox.No, QMessageBox.Cancel, QMessageBox.Ok, QMessageBox.Open,
              QMessageBox.Save, QMessageBox.Close, QMessageBox.Apply, QMessageBox.Discard, QMessageBox.Retry,
              QMessageBox.Ignore, QMessageBox.Abort, QMessageBox.Help, QMessageBox.Reset,
              QMessageBox.RestoreDefaults, QMessageBox.SaveAll, QMessageBox.YesToAll, QMessageBox.NoToAll):
        every |= b
    box = QMessageBox(QMessageBox.Question, "Câu hỏi", "Tiếp tục?", every)
    box.setDetailedText("Chi tiết")
    qtbot.addWidget(box)
    box.show()
    texts = {box.button(b).text() for b in (QMessageBox.Yes, QMessageBox.No, QMessageBox.Cancel, QMessageBox.Ok,
                                            QMessageBox.Open, QMessageBox.Save, QMessageBox.Close)}
    assert texts == {"&Có", "&Không", "Hủy", "Đồng ý", "Mở", "Lưu", "Đóng"}
    shown = [b.text() for b in box.buttons()]
    assert len(shown) == 19 and not ENGLISH & set(shown), shown  # 18 standard buttons and "Xem chi tiết..."
    assert "Xem chi tiết..." in shown


def test_button_box_and_static_question(app, qtbot):
    bb = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Apply)
    qtbot.addWidget(bb)
    assert [b.text() for b in bb.buttons()].count("Hủy") == 1
    assert {b.text() for b in bb.buttons()} == {"Đồng ý", "Hủy", "Áp dụng"}
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        seen.extend(b.text() for b in box.buttons())
        box.button(QMessageBox.No).click()
    QTimer.singleShot(0, answer)
    assert QMessageBox.question(None, "Xóa", "Xóa mục này?") == QMessageBox.No
    assert sorted(seen) == ["&Có", "&Không"]


def _labels(dialog):
    return {w.text() for w in dialog.findChildren(object) if hasattr(w, "text") and callable(w.text)
            and isinstance(w.text(), str)}


def test_file_dialog_is_vietnamese(app, qtbot, tmp_path):
    (tmp_path / "bao-cao.pdf").write_bytes(b"%PDF-1.7\n")
    opening = QFileDialog(None, "Chọn tệp", str(tmp_path), "Tệp PDF (*.pdf)")
    opening.setOption(QFileDialog.DontUseNativeDialog)
    qtbot.addWidget(opening)
    opening.show()
    buttons = opening.findChild(QDialogButtonBox)
    assert {b.text() for b in buttons.buttons()} == {"&Mở", "Hủy"}
    labels = _labels(opening)
    assert {"&Tìm trong:", "Tên &tệp:", "&Loại tệp:"} <= labels
    assert not ENGLISH & labels and "File &name:" not in labels

    saving = QFileDialog(None, "Lưu tệp", str(tmp_path))
    saving.setOption(QFileDialog.DontUseNativeDialog)
    saving.setAcceptMode(QFileDialog.AcceptSave)
    qtbot.addWidget(saving)
    saving.show()
    assert {b.text() for b in saving.findChild(QDialogButtonBox).buttons()} == {"&Lưu", "Hủy"}
    # saving over a file that is there: Qt asks, in Vietnamese
    asked = []

    def answer():
        box = QApplication.activeModalWidget()
        asked.append((box.text(), sorted(b.text() for b in box.buttons())))
        box.button(QMessageBox.No).click()
    saving.selectFile(str(tmp_path / "bao-cao.pdf"))
    QTimer.singleShot(0, answer)
    saving.accept()
    assert asked == [("Tệp bao-cao.pdf đã có.\nGhi đè lên tệp đó?", ["&Có", "&Không"])]


def test_text_field_menu_is_vietnamese(app, qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Hoàn tác", "&Làm lại"] and "&Dán" in texts and "Chọn tất cả" in texts
    menu.deleteLater()
