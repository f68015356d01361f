"""Khóa và ký: the versions of one report (state, diff), and the ways to sign the chosen version.

Passwords and PINs are asked each time and live only in the signer object of one signing run. Signing, export
and import run off the UI thread; every step is in a method the tests can call without the modal exec().
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QTabWidget, QVBoxLayout, QWidget)

from desktop.core.errors import NeedsConfirmation, UserError
from desktop.core.periods import label as period_label
from desktop.core.report import lifecycle
from desktop.core.report import package as pkg
from desktop.core.signing import P12Signer, Pkcs11Signer, SchoolKeySigner, TrustStore
from desktop.core.store import reports as rep
from desktop.ui.errors import show_user_error
from desktop.ui.report_labels import PKCS11_LIB_SETTING, SCHOOL_KEY_WARNING, STATE_LABELS, state_label  # noqa: F401
from desktop.ui.widgets.token_library import TokenLibraryPicker
from desktop.ui.worker import run_in_background
from desktop.ui.help_view import GuidedDialog


def ask_secret(parent, title: str, label: str) -> str | None:
    """A password/PIN, echoed as dots, never stored."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


class SignDialog(GuidedDialog):
    help_topic = "khoa-va-ky"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, store, kind: str, period: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.kind, self.period = store, kind, period
        self.setWindowTitle(f"Khóa và ký báo cáo — {period_label(period)}")
        self.resize(960, 620)
        self.last_result = None   # Path of the signed package, or VerifyResult of an import
        self.busy = False

        self.versions = QListWidget()
        self.versions.setAccessibleName("Các phiên bản")
        self.diff_btn = QPushButton("So sánh với phiên bản trước")
        self.diff_view = QListWidget()
        self.diff_view.setAccessibleName("Khác với phiên bản trước")
        vbox = QGroupBox("Các phiên bản")
        vl = QVBoxLayout(vbox)
        vl.addWidget(self.versions, 2)
        vl.addWidget(self.diff_btn)
        vl.addWidget(self.diff_view, 3)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._p12_tab(), "Tệp .p12")
        self.tabs.addTab(self._token_tab(), "Token USB")
        self.tabs.addTab(self._school_tab(), "Khóa của trường")
        self.tabs.addTab(self._handoff_tab(), "Ký nơi khác")
        self.tabs.addTab(self._scan_tab(), "In – ký – đóng dấu")

        images = QGroupBox("Hình chữ ký và con dấu (chọn một lần, được nhớ)")
        il = QFormLayout(images)
        self.sig_png = QLabel()
        self.seal_png = QLabel()
        for key, lbl, title in (("signing.signature_png", self.sig_png, "Hình chữ ký"),
                                ("signing.seal_png", self.seal_png, "Hình con dấu")):
            row = QHBoxLayout()
            btn = QPushButton("Chọn…")
            btn.clicked.connect(lambda _c=False, k=key: self.choose_image(k))
            row.addWidget(lbl, 1)
            row.addWidget(btn)
            il.addRow(title + ":", row)

        sent = QHBoxLayout()
        self.sent_date = QDateEdit(QDate.currentDate())
        self.sent_date.setDisplayFormat("dd/MM/yyyy")
        self.sent_date.setAccessibleName("Ngày gửi")
        self.sent_btn = QPushButton("Ghi là đã gửi")
        self.send_btn = QPushButton("Gửi báo cáo…")  # desktop/ui/dialogs/send_report.py
        self.send_btn.setObjectName("sendReport")
        self.send_btn.setToolTip("Mở thư mục có tệp đã ký, chép đường dẫn, soạn sẵn tiêu đề và nội dung thư")
        self.send_btn.clicked.connect(self.send_report)
        sent.addWidget(self.send_btn)
        sent.addWidget(QLabel("Ngày gửi:"))
        sent.addWidget(self.sent_date)
        sent.addWidget(self.sent_btn)
        sent.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        sent.addWidget(close)

        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addWidget(images)
        right.addWidget(self.status)
        top = QHBoxLayout()
        top.addWidget(vbox, 2)
        top.addLayout(right, 3)
        root = QVBoxLayout(self)
        root.addLayout(top, 1)
        root.addLayout(sent)

        self.diff_btn.clicked.connect(self.show_diff)
        self.sent_btn.clicked.connect(lambda: self.mark_sent(self.sent_date.date().toPython()))
        self.reload()

    # --- tabs ----------------------------------------------------------------------------------------------
    def _p12_tab(self) -> QWidget:
        w = QWidget()
        f = QFormLayout(w)
        self.p12_path = QLineEdit()
        self.p12_path.setAccessibleName("Tệp chứng thư số (.p12, .pfx)")
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self._pick_p12)
        row = QHBoxLayout()
        row.addWidget(self.p12_path, 1)
        row.addWidget(pick)
        f.addRow("Tệp .p12/.pfx:", row)
        f.addRow(QLabel("Mật khẩu được hỏi mỗi lần ký và không được lưu."))
        go = QPushButton("Khóa và ký")
        go.clicked.connect(self.sign_p12)
        f.addRow(go)
        return w

    def _token_tab(self) -> QWidget:
        w = QWidget()
        f = QFormLayout(w)
        # the known CAs' token libraries found on this computer, by name (desktop/core/signing/token_libs.py)
        self.p11_lib = TokenLibraryPicker(self.store.get_setting(PKCS11_LIB_SETTING, "") or "")
        f.addRow("Thư viện PKCS#11:", self.p11_lib)
        self.token = QComboBox()
        self.token.setAccessibleName("Token")
        self.token.setEditable(True)
        find = QPushButton("Tìm token")
        find.clicked.connect(self.list_tokens)
        row2 = QHBoxLayout()
        row2.addWidget(self.token, 1)
        row2.addWidget(find)
        f.addRow("Token:", row2)
        f.addRow(QLabel("Mã PIN được hỏi mỗi lần ký và không được lưu."))
        go = QPushButton("Khóa và ký")
        go.clicked.connect(self.sign_token)
        f.addRow(go)
        return w

    def _school_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        warn = QLabel("⚠ " + SCHOOL_KEY_WARNING)
        warn.setWordWrap(True)
        warn.setStyleSheet("color: #8a4b00; font-weight: bold;")
        go = QPushButton("Khóa và ký bằng khóa của trường")
        go.clicked.connect(self.sign_school_key)
        v.addWidget(warn)
        v.addWidget(go)
        v.addStretch(1)
        return w

    def _handoff_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        info = QLabel("Xuất bản đã khóa có sẵn ô chữ ký trống để người có thẩm quyền ký bằng phần mềm khác; "
                      "sau đó nhập lại tệp đã ký để kiểm tra và lưu cùng phiên bản.")
        info.setWordWrap(True)
        exp = QPushButton("Khóa và xuất tệp chờ ký…")
        imp = QPushButton("Nhập tệp đã ký…")
        exp.clicked.connect(self._pick_handoff_dir)
        imp.clicked.connect(self._pick_signed)
        for x in (info, exp, imp):
            v.addWidget(x)
        v.addStretch(1)
        return w

    def _scan_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        info = QLabel("Khóa phiên bản, in bản xem trước, ký tay và đóng dấu; rồi đính kèm bản quét (PDF hoặc ảnh).")
        info.setWordWrap(True)
        lock = QPushButton("Khóa phiên bản")
        lock.clicked.connect(self.lock)
        scan = QPushButton("Đính kèm bản quét…")
        scan.clicked.connect(self._pick_scan)
        for x in (info, lock, scan):
            v.addWidget(x)
        v.addStretch(1)
        return w

    # --- versions ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        rows = rep.versions(self.store, self.kind, self.period)
        self.versions.clear()
        for row in rows:
            item = QListWidgetItem(f"Phiên bản {row['version']} — {state_label(row)}"
                                   + (f" (gửi {date.fromisoformat(row['sent_at']):%d/%m/%Y})"
                                      if row.get("sent_at") else ""))
            item.setData(256, row["id"])
            self.versions.addItem(item)
        if rows:
            self.versions.setCurrentRow(len(rows) - 1)
        for key, lbl in (("signing.signature_png", self.sig_png), ("signing.seal_png", self.seal_png)):
            path = self.store.get_setting(key)
            lbl.setText(Path(path).name if path else "(chưa chọn)")

    def report_id(self) -> int | None:
        item = self.versions.currentItem()
        return item.data(256) if item else None

    def show_diff(self) -> None:
        self.diff_view.clear()
        row = self.versions.currentRow()
        if row < 1:
            self.diff_view.addItem("Chọn một phiên bản có phiên bản trước để so sánh.")
            return
        old, new = self.versions.item(row - 1).data(256), self.versions.item(row).data(256)
        try:
            changes = lifecycle.diff_versions(self.store, old, new)
        except UserError as err:
            show_user_error(self, err)
            return
        if not changes:
            self.diff_view.addItem("Hai phiên bản không khác nhau.")
        for path, before, after in changes:
            self.diff_view.addItem(f"{path}: «{before}» → «{after}»")

    def _run(self, what: str, fn, on_done, on_confirm=None) -> None:
        """One signing step off the UI thread; the dialog says what is going on. `on_confirm(exc)` takes a
        NeedsConfirmation (pre-send warnings, certificate findings) instead of the error dialog."""
        self.busy = True
        self.status.setText(what + "…")
        self.setEnabled(False)

        def done(result):
            self.busy = False
            self.setEnabled(True)
            self.last_result = result
            self.reload()
            on_done(result)

        def failed(exc):
            self.busy = False
            self.setEnabled(True)
            self.reload()
            self.status.setText("Không thực hiện được.")
            if isinstance(exc, NeedsConfirmation) and on_confirm is not None:
                on_confirm(exc)
            elif isinstance(exc, UserError):
                show_user_error(self, exc)
            else:
                from desktop.ui.worker import _default_error
                _default_error(exc)

        run_in_background(fn, done, failed)

    # --- signing -------------------------------------------------------------------------------------------
    def sign_with(self, signer, *, accept_warnings: bool = False, accept_certificate: bool = False) -> None:
        """Check, lock and sign in one step (package.build_package). What needs the user's word (pre-send
        warnings, a certificate that does not match the report) is asked, and the step runs again with it;
        refused, the report stays exactly as it was."""
        rid = self.report_id()
        if rid is None:
            return

        def confirm_then_retry(exc: NeedsConfirmation) -> None:
            if not self.confirm(exc):
                self.status.setText("Đã dừng: báo cáo giữ nguyên như trước (chưa khóa, chưa ký).")
                return
            self.sign_with(signer, accept_warnings=accept_warnings or exc.what == "warnings",
                           accept_certificate=accept_certificate or exc.what == "certificate")

        self._run("Đang kiểm tra, khóa và ký",
                  lambda: pkg.build_package(self.store, rid, signer, accept_warnings=accept_warnings,
                                            accept_certificate=accept_certificate),
                  lambda path: self.status.setText(f"Đã ký. Tệp được lưu: {path}. Bấm «Gửi báo cáo…» để gửi."),
                  on_confirm=confirm_then_retry)

    def confirm(self, exc: NeedsConfirmation) -> bool:
        """Ask whether to go on despite `exc`'s points (default: no)."""
        title = "Xác nhận chứng thư số" if exc.what == "certificate" else "Kiểm tra trước khi gửi"
        answer = QMessageBox.question(self, title, exc.message + "\n\nVẫn khóa và ký?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _pick_p12(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp chứng thư", "", "Chứng thư (*.p12 *.pfx)")
        if path:
            self.p12_path.setText(path)

    def sign_p12(self) -> None:
        if not self.p12_path.text().strip():
            QMessageBox.information(self, "Ký bằng tệp .p12", "Hãy chọn tệp chứng thư .p12/.pfx trước.")
            return
        password = ask_secret(self, "Mật khẩu tệp chứng thư", "Mật khẩu:")
        if password is not None:
            self.sign_with(P12Signer(self.p12_path.text().strip(), password))

    def list_tokens(self) -> None:
        lib = self.p11_lib.text().strip()
        try:
            import pkcs11
            labels = [t.label for t in pkcs11.lib(lib).get_tokens()]
        except Exception:  # noqa: BLE001 - vendor libraries fail in many ways
            QMessageBox.warning(self, "Token", f"Không đọc được danh sách token từ thư viện {lib}.")
            return
        self.store.set_setting(PKCS11_LIB_SETTING, lib)
        self.token.clear()
        self.token.addItems(labels)

    def sign_token(self) -> None:
        lib = self.p11_lib.text().strip()
        if not lib:
            QMessageBox.information(self, "Ký bằng token", "Hãy chọn thư viện PKCS#11 của token trước.")
            return
        self.store.set_setting(PKCS11_LIB_SETTING, lib)
        pin = ask_secret(self, "Mã PIN của token", "PIN:")
        if pin is not None:
            self.sign_with(Pkcs11Signer(lib, self.token.currentText().strip() or None, pin))

    def sign_school_key(self) -> None:
        self.sign_with(SchoolKeySigner.for_store(self.store))

    def choose_image(self, key: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn hình (PNG)", "", "Hình PNG (*.png)")
        if path:
            self.store.set_setting(key, path)
            self.reload()

    # --- hand-off, scan, sent ------------------------------------------------------------------------------
    def _pick_handoff_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục để lưu tệp chờ ký")
        if folder:
            self.export_handoff(folder)

    def export_handoff(self, folder: str) -> None:
        rid = self.report_id()
        self._run("Đang khóa và xuất tệp chờ ký", lambda: pkg.export_handoff(self.store, rid, folder),
                  lambda path: self.status.setText(f"Đã xuất tệp chờ ký: {path}"))

    def _pick_signed(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp đã ký", "", "PDF (*.pdf)")
        if path:
            self.import_signed(path)

    def import_signed(self, path: str) -> None:
        rid = self.report_id()
        trust = TrustStore.for_store(self.store).certificates()
        self._run("Đang kiểm tra tệp đã ký", lambda: pkg.import_handoff(self.store, rid, path, trust=trust),
                  lambda res: self.status.setText(f"Đã nhập tệp đã ký. {res.explanation}"))

    def lock(self) -> None:
        rid = self.report_id()
        if rid is not None:
            try:
                lifecycle.lock_version(self.store, rid)
            except UserError as err:
                show_user_error(self, err)
                return
            self.reload()
            self.status.setText("Đã khóa phiên bản. Hãy in từ trang Báo cáo.")

    def _pick_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn bản quét", "", "PDF hoặc ảnh (*.pdf *.png *.jpg *.jpeg)")
        if path:
            self.attach_scan(path)

    def attach_scan(self, path: str) -> None:
        try:
            lifecycle.attach_scan(self.store, self.report_id(), path)
        except UserError as err:
            show_user_error(self, err)
            return
        self.status.setText(f"Đã đính kèm bản quét {Path(path).name}.")

    def make_send_dialog(self, **kw):
        """The sending panel of the chosen version (it opens the folder, copies the path and marks the version
        sent as it opens), or None with a message when the version is not signed. kw go to SendDialog."""
        from desktop.ui.dialogs.send_report import SendDialog

        try:
            dlg = SendDialog(self.store, self.report_id(), self, **kw)
        except UserError as err:
            show_user_error(self, err)
            return None
        self.reload()
        return dlg

    def send_report(self) -> None:
        dlg = self.make_send_dialog()
        if dlg is not None:
            dlg.exec()

    def mark_sent(self, day: date) -> None:
        try:
            lifecycle.mark_sent(self.store, self.report_id(), day)
        except UserError as err:
            show_user_error(self, err)
            return
        self.reload()
        self.status.setText(f"Đã ghi là đã gửi ngày {day:%d/%m/%Y}.")
