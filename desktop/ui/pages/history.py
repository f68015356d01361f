"""History: every change with its time, undo the last ones, and the bin of removed evidence."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from desktop.core.store import Store
from desktop.core.store import evidence as ev
from desktop.core.store import history
from desktop.ui.pages.base import Page


def local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


class HistoryPage(Page):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<h2>Lịch sử thay đổi</h2>"))
        top = QHBoxLayout()
        self.undo_button = QPushButton("Hoàn tác thay đổi gần nhất (Ctrl+Z)")
        self.undo_button.setObjectName("undoLast")
        self.undo_button.clicked.connect(self.undo_last)
        self.status = QLabel()
        top.addWidget(self.undo_button)
        top.addWidget(self.status, 1)
        lay.addLayout(top)
        split = QSplitter(Qt.Vertical)
        self.changes = QListWidget()
        self.changes.setObjectName("historyList")
        bin_box = QWidget()
        bl = QVBoxLayout(bin_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("<b>Minh chứng đã bỏ (khôi phục được)</b>"))
        self.bin = QListWidget()
        self.bin.setObjectName("evidenceBin")
        bl.addWidget(self.bin)
        self.restore_button = QPushButton("Khôi phục minh chứng đã chọn")
        self.restore_button.setObjectName("restoreEvidence")
        self.restore_button.clicked.connect(self.restore_selected)
        bl.addWidget(self.restore_button)
        split.addWidget(self.changes)
        split.addWidget(bin_box)
        split.setSizes([400, 200])
        lay.addWidget(split, 1)

    def refresh(self) -> None:
        super().refresh()
        self.changes.clear()
        batches: dict[str, list] = {}
        for c in history.recent(self.store, limit=500):
            batches.setdefault(c.batch, []).append(c)  # newest first; one line per user action
        for changes in batches.values():
            first = changes[-1]  # the change the action started with names it best
            more = f"  (và {len(changes) - 1} thay đổi khác)" if len(changes) > 1 else ""
            text = f"{local_time(first.at)}   {first.summary or first.table}{more}" + ("   — đã hoàn tác" if first.undone else "")
            item = QListWidgetItem(text)
            if first.undone:
                item.setForeground(Qt.gray)
            self.changes.addItem(item)
        self.bin.clear()
        for row in ev.removed(self.store):
            item = QListWidgetItem(f"{row['title']}   (bỏ lúc {local_time(row['removed_at'])})")
            item.setData(Qt.UserRole, row["id"])
            self.bin.addItem(item)
        self.restore_button.setEnabled(self.bin.count() > 0)

    def undo_last(self) -> None:
        summary = self.commit(history.undo_last, self.store)
        self.status.setText(f"Đã hoàn tác: {summary}" if summary else "Không còn thay đổi nào để hoàn tác.")
        self.refresh()

    def restore_selected(self) -> None:
        item = self.bin.currentItem() or self.bin.item(0)
        if item is None:
            return
        self.commit(ev.restore, self.store, item.data(Qt.UserRole))
        self.status.setText(f"Đã khôi phục minh chứng: {item.text().split('   ')[0]}")
        self.refresh()
