"""The plan checklist: the followed packs' tasks grouped by section, with filters (overdue, not done, by
person), status, progress, responsible person, evidence and notes per period, and the period's freeze that the
period report uses. Every rule (what counts as overdue, what a freeze holds) is the core's."""
from __future__ import annotations

import html

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QInputDialog, QMessageBox, QProgressBar, QPushButton, QScrollArea, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from desktop.core.periods import Period, today
from desktop.core.periods import label as period_label
from desktop.core.plans import SUGGESTED
from desktop.core.store import Store
from desktop.core.store import checklist as chk
from desktop.core.store.due import due_for_store
from desktop.core.store import profile as prof
from desktop.ui.pages.base import Page
from desktop.ui.widgets.buddy_label import label_for
from desktop.ui.widgets.evidence import EvidenceList
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view
from desktop.ui.widgets.request_comments import MARK_COLOR, TIP, comment_box, comments_on, open_codes

STATUS = {"todo": "Chưa làm", "doing": "Đang làm", "done": "Đã xong", "na": "Không áp dụng"}
ALL_PEOPLE = "— mọi người —"
SUGGESTED_MARK = "gợi ý"
SUGGESTED_TIP = f"Thời hạn này là {SUGGESTED}: văn bản không ghi thời hạn cho dòng này."
TASK_COLUMN = 1


