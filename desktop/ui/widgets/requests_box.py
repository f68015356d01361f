"""The dashboard's box of open requests for changes from the managing body, with "Nhập yêu cầu bổ sung…": the
file is verified and stored off the UI thread; a refused file is explained in Vietnamese and changes nothing."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from desktop.core.commune import requests_list
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.ui.errors import show_unexpected, show_user_error
from desktop.ui.worker import run_in_background


def _dmy(iso: str) -> str:
    try:
        return datetime.fromisoformat(str(iso).replace("Z", "+00:00")).strftime("%d/%m/%Y")
    except ValueError:
        return ""


class RequestsBox(QGroupBox):
    open_item = Signal(str)   # a criterion or item code
    imported = Signal()       # the data file changed

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Yêu cầu bổ sung của cơ quan quản lý", parent)
        self.store = store
        lay = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("openRequests")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(170)
        self.empty = QLabel("Không có yêu cầu bổ sung nào đang chờ.")
        self.empty.setObjectName("noRequests")
        lay.addWidget(self.empty)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.import_button = QPushButton("Nhập yêu cầu bổ sung…")
        self.import_button.setObjectName("importRequest")
        self.import_button.clicked.connect(self.choose_file)
        row.addWidget(self.import_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        lay.addLayout(row)

    def refresh(self) -> None:
        self.list.clear()
        for r in requests_list.open_requests(self.store):
            head = QListWidgetItem(f"{r['authority'] or 'Cơ quan quản lý'} — nhận {_dmy(r['imported_at'])}, "
                                   f"{len(r['comments'])} nhận xét (tệp {r['file_name']})")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.list.addItem(head)
            for c in r["comments"]:
                it = QListWidgetItem(f"   {requests_list.TARGETS.get(c['target'], '')} {c['code']}: {c['text']}")
                it.setToolTip(c["text"])
                if c["target"] in ("criterion", "item"):
                    it.setData(Qt.ItemDataRole.UserRole, c["code"])
                self.list.addItem(it)
        # empty: one line and the button, so the dashboard's other boxes keep their room
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)

    def _activated(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.open_item.emit(code)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Nhập yêu cầu bổ sung", "", "Tệp yêu cầu bổ sung (*.pdf)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self.import_button.setEnabled(False)
        self.status.setText("Đang kiểm tra chữ ký và nội dung tệp…")
        from desktop.core.commune.requests import import_request  # checks a signed file: pyHanko, the report's states

        run_in_background(lambda: import_request(self.store, path), self._done, self._failed)

    def _done(self, doc: dict) -> None:
        self.import_button.setEnabled(True)
        self.status.setText(f"Đã nhập {len(doc['comments'])} nhận xét của {doc.get('authority') or 'cơ quan quản lý'}.")
        self.refresh()
        self.imported.emit()

    def _failed(self, exc: Exception) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, UserError):
            self.status.setText(str(exc))
            show_user_error(self, exc)
        else:
            self.status.setText("Không nhập được tệp (lỗi không mong đợi).")
            show_unexpected(self)
