"""Authority mode: the roster of managed schools — entered by hand or imported from a workbook."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.core.commune import roster
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page

HEADERS = ["Mã trường", "Tên trường", "Cấp học", "Xã/phường", "Người liên hệ", "Điện thoại", "Theo dõi"]


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
        form.addRow("Mã trường", self.code)
        form.addRow("Tên trường", self.name)
        form.addRow("Cấp học", self.levels)
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
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setSortingEnabled(True)
        lay.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        schools = roster.list_schools(self.store)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(schools))
        for r, s in enumerate(schools):
            for c, v in enumerate([s.code, s.name, ", ".join(s.levels), s.commune, s.contact_name, s.phone,
                                   "Có" if s.active else "Không"]):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.setSortingEnabled(True)

    def add_school(self) -> None:
        levels, err = roster.parse_levels(self.levels.text())
        if err:
            show_user_error(self, UserError(f"Cấp học: {err}."))
            return
        s = roster.RosterSchool(self.code.text().strip(), self.name.text().strip(), levels)
        self.commit(roster.save_school, self.store, s)
        if not self.last_failed:
            for e in (self.code, self.name, self.levels):
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
        row = self.table.currentRow()
        if row < 0:
            return
        code = self.table.item(row, 0).text()
        s = roster.get_school(self.store, code)
        self.commit(roster.set_active, self.store, code, not s.active)
        self.refresh()