class ChecklistPage(Page):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.rows: list = []
        self.overdue: set[tuple[str, str]] = set()
        self.year = None
        self.current = None
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Kế hoạch và nhiệm vụ</h2>"), 1)
        self.period = QComboBox()
        self.period.setObjectName("checklistPeriod")
        head.addWidget(label_for("&Kỳ:", self.period))
        self.period.activated.connect(lambda _i: self.reload())
        head.addWidget(self.period)
        self.freeze_button = QPushButton("Chốt số liệu cho báo cáo kỳ này")
        self.freeze_button.setObjectName("freezePeriod")
        self.freeze_button.clicked.connect(self.freeze)
        head.addWidget(self.freeze_button)
        lay.addLayout(head)
        filters = QHBoxLayout()
        self.only_overdue = QCheckBox("Chỉ việc quá hạn")
        self.only_open = QCheckBox("Chỉ việc chưa xong")
        self.person = QComboBox()
        self.person.setObjectName("personFilter")
        for w in (self.only_overdue, self.only_open):
            w.toggled.connect(self.fill)
        self.person.activated.connect(lambda _i: self.fill())
        filters.addWidget(self.only_overdue)
        filters.addWidget(self.only_open)
        filters.addWidget(label_for("Người &phụ trách:", self.person))
        filters.addWidget(self.person)
        self.progress = QProgressBar()
        self.progress.setObjectName("checklistProgress")
        self.progress.setFormat("%v/%m nhiệm vụ đã xong")
        filters.addWidget(self.progress, 1)
        lay.addLayout(filters)
        self.msg = QLabel()
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.asked: set[str] = set()  # task ids with an open request for changes
        self._section_order: dict[str, int] = {}
        self.splitter = QSplitter(Qt.Horizontal)
        self.model = RowsModel(self._columns(), self)
        self.proxy = RowsProxy(self.model, self, accept=self._visible)
        self.view = rows_view(self.proxy, "taskTable", label="Các nhiệm vụ")
        self.view.verticalHeader().hide()
        fit_columns(self.view, stretch=TASK_COLUMN, widths={0: 110, 2: 120, 3: 100, 4: 110, 5: 34})
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.splitter.addWidget(self.view)
        self.detail = QScrollArea()
        self.detail.setAccessibleName("Nhiệm vụ đang chọn")
        self.detail.setWidgetResizable(True)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([680, 460])
        lay.addWidget(self.splitter, 1)
        state = QSettings().value("checklist/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("checklist/splitter", self.splitter.saveState())

    def _columns(self) -> list[Column]:
        def late(r) -> bool:
            return self._key(r) in self.overdue

        def asked(r) -> bool:
            return r.task_id in self.asked

        def suggested(r) -> bool:  # a deadline the document does not give (issue 19), as the detail pane says
            return bool(r.deadline) and "deadline" in r.suggested

        return [Column("Nhóm", lambda r: r.section or "Nhiệm vụ khác", sort=lambda r: self._section_order.get(
                    r.section or "Nhiệm vụ khác", 0)),
                # issue 24: a province row the school's own plan carries out starts with that row's code
                Column("Nhiệm vụ", lambda r: (f"[{r.in_school_plan}] " if r.in_school_plan else "") + r.text,
                       tooltip=lambda r: r.text + (f"\nTrong kế hoạch của trường (dòng {r.in_school_plan})"
                                                   if r.in_school_plan else "") + (f"\n{TIP}" if asked(r) else ""),
                       bold=asked, foreground=lambda r: MARK_COLOR if asked(r) else None),
                Column("Hạn", lambda r: ("Quá hạn · " if late(r) else "") + r.deadline
                       + (f" ({SUGGESTED_MARK})" if suggested(r) else ""),
                       tooltip=lambda r: r.deadline + (f"\n{SUGGESTED_TIP}" if suggested(r) else ""),
                       foreground=lambda r: "red" if late(r) else "#6b6b6b" if suggested(r) else None),
                Column("Trạng thái", lambda r: STATUS.get(r.status, "") + (f" {r.progress}%" if r.status == "doing" else "")),
                Column("Người phụ trách", lambda r: r.responsible),
                Column("MC", lambda r: str(r.evidence_count or ""), sort=lambda r: r.evidence_count or 0)]

    def visible_rows(self) -> list:
        """The tasks the table shows, in its order."""
        return self.proxy.visible_rows()

    def select_task(self, r) -> None:
        """Make task `r` the current row (as a click on it does)."""
        for i in range(self.proxy.rowCount()):
            if self._key(self.proxy.row_at(self.proxy.index(i, 0))) == self._key(r):
                self.view.setCurrentIndex(self.proxy.index(i, TASK_COLUMN))
                return

    def open_task(self, pack_id: str, row_id: str) -> None:
        """Show the school year's list with task (or target) `row_id` of plan `pack_id` selected (the calendar)."""
        if self.stale:
            self.refresh()
        if self.period.currentIndex() != 0 or self.only_overdue.isChecked() or self.only_open.isChecked():
            self.period.setCurrentIndex(0)  # the school year: every task of the year
            self.only_overdue.setChecked(False)
            self.only_open.setChecked(False)
            self.person.setCurrentIndex(0)
            self.reload()
        row = next((r for r in self.rows if (r.pack_id, r.task_id) == (pack_id, row_id)), None)
        if row is not None:
            self.select_task(row)

    # ---- loading ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        self.year = prof.current_school_year(self.store)
        chosen = self.period.currentData()
        self.period.clear()
        if self.year:
            day = today(self.store)
            self.period.addItem(f"Năm học {self.year['label']}", self.year["label"])
            for kind in ("quarter", "month"):
                p = Period.of(kind, day)
                self.period.addItem(p.label[:1].upper() + p.label[1:], str(p))  # «Quý II năm 2026», not 2026-Q2
            idx = self.period.findData(chosen)
            self.period.setCurrentIndex(max(0, idx))
        self.reload()

    def reload(self) -> None:
        if self.year is None or not self.period.currentData():
            self.rows = []
            self.msg.setText("Chưa có kế hoạch nào được theo dõi. Chọn kế hoạch ở «Hồ sơ nhà trường».")
        else:
            self.rows = chk.checklist(self.store, self.year["id"], self.period.currentData())
            self.overdue = {(d.pack_id, d.row_id) for d in due_for_store(self.store, today(self.store))
                            if d.overdue and d.kind in ("task", "target")}
            self.msg.setText("" if self.rows else "Kế hoạch đang theo dõi chưa có nhiệm vụ nào cho kỳ này.")
        people = sorted({r.responsible for r in self.rows} - {""})
        current = self.person.currentText()
        self.person.clear()
        self.person.addItem(ALL_PEOPLE)
        self.person.addItems(people)
        self.person.setCurrentIndex(max(0, self.person.findText(current)))
        self.fill()

    def _visible(self, r) -> bool:
        if self.only_overdue.isChecked() and self._key(r) not in self.overdue:
            return False
        if self.only_open.isChecked() and r.status in ("done", "na"):
            return False
        who = self.person.currentText()
        return who in ("", ALL_PEOPLE) or r.responsible == who

    def fill(self) -> None:
        """Show the rows through the filters, keeping the current task selected when it is still shown."""
        keep = self.current
        self._section_order = {}
        for r in self.rows:  # sections in the order the plan gives them; tasks in plan order inside each
            self._section_order.setdefault(r.section or "Nhiệm vụ khác", len(self._section_order))
        self.asked = open_codes(self.store)
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(sorted(self.rows, key=lambda r: self._section_order[r.section or "Nhiệm vụ khác"]))
        self.view.selectionModel().blockSignals(False)
        done = sum(1 for r in self.rows if r.status in ("done", "na"))
        self.progress.setRange(0, max(1, len(self.rows)))
        self.progress.setValue(done)
        if keep is not None and any(self._key(r) == self._key(keep) for r in self.visible_rows()):
            self.select_task(next(r for r in self.rows if self._key(r) == self._key(keep)))
        elif self.current is None or keep is None:
            hint = QLabel("Chọn một nhiệm vụ để cập nhật tiến độ, minh chứng, ghi chú.")
            hint.setWordWrap(True)  # the pane is narrow on a 1024-pixel screen
            self.detail.setWidget(hint)

    @staticmethod
    def _key(r) -> tuple:
        return (r.pack_id, r.task_id)

    # ---- one task -----------------------------------------------------------------------------------------
    def _selected(self, index, _prev) -> None:
        r = self.proxy.row_at(index)
        if r is None:
            return
        self.current = r
        pane = QWidget()
        lay = QVBoxLayout(pane)
        title = QLabel(f"<b>{r.text}</b>")
        title.setWordWrap(True)
        lay.addWidget(title)
        if r.source_text:  # what the province actually wrote, under the task (issue 19)
            source = QLabel(f"<i>Văn bản ghi:</i> «{html.escape(r.source_text)}»")
            source.setObjectName("taskSource")
            source.setWordWrap(True)
            source.setTextInteractionFlags(Qt.TextSelectableByMouse)
            lay.addWidget(source)

        def hint(field: str) -> str:
            return f" <i>({SUGGESTED})</i>" if field in r.suggested else ""

        info = [f"Sản phẩm: {r.product}{hint('product')}" if r.product else "",
                f"Thời hạn: {r.deadline}{hint('deadline')}" if r.deadline else "",
                f"Ghi chú của Sổ CĐS: {html.escape(r.plan_note)}" if r.plan_note else "",
                f"Căn cứ: {r.source_section}" if r.source_section else "",
                f"Liên quan chỉ số: {', '.join(r.indicator_links)}" if r.indicator_links else "",
                f"<b>Trong kế hoạch của trường</b> (dòng {r.in_school_plan})" if r.in_school_plan else "",
                f"<i>Trạng thái lấy từ {period_label(r.period)}; cập nhật sẽ ghi cho kỳ này.</i>" if r.carried else ""]
        meta = QLabel("<br>".join(x for x in info if x))
        meta.setWordWrap(True)
        lay.addWidget(meta)
        box = comment_box(comments_on(self.store, r.task_id))
        if box:
            lay.addWidget(box)
        form = QFormLayout()
        self.status = QComboBox()
        self.status.setObjectName("taskStatus")
        for k, v in STATUS.items():
            self.status.addItem(v, k)
        self.status.setCurrentIndex(self.status.findData(r.status))
        self.status.activated.connect(lambda _i: self._save(status=self.status.currentData()))
        form.addRow("Trạng thái:", self.status)
        self.pct = QSpinBox()
        self.pct.setObjectName("taskProgress")
        self.pct.setRange(0, 100)
        self.pct.setSuffix(" %")
        self.pct.setValue(r.progress)
        self.pct.editingFinished.connect(lambda: self._save(progress=self.pct.value()))
        form.addRow("Tiến độ:", self.pct)
        self.done_on = QDateEdit()
        self.done_on.setObjectName("taskCompletedOn")
        self.done_on.setDisplayFormat("dd/MM/yyyy")
        self.done_on.setCalendarPopup(True)
        done = r.completed_on
        self.done_on.setDate(QDate.fromString(str(done), "yyyy-MM-dd") if done else QDate.currentDate())
        self.done_on.editingFinished.connect(lambda: self._save(completed_on=self.done_on.date().toString("yyyy-MM-dd")))
        form.addRow("Ngày hoàn thành:", self.done_on)
        self.who = QLineEdit(r.responsible)
        self.who.setObjectName("taskResponsible")
        self.who.editingFinished.connect(lambda: self._save(responsible=self.who.text().strip()))
        form.addRow("Người phụ trách:", self.who)
        self.na_reason = QLineEdit(r.na_reason)
        self.na_reason.setObjectName("taskNaReason")
        self.na_reason.setPlaceholderText("Khi «Không áp dụng»: lý do")
        self.na_reason.editingFinished.connect(lambda: self._save(na_reason=self.na_reason.text().strip()))
        form.addRow("Lý do không áp dụng:", self.na_reason)
        self.note = QLineEdit(r.note)
        self.note.setObjectName("taskNote")
        self.note.editingFinished.connect(lambda: self._save(note=self.note.text().strip()))
        form.addRow("Ghi chú:", self.note)
        if r.row_kind == "target":  # the school's own figure beside the plan's (issue 20)
            self.actual = QLineEdit(r.actual)
            self.actual.setObjectName("taskActual")
            self.actual.setPlaceholderText("Ví dụ: 14/14 giáo viên, 100%")
            self.actual.setToolTip("Số liệu của nhà trường cho chỉ tiêu này; in trong báo cáo cạnh chỉ tiêu của "
                                   "kế hoạch.")
            self.actual.editingFinished.connect(lambda: self._save(actual=self.actual.text().strip()))
            form.addRow("Số liệu của trường:", self.actual)
            self.actual_on = QDateEdit()
            self.actual_on.setObjectName("taskActualOn")
            self.actual_on.setDisplayFormat("dd/MM/yyyy")
            self.actual_on.setCalendarPopup(True)
            self.actual_on.setDate(QDate.fromString(str(r.actual_on), "yyyy-MM-dd") if r.actual_on
                                   else QDate(*today(self.store).timetuple()[:3]))
            self.actual_on.editingFinished.connect(
                lambda: self._save(actual_on=self.actual_on.date().toString("yyyy-MM-dd")))
            form.addRow("Ngày của số liệu:", self.actual_on)
        self.late_reason = QLineEdit(r.late_reason)
        self.late_reason.setObjectName("taskLateReason")
        self.late_reason.setPlaceholderText("Khi chậm so với thời hạn: nguyên nhân")
        self.late_reason.editingFinished.connect(lambda: self._save(late_reason=self.late_reason.text().strip()))
        form.addRow("Nguyên nhân chậm:", self.late_reason)
        lay.addLayout(form)
        self.evidence = EvidenceList(self.store)
        self.evidence.set_target(pack_id=r.pack_id, task_id=r.task_id, period=self.period.currentData())
        self.evidence.changed.connect(self._evidence_changed)
        lay.addWidget(self.evidence, 1)
        self.detail.setWidget(pane)

    def _save(self, **change) -> None:
        r = self.current
        if r is None or all(getattr(r, k) == v for k, v in change.items()):
            return
        values = {k: getattr(r, k) for k in ("status", "progress", "completed_on", "responsible", "na_reason", "note",
                                             "actual", "actual_on", "late_reason")}
        values.update(change)
        if "actual" in change and change["actual"] and not values["actual_on"]:
            values["actual_on"] = today(self.store).isoformat()  # a figure without its day is the day it is written
        # keep the fields consistent with the status the user chose (the core refuses contradictions)
        if "progress" in change and values["status"] == "todo" and values["progress"]:
            values["status"] = "doing"
        status = values["status"]
        if status == "done":
            values["progress"] = 100
            values["completed_on"] = values["completed_on"] or today(self.store).isoformat()
        else:
            values["completed_on"] = None
            if status == "todo":
                values["progress"] = 0
            elif "status" in change and values["progress"] == 100:
                values["progress"] = 0 if status == "na" else 50
        if status == "na" and not values["na_reason"]:
            reason, ok = QInputDialog.getText(self, "Không áp dụng", "Lý do nhiệm vụ này không áp dụng với trường:")
            if not ok or not reason.strip():
                self.status.setCurrentIndex(self.status.findData(r.status))
                return
            values["na_reason"] = reason.strip()
        self.commit(chk.set_progress, self.store, self.year["id"], r.pack_id, r.task_id, self.period.currentData(),
                    **values)
        self.reload()

    def set_status(self, status: str) -> None:
        """Tick the current task (tests and keyboard use)."""
        self._save(status=status)

    def _evidence_changed(self) -> None:
        self.changed.emit()
        self.reload()

    def freeze(self) -> None:
        if self.year is None:
            return
        rows = self.commit(chk.freeze, self.store, self.year["id"], self.period.currentData())
        if rows is None:
            return
        done = sum(1 for r in rows if r.get("status") in ("done", "na"))
        QMessageBox.information(self, "Đã chốt số liệu",
                                f"Đã chốt {len(rows)} nhiệm vụ của {period_label(self.period.currentData())} ({done} đã xong). "
                                "Báo cáo của kỳ này dùng đúng số liệu đã chốt.")
