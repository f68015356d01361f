"""Phiếu khảo sát giáo viên (issue 23), opened from the staff list: make the forms, take returned files back
(dropped on the dialog or picked), see the round (who returned, who has not, what changed; a reminder list to
print) and type in a paper form. Everything is desktop.core.survey; making and collecting run off the UI thread.
Every step is a method the tests call without the modal exec()."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop.core.errors import UserError
from desktop.core.store import lists
from desktop.core.survey import collect as col
from desktop.core.survey import questions as Q
from desktop.core.survey import rounds, status
from desktop.ui.errors import show_unexpected, show_user_error
from desktop.ui.worker import run_in_background
from desktop.ui.widgets.file_drop import FileDrop
from desktop.ui.help_view import GuidedDialog

log = logging.getLogger("socds.ui")
KIND_CHOICES = [("yesno", "Có/Không"), ("number", "Số"), ("choice", "Chọn một"), ("text", "Chữ ngắn")]
OUTCOME_COLOURS = {col.TAKEN: "#1b5e20", col.REPLACED: "#0d47a1", col.DUPLICATE: "#555555", col.REFUSED: "#b71c1c"}


class SurveyDialog(GuidedDialog):
    help_topic = "khao-sat"  # F1: the guide's section (help_view.TOPICS)

    changed = Signal()  # answers were written into the staff list

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.busy = False
        # the focal point's own questions, added here or from a file; the current round's own ones to start with
        current = rounds.current_round(store)
        bundled_ids = {q.qid for q in Q.bundled().questions}
        self.extra: list[Q.Question] = [q for q in current.questions.questions if q.qid not in bundled_ids] if current else []
        self.last_outcomes: list[col.Outcome] = []
        self.setWindowTitle("Phiếu khảo sát giáo viên")
        self.resize(980, 640)
        FileDrop(self, self.collect)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._make_tab(), "1. Tạo phiếu")
        self.tabs.addTab(self._collect_tab(), "2. Nhận phiếu")
        self.tabs.addTab(self._round_tab(), "3. Theo dõi đợt")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("surveyStatus")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.status)
        self.load()

    # ---- tab 1: make ---------------------------------------------------------------------------------------
    def _make_tab(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        qbox = QGroupBox("Câu hỏi (bỏ chọn câu không dùng)")
        ql = QVBoxLayout(qbox)
        self.question_list = QListWidget()
        self.question_list.setObjectName("surveyQuestions")
        self.question_list.setAccessibleName("Câu hỏi")
        self.question_list.setWordWrap(True)
        ql.addWidget(self.question_list, 1)
        add = QGroupBox("Thêm câu hỏi riêng của nhà trường")
        form = QFormLayout(add)
        self.q_kind = QComboBox()
        for key, label in KIND_CHOICES:
            self.q_kind.addItem(label, key)
        self.q_text = QLineEdit()
        self.q_text.setPlaceholderText("Nội dung câu hỏi")
        self.q_min, self.q_max = QLineEdit(), QLineEdit()
        self.q_min.setPlaceholderText("nhỏ nhất (số)")
        self.q_max.setPlaceholderText("lớn nhất (số)")
        self.q_min.setAccessibleName("Giá trị nhỏ nhất")
        self.q_max.setAccessibleName("Giá trị lớn nhất")
        self.q_options = QLineEdit()
        self.q_options.setPlaceholderText("các lựa chọn, cách nhau bởi dấu ;")
        range_row = QHBoxLayout()
        range_row.addWidget(self.q_min)
        range_row.addWidget(self.q_max)
        form.addRow("Kiểu", self.q_kind)
        form.addRow("Câu hỏi", self.q_text)
        form.addRow("Khoảng (kiểu Số)", range_row)
        form.addRow("Lựa chọn", self.q_options)
        buttons = QHBoxLayout()
        add_b = QPushButton("Thêm câu hỏi")
        add_b.setObjectName("surveyAddQuestion")
        add_b.clicked.connect(self.add_question_from_fields)
        file_b = QPushButton("Thêm từ tệp câu hỏi (.json)…")
        file_b.clicked.connect(self._pick_questions_file)
        buttons.addWidget(add_b)
        buttons.addWidget(file_b)
        form.addRow(buttons)
        ql.addWidget(add)
        lay.addWidget(qbox, 3)
        tbox = QGroupBox("Giáo viên nhận phiếu")
        tl = QVBoxLayout(tbox)
        self.teacher_list = QListWidget()
        self.teacher_list.setObjectName("surveyTeachers")
        self.teacher_list.setAccessibleName("Giáo viên nhận phiếu")
        tl.addWidget(self.teacher_list, 1)
        self.make_btn = QPushButton("Tạo phiếu (PDF và Excel) vào thư mục…")
        self.make_btn.setObjectName("surveyMake")
        self.make_btn.clicked.connect(self._pick_out_dir)
        tl.addWidget(self.make_btn)
        lay.addWidget(tbox, 2)
        return w

    def load(self) -> None:
        """(Re)fill the question and teacher lists from the bundled set, the added questions and the staff list."""
        self.question_list.clear()
        for q in [*Q.bundled().questions, *self.extra]:
            src = f" — phục vụ {', '.join(s.label for s in q.sources)}" if q.sources else " — câu hỏi riêng"
            item = QListWidgetItem(f"{q.text} [{Q.KINDS[q.kind]}]{src}")
            item.setData(Qt.UserRole, q.qid)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.question_list.addItem(item)
        self.teacher_list.clear()
        for r in lists.rows(self.store, "staff"):
            item = QListWidgetItem(r["name"])
            item.setData(Qt.UserRole, r["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.teacher_list.addItem(item)
        self.show_round()

    def add_question_from_fields(self) -> Q.Question | None:
        """The own question typed in the fields, checked by the same rules as a questions file."""
        kind = self.q_kind.currentData()
        taken = {q.qid for q in self.extra}
        n = len(self.extra) + 1
        while f"rieng_{n}" in taken:
            n += 1
        raw = {"id": f"rieng_{n}", "type": kind, "text": self.q_text.text()}
        if kind == "number":
            for key, edit in (("min", self.q_min), ("max", self.q_max)):
                if edit.text().strip():
                    raw[key] = edit.text().strip().replace(",", ".")
        if kind == "choice":
            raw["options"] = [o.strip() for o in self.q_options.text().split(";") if o.strip()]
        problems: list[str] = []
        q = Q.parse_question(raw, problems.append)
        if q is None:
            show_user_error(self, UserError("Câu hỏi chưa hợp lệ: " + "; ".join(problems) + "."))
            return None
        self.extra.append(q)
        for edit in (self.q_text, self.q_min, self.q_max, self.q_options):
            edit.clear()
        self.load()
        return q

    def add_questions_file(self, path: str) -> None:
        try:
            qs = Q.load_file(path)
            Q.merge(qs.title, Q.bundled(), Q.QuestionSet("x", "x", tuple(self.extra)), qs)  # ids must not clash
        except UserError as err:
            show_user_error(self, err)
            return
        self.extra.extend(qs.questions)
        self.load()

    def _pick_questions_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp câu hỏi", "", "Tệp câu hỏi (*.json)")
        if path:
            self.add_questions_file(path)

    def chosen_questions(self) -> Q.QuestionSet:
        pick = [self.question_list.item(i).data(Qt.UserRole) for i in range(self.question_list.count())
                if self.question_list.item(i).checkState() == Qt.Checked]
        sets = [Q.bundled()] + ([Q.QuestionSet("rieng", "Câu hỏi riêng", tuple(self.extra))] if self.extra else [])
        return Q.merge(Q.bundled().title, *sets, pick=pick)

    def chosen_teachers(self) -> list[str]:
        return [str(self.teacher_list.item(i).data(Qt.UserRole)) for i in range(self.teacher_list.count())
                if self.teacher_list.item(i).checkState() == Qt.Checked]

    def _pick_out_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục ghi phiếu")
        if folder:
            self.make(folder)

    def make(self, folder: str) -> None:
        from desktop.core.survey.make import make_forms

        try:
            qset = self.chosen_questions()
            teachers = self.chosen_teachers()
            if not teachers:
                raise UserError("Chưa chọn giáo viên nào.")
        except UserError as err:
            show_user_error(self, err)
            return
        self._run("Đang tạo phiếu…", lambda: make_forms(self.store, qset, folder, teachers),
                  lambda res: self._made(res, folder))

    def _made(self, res, folder: str) -> None:
        rnd, made = res
        self.status.setText(f"Đợt {rnd.round_id}: đã tạo {len(made)} phiếu (PDF và Excel) trong {folder}. Gửi mỗi "
                            "giáo viên phiếu mang số dòng của mình; phiếu trả về được nhận ở thẻ «Nhận phiếu».")
        self.show_round()

    # ---- tab 2: collect --------------------------------------------------------------------------------------
    def _collect_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        hint = QLabel("Kéo thả các tệp phiếu giáo viên gửi lại (PDF, Excel) hoặc cả thư mục vào cửa sổ này, hoặc "
                      "chọn bằng các nút dưới đây. Mỗi tệp được đối chiếu mã phiếu; tệp không hợp lệ không làm "
                      "thay đổi gì và được nói rõ lý do.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        row = QHBoxLayout()
        files_b = QPushButton("Chọn tệp phiếu…")
        files_b.clicked.connect(self._pick_files)
        folder_b = QPushButton("Chọn thư mục…")
        folder_b.clicked.connect(self._pick_folder)
        row.addWidget(files_b)
        row.addWidget(folder_b)
        row.addStretch(1)
        lay.addLayout(row)
        self.outcomes = QListWidget()
        self.outcomes.setObjectName("surveyOutcomes")
        self.outcomes.setAccessibleName("Kết quả nhập phiếu")
        self.outcomes.setWordWrap(True)
        lay.addWidget(self.outcomes, 1)
        return w

    def _pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp phiếu", "", "Phiếu khảo sát (*.pdf *.xlsx)")
        if paths:
            self.collect(paths)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa phiếu")
        if folder:
            self.collect([folder])


    def collect(self, paths: list[str]) -> None:
        self.tabs.setCurrentIndex(1)
        self._run("Đang nhận phiếu…", lambda: col.collect(self.store, [Path(p) for p in paths]), self.show_outcomes)

    def show_outcomes(self, outcomes: list[col.Outcome]) -> None:
        self.last_outcomes = list(outcomes)
        for o in outcomes:
            item = QListWidgetItem(o.line())
            item.setForeground(QColor(OUTCOME_COLOURS[o.status]))
            self.outcomes.addItem(item)
            for q, before, after in o.changed:
                self.outcomes.addItem(QListWidgetItem(f"      {q}: {before} → {after}"))
        taken = sum(1 for o in outcomes if o.status in (col.TAKEN, col.REPLACED))
        refused = sum(1 for o in outcomes if not o.ok)
        self.status.setText(f"{len(outcomes)} tệp: nhận {taken}, không nhận {refused}, "
                            f"đã có từ trước {len(outcomes) - taken - refused}." if outcomes else
                            "Không có tệp phiếu nào (.pdf, .xlsx) trong những gì đã chọn.")
        if taken:
            self.changed.emit()
        self.show_round()

    # ---- tab 3: the round ------------------------------------------------------------------------------------
    def _round_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.round_label = QLabel()
        self.round_label.setWordWrap(True)
        lay.addWidget(self.round_label)
        self.round_table = QTableWidget(0, 3)
        self.round_table.setObjectName("surveyRound")
        self.round_table.setAccessibleName("Phiếu của đợt khảo sát")
        self.round_table.setHorizontalHeaderLabels(["Giáo viên", "Mã phiếu", "Tình trạng"])
        self.round_table.horizontalHeader().setStretchLastSection(True)
        self.round_table.setColumnWidth(0, 260)
        self.round_table.setColumnWidth(1, 200)
        self.round_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.round_table.setSelectionBehavior(QTableWidget.SelectRows)
        lay.addWidget(self.round_table, 2)
        self.changes = QListWidget()
        self.changes.setObjectName("surveyChanges")
        self.changes.setAccessibleName("Thay đổi so với đợt trước")
        lay.addWidget(QLabel("Thay đổi so với đợt trước:"))
        lay.addWidget(self.changes, 1)
        row = QHBoxLayout()
        remind_b = QPushButton("Lưu danh sách nhắc nộp phiếu (để in)…")
        remind_b.clicked.connect(self._pick_reminders)
        paper_b = QPushButton("Nhập phiếu giấy của giáo viên đã chọn…")
        paper_b.setObjectName("surveyPaper")
        paper_b.clicked.connect(self.open_paper_entry)
        row.addWidget(remind_b)
        row.addWidget(paper_b)
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def show_round(self) -> None:
        try:
            v = status.view(self.store)
        except UserError:
            self.round_label.setText("Chưa có đợt khảo sát nào: tạo phiếu ở thẻ «Tạo phiếu».")
            self.round_table.setRowCount(0)
            self.changes.clear()
            return
        self.round_view = v
        self.round_label.setText(f"Đợt {v.round_id}: đã nộp {len(v.returned)}/{len(v.forms)} phiếu.")
        self.round_table.setRowCount(len(v.forms))
        for i, f in enumerate(v.forms):
            state = (f"Đã nộp ({status.SOURCE_WORDS.get(f.source, f.source)})" if f.returned_at else "Chưa nộp")
            if f.replaced:
                state += f", thay {f.replaced} phiếu trước"
            for j, text in enumerate((f.teacher, f.form_id, state)):
                cell = QTableWidgetItem(text)
                if j == 2 and not f.returned_at:
                    cell.setForeground(QColor("#b71c1c"))
                self.round_table.setItem(i, j, cell)
        self.changes.clear()
        if v.previous_id is None:
            self.changes.addItem("(đây là đợt đầu tiên)")
        elif not v.changes:
            self.changes.addItem(f"Không có câu trả lời nào khác đợt {v.previous_id}.")
        for c in v.changes:
            self.changes.addItem(f"{c.teacher} — {c.question}: {c.before} → {c.after}")

    def _pick_reminders(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Lưu danh sách nhắc nộp phiếu", "nhac-nop-phieu.pdf",
                                              "PDF (*.pdf);;Bảng tính Excel (*.xlsx)")
        if path:
            self.save_reminders(path)

    def save_reminders(self, path: str) -> Path | None:
        try:
            out = status.write_reminders(self.store, Path(path))
        except UserError as err:
            show_user_error(self, err)
            return None
        self.status.setText(f"Đã lưu danh sách nhắc nộp phiếu: {out}")
        return out

    def open_paper_entry(self) -> None:
        dlg = self.paper_entry_dialog()
        if dlg is not None:
            dlg.exec()

    def paper_entry_dialog(self):
        from desktop.ui.dialogs.survey_paper import PaperEntryDialog

        row = self.round_table.currentRow()
        if row < 0 or not hasattr(self, "round_view"):
            show_user_error(self, UserError("Chọn một giáo viên trong bảng của đợt trước."))
            return None
        f = self.round_view.forms[row]
        rnd = rounds.get_round(self.store, self.round_view.round_id)
        dlg = PaperEntryDialog(self.store, rnd.questions, f.form_id, f.teacher, self)
        dlg.taken.connect(lambda o: self.show_outcomes([o]))
        return dlg

    # ---- running -----------------------------------------------------------------------------------------------
    def _run(self, what: str, fn, done) -> None:
        if self.busy:
            show_user_error(self, UserError("Đang làm việc trước; hãy chờ xong."))
            return
        self.busy = True
        self.status.setText(what)

        def ok(result) -> None:
            self.busy = False
            done(result)

        def failed(exc) -> None:
            self.busy = False
            self.status.setText("")
            if isinstance(exc, UserError):
                show_user_error(self, exc)
            else:
                log.error("survey job failed: %r", exc)
                show_unexpected(self)

        run_in_background(fn, ok, failed)
