"""Lịch năm học: the year's deadlines of the followed plans and the self-assessment, month by month, overdue in
red (with the word, not the colour alone), done in grey; opening an entry opens its report or its task."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.periods import today
from desktop.core.schedule import KIND_LABELS
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.year_calendar import YearEntry, year_calendar
from desktop.ui.pages.base import Page

STATE_TEXT = {"overdue": "QUÁ HẠN", "done": "Đã xong", "coming": "Sắp tới"}
STATE_COLOUR = {"overdue": "#c62828", "done": "#757575", "coming": None}
ENTRY = Qt.ItemDataRole.UserRole


class CalendarPage(Page):
    open_report = Signal(str, str)  # report kind, period
    open_task = Signal(str, str)    # pack id, task or target id

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Lịch năm học</h2>"))
        head.addStretch(1)
        head.addWidget(QLabel("Năm học:"))
        self.year = QComboBox()
        self.year.setObjectName("calendarYear")
        self.year.setAccessibleName("Năm học")
        self.year.activated.connect(lambda _i: self.fill())
        head.addWidget(self.year)
        lay.addLayout(head)
        hint = QLabel("Các hạn báo cáo của kế hoạch đang theo dõi và hạn tự đánh giá, theo tháng. Bấm đúp (hoặc "
                      "Enter) vào một dòng để mở báo cáo hoặc nhiệm vụ đó.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.tree = QTreeWidget()
        self.tree.setObjectName("calendarTree")
        self.tree.setAccessibleName("Lịch năm học")
        self.tree.setHeaderLabels(["Ngày", "Tình trạng", "Loại", "Nội dung"])
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 110)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        self.summary = QLabel()
        self.summary.setObjectName("calendarSummary")
        lay.addWidget(self.summary)

    def refresh(self) -> None:
        super().refresh()
        chosen = self.year.currentData()
        current = prof.current_school_year(self.store)
        self.year.clear()
        for y in prof.list_school_years(self.store):
            self.year.addItem(y["label"], y["label"])
        i = self.year.findData(chosen or (current["label"] if current else None))
        self.year.setCurrentIndex(max(0, i))
        self.fill()

    def fill(self) -> None:
        self.tree.clear()
        label = self.year.currentData()
        if not label:
            self.summary.setText("Chưa có năm học: khai báo ở «Hồ sơ nhà trường».")
            return
        day = today(self.store)
        months = year_calendar(self.store, label, day)
        counts = {"overdue": 0, "coming": 0, "done": 0}
        for m in months:
            late = sum(1 for e in m.entries if e.state == "overdue")
            text = m.label + (f"  ({len(m.entries)} hạn" + (f", {late} quá hạn)" if late else ")") if m.entries
                              else "  (không có hạn)")
            top = QTreeWidgetItem(self.tree, [text])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            if late:
                top.setForeground(0, QBrush(QColor(STATE_COLOUR["overdue"])))
            for e in m.entries:
                counts[e.state] += 1
                self._entry(top, e)
            top.setExpanded(bool(m.entries))
        self.summary.setText(f"Năm học {label}: {counts['overdue']} quá hạn, {counts['coming']} sắp tới, "
                             f"{counts['done']} đã xong (tính đến {day:%d/%m/%Y}).")

    def _entry(self, parent: QTreeWidgetItem, e: YearEntry) -> None:
        i = e.item
        kind = KIND_LABELS.get(i.kind, i.kind)
        to = f" — gửi {i.to}" if i.to else ""
        row = QTreeWidgetItem(parent, [f"{i.due:%d/%m/%Y}", STATE_TEXT[e.state], kind, f"{i.title}{to}"])
        row.setData(0, ENTRY, e)
        row.setToolTip(3, f"{i.title}{to}" + (f"\nGhi chú của Sổ CĐS: {i.note}" if i.note else ""))
        colour = STATE_COLOUR[e.state]
        if colour:
            for col in range(4):
                row.setForeground(col, QBrush(QColor(colour)))

    def entries(self) -> list[YearEntry]:
        out = []
        for t in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(t)
            out += [top.child(c).data(0, ENTRY) for c in range(top.childCount())]
        return out

    def _activated(self, row: QTreeWidgetItem, _col: int = 0) -> None:
        e = row.data(0, ENTRY)
        if e is None:
            return
        self.open_entry(e)

    def open_entry(self, e: YearEntry) -> None:
        if e.opens == "task":
            self.open_task.emit(e.item.pack_id or "", e.item.row_id)
        else:
            self.open_report.emit(e.item.kind, e.item.period)
