"""The assessment walk-through: a tree of criteria and items with state icons, the item pane (question,
guidance, an input fitted to the answer type, live points, note, evidence), keyboard navigation."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.core import shares
from desktop.core.bands import vn_number
from desktop.core.errors import UserError
from desktop.core.scoring import item_points, score
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import lists
from desktop.core.store import overview
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.widgets.answer_input import AnswerInput
from desktop.ui.widgets.evidence import EvidenceList
from desktop.ui.widgets.request_comments import comment_box, comments_on, mark, open_codes
from desktop.ui.widgets.buddy_label import label_for

STATES = {"unanswered": ("#9e9e9e", "Chưa trả lời"), "answered": ("#2e7d32", "Đã trả lời, có minh chứng"),
          "no_evidence": ("#ef6c00", "Đã trả lời, thiếu minh chứng"), "mandatory_unmet": ("#c62828", "Điều kiện bắt buộc chưa đạt")}
UNVERIFIED_SIGN = "◇"
UNVERIFIED_TEXT = "Nội dung chưa đối chiếu văn bản chính thức"
_icons: dict[str, QIcon] = {}


def state_icon(state: str) -> QIcon:
    if state not in _icons:
        pm = QPixmap(14, 14)
        pm.fill(Qt.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.Antialiasing)
        p.setBrush(QColor(STATES[state][0]))
        p.setPen(Qt.NoPen)
        p.drawEllipse(1, 1, 12, 12)
        p.end()
        _icons[state] = QIcon(pm)
    return _icons[state]


class AssessmentPage(Page):
    share_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.assessment_id: int | None = None
        self.iset = None
        self.result = None
        self.answers: dict = {}
        self.codes: list[str] = []
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.progress = QLabel()
        self.progress.setObjectName("answeredProgress")
        self.progress.setWordWrap(True)  # two lines on a narrow screen rather than a window wider than it
        self.jump = QLineEdit()
        self.jump.setObjectName("jumpToCode")
        self.jump.setAccessibleName("Đến mục theo mã")
        self.jump.setPlaceholderText("Đến mục (Ctrl+G), ví dụ 2.3.1")
        self.jump.setMinimumWidth(220)
        self.jump.returnPressed.connect(lambda: self.select_item(self.jump.text().strip()))
        prev_b, next_b = QPushButton("◀ Mục trước"), QPushButton("Mục sau ▶")
        prev_b.setToolTip("Alt+↑ hoặc Ctrl+PgUp")
        next_b.setToolTip("Alt+↓ hoặc Ctrl+PgDown")
        prev_b.clicked.connect(lambda: self.step(-1))
        next_b.clicked.connect(lambda: self.step(1))
        top.addWidget(self.progress, 1)
        top.addWidget(self.jump)
        top.addWidget(prev_b)
        top.addWidget(next_b)
        lay.addLayout(top)
        self.splitter = QSplitter(Qt.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("itemTree")
        self.tree.setAccessibleName("Các tiêu chí và mục của bộ chỉ số")
        self.tree.setHeaderLabels(["Tiêu chí / mục", "Điểm"])
        self.tree.setColumnWidth(0, 330)
        self.tree.currentItemChanged.connect(self._tree_moved)
        self.splitter.addWidget(self.tree)
        self.pane_scroll = QScrollArea()
        self.pane_scroll.setAccessibleName("Mục đang chọn")
        self.pane_scroll.setWidgetResizable(True)
        self.splitter.addWidget(self.pane_scroll)
        self.splitter.setSizes([420, 700])
        lay.addWidget(self.splitter, 1)
        legend = QLabel("   ".join(f"<span style='color:{c}'>●</span> {t}" for c, t in STATES.values())
                        + f"   {UNVERIFIED_SIGN} {UNVERIFIED_TEXT}")
        legend.setWordWrap(True)
        lay.addWidget(legend)
        self.walk_widgets = (self.jump, prev_b, next_b, self.tree, legend)  # hidden while there is nothing to walk
        self.current_code: str | None = None
        self.input: AnswerInput | None = None
        for keys, delta in (("Alt+Down", 1), ("Ctrl+PgDown", 1), ("Alt+Up", -1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, activated=lambda d=delta: self.step(d))
        QShortcut(QKeySequence("Ctrl+G"), self, activated=self._focus_jump)
        splitter = QSettings().value("assessment/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("assessment/splitter", self.splitter.saveState())

    def _focus_jump(self) -> None:
        self.jump.setFocus()
        self.jump.selectAll()

    # ---- loading ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        self._plan_marks = None  # read again when an item is shown (the school's plan may have changed)
        a = asm.current_assessment(self.store)
        self.tree.clear()
        self.tree_items = {}
        for widget in self.walk_widgets:
            widget.setVisible(bool(a))
        if not a:
            self.assessment_id = None
            self.progress.setText("")
            # why there is none, as the dashboard says it: a preschool's kept QĐ 4725 one, how to load QĐ 3276
            note = QLabel(asm.no_assessment_text(self.store))
            note.setObjectName("noAssessmentNote")
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            note.setContentsMargins(12, 12, 12, 12)
            self.pane_scroll.setWidget(note)
            return
        self.assessment_id = a["id"]
        self.iset = asm.assessment_set(self.store, a["id"])
        self.answers = asm.get_answers(self.store, a["id"])
        self.codes = [i.code for i in self.iset.items()]
        self.tree.blockSignals(True)
        for g in self.iset.groups:
            gi = QTreeWidgetItem(self.tree, [f"Nhóm {g.code}. {g.name}"])
            gi.setFirstColumnSpanned(True)
            for c in g.criteria:
                ci = gi if c.answered_itself else QTreeWidgetItem(gi, [f"{c.code} {c.text}"])
                for it in c.items:
                    # an unverified row carries a sign, not a colour alone (the legend below says what it means)
                    sign = "" if it.verified else f"{UNVERIFIED_SIGN} "
                    ti = QTreeWidgetItem(ci, [f"{it.code} {sign}{it.text}"])
                    ti.setData(0, Qt.UserRole, it.code)
                    ti.setToolTip(0, it.text if it.verified else f"{it.text}\n{UNVERIFIED_SIGN} {UNVERIFIED_TEXT}")
                    self.tree_items[it.code] = ti
        self._mark_requests()
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._rescore()
        code = self.current_code if self.current_code in self.tree_items else (self.codes[0] if self.codes else None)
        if code:
            self.select_item(code)

    def _mark_requests(self) -> None:
        """Rows with an open request for changes (on the item or on its criterion) stand out."""
        codes = open_codes(self.store)
        for code, ti in self.tree_items.items():
            mark(ti, code in codes or self.iset.item(code).criterion_code in codes)
            parent = ti.parent()
            if parent is not None and parent.parent() is not None:  # a criterion row
                mark(parent, self.iset.item(code).criterion_code in codes)

    def _rescore(self) -> None:
        known = set(self.codes)
        self.result = score(self.iset, {c: v for c, v in self.answers.items() if c in known})
        counts = overview.evidence_counts(self.store, self.assessment_id)
        for code, ti in self.tree_items.items():
            st = overview.item_state(self.iset, self.result, counts, code)
            ti.setIcon(0, state_icon(st))
            s = self.result.items[code]
            ti.setText(1, f"{vn_number(s.points)}/{vn_number(s.max)}" if s.max else "")
            ti.setToolTip(1, STATES[st][1])
        done, total = overview.answered_count(self.result)
        groups = "  ·  ".join(f"Nhóm {g}: {vn_number(gs.total)}/{vn_number(gs.max)} ({gs.level_label.split(' — ')[0]})"
                              for g, gs in self.result.groups.items())
        self.progress.setText(f"<b>{done}/{total} đã trả lời</b>  ·  {groups}")

    # ---- navigation ---------------------------------------------------------------------------------------
    def select_item(self, code: str) -> None:
        if self.stale:
            self.refresh()
        ti = self.tree_items.get(code)
        if ti is None:
            matches = [c for c in self.codes if c.startswith(code)] if code else []
            if not matches:
                self.progress.setText(f"Không có mục «{code}» trong bộ chỉ số.")
                return
            ti = self.tree_items[matches[0]]
        self.tree.setCurrentItem(ti)

    def step(self, delta: int) -> None:
        if not self.codes:
            return
        i = self.codes.index(self.current_code) if self.current_code in self.codes else -delta
        self.select_item(self.codes[max(0, min(len(self.codes) - 1, i + delta))])
        if self.input:
            self.input.setFocus()

    def _tree_moved(self, current: QTreeWidgetItem | None, _prev) -> None:
        code = current.data(0, Qt.UserRole) if current else None
        if code:
            self._show_item(code)

    # ---- the item pane ------------------------------------------------------------------------------------
    def _in_school_plan(self, code: str) -> str:
        from desktop.core.school_plan.tracking import in_plan_items, plan_rows_for_item

        if getattr(self, "_plan_marks", None) is None:
            self._plan_marks = in_plan_items(self.store)
        return plan_rows_for_item(self._plan_marks, code)

    def _show_item(self, code: str) -> None:
        self.current_code = code
        item = self.iset.item(code)
        pane = QWidget()
        lay = QVBoxLayout(pane)
        crit = self.iset.criterion(item.criterion_code)
        crit_text = f"Tiêu chí {crit.code}. {crit.text}" if crit.text and not crit.answered_itself else f"Tiêu chí {crit.code}"
        head = QLabel(f"<span style='color:gray'>Nhóm {item.group_code} · {crit_text}</span><h3>{item.code}. {item.text}</h3>")
        head.setWordWrap(True)
        head.setObjectName("itemQuestion")
        lay.addWidget(head)
        meta = [f"Điểm tối đa: {vn_number(item.max_points)}" if item.max_points else "Điều kiện bắt buộc"]
        meta.append(f"Cách trả lời: {item.answer.label}")
        if not item.verified:
            meta.append(f"<span style='color:#ef6c00'>{UNVERIFIED_SIGN} {UNVERIFIED_TEXT}</span>")
        in_plan = self._in_school_plan(code)  # issue 24: the school's own plan has rows for this item
        if in_plan:
            meta.append(f"<b>Trong kế hoạch của trường</b> (dòng {in_plan})")
        lay.addWidget(QLabel(" · ".join(meta)))
        box = comment_box(comments_on(self.store, item.criterion_code, code))
        if box:
            lay.addWidget(box)
        if item.guidance:
            g = QLabel(f"<b>Hướng dẫn:</b> {item.guidance}")
            g.setWordWrap(True)
            g.setObjectName("itemGuidance")
            lay.addWidget(g)
        self.input = AnswerInput(item, self.answers.get(code), basis=asm.get_bases(self.store, self.assessment_id).get(code))
        self.input.committed.connect(self._commit)
        self.input.share_committed.connect(self._commit)
        self.input.edited.connect(self._preview)
        lay.addWidget(self.input)
        self.points = QLabel()
        self.points.setObjectName("itemPoints")
        self.points.setWordWrap(True)
        lay.addWidget(self.points)
        self._preview(self.answers.get(code))
        self.share_warning = QLabel()
        self.share_warning.setObjectName("shareMismatch")
        self.share_warning.setWordWrap(True)
        lay.addWidget(self.share_warning)
        self._show_mismatch()
        if item.answer.suggest == "share_percent":
            share = QPushButton("Tính tỉ lệ từ danh sách giáo viên/phòng học…")
            share.setObjectName("openShareList")
            share.clicked.connect(lambda: self.share_requested.emit(code))
            row = QHBoxLayout()
            s = lists.share(self.store, self.iset, code)
            if s.total:  # the school's list keeps feeding the suggestion, one click away
                row.addWidget(QLabel(f"Theo {lists.KINDS[lists.kind_of(item)].lower()}: {s.counted}/{s.total} = "
                                     f"{vn_number(s.percent)}% → gợi ý {vn_number(s.suggested)} điểm"))
                use = QPushButton("Dùng tỉ lệ này")
                use.setObjectName("useListShare")
                use.clicked.connect(self._use_list_share)
                row.addWidget(use)
            row.addWidget(share)
            row.addStretch(1)
            lay.addLayout(row)
        self.note = QLineEdit(asm.get_notes(self.store, self.assessment_id).get(code, ""))
        self.note.setObjectName("itemNote")
        self.note.setPlaceholderText("Ghi chú của trường về mục này (tùy chọn)")
        self.note.editingFinished.connect(self._commit_note)
        lay.addWidget(label_for("&Ghi chú:", self.note))
        lay.addWidget(self.note)
        self.evidence = EvidenceList(self.store)
        self.evidence.set_target(assessment_id=self.assessment_id, item_code=code)
        self.evidence.changed.connect(self._evidence_changed)
        lay.addWidget(self.evidence, 1)
        self.pane_scroll.setWidget(pane)

    def _show_mismatch(self) -> None:
        """A share item whose stored answer no longer matches the staff/room list says so (with a sign, not only
        a colour)."""
        code = self.current_code
        msg = lists.answer_mismatch(self.store, self.iset, self.assessment_id, code) if code else None
        self.share_warning.setText(f"<span style='color:#c62828'>⚠ {msg}</span>" if msg else "")
        self.share_warning.setVisible(bool(msg))

    def _preview(self, value) -> None:
        item = self.iset.item(self.current_code)
        if isinstance(value, shares.Conversion):
            how = "theo quy tắc của bộ chỉ số" if value.verified_rule else "<b>gợi ý</b>"
            self.points.setText(f"Tỉ lệ {value.share.text()} → {how} <b>{vn_number(value.points)}</b> / "
                                f"{vn_number(item.max_points)} điểm ({value.rule_text}).")
            return
        if isinstance(value, ValueError):
            self.points.setText(f"<span style='color:#c62828'>{value}</span>")
            return
        problem = shares.answer_problem(item, value)
        if problem:
            self.points.setText(f"<span style='color:#c62828'>Không hợp lệ: {problem}</span>")
        elif item.mandatory:
            self.points.setText("Điều kiện bắt buộc — " + ("chưa trả lời" if value is None else "đạt" if value else "chưa đạt"))
        else:
            text = f"Điểm đạt được: <b>{vn_number(item_points(item, value))}</b> / {vn_number(item.max_points)}"
            if item.answer.kind == "percent_bands" and value is not None:
                text += f" (tỉ lệ {vn_number(value)}%, theo thang điểm tỉ lệ của bộ chỉ số)"
            elif shares.takes_share(item):
                text += (" — thang điểm chính thức theo tỉ lệ chưa xác định: nhập tỉ lệ (85% hoặc 17/20) để có điểm "
                         "gợi ý, rồi tự đặt điểm nếu cần")
            self.points.setText(text)

    def _commit(self, value, basis: dict | None = None) -> None:
        code = self.current_code
        if (basis is None and self.answers.get(code) == value
                and (value is None) == (code not in self.answers)):
            return
        try:
            asm.set_answer(self.store, self.assessment_id, code, value, basis=basis)
        except UserError as err:
            show_user_error(self, err)
            return
        if value is None:
            self.answers.pop(code, None)
        else:
            self.answers[code] = value
        self._rescore()
        self._show_mismatch()
        self.changed.emit()

    def _use_list_share(self) -> None:
        code = self.current_code
        try:
            lists.use_share(self.store, self.iset, self.assessment_id, code)
        except UserError as err:
            show_user_error(self, err)
            return
        self.answers = asm.get_answers(self.store, self.assessment_id)
        self._rescore()
        self.changed.emit()
        self._show_item(code)

    def answer_current(self, value) -> None:
        """Set the current item's answer as if typed (used by the share lists and tests)."""
        self._commit(value)
        self._show_item(self.current_code)

    def _commit_note(self) -> None:
        code = self.current_code
        text = self.note.text()
        if asm.get_notes(self.store, self.assessment_id).get(code, "") == text.strip():
            return
        try:
            asm.set_answer(self.store, self.assessment_id, code, self.answers.get(code), note=text)
        except UserError as err:
            show_user_error(self, err)
            return
        self.changed.emit()

    def _evidence_changed(self) -> None:
        self._rescore()
        self.changed.emit()
