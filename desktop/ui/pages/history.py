"""History: every change with its time, undo the last ones, and the bin of removed evidence."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QListView, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.core.store import Store
from desktop.core.store import evidence as ev
from desktop.core.store import history
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel


def local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


def _action_text(a: history.Action) -> str:
    """One line per user action; identical actions in a row are one line with their count."""
    more = f"  (và {a.more} thay đổi khác)" if a.more else ""
    times = f" ×{a.count}" if a.count > 1 else ""
    return f"{local_time(a.at)}   {a.summary}{times}{more}" + ("   — đã hoàn tác" if a.undone else "")


ACTIONS = [Column("Thay đổi", _action_text, foreground=lambda a: "gray" if a.undone else None)]
REMOVED = [Column("Minh chứng đã bỏ", lambda row: f"{row['title']}   (bỏ lúc {local_time(row['removed_at'])})")]


def _list_view(model: RowsModel, name: str, label: str) -> QListView:
    view = QListView()
    view.setObjectName(name)
    view.setAccessibleName(label)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(True)  # no row is measured: 500 actions show at once
    return view


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
        self.actions = RowsModel(ACTIONS, self)
        self.changes = _list_view(self.actions, "historyList", "Các thay đổi đã lưu")
        bin_box = QWidget()
        bl = QVBoxLayout(bin_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("<b>Minh chứng đã bỏ (khôi phục được)</b>"))
        self.removed = RowsModel(REMOVED, self)
        self.bin = _list_view(self.removed, "evidenceBin", "Minh chứng đã bỏ")
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
        self.actions.set_rows(history.actions(history.recent(self.store, limit=500)))
        self.removed.set_rows(ev.removed(self.store))
        self.restore_button.setEnabled(self.removed.rowCount() > 0)

    def undo_last(self) -> str:
        """Undo the last action; the returned text says what was undone (the window shows it wherever the user
        is when pressing Ctrl+Z)."""
        summary = self.commit(history.undo_last, self.store)
        if summary:
            short = summary if len(summary) <= 120 else summary[:117] + "…"
            text = f"Đã hoàn tác: {short}"
        else:
            text = "Không còn thay đổi nào để hoàn tác." if not self.last_failed else "Chưa hoàn tác được."
        self.status.setText(text)
        self.refresh()
        return text

    def restore_selected(self) -> None:
        row = self.removed.row_at(self.bin.currentIndex()) if self.bin.currentIndex().isValid() \
            else self.removed.row_at(0)
        if row is None:
            return
        self.commit(ev.restore, self.store, row["id"])
        self.status.setText(f"Đã khôi phục minh chứng: {row['title']}")
        self.refresh()
