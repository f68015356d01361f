"""Authority mode: the roster of managed schools — entered by hand or imported from a workbook."""
from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.commune import roster
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view

COLUMNS = [
    Column("Mã trường", lambda s: s.code),
    Column("Tên trường", lambda s: s.name),
    Column("Cấp học", lambda s: ", ".join(s.levels)),
    Column("Xã/phường", lambda s: s.commune),
    Column("Hiệu trưởng", lambda s: s.principal),
    Column("Người liên hệ", lambda s: s.contact_name),
    Column("Điện thoại", lambda s: s.phone),
    Column("Theo dõi", lambda s: "Có" if s.active else "Không"),
]


class CommuneRosterPage(Page):
    title = "Danh sách trường"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>Các trường do đơn vị quản lý</b> — nhập tay hoặc nạp từ tệp Excel "
                             "(cột Mã trường, Tên trường, Cấp học…)."))
        form = QFormLayout()
        self.code, self.name, self.levels = QLineEdit(), QLineEdit(), QLineEdit()
        self.code.setObjectName("rosterCode")
        self.name.setObjectName("rosterName")
        self.levels.setObjectName("rosterLevels")
        self.levels.setPlaceholderText("MN, TH, THCS…")
        self.principal = QLineEdit()
        self.principal.setObjectName("rosterPrincipal")
        self.principal.setPlaceholderText("người ký báo cáo của trường; để trống khi sửa: giữ như cũ")
        form.addRow("Mã trường", self.code)
        form.addRow("Tên trường", self.name)
        form.addRow("Cấp học", self.levels)
        form.addRow("Hiệu trưởng", self.principal)
        lay.addLayout(form)
        row = QHBoxLayout()
        for text, slot, name in (("Thêm / sửa trường", self.add_school, "rosterAdd"),
                                 ("Nạp từ Excel…", self.import_file, "rosterImport"),
                                 ("Xuất ra Excel…", self.export_file, "rosterExport"),
                                 ("Bật/tắt theo dõi", self.toggle_active, "rosterToggle")):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = RowsProxy(self.model, self)
        self.view = rows_view(self.proxy, "rosterTable", label="Danh sách trường")
        fit_columns(self.view, stretch=1)
        lay.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        self.model.set_rows(roster.list_schools(self.store))

    def add_school(self) -> None:
        levels, err = roster.parse_levels(self.levels.text())
        if err:
            show_user_error(self, UserError(f"Cấp học: {err}."))
            return
        code, name, principal = self.code.text().strip(), self.name.text().strip(), self.principal.text().strip()
        old = roster.get_school(self.store, code)
        if old:  # an edit keeps what the form does not show (commune, contact, phone, e-mail, followed or not)
            s = dataclasses.replace(old, name=name, levels=levels, principal=principal or old.principal)
        else:
            s = roster.RosterSchool(code, name, levels, principal=principal)
        self.commit(roster.save_school, self.store, s)
        if not self.last_failed:
            for e in (self.code, self.name, self.levels, self.principal):
                e.clear()
            self.refresh()

    def import_file(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, "Nạp danh sách trường", "", "Excel (*.xlsx)")[0]
        if path:
            res = self.commit(roster.import_workbook, self.store, path)
            if res:
                self.refresh()

    def export_file(self) -> None:
        path = QFileDialog.getSaveFileName(self, "Xuất danh sách trường", "danh-sach-truong.xlsx", "Excel (*.xlsx)")[0]
        if path:
            try:
                roster.write_workbook(roster.list_schools(self.store), path)
            except UserError as err:
                show_user_error(self, err)

    def toggle_active(self) -> None:
        school = self.proxy.row_at(self.view.currentIndex())
        if school is None:
            return
        code = school.code
        s = roster.get_school(self.store, code)
        self.commit(roster.set_active, self.store, code, not s.active)
        self.refresh()
