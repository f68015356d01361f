"""Kiểm tra tệp ký: check signed PDFs (added by dialog or drag-and-drop) against the trusted roots of this machine.

Verification runs off the UI thread, one job per file; each file gets a row with the state and the explanation.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from desktop.core.errors import UserError
from desktop.core.signing import TrustStore, verify_pdf
from desktop.core.periods import VIETNAM
from desktop.core.signing.verdict import label, report_words
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.report_labels import CERT_FILTER
from desktop.ui.worker import run_in_background
from desktop.ui.table_model import fit_columns
from desktop.ui.widgets.file_drop import FileDrop

STATE_COLOURS = {"valid": "#1b7a2e", "untrusted": "#8a4b00", "invalid": "#b00020", "bad_data": "#b00020",
                 "unsigned": "#555555", "unreadable": "#b00020"}
COLUMNS = ["Tệp", "Trạng thái", "Người ký", "Thời điểm ký", "Phủ toàn bộ tệp", "Tệp đính kèm"]


def format_time(iso: str | None) -> str:
    """A signing time as dd/mm/yyyy hh:mm in Vietnam (+07:00), as `socds verify` says it, whatever the PC's zone."""
    if not iso:
        return ""
    from datetime import datetime
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return (t.astimezone(VIETNAM) if t.tzinfo else t).strftime("%d/%m/%Y %H:%M")


def attachments_text(res) -> str:
    if not res.attachments:
        return "Không có"
    if res.state == "bad_data":  # signed as they are, but the data file among them is wrong
        return f"{len(res.attachments)} tệp, tệp dữ liệu lỗi"
    ok = res.state in ("valid", "untrusted")
    return f"{len(res.attachments)} tệp, " + ("khớp với chữ ký" if ok else "KHÔNG khớp")


class VerifyPage(Page):
    title = "Kiểm tra tệp ký"

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        FileDrop(self, self.add_files)
        self.results: dict[str, object] = {}   # path -> VerifyResult
        self.pending = 0
        bar = QHBoxLayout()
        self.add_btn = QPushButton("Thêm tệp…")
        self.trust_btn = QPushButton("Nhập chứng thư gốc…")
        self.again_btn = QPushButton("Kiểm tra lại")
        self.clear_btn = QPushButton("Xóa danh sách")
        for b in (self.add_btn, self.again_btn, self.clear_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.trust_btn)
        self.hint = QLabel("Kéo thả tệp PDF đã ký vào đây, hoặc bấm «Thêm tệp…».")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Các tệp đã kiểm tra")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # the explanation of the selected row is shown under the table
        fit_columns(self.table, stretch=0, widths={1: 230, 2: 260, 3: 120, 4: 110, 5: 170})
        self.detail = QLabel("Chọn một dòng để xem giải thích.")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        root = QVBoxLayout(self)
        root.addLayout(bar)
        root.addWidget(self.hint)
        root.addWidget(self.table, 1)
        root.addWidget(self.detail)
        self.add_btn.clicked.connect(self.choose_files)
        self.trust_btn.clicked.connect(self.choose_roots)
        self.again_btn.clicked.connect(lambda: self.add_files(list(self.results)))
        self.clear_btn.clicked.connect(self.clear)
        self.table.currentCellChanged.connect(lambda r, *_: self._show_detail(r))

    # --- input -----------------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp PDF đã ký", "", "PDF (*.pdf)")
        if paths:
            self.add_files(paths)


    def clear(self) -> None:
        self.results.clear()
        self.table.setRowCount(0)
        self.detail.clear()

    # --- verification ----------------------------------------------------------------------------------------
    def _row_of(self, path: str) -> int:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == path:
                return r
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(Path(path).name)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        self.table.setItem(r, 0, item)
        return r

    def add_files(self, paths: list[str]) -> None:
        trust = TrustStore.for_store(self.store).certificates()
        for path in paths:
            path = str(path)
            r = self._row_of(path)
            self.results[path] = None
            self.table.setItem(r, 1, QTableWidgetItem("Đang kiểm tra…"))
            self.pending += 1
            run_in_background(lambda p=path: verify_pdf(p, trust), lambda res, p=path: self._show(p, res),
                              lambda exc, p=path: self._failed(p, exc))

    def _failed(self, path: str, exc) -> None:
        self.pending -= 1
        r = self._row_of(path)
        text = str(exc) if isinstance(exc, UserError) else "Không kiểm tra được tệp này."
        self.table.setItem(r, 1, QTableWidgetItem(label("unreadable")))
        self.table.setItem(r, 2, QTableWidgetItem(text))

    def _show(self, path: str, res) -> None:
        from PySide6.QtGui import QColor
        self.pending -= 1
        self.results[path] = res
        r = self._row_of(path)
        state = QTableWidgetItem(res.label)
        state.setForeground(QColor(STATE_COLOURS.get(res.state, "#000000")))
        signer = (res.signer or "") + (" (khóa nội bộ của trường)" if res.internal else "")
        whole = "" if res.state in ("unsigned", "unreadable") else ("Có" if res.covers_whole else "Không")
        cells = [state, QTableWidgetItem(signer), QTableWidgetItem(format_time(res.signing_time)),
                 QTableWidgetItem(whole), QTableWidgetItem(attachments_text(res))]
        for c, item in enumerate(cells, start=1):
            item.setToolTip(res.explanation)
            self.table.setItem(r, c, item)
        self.table.resizeRowToContents(r)
        if self.table.currentRow() in (-1, r):
            self.table.setCurrentCell(r, 0)
            self._show_detail(r)

    def _show_detail(self, row: int) -> None:
        if row < 0 or row >= self.table.rowCount():
            return
        res = self.results.get(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
        if res is None:
            return
        lines = [res.explanation] + [f"• {p}" for p in res.problems] + [f"– {n}" for n in res.notes]
        if res.report:
            lines.insert(0, "Báo cáo: " + report_words(res.report))
        self.detail.setText("\n".join(lines))

    # --- trusted roots ---------------------------------------------------------------------------------------
    def choose_roots(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn chứng thư gốc", "", CERT_FILTER)
        if path:
            self.import_root(path)

    def import_root(self, path: str) -> list:
        try:
            certs = TrustStore.for_store(self.store).import_file(path)
        except UserError as err:
            show_user_error(self, err)
            return []
        QMessageBox.information(self, "Chứng thư gốc", f"Đã thêm {len(certs)} chứng thư gốc vào danh sách tin cậy.")
        if self.results:
            self.add_files(list(self.results))  # re-check with the new root
        return certs
