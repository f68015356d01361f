"""«Kế hoạch của nhà trường» (issue 24): draft the school's own CĐS plan from the followed province plans and the
self-assessment's next steps, pick rows, edit them in place (action, deadline, product, resources; the person
from the people list), accept what the program drafted, write the document's own texts, export the PDF (a draft
with an empty signature field) and the Word file. Every edit is committed at once; the core does the work
(desktop/core/school_plan)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QMenu, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from desktop.core.errors import NeedsConfirmation, UserError
from desktop.core.school_plan import draft, rows
from desktop.core.school_plan.document import build_plan_document, draft_texts
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view
from desktop.ui.widgets.text_field import TextField
from desktop.ui.help_view import GuidedDialog

SUGGESTED_BG = "#FFF4D6"  # a value that is still the program's suggestion
SUGGESTED_TIP = "Gợi ý của Sổ CĐS — sửa hoặc bấm «Nhận các dòng đã chọn» để nhận làm nội dung của trường"
EDIT_COLUMNS = {1: "action", 4: "deadline", 5: "product", 6: "resources"}
TEXTS = (("purpose", "Mục đích"), ("requirements", "Yêu cầu"), ("organisation", "Tổ chức thực hiện"))


def _cell(field: str):
    """A cell's look: yellow while its value is the program's suggestion; the whole text in the tooltip."""
    return dict(background=lambda r: SUGGESTED_BG if field in r.suggested else None,
                tooltip=lambda r: "\n\n".join(x for x in (getattr(r, field),
                                                         SUGGESTED_TIP if field in r.suggested else "") if x) or None)


class ProposalsDialog(GuidedDialog):
    """Every proposal with a tick: the ones «Lập dự thảo» would take are ticked; those in the plan are left out."""
    help_topic = "ke-hoach-truong"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, props: list[draft.Proposal], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Chọn nội dung đưa vào kế hoạch của trường")
        self.resize(1100, 600)
        default = set(map(id, draft.default_pick(props)))
        self.items = [[p, id(p) in default] for p in props if not p.in_plan]
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Các dòng lấy từ kế hoạch cấp trên (nguyên văn) và từ kết quả tự đánh giá (các chỉ số nâng "
                             "mức trước). Nội dung đưa vào được đánh dấu là gợi ý của Sổ CĐS cho đến khi nhà trường sửa "
                             "hoặc nhận."))
        self.model = RowsModel([
            Column("Chọn", checked=lambda it: it[1]),
            Column("Nguồn", lambda it: rows.SOURCES[it[0].source]),
            Column("Nội dung", lambda it: it[0].action, tooltip=lambda it: it[0].action),
            Column("Căn cứ", lambda it: it[0].why, tooltip=lambda it: it[0].why),
        ], self, edited=self._ticked)
        self.model.set_rows(self.items)
        view = rows_view(RowsProxy(self.model, self), "proposalsTable", sortable=False)
        fit_columns(view, stretch=2, widths={3: 320})
        lay.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đưa vào kế hoạch")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _ticked(self, item, _column, value) -> bool:
        item[1] = bool(value)
        return True

    def picked(self) -> list[draft.Proposal]:
        return [p for p, on in self.items if on]


class SchoolPlanPage(Page):
    title = "Kế hoạch của nhà trường"

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.year: dict | None = None
        self.basis: dict = {}
        self.passed: dict = {}  # row id -> the note about a province deadline past when drafted
        self.last_export = None  # the files of the last export (PlanFiles)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(700)
        self._text_timer.timeout.connect(self._save_texts)
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("schoolPlanHeading")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Kế hoạch của nhà trường")
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._rows_tab(), "Các dòng kế hoạch")
        self.tabs.addTab(self._text_tab(), "Văn bản")
        out = QHBoxLayout()
        self.pdf_b = QPushButton("Xuất PDF (dự thảo, có ô chữ ký)…")
        self.pdf_b.setObjectName("exportPlanPdf")
        self.pdf_b.clicked.connect(lambda: self.export(docx=False))
        self.docx_b = QPushButton("Xuất PDF và Word (.docx)…")
        self.docx_b.setObjectName("exportPlanDocx")
        self.docx_b.clicked.connect(lambda: self.export(docx=True))
        self.sign_b = QPushButton("Ký số và xuất PDF…")
        self.sign_b.setObjectName("signPlan")
        menu = QMenu(self.sign_b)
        menu.addAction("Bằng tệp chứng thư .p12/.pfx…", self.sign_p12)
        menu.addAction("Bằng token USB (thư viện PKCS#11 đã dùng khi ký báo cáo)…", self.sign_token)
        menu.addAction("Bằng khóa nội bộ của trường (không phải chữ ký số của tổ chức CA)…", self.sign_school_key)
        self.sign_b.setMenu(menu)
        self.export_note = QLabel("Bản PDF chưa ký có ô chữ ký trống để ký bằng phần mềm của tổ chức CA.")
        self.export_note.setWordWrap(True)
        for w in (self.pdf_b, self.docx_b, self.sign_b):
            out.addWidget(w)
        out.addWidget(self.export_note, 1)
        lay.addLayout(out)

    # ---- the rows ---------------------------------------------------------------------------------------------
    def _rows_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.draft_b = QPushButton("Lập dự thảo từ kế hoạch cấp trên và kết quả tự đánh giá")
        self.draft_b.setObjectName("draftPlan")
        self.draft_b.clicked.connect(self.draft_default)
        self.pick_b = QPushButton("Chọn từng dòng gợi ý…")
        self.pick_b.setObjectName("pickProposals")
        self.pick_b.clicked.connect(self.pick)
        self.new_action = QLineEdit()
        self.new_action.setObjectName("newPlanAction")
        self.new_action.setPlaceholderText("Việc riêng của trường (gõ rồi Enter)")
        self.new_action.setAccessibleName("Thêm việc riêng của trường")
        self.new_action.returnPressed.connect(self.add_own)
        for w in (self.draft_b, self.pick_b, self.new_action):
            bar.addWidget(w)
        lay.addLayout(bar)
        bar2 = QHBoxLayout()
        self.person = QComboBox()
        self.person.setObjectName("planPerson")
        self.person.setAccessibleName("Người phụ trách")
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        assign = QPushButton("Giao cho các dòng đã chọn")
        assign.setObjectName("assignPerson")
        assign.clicked.connect(self.assign)
        accept = QPushButton("Nhận các dòng đã chọn")
        accept.setObjectName("acceptRows")
        accept.setToolTip("Nội dung Sổ CĐS gợi ý trở thành nội dung của trường (bỏ dấu (*))")
        accept.clicked.connect(self.accept_selected)
        remove = QPushButton("Bỏ các dòng đã chọn")
        remove.clicked.connect(self.remove_selected)
        bar2.addWidget(QLabel("Người phụ trách:"))
        for w in (self.person, assign, accept, remove):
            bar2.addWidget(w)
        bar2.addStretch(1)
        lay.addLayout(bar2)
        self.model = RowsModel([
            Column("Mã", lambda r: r.code),
            Column("Nội dung công việc", lambda r: r.action, editable=True, **_cell("action")),
            Column("Căn cứ", lambda r: self.basis.get(r.id, ""), tooltip=lambda r: self.basis.get(r.id, "")),
            Column("Người phụ trách", lambda r: r.responsible or "Chưa phân công"),
            # a province deadline already past when drafted is left for the school: the cell says so (grey)
            Column("Thời hạn", lambda r: r.deadline or self.passed.get(r.id, ""), editable=True,
                   background=_cell("deadline")["background"],
                   tooltip=lambda r: "\n\n".join(x for x in (r.deadline or self.passed.get(r.id, ""),
                                                              SUGGESTED_TIP if "deadline" in r.suggested else "")
                                                   if x) or None,
                   foreground=lambda r: "#6b6b6b" if r.id in self.passed else None),
            Column("Sản phẩm, minh chứng", lambda r: r.product, editable=True, **_cell("product")),
            Column("Nguồn lực", lambda r: r.resources, editable=True, **_cell("resources")),
            Column("Tình trạng", lambda r: "Gợi ý của Sổ CĐS" if r.suggested else "Đã nhận"),
        ], self, edited=self._edited)
        self.proxy = RowsProxy(self.model, self)
        self.view = rows_view(self.proxy, "schoolPlanTable", editable=True, sortable=False,
                              label="Các dòng kế hoạch")
        fit_columns(self.view, stretch=1, widths={2: 150, 3: 170, 4: 110, 5: 170, 6: 120})
        lay.addWidget(self.view, 1)
        self.legend = QLabel(f"<span style='background:{SUGGESTED_BG}'>&nbsp;ô nền vàng&nbsp;</span>: gợi ý của Sổ "
                             "CĐS, chưa được nhà trường xem lại (in kèm dấu (*)). Bấm đúp vào ô để sửa.")
        lay.addWidget(self.legend)
        return tab

    def _text_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("để trống: điền tay khi ban hành")
        self.doc_number.editingFinished.connect(lambda: self._save_field("doc_number", self.doc_number.text()))
        form.addRow("Số văn bản:", self.doc_number)
        self.text_edits: dict[str, TextField] = {}
        self.text_marks: dict[str, QLabel] = {}
        for key, label in TEXTS:
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            mark = QLabel("<span style='color:#ef6c00'>Dự thảo do Sổ CĐS soạn từ dữ liệu của trường — không phải yêu "
                          "cầu của cấp trên; hãy xem lại và sửa.</span>")
            mark.setObjectName(f"draftMark_{key}")
            edit = TextField()
            edit.setObjectName(f"planText_{key}")
            edit.setAccessibleName(label)
            edit.textChanged.connect(self._text_timer.start)
            v.addWidget(mark)
            v.addWidget(edit)
            self.text_edits[key], self.text_marks[key] = edit, mark
            form.addRow(f"{label}:", box)
        return tab

    # ---- refresh ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        self.year = prof.current_school_year(self.store)
        people = prof.list_people(self.store)
        self.person.clear()
        for p in people:
            self.person.addItem(f"{p['full_name']} ({p['title']})" if p["title"] else p["full_name"], p["id"])
        if not self.year:
            self.heading.setText("Chưa có năm học: khai báo ở «Hồ sơ nhà trường».")
            self.model.set_rows([])
            return
        self._load_rows()

    def _load_rows(self) -> None:
        plan = rows.list_rows(self.store, self.year["id"])
        self.basis, self.passed = {}, {}
        if plan:
            doc = build_plan_document(self.store, self.year["id"])
            self.basis, self.passed = doc.basis_of, doc.passed
        self.model.set_rows(plan)
        open_ = sum(1 for r in plan if r.suggested)
        people = sum(1 for r in plan if r.responsible_id)
        self.heading.setText(
            f"<b>Kế hoạch chuyển đổi số năm học {self.year['label']}</b> — {len(plan)} dòng"
            + (f"; {open_} dòng còn gợi ý của Sổ CĐS; {people}/{len(plan)} dòng đã giao người phụ trách." if plan else
               ". Bấm «Lập dự thảo…» để bắt đầu từ kế hoạch cấp trên và kết quả tự đánh giá.")
            + " Các dòng được theo dõi ở «Kế hoạch, nhiệm vụ» và vào báo cáo định kỳ.")
        for b in (self.pdf_b, self.docx_b, self.sign_b):
            b.setEnabled(bool(plan))
        self._load_texts()  # a drafted text follows the rows (who is responsible for what)

    def _load_texts(self) -> None:
        if self._text_timer.isActive():  # the user's typing is saved before the texts are shown again
            self._text_timer.stop()
            self._save_texts()
        fields = rows.get_fields(self.store, self.year["id"])
        drafts = draft_texts(self.store, self.year["id"]) if rows.list_rows(self.store, self.year["id"]) else {}
        self.doc_number.setText(str(fields.get("doc_number") or ""))
        drafted = set(fields.get("drafted", []))
        for key, edit in self.text_edits.items():
            value = fields.get(key) or drafts.get(key, "")
            edit.blockSignals(True)
            edit.setPlainText(value)
            edit.blockSignals(False)
            self.text_marks[key].setVisible(bool(value) and (key in drafted or not fields.get(key)))

    # ---- actions ----------------------------------------------------------------------------------------------
    def draft_default(self) -> None:
        if not self.year:
            return
        props = draft.proposals(self.store, self.year["id"])
        added = self.commit(draft.add_proposals, self.store, self.year["id"], draft.default_pick(props))
        if added is not None:
            self._load_rows()

    def pick(self) -> None:
        if not self.year:
            return
        dlg = ProposalsDialog(draft.proposals(self.store, self.year["id"]), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            if self.commit(draft.add_proposals, self.store, self.year["id"], dlg.picked()) is not None:
                self._load_rows()

    def add_own(self) -> None:
        text = self.new_action.text().strip()
        if not self.year or not text:
            return
        if self.commit(rows.add_row, self.store, self.year["id"], action=text) is not None:
            self.new_action.clear()
            self._load_rows()

    def _selected_rows(self) -> list[rows.PlanRow]:
        picked = {self.proxy.row_at(i).id: self.proxy.row_at(i) for i in self.view.selectionModel().selectedRows()}
        return list(picked.values())

    def assign(self) -> None:
        person = self.person.currentData()
        chosen = self._selected_rows()
        if person is None or not chosen:
            return

        def apply() -> None:
            with self.store.tx():
                for r in chosen:
                    rows.update_row(self.store, r.id, responsible_id=person)

        self.commit(apply)
        self._load_rows()

    def accept_selected(self) -> None:
        chosen = self._selected_rows()
        if chosen:
            self.commit(rows.accept_rows, self.store, [r.id for r in chosen])
            self._load_rows()

    def remove_selected(self) -> None:
        chosen = self._selected_rows()
        if chosen:
            def apply() -> None:
                with self.store.tx():
                    for r in chosen:
                        rows.remove_row(self.store, r.id)

            self.commit(apply)
            self._load_rows()

    def _edited(self, row, column: int, value) -> bool:
        field = EDIT_COLUMNS.get(column)
        if field is None:
            return False
        if (getattr(row, field) or "") == str(value).strip():
            return False
        if field == "deadline" and str(value).strip() == self.passed.get(row.id):
            return False  # the note about the province's past deadline left as it was: nothing to set
        updated = self.commit(rows.update_row, self.store, row.id, **{field: value})
        if updated is None:
            return False
        QTimer.singleShot(0, self._load_rows)  # after the view has finished its edit
        return True

    def _save_field(self, key: str, value: str) -> None:
        if self.year:
            self.commit(rows.set_fields, self.store, self.year["id"], **{key: value})

    def _save_texts(self) -> None:
        if not self.year:
            return
        fields = rows.get_fields(self.store, self.year["id"])
        changed = {k: e.toPlainText() for k, e in self.text_edits.items()
                   if e.toPlainText().strip() != (fields.get(k) or "").strip()}
        if changed and self.commit(rows.set_fields, self.store, self.year["id"], **changed) is not None:
            for k in changed:
                self.text_marks[k].setVisible(False)

    def export(self, *, docx: bool) -> None:
        if self._text_timer.isActive():
            self._text_timer.stop()
            self._save_texts()
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục ghi kế hoạch")
        if not folder:
            return
        self.export_to(Path(folder), docx=docx)

    # ---- signing: the report's signers and stamp (core school_plan/export.py) ---------------------------------
    def confirm(self, exc: NeedsConfirmation) -> bool:
        """Sign a plan that still holds the program's suggestions, or with a certificate that does not match it?
        (the tests replace this)"""
        return QMessageBox.question(self, "Ký kế hoạch", str(exc)) == QMessageBox.StandardButton.Yes

    def _sign_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục ghi kế hoạch đã ký")
        return Path(folder) if folder else None

    def sign_p12(self) -> None:
        from desktop.core.signing import P12Signer
        from desktop.ui.dialogs.sign import ask_secret

        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp chứng thư", "", "Chứng thư số (*.p12 *.pfx)")
        if not path:
            return
        password = ask_secret(self, "Mật khẩu tệp chứng thư", "Mật khẩu:")
        folder = self._sign_folder() if password is not None else None
        if folder is not None:
            self.export_to(folder, docx=False, signer=P12Signer(path, password))

    def sign_token(self) -> None:
        from desktop.core.signing import Pkcs11Signer
        from desktop.ui.dialogs.sign import ask_secret
        from desktop.ui.report_labels import PKCS11_LIB_SETTING

        lib = self.store.get_setting(PKCS11_LIB_SETTING)
        if not lib:
            show_user_error(self, UserError("Chưa chọn thư viện PKCS#11 của token: hãy ký một báo cáo bằng token "
                                            "trước (trang «Báo cáo» → Khóa và ký), rồi quay lại đây."))
            return
        pin = ask_secret(self, "Mã PIN của token", "PIN:")
        folder = self._sign_folder() if pin is not None else None
        if folder is not None:
            self.export_to(folder, docx=False, signer=Pkcs11Signer(lib, None, pin))

    def sign_school_key(self) -> None:
        from desktop.core.signing import SchoolKeySigner

        folder = self._sign_folder()
        if folder is not None:
            self.export_to(folder, docx=False, signer=SchoolKeySigner.for_store(self.store))

    def export_to(self, folder: Path, *, docx: bool, signer=None, accept_suggestions: bool = False,
                  accept_certificate: bool = False) -> None:
        """Render and write off the UI thread (the first export loads the fonts and the PDF libraries)."""
        from desktop.core.school_plan.export import export_plan
        from desktop.ui.worker import run_in_background

        self.last_export = None
        for b in (self.pdf_b, self.docx_b, self.sign_b):
            b.setEnabled(False)
        self.export_note.setText("Đang ký và xuất kế hoạch…" if signer else "Đang xuất kế hoạch…")

        def done(files) -> None:
            for b in (self.pdf_b, self.docx_b, self.sign_b):
                b.setEnabled(True)
            lines = [f"Đã {'ký và ' if files.signed else ''}ghi {files.pdf.name} ({files.pages} trang)"]
            if files.signed and signer is not None and signer.internal:
                lines.append("Chữ ký nội bộ bảo đảm toàn vẹn, không phải chữ ký số của tổ chức CA.")
            lines += [f"Đã ghi {files.docx.name}"] if files.docx else []
            if files.suggestions:
                lines.append("Kế hoạch còn nội dung Sổ CĐS gợi ý (in kèm dấu (*)); hãy xem lại trước khi ký ban hành.")
            self.export_note.setText(" · ".join(lines))
            self.last_export = files

        def failed(exc: Exception) -> None:
            for b in (self.pdf_b, self.docx_b, self.sign_b):
                b.setEnabled(True)
            self.export_note.setText("Chưa xuất được kế hoạch.")
            if isinstance(exc, NeedsConfirmation) and exc.what in ("suggestions", "certificate"):
                if self.confirm(exc):  # asked, then signed again with the acceptance
                    self.export_to(folder, docx=docx, signer=signer,
                                   accept_suggestions=accept_suggestions or exc.what == "suggestions",
                                   accept_certificate=accept_certificate or exc.what == "certificate")
                return
            if isinstance(exc, UserError):
                show_user_error(self, exc)
            else:
                from desktop.ui.worker import _default_error

                _default_error(exc)

        def work():
            return export_plan(self.store, folder, docx=docx, signer=signer, accept_suggestions=accept_suggestions,
                               accept_certificate=accept_certificate)

        run_in_background(work, done, failed)
