"""Lịch năm học: the year's deadlines of the followed plans and the self-assessment, month by month, overdue in
red (with the word, not the colour alone), done in grey; opening an entry opens its report or its task."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.core.periods import label as period_label
from desktop.core.periods import today
from desktop.core.schedule import KIND_LABELS
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store import report_exemptions as rex
from desktop.core.store.year_calendar import YearEntry, year_calendar
from desktop.ui.pages.base import Page

STATE_TEXT = {"overdue": "QUÁ HẠN", "done": "Đã xong", "coming": "Sắp tới", "na": "Không áp dụng"}
STATE_COLOUR = {"overdue": "#c62828", "done": "#757575", "coming": None, "na": "#757575"}
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
        # one report occurrence that does not apply to the school this time, with its reason (issue 19)
        acts = QHBoxLayout()
        self.na_btn = QPushButton("Báo cáo kỳ này không áp dụng…")
        self.na_btn.setObjectName("calendarNotApplicable")
        self.na_btn.setToolTip("Đánh dấu một lần báo cáo của kế hoạch là không áp dụng với trường (ghi lý do): "
                               "lịch không còn nhắc hay báo quá hạn lần báo cáo đó.")
        self.na_btn.clicked.connect(lambda: self.mark_selected())
        self.due_btn = QPushButton("Bỏ đánh dấu không áp dụng")
        self.due_btn.setObjectName("calendarDueAgain")
        self.due_btn.clicked.connect(self.unmark_selected)
        acts.addWidget(self.na_btn)
        acts.addWidget(self.due_btn)
        acts.addStretch(1)
        lay.addLayout(acts)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()
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
        counts = {"overdue": 0, "coming": 0, "done": 0, "na": 0}
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
                             f"{counts['done']} đã xong" + (f", {counts['na']} không áp dụng" if counts["na"] else "")
                             + f" (tính đến {day:%d/%m/%Y}).")
        self._update_buttons()

    def _entry(self, parent: QTreeWidgetItem, e: YearEntry) -> None:
        i = e.item
        kind = KIND_LABELS.get(i.kind, i.kind)
        to = f" — gửi {i.to}" if i.to else ""
        row = QTreeWidgetItem(parent, [f"{i.due:%d/%m/%Y}", STATE_TEXT[e.state], kind, f"{i.title}{to}"])
        row.setData(0, ENTRY, e)
        row.setToolTip(3, f"{i.title}{to}" + (f"\nGhi chú của Sổ CĐS: {i.note}" if i.note else "")
                       + (f"\nKhông áp dụng: {e.reason}" if e.reason else ""))
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

    # ---- a report occurrence not applicable (issue 19) ----------------------------------------------------------
    def selected(self) -> YearEntry | None:
        row = self.tree.currentItem()
        return row.data(0, ENTRY) if row is not None else None

    @staticmethod
    def _plan_report(e: YearEntry | None) -> bool:
        return e is not None and e.opens == "report" and bool(e.item.pack_id) and e.item.kind in rex.REPORT_KINDS

    def _update_buttons(self) -> None:
        e = self.selected()
        self.na_btn.setEnabled(self._plan_report(e) and e.state in ("overdue", "coming"))
        self.due_btn.setEnabled(self._plan_report(e) and e.state == "na")

    def select(self, e: YearEntry) -> None:
        """Make entry `e` the current row (as a click does)."""
        for t in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(t)
            for c in range(top.childCount()):
                if top.child(c).data(0, ENTRY) == e:
                    self.tree.setCurrentItem(top.child(c))
                    return

    def mark_selected(self, reason: str | None = None) -> None:
        e = self.selected()
        if not self._plan_report(e):
            return
        if not reason:
            reason, ok = QInputDialog.getText(self, "Không áp dụng",
                                              f"Lý do «{e.item.title}» ({period_label(e.item.period)}) không áp dụng với trường:")
            if not ok or not reason.strip():
                return
        self.commit(rex.mark_not_applicable, self.store, e.item.pack_id, e.item.kind, e.item.period, reason)
        self.fill()

    def unmark_selected(self) -> None:
        e = self.selected()
        if not self._plan_report(e) or e.state != "na":
            return
        self.commit(rex.unmark, self.store, e.item.pack_id, e.item.kind, e.item.period)
        self.fill()
