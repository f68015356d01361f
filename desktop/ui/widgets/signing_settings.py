"""The Settings page's «Chữ ký số» group: the school key (status, create), the token library, the trusted roots."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.signing import SchoolKeySigner, TrustStore
from desktop.ui.errors import show_user_error
from desktop.ui.report_labels import CERT_FILTER, PKCS11_LIB_SETTING, SCHOOL_KEY_WARNING
from desktop.ui.widgets.token_library import TokenLibraryPicker


def _fingerprint(cert) -> str:
    import hashlib

    from cryptography.hazmat.primitives import serialization
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _cn(cert) -> str:
    from cryptography.x509.oid import NameOID
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else cert.subject.rfc4514_string()


class SigningSettings(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        self.create_key = QPushButton("Tạo khóa của trường")
        self.create_key.clicked.connect(self.make_school_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_status, 1)
        key_row.addWidget(self.create_key)
        form.addRow("Khóa của trường:", key_row)
        note = QLabel(SCHOOL_KEY_WARNING)
        note.setWordWrap(True)
        form.addRow(note)
        # the known CAs' token libraries found on this computer, by name; any other file by hand
        self.lib = TokenLibraryPicker(self.store.get_setting(PKCS11_LIB_SETTING, "") or "")
        self.lib.chosen.connect(lambda path: self.store.set_setting(PKCS11_LIB_SETTING, path.strip()))
        form.addRow("Thư viện token:", self.lib)
        self.roots = QListWidget()
        self.roots.setAccessibleName("Chứng thư gốc tin cậy")
        self.roots.setMaximumHeight(90)
        add = QPushButton("Nhập chứng thư gốc…")
        add.clicked.connect(self._pick_root)
        remove = QPushButton("Bỏ chứng thư đã chọn")
        remove.clicked.connect(self.remove_selected)
        btns = QVBoxLayout()
        btns.addWidget(add)
        btns.addWidget(remove)
        btns.addStretch(1)
        roots_row = QHBoxLayout()
        roots_row.addWidget(self.roots, 1)
        roots_row.addLayout(btns)
        form.addRow("Chứng thư gốc tin cậy:", roots_row)
        self.refresh()

    def refresh(self) -> None:
        signer = SchoolKeySigner.for_store(self.store)
        exists = signer.key_path.exists() and signer.cert_path.exists()
        self.key_status.setText("Đã có (tạo tự động ở lần ký đầu tiên hoặc bằng nút bên cạnh)." if exists
                                else "Chưa có.")
        self.create_key.setEnabled(not exists)
        self.lib.setText(self.store.get_setting(PKCS11_LIB_SETTING, "") or "")
        self.roots.clear()
        for cert in TrustStore.for_store(self.store).certificates():
            item = QListWidgetItem(f"{_cn(cert)} — hết hạn {cert.not_valid_after_utc:%d/%m/%Y}")
            item.setData(256, _fingerprint(cert))
            self.roots.addItem(item)
        if not self.roots.count():
            self.roots.addItem("(chưa có chứng thư gốc nào)")

    def make_school_key(self) -> None:
        SchoolKeySigner.for_store(self.store).ensure()
        self.refresh()

    def _pick_root(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn chứng thư gốc", "", CERT_FILTER)
        if path:
            self.import_root(path)

    def import_root(self, path: str) -> None:
        try:
            TrustStore.for_store(self.store).import_file(path)
        except UserError as err:
            show_user_error(self, err)
        self.refresh()

    def remove_selected(self) -> None:
        item = self.roots.currentItem()
        fp = item.data(256) if item else None
        if fp:
            TrustStore.for_store(self.store).remove(fp)
            self.refresh()
