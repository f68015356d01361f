"""A handwritten paper form typed in by the focal point: one input per question, then the same checks as a
returned file (desktop.core.survey.collect.enter). A refused entry keeps what was typed and says why."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.core.survey import collect as col
from desktop.core.survey.questions import QuestionSet
from desktop.ui.help_view import GuidedDialog


class PaperEntryDialog(GuidedDialog):
    help_topic = "khao-sat"  # F1: the guide's section (help_view.TOPICS)

    taken = Signal(object)  # the Outcome of an entry that was taken

    def __init__(self, store, qset: QuestionSet, form_id: str, teacher: str, parent=None):
        super().__init__(parent)
        self.store, self.qset, self.form_id = store, qset, form_id
        self.setWindowTitle(f"Nhập phiếu giấy — {teacher}")
        self.resize(720, 480)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"Mã phiếu: <b>{form_id}</b>. Gõ lại câu trả lời ghi trên phiếu giấy; "
                             "để trống câu giáo viên bỏ trống."))
        form = QFormLayout()
        self.inputs: dict[str, QComboBox | QLineEdit] = {}
        for n, q in enumerate(qset.questions, start=1):
            if q.kind in ("yesno", "choice"):
                w = QComboBox()
                w.addItem("(để trống)", None)
                for option in (("Có", "Không") if q.kind == "yesno" else q.options):
                    w.addItem(option, option)
            else:
                w = QLineEdit()
                w.setPlaceholderText(q.hint)
            w.setObjectName(f"paper_{q.qid}")
            self.inputs[q.qid] = w
            label = QLabel(f"Câu {n}. {q.text}")
            label.setWordWrap(True)
            form.addRow(label, w)
        lay.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("paperMessage")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("Ghi phiếu")
        buttons.button(QDialogButtonBox.Cancel).setText("Đóng")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> dict[str, str | None]:
        out = {}
        for qid, w in self.inputs.items():
            out[qid] = w.currentData() if isinstance(w, QComboBox) else (w.text().strip() or None)
        return out

    def submit(self) -> col.Outcome:
        o = col.enter(self.store, self.form_id, self.values())
        if o.ok:
            self.taken.emit(o)
            self.accept()
        else:
            self.message.setText(f"<span style='color:#b71c1c'>{o.message}</span>")
        return o
