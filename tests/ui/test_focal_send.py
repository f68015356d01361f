"""Issue 22, send it: after signing, «Gửi báo cáo» shows the signed file in the file manager, copies its path,
gives a ready subject and text (school, report, period, version) and marks the version sent with the date."""
from datetime import date
from pathlib import Path

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import reports as rep
from tests.ui.test_report_page import open_report, window  # noqa: F401 - fixture


def test_send_after_signing(window, qtbot, monkeypatch):  # noqa: F811
    from tests.helpers.ready import answer_the_rest

    page = open_report(window, qtbot)
    dlg = page.make_sign_dialog()
    qtbot.addWidget(dlg)
    assert dlg.make_send_dialog() is None and "chưa được ký" in window.told[-1]  # a draft cannot be sent
    answer_the_rest(window.store)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dlg.sign_school_key()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.last_result is not None, timeout=60000)
    signed = Path(dlg.last_result)
    shown = []
    send = dlg.make_send_dialog(opener=lambda p, done: (shown.append(p), done("Đã mở thư mục và chọn sẵn tệp.")),
                                today=date(2026, 5, 20))
    qtbot.addWidget(send)
    assert shown == [signed]
    assert QGuiApplication.clipboard().text() == str(signed) == send.path.text()
    subject, body = send.subject.text(), send.body.toPlainText()
    assert subject.startswith("[31012345] Trường THCS Tuệ Tĩnh — Báo cáo kết quả tự đánh giá")
    assert "năm học 2025-2026" in subject and "phiên bản 1" in subject
    assert signed.name in body and body.startswith("Kính gửi: UBND xã Tuệ Tĩnh\n")
    row = rep.get_report(window.store, dlg.report_id())
    assert (row["status"], row["sent_at"]) == ("sent", "2026-05-20")
    assert "đã gửi ngày 20/05/2026" in send.status.text() and "chọn sẵn tệp" in send.status.text()
    assert "đã gửi" in dlg.versions.item(0).text()
    send.findChild(object, "copySubject").click()
    assert QGuiApplication.clipboard().text() == subject
    # «Ctrl+Z ở cửa sổ chính để bỏ», as the dialog says: the version is signed again, not a database error
    send.close()
    dlg.close()
    ctrl_z = next(a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+Z"))
    ctrl_z.trigger()  # the menu's "Hoàn tác" (Chỉnh sửa), Ctrl+Z
    assert window.saved_label.text().startswith("Đã hoàn tác: Ghi đã gửi báo cáo")
    row = rep.get_report(window.store, dlg.report_id())
    assert (row["status"], row["sent_at"]) == ("signed", None)


def test_token_library_picker_lists_found_libraries_by_name(qtbot, tmp_path):
    from desktop.core.signing.token_libs import find_libraries
    from desktop.ui.widgets.token_library import TokenLibraryPicker

    (tmp_path / "viettel-ca_v6.dll").write_bytes(b"MZ")
    (tmp_path / "misaca_csp11_v2.dll").write_bytes(b"MZ")
    picker = TokenLibraryPicker("", finder=lambda: find_libraries([tmp_path], platform="win32"))
    qtbot.addWidget(picker)
    labels = [picker.combo.itemText(i) for i in range(picker.combo.count())]
    assert labels[0] == "Viettel-CA — viettel-ca_v6.dll" and labels[1].startswith("MISA-CA — misaca_csp11_v2.dll")
    assert picker.text() == str(tmp_path / "viettel-ca_v6.dll")
    assert "Viettel-CA, MISA-CA" in picker.note.text()
    picker.setText("/opt/token/lib.so")  # a file chosen by hand stays
    assert picker.text() == "/opt/token/lib.so"
    empty = TokenLibraryPicker("", finder=lambda: [])
    qtbot.addWidget(empty)
    assert empty.text() == "" and "Chưa tìm thấy" in empty.note.text()


def test_settings_page_token_library_is_the_picker(window):  # noqa: F811
    from desktop.ui.report_labels import PKCS11_LIB_SETTING
    from desktop.ui.widgets.token_library import TokenLibraryPicker

    w = window
    w.show_page(w.settings_page)
    picker = w.settings_page.signing.lib
    assert isinstance(picker, TokenLibraryPicker)
    picker.setText("/opt/ca/token-pkcs11.so")
    picker.chosen.emit(picker.text())
    assert w.store.get_setting(PKCS11_LIB_SETTING) == "/opt/ca/token-pkcs11.so"
