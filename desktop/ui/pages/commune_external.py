"""Authority mode: the external assessment ("Đánh giá ngoài") of a school — made from a copy of the school's
self-assessment, edited item by item here, and shown beside the school's own answers and points (per item, per
group and overall). Making a second one asks first: it replaces the one being edited (which stays in the file)."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.core.bands import vn_number
from desktop.core.commune import external
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view
from desktop.ui.widgets.buddy_label import label_for


def _side(answer: str, points, max_points) -> str:
    pts = f"{vn_number(points)}/{vn_number(max_points)} điểm" if max_points else ""
    return " — ".join(x for x in (answer, pts) if x) or "chưa trả lời"


def _delta(r) -> str:
    d = r["external"] - r["self"]
    return "" if d == 0 else ("+" if d > 0 else "−") + vn_number(abs(d))


COLUMNS = [
    Column("Mã", lambda r: r["code"]),
    Column("Chỉ số", lambda r: r["text"], tooltip=lambda r: r["text"]),
    Column("Trường tự đánh giá", lambda r: _side(r["self_answer"], r["self"], r["max"])),
    Column("Đánh giá ngoài", lambda r: _side(r["external_answer"], r["external"], r["max"]),
           bold=lambda r: r["differs"], background=lambda r: "#fff4d6" if r["differs"] else None),
    Column("Chênh lệch", _delta, sort=lambda r: float(r["external"] - r["self"]),
           foreground=lambda r: "#b71c1c" if r["external"] < r["self"] else "#1b5e20"),
    Column("Ghi chú của đơn vị", lambda r: r["note"], tooltip=lambda r: r["note"] or None),
]


class CommuneExternalPage(Page):
    title = "Đánh giá ngoài"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.data: dict | None = None
        self.editor = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>Đánh giá ngoài</b> — đơn vị đánh giá lại từng chỉ số, bắt đầu từ bản sao tự đánh giá "
                             "của trường; so sánh với câu trả lời và điểm của trường."))
        top = QHBoxLayout()
        self.school = QComboBox()
        self.school.setObjectName("externalSchool")
        self.school.setMinimumWidth(320)
        self.start_btn = QPushButton("Tạo bản đánh giá ngoài")
        self.start_btn.setToolTip("Sao chép câu trả lời của báo cáo tự đánh giá mới nhất đã nhận của trường")
        self.start_btn.clicked.connect(lambda: self.start())
        self.only_diff = QCheckBox("Chỉ hiện chỉ số khác nhau")
        top.addWidget(label_for("&Trường:", self.school))
        top.addWidget(self.school, 2)
        top.addWidget(self.start_btn)
        top.addWidget(self.only_diff)
        top.addStretch(1)
        lay.addLayout(top)
        self.summary = QLabel("")
        self.summary.setObjectName("externalSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = RowsProxy(self.model, self, accept=lambda r: not self.only_diff.isChecked() or r["differs"])
        self.only_diff.toggled.connect(lambda _on: self.proxy.refilter())
        self.view = rows_view(self.proxy, "externalTable", label="Đánh giá ngoài từng chỉ số")
        fit_columns(self.view, stretch=1, widths={0: 60, 2: 190, 3: 190, 4: 90, 5: 200})
        lay.addWidget(self.view, 1)
        self.edit_box = QWidget()
        self.edit_lay = QHBoxLayout(self.edit_box)
        self.edit_lay.setContentsMargins(0, 0, 0, 0)
        self.edit_lay.addWidget(QLabel("Đánh giá ngoài:"))
        self.item_label = QLabel("")
        self.item_label.setObjectName("externalItem")
        self.item_label.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setObjectName("externalNote")
        self.note.setAccessibleName("Ghi chú của đơn vị")
        self.note.setPlaceholderText("Ghi chú của đơn vị (lý do đánh giá khác, minh chứng còn thiếu…)")
        self.note.editingFinished.connect(self._save_note)
        lay.addWidget(self.item_label)
        lay.addWidget(self.edit_box)
        lay.addWidget(self.note)
        self.school.currentIndexChanged.connect(lambda _i: self.load())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_editor())
        self.refresh()

    # ---- data ---------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        from desktop.core.commune.requests_list import schools_with_accepted_reports
        from desktop.core.commune.roster import get_school

        current = self.school.currentData()
        self.school.blockSignals(True)
        self.school.clear()
        for code in schools_with_accepted_reports(self.store):
            sch = get_school(self.store, code)
            mark = " — đã có đánh giá ngoài" if external.external_assessment_id(self.store, code) else ""
            self.school.addItem(f"{code} {sch.name if sch else ''}{mark}", code)
        idx = self.school.findData(current)
        self.school.setCurrentIndex(idx if idx >= 0 else 0)
        self.school.blockSignals(False)
        self.load()

    def code(self) -> str | None:
        return self.school.currentData()

    def select_school(self, code: str) -> None:
        idx = self.school.findData(code)
        if idx >= 0:
            self.school.setCurrentIndex(idx)
        self.load()

    def load(self) -> None:
        code = self.code()
        self.data = None
        if code and external.external_assessment_id(self.store, code):
            try:
                self.data = external.side_by_side(self.store, code)
            except UserError as err:
                self.summary.setText(err.message)
        selected = self._selected_code()
        self.model.set_rows(self.data["items"] if self.data else [])
        self.start_btn.setText("Tạo lại bản đánh giá ngoài…" if self.data else "Tạo bản đánh giá ngoài")
        if self.data is None:
            self.summary.setText("Trường này chưa có bản đánh giá ngoài: bấm «Tạo bản đánh giá ngoài» để bắt đầu từ bản "
                                 "sao tự đánh giá của trường." if code else "Chưa nhận được báo cáo hợp lệ nào.")
        else:
            self.summary.setText(self._summary_text())
        if selected:
            self.select_item(selected)
        self._show_editor()

    def _summary_text(self) -> str:
        d = self.data
        differs = sum(1 for r in d["items"] if r["differs"])
        groups = "; ".join(f"nhóm {g['code']}: trường {vn_number(g['self'])} điểm ({g['self_level'].split(' — ')[0]}), "
                           f"đơn vị {vn_number(g['external'])} điểm ({g['external_level'].split(' — ')[0]})"
                           for g in d["groups"])
        own, ext = d["overall"]
        return (f"{differs}/{len(d['items'])} chỉ số khác tự đánh giá của trường. {groups[:1].upper()}{groups[1:]}. "
                f"Mức chung: trường "
                f"«{own}», đánh giá ngoài «{ext}».")

    # ---- the item being edited -------------------------------------------------------------------------------------
    def _selected_code(self) -> str | None:
        r = self.proxy.row_at(self.view.currentIndex())
        return r["code"] if r else None

    def select_item(self, code: str) -> None:
        for i in range(self.proxy.rowCount()):
            if self.proxy.row_at(self.proxy.index(i, 0))["code"] == code:
                self.view.selectRow(i)
                return

    def _show_editor(self) -> None:
        from desktop.ui.widgets.answer_input import AnswerInput

        if self.editor is not None:
            self.edit_lay.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        r = self.proxy.row_at(self.view.currentIndex()) if self.data else None
        self.note.setEnabled(r is not None)
        self.edit_box.setVisible(r is not None)
        if r is None:
            self.item_label.setText("Chọn một chỉ số để sửa câu trả lời của đơn vị." if self.data else "")
            self.note.setText("")
            return
        self.item_label.setText(f"<b>{r['code']}</b> {r['text']}<br>Trường tự đánh giá: "
                                f"{_side(r['self_answer'], r['self'], r['max'])}")
        self.editor = AnswerInput(self.data["set"].item(r["code"]), r["external_value"])
        self.editor.setObjectName("externalAnswer")
        self.editor.committed.connect(lambda v, code=r["code"]: self.set_answer(code, v))
        self.editor.share_committed.connect(lambda v, _basis, code=r["code"]: self.set_answer(code, v))
        self.edit_lay.addWidget(self.editor, 1)
        self.note.setText(r["note"])

    def set_answer(self, item_code: str, value, note: str | None = None) -> bool:
        """The officer's answer for one item (committed at once, undoable from the history)."""
        if not self.data:
            return False
        self.commit(external.set_points, self.store, self.data["assessment_id"], item_code, value, note)
        if self.last_failed:
            return False
        self.load()
        self.select_item(item_code)
        return True

    def _save_note(self) -> None:
        r = self.proxy.row_at(self.view.currentIndex()) if self.data else None
        if r is None or self.note.text().strip() == r["note"]:
            return
        self.set_answer(r["code"], r["external_value"], self.note.text().strip())

    # ---- making one ------------------------------------------------------------------------------------------------
    def ask_replace(self, message: str) -> bool:
        return ask_replace(self, message)

    def start(self, code: str | None = None) -> int | None:
        """Make the school's external assessment from its latest self-assessment; asks first when one exists."""
        code = code or self.code()
        if not code:
            show_user_error(self, UserError("Chưa nhận được báo cáo hợp lệ nào của trường để đánh giá ngoài."))
            return None
        aid = start_external(self, self.store, code, self.ask_replace)
        if aid:
            self.changed.emit()
            self.refresh()
            self.select_school(code)
        return aid


def ask_replace(parent, message: str) -> bool:
    """The officer's confirmation before a new copy replaces the external assessment being edited."""
    box = QMessageBox(QMessageBox.Icon.Question, "Tạo lại bản đánh giá ngoài?", message + "\n\nTạo bản mới?",
                      parent=parent)
    yes = box.addButton("Tạo bản mới, thay bản đang có", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Giữ bản đang có", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


def start_external(parent, store, code: str, confirm) -> int | None:
    """external.start_external, asking `confirm(message)` first when the school has one already; None when the
    officer keeps the one there is or the copy cannot be made (said in a message)."""
    try:
        return external.start_external(store, code)
    except external.ReplaceNeedsConfirmation as ask:
        if not confirm(ask.message):
            return None
        try:
            return external.start_external(store, code, replace=True)
        except UserError as err:
            show_user_error(parent, err)
    except UserError as err:
        show_user_error(parent, err)
    return None

