"""The dashboard: both group totals with their levels, a bar per criterion, mandatory conditions, what to do
next (from the scoring engine), coming deadlines, checklist progress and warnings. It only shows what the core
computes."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QProgressBar, QScrollArea, QVBoxLayout, QWidget)

from desktop.core.bands import vn_number
from desktop.core.contact import school_code_problem
from desktop.core.periods import today
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import checklist as chk
from desktop.core.store.due import due_for_store
from desktop.core.store import lists, overview, plan_store, year_over_year
from desktop.core.store import profile as prof
from desktop.ui.pages.base import Page
from desktop.ui.widgets.bars import CriterionBars
from desktop.ui.widgets.requests_box import RequestsBox
from desktop.ui.widgets.wrap_label import WrapLabel


def signed(d) -> str:
    """+3, −2,5 or ±0: a change in points, with its sign written out."""
    return "±0" if not d else (f"+{vn_number(d)}" if d > 0 else f"−{vn_number(-d)}")


PROFILE_FIELD = Qt.ItemDataRole.UserRole + 1

class GroupCard(QFrame):
    def __init__(self):
        super().__init__()
        self.setFrameShape(QFrame.StyledPanel)
        lay = QVBoxLayout(self)
        self.title = WrapLabel()
        self.total = QLabel()
        self.total.setObjectName("groupTotal")
        self.level = QLabel()
        self.mandatory = WrapLabel()
        for w in (self.title, self.total, self.level, self.mandatory):
            lay.addWidget(w)

    def show_group(self, group, gs) -> None:
        self.title.setText(f"<b>Nhóm {group.code}. {group.name}</b>")
        known = "" if gs.known_max == gs.max else f" (bộ chỉ số mới có {vn_number(gs.known_max)} điểm)"
        self.total.setText(f"<span style='font-size:20pt'>{vn_number(gs.total)}</span> / {vn_number(gs.max)} điểm{known}")
        capped = " — bị giới hạn vì điều kiện bắt buộc chưa đạt" if gs.capped else ""
        self.level.setText(f"<b>{gs.level_label}</b>{capped}")
        if gs.unmet:
            # colour through rich text, not a style sheet: a style sheet would pin the font (larger text)
            self.mandatory.setText("<span style='color:#b71c1c'>Điều kiện bắt buộc chưa đạt/chưa trả lời: "
                                   + ", ".join(gs.unmet) + "</span>")
        else:
            self.mandatory.setText("<span style='color:#2e7d32'>Đạt tất cả điều kiện bắt buộc.</span>")


class DashboardPage(Page):
    open_item = Signal(str)
    open_profile = Signal(str)  # a field of the school profile to fix («code»)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setAccessibleName("Tổng quan")
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        # Plain-text labels with a font, not rich text (<h2>, <b>, <i>): a word-wrapped rich-text label is laid out
        # again as a document for every width the layout tries (~6 ms at start-up, issue 11).
        self.heading = WrapLabel()  # as <h2> drew it: bold, 1.5 × the text size (see _fit_fonts)
        self.heading.setObjectName("dashboardHeading")
        lay.addWidget(self.heading)
        self.subheading = WrapLabel()
        lay.addWidget(self.subheading)
        cards = QHBoxLayout()
        self.cards = [GroupCard(), GroupCard()]
        for c in self.cards:
            cards.addWidget(c, 1)
        lay.addLayout(cards)
        self.overall = WrapLabel()
        self.overall.setObjectName("overallLevel")
        self.overall_note = WrapLabel()
        for label, bold in ((self.overall, True), (self.overall_note, False)):
            font = label.font()  # only the weight or style is set: the size still follows larger text
            font.setBold(bold)
            font.setItalic(not bold)
            label.setFont(font)
            lay.addWidget(label)
        columns = QHBoxLayout()
        lay.addLayout(columns)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        bars_box = QGroupBox("Điểm theo tiêu chí (bấm vào một tiêu chí để mở)")
        self.bars = CriterionBars()
        self.bars.setObjectName("criterionBars")
        self.bars.clicked.connect(self._criterion_clicked)
        QVBoxLayout(bars_box).addWidget(self.bars)
        left.addWidget(bars_box)
        self.yoy_box = QGroupBox("So với năm học trước")
        self.yoy = QLabel()
        self.yoy.setObjectName("yearOverYear")
        self.yoy.setWordWrap(True)
        QVBoxLayout(self.yoy_box).addWidget(self.yoy)
        self.yoy_box.hide()
        left.addWidget(self.yoy_box)
        self.due_list = self._list_box(left, "Sắp đến hạn", "deadlines")
        tasks_box = QGroupBox("Tiến độ kế hoạch")
        tl = QVBoxLayout(tasks_box)
        self.tasks_bar = QProgressBar()
        self.tasks_bar.setObjectName("checklistProgress")
        self.tasks_label = WrapLabel()
        tl.addWidget(self.tasks_bar)
        tl.addWidget(self.tasks_label)
        left.addWidget(tasks_box)
        self.requests_box = RequestsBox(store)  # requests for changes from the managing body (issue 8)
        self.requests_box.open_item.connect(self.open_item)
        self.requests_box.imported.connect(self.changed)
        right.addWidget(self.requests_box)
        self.next_list = self._list_box(right, "Nên làm tiếp", "nextSteps")
        self.warn_list = self._list_box(right, "Cần lưu ý", "warnings")
        self.warn_box = self.warn_list.parentWidget()

        self._fit_fonts()

    def _fit_fonts(self) -> None:
        """The heading's size follows the page's text size (Settings → larger text)."""
        font = self.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        else:
            font.setPixelSize(round(font.pixelSize() * 1.5))
        self.heading.setFont(font)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.FontChange:
            self._fit_fonts()
        super().changeEvent(event)

    def _list_box(self, column: QVBoxLayout, title: str, name: str) -> QListWidget:
        box = QGroupBox(title)
        lst = QListWidget()
        lst.setObjectName(name)
        lst.setAccessibleName(title)
        lst.setWordWrap(True)
        lst.setMinimumHeight(120)
        lst.itemActivated.connect(self._item_activated)
        lst.itemClicked.connect(self._item_activated)
        QVBoxLayout(box).addWidget(lst)
        column.addWidget(box, 1)
        return lst

    def _item_activated(self, item: QListWidgetItem) -> None:
        if item.data(PROFILE_FIELD):
            self.open_profile.emit(item.data(PROFILE_FIELD))
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.open_item.emit(code)

    def _criterion_clicked(self, code: str) -> None:
        a = asm.current_assessment(self.store)
        if a:
            iset = asm.assessment_set(self.store, a["id"])
            self.open_item.emit(iset.criterion(code).items[0].code)

    def refresh(self) -> None:
        super().refresh()
        school = prof.get_school(self.store)
        year = prof.current_school_year(self.store)
        a = asm.current_assessment(self.store)
        for lst in (self.next_list, self.warn_list, self.due_list):
            lst.clear()
        self.requests_box.refresh()
        code_problem = school_code_problem(school.code) if school else None
        if code_problem:  # the commune matches report files to its roster by this code
            item = QListWidgetItem(f"⚠ Mã trường: {code_problem}.")
            item.setForeground(Qt.GlobalColor.red)
            item.setData(PROFILE_FIELD, "code")  # opening the line goes to the field
            self.warn_list.addItem(item)
            self.warn_box.setTitle(f"Cần lưu ý ({self.warn_list.count()})")
        if not school or not a:
            self.heading.setText("Tổng quan")
            self.subheading.setText(asm.no_assessment_text(self.store))  # a preschool's kept 4725 one too (issue 19)
            for c in self.cards:
                c.hide()
            self.yoy_box.hide()
            self.bars.set_rows([])
            self._show_plans(year)
            return
        iset, result = asm.score_assessment(self.store, a["id"])
        counts = overview.evidence_counts(self.store, a["id"])
        done, total = overview.answered_count(result)
        self.heading.setText(f"{school.name} — năm học {year['label'] if year else ''}")
        self.subheading.setText(f"{iset.title} (phiên bản {iset.version}) · đã trả lời {done}/{total} mục")
        for card, group in zip(self.cards, iset.groups):
            card.show()
            card.show_group(group, result.groups[group.code])
        self.overall.setText(f"Mức chung: {result.overall_label or 'chưa xếp'}")
        self.overall_note.setText(result.overall_rule_note)
        rows = []
        for g in iset.groups:
            for c in g.criteria:
                cs = result.criteria[c.code]
                label = f"{c.code} {c.text}" if c.text else f"Tiêu chí {c.code} ({len(c.items)} mục)"
                rows.append((c.code, label, cs.total, cs.max))
        self.bars.set_rows([r for r in rows if r[3] > 0])
        self._show_year_over_year(a["id"])
        for step in result.next_steps[:8]:
            item = QListWidgetItem("→ " + step.text)
            item.setData(Qt.ItemDataRole.UserRole, step.item_code)
            self.next_list.addItem(item)
        for w in overview.warnings(iset, result, counts):
            item = QListWidgetItem(w.text)
            if w.kind == "unverified":
                item.setForeground(Qt.GlobalColor.darkYellow)
            item.setData(Qt.ItemDataRole.UserRole, w.item_code)
            self.warn_list.addItem(item)
        for code, msg in lists.mismatches(self.store, iset, a["id"]).items():  # answers the lists no longer back
            item = QListWidgetItem(f"⚠ Mục {code}: {msg}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.warn_list.addItem(item)
        self.warn_box.setTitle(f"Cần lưu ý ({self.warn_list.count()})")
        if not self.warn_list.count():
            self.warn_list.addItem("Không có cảnh báo.")
        self._show_plans(year)

    def _show_year_over_year(self, assessment_id: int) -> None:
        """Last year's points and level beside this year's, with the change per criterion (when the data file
        has last year's self-assessment)."""
        yoy = year_over_year.compare(self.store, assessment_id)
        self.yoy_box.setVisible(yoy is not None)
        if yoy is None:
            return
        self.yoy_box.setTitle(f"So với năm học trước ({yoy.last_year})")
        lines = [f"<b>{g.label}</b>: {vn_number(g.now)} điểm (Mức {g.level_now}) — năm trước {vn_number(g.before)} "
                 f"(Mức {g.level_before}): <b>{signed(g.delta)}</b>" for g in yoy.groups]
        level = lambda v: f"Mức {v}" if v else "chưa xếp"  # noqa: E731
        lines.append(f"Mức chung: {level(yoy.overall_now)} — năm trước {level(yoy.overall_before)}")
        moved = [f"{c.code}: {vn_number(c.now)}/{vn_number(c.max)} (năm trước {vn_number(c.before)}, "
                 f"{signed(c.delta)})" for c in yoy.criteria if c.delta]
        lines.append("Thay đổi theo tiêu chí: " + ("; ".join(moved) if moved else "không tiêu chí nào thay đổi") + ".")
        if not yoy.same_set:
            lines.append(f"<i>Năm trước chấm theo {yoy.last_set}: điểm mỗi năm tính theo bộ chỉ số của năm đó.</i>")
        self.yoy.setText("<br>".join(lines))

    def _show_plans(self, year: dict | None) -> None:
        if not year:
            self.due_list.addItem("Chưa có kế hoạch nào được theo dõi.")
            self.tasks_bar.setValue(0)
            self.tasks_label.setText("Chưa có kế hoạch nào được theo dõi.")
            return
        packs = plan_store.followed_packs(self.store, year["id"])
        if not packs:
            self.due_list.addItem("Chưa theo dõi kế hoạch nào: chọn kế hoạch ở «Hồ sơ nhà trường».")
        day = today(self.store)
        for d in due_for_store(self.store, day, horizon_days=60, school_year_id=year["id"])[:12]:
            flag = "QUÁ HẠN — " if d.overdue else ""
            item = QListWidgetItem(f"{flag}{d.due:%d/%m/%Y}: {d.title}")
            item.setToolTip(f"{d.title}\nGhi chú của Sổ CĐS: {d.note}" if d.note else d.title)
            if d.overdue:
                item.setForeground(Qt.GlobalColor.red)
            self.due_list.addItem(item)
        if not self.due_list.count():
            self.due_list.addItem("Không có hạn nào trong 60 ngày tới.")
        rows = chk.checklist(self.store, year["id"], year["label"])
        done = sum(1 for r in rows if r.status in ("done", "na"))
        self.tasks_bar.setRange(0, max(1, len(rows)))
        self.tasks_bar.setValue(done)
        self.tasks_label.setText(f"Đã xong {done}/{len(rows)} nhiệm vụ của năm học {year['label']}.")

