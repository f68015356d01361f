"""Staff and room lists that compute the shares of items 1.6.x and 1.7.1: tick what applies, import the list
from a spreadsheet, see the share and the suggested points, use them, and attach the list as evidence."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop.core.bands import vn_number
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import lists
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view


def _flag_column(f: lists.Flag) -> Column:
    # flag columns are headed by the item code (full wording in the tooltip and in the share lines below), so the
    # names keep the width
    return Column(f"Mục {f.code}", checked=lambda r: bool(r["attrs"].get(f.code)), header_tip=f.label)


class ListTab(QWidget):
    def __init__(self, page: "ListsPage", kind: str):
        super().__init__()
        self.page, self.kind, self.store = page, kind, page.store
        self.flags: list[lists.Flag] = []
        lay = QVBoxLayout(self)
        add_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName(f"newName_{kind}")
        self.new_name.setPlaceholderText(lists.NAME_HEADER[kind])
        self.new_name.setAccessibleName(f"Thêm dòng: {lists.NAME_HEADER[kind]}")
        self.new_name.returnPressed.connect(self.add)
        add_b = QPushButton("Thêm")
        add_b.setObjectName(f"addRow_{kind}")
        add_b.clicked.connect(self.add)
        remove_b = QPushButton("Bỏ dòng đã chọn")
        remove_b.clicked.connect(self.remove)
        import_b = QPushButton("Nhập từ Excel…")
        import_b.clicked.connect(self.import_dialog)
        template_b = QPushButton("Xuất ra Excel…")
        template_b.clicked.connect(self.export_dialog)
        for w in (self.new_name, add_b, remove_b, import_b, template_b):
            add_row.addWidget(w)
        lay.addLayout(add_row)
        self.model = RowsModel([], self, edited=self._cell_changed)
        self.proxy = RowsProxy(self.model, self)
        self.view = rows_view(self.proxy, f"listTable_{kind}", editable=True,
                              label="Danh sách giáo viên" if kind == "staff" else "Danh sách phòng học")
        lay.addWidget(self.view, 1)
        self.shares_box = QGroupBox("Tỉ lệ và điểm gợi ý")
        self.shares = QGridLayout(self.shares_box)
        lay.addWidget(self.shares_box)

    def load(self) -> None:
        iset = self.page.iset
        self.flags = lists.flags(iset, self.kind) if iset else []
        columns = [Column(lists.NAME_HEADER[self.kind], lambda r: r["name"], editable=True),
                   *[_flag_column(f) for f in self.flags]]
        changed = [c.header for c in columns] != [c.header for c in self.model.columns()]
        self.model.set_rows(lists.rows(self.store, self.kind), columns if changed else None)
        if changed:
            fit_columns(self.view, stretch=0, widths={i: 110 for i in range(1, 1 + len(self.flags))})
        self._show_shares()

    def _show_shares(self) -> None:
        """One line per share item; built once per set, then only the texts change (ticking must feel instant)."""
        iset, aid = self.page.iset, self.page.assessment_id
        codes = [f.code for f in self.flags]
        if codes != getattr(self, "_share_codes", None):
            while self.shares.count():
                w = self.shares.takeAt(0).widget()
                if w:
                    w.setParent(None)
                    w.deleteLater()
            self._share_widgets = {}
            for row, f in enumerate(self.flags):
                text = QLabel()
                text.setObjectName(f"share_{f.code}")
                text.setWordWrap(True)
                use = QPushButton("Dùng điểm gợi ý")
                use.setObjectName(f"useSuggested_{f.code}")
                use.clicked.connect(lambda _c=False, code=f.code: self.page.use_suggestion(lists.share(self.store, self.page.iset, code)))
                attach = QPushButton("Đính kèm danh sách làm minh chứng")
                attach.setObjectName(f"attachList_{f.code}")
                attach.clicked.connect(lambda _c=False, code=f.code: self.page.attach(code))
                go = QPushButton("Xem mục")
                go.clicked.connect(lambda _c=False, code=f.code: self.page.open_item.emit(code))
                for col, w in enumerate((text, use, attach, go)):
                    self.shares.addWidget(w, row, col)
                self.shares.setColumnStretch(0, 1)
                self._share_widgets[f.code] = (text, use, attach)
            self._share_codes = codes
        listed = self.model.rows()  # as just read by load(), or edited in place after a committed edit
        for f in self.flags:
            s = lists.share(self.store, iset, f.code, listed)
            text, use, attach = self._share_widgets[f.code]
            line = (f"<b>Mục {f.code}</b> ({f.label}): {s.counted}/{s.total} = {vn_number(s.percent)}% → "
                    f"gợi ý <b>{vn_number(s.suggested)}</b>/{vn_number(s.max_points)} điểm")
            off = lists.answer_mismatch(self.store, iset, aid, f.code, listed) if aid else None
            if off:
                line += f"<br><span style='color:#c62828'>⚠ {off}</span>"
            text.setText(line)
            use.setEnabled(bool(aid and s.total))
            attach.setEnabled(bool(aid and s.total))

    def _cell_changed(self, row: dict, column: int, value) -> bool:
        """An edit in the table: the name (column 0) or a tick; committed at once, refused edits re-read."""
        if column == 0:
            ok = self.page.commit(lists.rename_row, self.store, row["id"], value)
        else:
            ok = self.page.commit(lists.set_flag, self.store, row["id"], self.flags[column - 1].code, value)
        if ok is None and self.page.last_failed:
            QTimer.singleShot(0, self.load)  # not while the view is still handing the edit over
            return False
        if column == 0:
            row["name"] = value
        else:
            row["attrs"][self.flags[column - 1].code] = value
        self._show_shares()
        return True

    def add(self) -> None:
        if self.page.commit(lists.add_row, self.store, self.kind, self.new_name.text()):
            self.new_name.clear()
            self.load()

    def remove(self) -> None:
        chosen = [self.proxy.row_at(i) for i in self.view.selectionModel().selectedRows()]
        for row in chosen:
            self.page.commit(lists.remove_row, self.store, row["id"])
        self.load()

    def import_dialog(self) -> None:
        # .xls shown too: choosing one says how to save it as .xlsx, rather than the file seeming not to exist
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp Excel", "", "Bảng tính Excel (*.xlsx *.xls)")
        if path:
            self.import_file(path)

    def import_file(self, path: str, confirm=None) -> int | None:
        """Import the school's own workbook: columns matched by header; when one is only guessed, the mapping
        step (`confirm(plan) → mapping or None`, by default the dialog) asks the user first."""
        plan = self.page.commit(lists.plan_import, self.page.iset, self.kind, path)
        if plan is None:
            return None
        mapping = plan.mapping
        if plan.needs_confirmation:
            mapping = (confirm or self._confirm_columns)(plan, path)
            if mapping is None:
                self.page.status.setText("Đã hủy nhập danh sách.")
                return None
        n = self.page.commit(lists.import_xlsx, self.store, self.page.iset, self.kind, path, mapping)
        self.load()
        if n is not None:
            used = set(mapping.values())
            ignored = [h for c, h in sorted(plan.headers.items()) if c not in used]
            self.page.status.setText(f"Đã nhập {n} dòng." + (f" Bỏ qua các cột: {', '.join(ignored)}." if ignored else ""))
        return n

    def _confirm_columns(self, plan, path: str):
        from pathlib import Path

        from desktop.ui.dialogs.column_map import ColumnMapDialog

        dlg = ColumnMapDialog(plan, Path(path).name, self)
        return dlg.mapping() if dlg.exec() else None

    def export_dialog(self) -> None:
        name = "danh-sach-giao-vien.xlsx" if self.kind == "staff" else "danh-sach-phong-hoc.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu danh sách", name, "Bảng tính Excel (*.xlsx)")
        if path:
            self.page.commit(lists.export_xlsx, self.store, self.page.iset, self.kind, path)


class ListsPage(Page):
    open_item = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.iset = None
        self.assessment_id = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<h2>Danh sách giáo viên và phòng học</h2>"))
        hint = QLabel("Đánh dấu những người/phòng đạt yêu cầu của từng mục; tỉ lệ và điểm gợi ý được tính ngay. "
                      "Có thể nhập danh sách Excel sẵn có của trường: cột tên (ví dụ «Họ và tên») được nhận theo tiêu đề, "
                      "mỗi mục một cột ghi «x» nếu đạt; các cột khác (STT, ngày sinh…) được bỏ qua.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        survey_b = QPushButton("Phiếu khảo sát giáo viên (điền ngoại tuyến)…")
        survey_b.setObjectName("openSurvey")
        survey_b.setToolTip("Tạo phiếu PDF/Excel cho từng giáo viên, nhận phiếu đã điền và ghi vào danh sách")
        survey_b.clicked.connect(self.open_survey)
        lay.addWidget(survey_b, 0, Qt.AlignLeft)
        self.status = QLabel()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Danh sách")
        self.staff = ListTab(self, "staff")
        self.room = ListTab(self, "room")
        self.tabs.addTab(self.staff, "Giáo viên")
        self.tabs.addTab(self.room, "Phòng học")
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.status)

    def refresh(self) -> None:
        super().refresh()
        a = asm.current_assessment(self.store)
        self.assessment_id = a["id"] if a else None
        self.iset = asm.assessment_set(self.store, a["id"]) if a else None
        if not self.iset:
            self.status.setText("Chưa có bản tự đánh giá: khai báo bộ chỉ số ở «Hồ sơ nhà trường» trước.")
        self.staff.load()
        self.room.load()

    def survey_dialog(self):
        """The teachers' survey dialog (desktop/ui/dialogs/survey.py); answers it takes refresh this page."""
        from desktop.ui.dialogs.survey import SurveyDialog

        dlg = SurveyDialog(self.store, self)
        dlg.changed.connect(self._survey_changed)
        return dlg

    def open_survey(self) -> None:
        self.survey_dialog().exec()

    def _survey_changed(self) -> None:
        self.changed.emit()
        self.refresh()

    def focus_item(self, code: str) -> None:
        if self.stale:
            self.refresh()
        rooms = self.iset is not None and any(f.code == code for f in lists.flags(self.iset, "room"))
        self.tabs.setCurrentWidget(self.room if rooms else self.staff)

    def use_suggestion(self, s: lists.Share) -> None:
        if self.commit(lists.use_share, self.store, self.iset, self.assessment_id, s.code):
            self.status.setText(f"Đã ghi {vn_number(s.suggested)} điểm cho mục {s.code} "
                                f"(tỉ lệ {s.counted}/{s.total} = {vn_number(s.percent)}%).")
            self.staff.load()
            self.room.load()

    def attach(self, code: str) -> None:
        if self.commit(lists.attach_as_evidence, self.store, self.iset, self.assessment_id, code):
            self.status.setText(f"Đã đính kèm danh sách làm minh chứng cho mục {code}.")
