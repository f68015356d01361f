"""Gửi báo cáo: after signing, show the signed file in the file manager (selected where the platform allows, else
its folder), copy its path, give a ready e-mail subject and text to paste into webmail or Zalo, and mark the
version sent with the date. The program sends nothing itself."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.report import lifecycle
from desktop.core.report.send import sending
from desktop.core.store import reports as rep
from desktop.ui.errors import show_user_error
from desktop.ui.show_in_folder import show_in_folder
from desktop.ui.widgets.text_field import TextField
from desktop.ui.help_view import GuidedDialog


class SendDialog(GuidedDialog):
    help_topic = "gui-bao-cao"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, store, report_id: int, parent: QWidget | None = None,
                 opener: Callable[[Path, Callable[[str], None]], None] = show_in_folder,
                 today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("Gửi báo cáo")
        self.resize(760, 520)
        self.store, self.report_id = store, report_id
        s = sending(store, report_id)  # raises UserError when not signed: the caller shows it
        self.sending = s
        lay = QVBoxLayout(self)
        steps = QLabel("Sổ CĐS không tự gửi thư. Đính kèm tệp dưới đây vào thư điện tử (hoặc tin nhắn Zalo) gửi "
                       "cơ quan quản lý; tiêu đề và nội dung đã soạn sẵn để chép và dán.")
        steps.setWordWrap(True)
        lay.addWidget(steps)
        form = QFormLayout()
        self.path = QLineEdit(str(s.path))
        self.path.setReadOnly(True)
        self.path.setObjectName("sendPath")
        self.path.setAccessibleName("Tệp cần gửi")
        self.subject = QLineEdit(s.subject)
        self.subject.setReadOnly(True)
        self.subject.setObjectName("sendSubject")
        self.subject.setAccessibleName("Tiêu đề thư")
        self.body = TextField(s.body)
        self.body.setReadOnly(True)
        self.body.setObjectName("sendBody")
        self.body.setAccessibleName("Nội dung thư")
        for line in (self.path, self.subject):
            line.setCursorPosition(0)  # the start of a long path or subject is what the user recognises
        form.addRow("Tệp cần gửi:", self._with_copy(self.path, "Chép đường dẫn", "copyPath"))
        form.addRow("Tiêu đề thư:", self._with_copy(self.subject, "Chép tiêu đề", "copySubject"))
        form.addRow("Nội dung thư:", self._with_copy(self.body, "Chép nội dung", "copyBody"))
        lay.addLayout(form, 1)
        self.status = QLabel()
        self.status.setObjectName("sendStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        row = QHBoxLayout()
        again = QPushButton("Mở lại thư mục")
        again.clicked.connect(lambda: opener(s.path, self._shown))
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        row.addWidget(again)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        # what "Gửi báo cáo" does at once: the path on the clipboard, the folder open, the version marked sent
        QGuiApplication.clipboard().setText(str(s.path))
        self._said = ["", "Đường dẫn tệp đã được chép (dán vào ô chọn tệp đính kèm của trang thư).",
                      self._mark_sent(today or date.today())]
        self._show_said()
        opener(s.path, self._shown)  # on Linux the file manager answers later (dbus-send)

    def _shown(self, text: str) -> None:
        """What the file manager did; it may answer after the dialog was closed."""
        if shiboken6.isValid(self.status):
            self._said[0] = text
            self._show_said()

    def _show_said(self) -> None:
        self.status.setText(" ".join(x for x in self._said if x))

    def _with_copy(self, field, label: str, name: str) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(field, 1)
        b = QPushButton(label)
        b.setObjectName(name)
        text = field.toPlainText if isinstance(field, QPlainTextEdit) else field.text
        b.clicked.connect(lambda: (QGuiApplication.clipboard().setText(text()),
                                   self.status.setText(f"Đã chép {label.split()[-1]}.")))
        h.addWidget(b)
        return w

    def _mark_sent(self, day: date) -> str:
        row = rep.get_report(self.store, self.report_id)
        if row["status"] == "sent":
            return f"Phiên bản này đã ghi là gửi ngày {date.fromisoformat(row['sent_at']):%d/%m/%Y}."
        try:
            lifecycle.mark_sent(self.store, self.report_id, day)
        except UserError as err:
            show_user_error(self, err)
            return ""
        return f"Đã ghi phiên bản {row['version']} là đã gửi ngày {day:%d/%m/%Y} (Ctrl+Z ở cửa sổ chính để bỏ)."
