"""The managing body's details (name, level, code, place, signer and title, recipients), shared by the first-run
wizard and the settings page; what `socds authority set` sets. The signature block it gives is shown as it will
be printed, so the officer sees "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" before exporting."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.core.commune.authority import LEVELS, AuthorityInfo
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.ui.widgets.text_field import TextField

TITLES = {"xa": ["Chủ tịch", "Phó Chủ tịch"], "so": ["Giám đốc", "Phó Giám đốc"]}
FIELDS = (("name", "Tên cơ quan:", "UBND xã Tuệ Tĩnh"),
          ("parent", "Cơ quan cấp trên:", "UBND thành phố Hải Phòng"),
          ("code", "Mã cơ quan (cấp trên cấp):", "31001"),
          ("doc_code", "Ký hiệu trong số văn bản:", "UBND"),
          ("place_name", "Địa danh ghi ngày tháng:", "Tuệ Tĩnh"),
          ("signer_name", "Người ký:", "Nguyễn Văn A"))


class AuthorityForm(QWidget):
    edited = Signal()  # a field changed (the settings page saves at once)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        self.level = QComboBox()
        self.level.setObjectName("authority_level")
        for key, (name, *_rest) in LEVELS.items():
            self.level.addItem(name, key)
        form.addRow("Cấp:", self.level)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, example in FIELDS:
            e = QLineEdit()
            e.setObjectName(f"authority_{key}")
            e.setPlaceholderText(f"ví dụ: {example}")
            form.addRow(label, e)
            self.edits[key] = e
            e.editingFinished.connect(self.edited)
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.setObjectName("authority_signer_title")
        form.addRow("Chức vụ người ký:", self.title)
        self.recipients = TextField()
        self.recipients.setObjectName("authority_recipients")
        self.recipients.setPlaceholderText("Mỗi dòng một nơi nhận, ví dụ: Sở Giáo dục và Đào tạo …")
        self.recipients.setMaximumHeight(90)
        form.addRow("Nơi nhận:", self.recipients)
        self.preview = QLabel()
        self.preview.setObjectName("authority_preview")
        form.addRow("Khối chữ ký:", self.preview)
        self.load()
        self.level.activated.connect(self._level_changed)
        self.title.activated.connect(lambda _i: self.edited.emit())
        self.title.lineEdit().editingFinished.connect(self.edited)
        self.recipients.textChanged.connect(self._show_block)
        self.edited.connect(self._show_block)

    def load(self) -> None:
        info = self._base = AuthorityInfo.load(self.store)  # the fields this form does not show come from here
        self.level.setCurrentIndex(max(0, self.level.findData(info.level)))
        for key, e in self.edits.items():
            e.setText(getattr(info, key) or "")
        self._titles(info.level)
        self.title.setEditText(info.signer_title)
        self.recipients.blockSignals(True)
        self.recipients.setPlainText("\n".join(info.recipients))
        self.recipients.blockSignals(False)
        self._show_block()

    def _titles(self, level: str) -> None:
        text = self.title.currentText()
        self.title.clear()
        self.title.addItems(TITLES.get(level, []))
        self.title.setEditText(text)

    def _level_changed(self, _i: int) -> None:
        level = self.level.currentData()
        self._titles(level)
        if self.title.currentText() not in TITLES[level]:  # a commune's title under a Sở, or the other way round
            self.title.setEditText(TITLES[level][0])
        self.edited.emit()

    def info(self) -> AuthorityInfo:
        return self._base.updated(
            level=self.level.currentData(),
            signer_title=self.title.currentText(),
            recipients=self.recipients.toPlainText().splitlines(),
            **{k: e.text() for k, e in self.edits.items()},
        )

    def dirty(self) -> bool:
        """Something differs from what was loaded or last saved."""
        return self.info() != self._base

    def _show_block(self) -> None:
        try:
            lines = self.info().signature_lines()
        except UserError:
            lines = []
        self.preview.setText("<b>" + "<br>".join(lines) + "</b>")

    def save(self) -> None:
        """Raises UserError (the caller shows it) when a field is wrong; nothing is saved then."""
        info = self.info()
        info.save(self.store)
        self._base = info
