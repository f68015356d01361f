"""Báo cáo: pick kind + period, edit the draft's fields (autosaved), check before sending, preview, print, export.

All report content comes from desktop/core/report; rendering and export run off the UI thread.
"""
from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QScrollArea,
                               QSplitter, QVBoxLayout, QWidget)

from desktop.core.errors import UserError
from desktop.core.periods import Period, today
from desktop.ui.widgets.period_picker import PeriodPicker
from desktop.core.report import checks
from desktop.core.report.build import build_report_data
from desktop.core.report.export import export_all
from desktop.core.report.pdf import render_pdf_bytes
from desktop.core.report.preview import page_images
from desktop.core.store import reports as rep
from desktop.ui.dialogs.sign import SignDialog
from desktop.ui.pages.base import Page
from desktop.ui.worker import run_in_background
from desktop.ui.widgets.text_field import TextField

REPORT_FIELD_LINES = 5  # difficulties, proposals, next period's directions
RECIPIENT_LINES = 4
KIND_LABELS = [("self-assessment", "Tự đánh giá"), ("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm")]
AUTHORITIES = ["HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG"]
PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe: one render at a time across the app


def _school_year_label(store) -> str:
    from desktop.core.store import profile as prof
    year = prof.current_school_year(store)
    return year["label"] if year else ""


def pil_to_qimage(img) -> QImage:
    img = img.convert("RGB")
    data = img.tobytes("raw", "RGB")
    return QImage(data, img.width, img.height, 3 * img.width, QImage.Format.Format_RGB888).copy()


class ReportPage(Page):
    title = "Báo cáo"
    open_item = Signal(str)       # an item code to fix (MainWindow.goto_item)
    open_checklist = Signal(str)  # a task to fix on the checklist page

    def __init__(self, store, parent=None):
        super().__init__(store, parent)
        self.report: dict | None = None
        self.rd = None
        self.pdf: bytes | None = None
        self.problems: list[checks.Problem] = []
        self.last_export = None
        self._loading = False
        self._directions_shown = ""
        self._generation = 0
        self._save_timer = QTimer(self, singleShot=True, interval=600, timeout=self.save_fields)
        self._preview_timer = QTimer(self, singleShot=True, interval=800, timeout=self.rebuild)

        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Loại báo cáo")
        for key, label in KIND_LABELS:
            self.kind.addItem(label, key)
        self.period = PeriodPicker()  # tháng/quý/năm chosen from a list, not typed
        self.open_btn = QPushButton("Mở báo cáo")
        self.sign_btn = QPushButton("Khóa và ký…")
        self.print_btn = QPushButton("In…")
        self.export_btn = QPushButton("Xuất tệp…")
        top.addWidget(QLabel("Loại báo cáo:"))
        top.addWidget(self.kind)
        top.addWidget(QLabel("Kỳ:"))
        top.addWidget(self.period)
        top.addWidget(self.open_btn)
        top.addStretch(1)
        for b in (self.sign_btn, self.print_btn, self.export_btn):
            top.addWidget(b)

        # fields
        form_box = QGroupBox("Thông tin văn bản")
        form = QFormLayout(form_box)
        self.doc_number = QLineEdit()
        self.doc_date = QLineEdit()
        self.doc_date.setPlaceholderText("dd/mm/yyyy")
        # free text the school writes: never squeezed below a readable height (the pane scrolls instead)
        self.difficulties = TextField(min_lines=REPORT_FIELD_LINES)
        self.proposals = TextField(min_lines=REPORT_FIELD_LINES)
        self.directions = TextField(min_lines=REPORT_FIELD_LINES)  # "Phương hướng…": month/quarter/year (issue 20)
        self.directions.setObjectName("reportDirections")
        self.directions.setToolTip("Sổ CĐS điền sẵn các nhiệm vụ đến hạn, quá hạn, đang làm; sửa tùy ý.")
        self.directions_label = QLabel("Phương hướng kỳ tới:")
        self.recipients = TextField(min_lines=RECIPIENT_LINES)
        self.recipients.setPlaceholderText("Mỗi dòng một nơi nhận")
        self.signer_name = QLineEdit()
        self.signer_position = QLineEdit()
        self.signer_authority = QComboBox()
        self.signer_authority.addItems(AUTHORITIES)
        form.addRow("Số văn bản:", self.doc_number)
        form.addRow("Ngày:", self.doc_date)
        form.addRow("Khó khăn, vướng mắc:", self.difficulties)
        form.addRow("Kiến nghị, đề xuất:", self.proposals)
        form.addRow(self.directions_label, self.directions)
        form.addRow("Nơi nhận:", self.recipients)
        form.addRow("Người ký:", self.signer_name)
        form.addRow("Chức vụ:", self.signer_position)
        form.addRow("Thẩm quyền ký:", self.signer_authority)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        form.addRow(self.state_label)
        self.field_widgets = {"doc_number": self.doc_number, "doc_date": self.doc_date,
                              "difficulties": self.difficulties, "proposals": self.proposals,
                              "directions": self.directions,
                              "recipients": self.recipients, "signer_name": self.signer_name,
                              "signer_position": self.signer_position, "signer_authority": self.signer_authority}

        check_box = QGroupBox("Kiểm tra trước khi gửi")
        cl = QVBoxLayout(check_box)
        self.check_list = QListWidget()
        self.check_list.setAccessibleName("Kiểm tra trước khi gửi")
        self.check_list.setWordWrap(True)
        self.fix_btn = QPushButton("Sửa")
        self.fix_btn.setToolTip("Đi tới chỗ cần sửa của vấn đề đang chọn")
        cl.addWidget(self.check_list)
        cl.addWidget(self.fix_btn, alignment=Qt.AlignmentFlag.AlignRight)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(form_box, 3)
        ll.addWidget(check_box, 2)
        left_scroll = QScrollArea()  # on a small screen (1024×600) the fields scroll rather than shrink
        left_scroll.setAccessibleName("Thông tin văn bản và kiểm tra trước khi gửi")
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setWidget(left)

        # preview
        prev = QWidget()
        pl = QVBoxLayout(prev)
        pl.setContentsMargins(0, 0, 0, 0)
        self.page_label = QLabel("Xem trước")
        self.pages_host = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Xem trước báo cáo")
        self.scroll.setWidgetResizable(False)  # the host takes the pages' size; the area scrolls over it
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages_host)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_label)
        pl.addWidget(self.page_label)
        pl.addWidget(self.scroll)

        split = QSplitter()
        split.addWidget(left_scroll)
        split.addWidget(prev)
        split.setSizes([520, 600])
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.open_btn.clicked.connect(self.load)
        self.period.chosen.connect(lambda _p: self.load())
        self.fix_btn.clicked.connect(self.fix_selected)
        self.check_list.itemDoubleClicked.connect(lambda _i: self.fix_selected())
        self.export_btn.clicked.connect(self.choose_export)
        self.print_btn.clicked.connect(self.print_report)
        self.sign_btn.clicked.connect(self.open_sign_dialog)
        for w in (self.doc_number, self.doc_date, self.signer_name, self.signer_position):
            w.textEdited.connect(self._edited)
        # a date is checked when the field is left, never while it is being typed ("20/0" is not an error yet)
        self.doc_date.editingFinished.connect(self._date_left)
        for w in (self.difficulties, self.proposals, self.recipients, self.directions):
            w.textChanged.connect(self._edited)
        self.signer_authority.currentIndexChanged.connect(self._edited)
        self.previews: list[QLabel] = []
        self._kind_changed()

    # --- loading ---------------------------------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        day = today(self.store)
        period = _school_year_label(self.store) if kind == "self-assessment" else str(Period.of(kind, day))
        from desktop.core.store import profile as prof

        years = [y["label"] for y in prof.list_school_years(self.store)] if kind == "self-assessment" else []
        self.period.set_kind(kind, day, period, years)

    def refresh(self) -> None:
        super().refresh()
        self.load()

    def open_period(self, kind: str, period: str) -> None:
        """Show the report of `kind` (a report kind; "other" opens the year's) for `period` (the calendar's)."""
        i = self.kind.findData(kind if kind in dict(KIND_LABELS) else "year")
        self.kind.setCurrentIndex(max(0, i))
        self._kind_changed()
        self.period.set_kind(self.current_kind(), today(self.store), period)
        self.load()

    def load(self) -> None:
        """Open the newest version of the chosen kind and period and fill the form. With no version yet, the draft
        is created by the first edit, so only looking at the page writes nothing."""
        kind, period = self.current_kind(), self.period.text().strip()
        try:
            row = rep.latest(self.store, kind, period)
            self.report = row
            self.rd = build_report_data(self.store, kind, period, report_id=row["id"] if row else None)
        except UserError as err:
            self.report, self.rd = None, None
            self.state_label.setText(str(err))
            self._set_problems([])
            return
        self._fill()
        self.rebuild()

    def _fill(self) -> None:
        rd, row = self.rd, self.report
        self._loading = True
        try:
            self.doc_number.setText(rd.doc_number)
            self.doc_date.setText(date.fromisoformat(rd.doc_date).strftime("%d/%m/%Y") if rd.doc_date else "")
            self.difficulties.setPlainText(rd.difficulties)
            self.proposals.setPlainText(rd.proposals)
            pc = rd.period_content
            self.directions.setPlainText(pc.directions if pc else "")
            self._directions_shown = self.directions.toPlainText()
            for w in (self.directions, self.directions_label):
                w.setVisible(pc is not None)
            self.recipients.setPlainText("\n".join(rd.recipients))
            self.signer_name.setText(rd.signer.name)
            self.signer_position.setText(rd.signer.position)
            i = self.signer_authority.findText(rd.signer.authority)
            self.signer_authority.setCurrentIndex(max(i, 0))
        finally:
            self._loading = False
        editable = self.editable()
        for w in self.field_widgets.values():
            w.setEnabled(editable)
        if row is None:
            self.state_label.setText("Chưa có phiên bản nào; bản nháp được tạo khi bạn sửa lần đầu.")
        else:
            from desktop.ui.report_labels import state_label
            self.state_label.setText(f"Phiên bản {row['version']} — {state_label(row)}"
                                     + (", tự động lưu khi sửa." if editable else "; tạo phiên bản mới để sửa."))

    def editable(self) -> bool:
        row = self.report
        return self.rd is not None and (row is None or (row["status"] == "draft" and row["locked_at"] is None))

    def hideEvent(self, event) -> None:
        if self._save_timer.isActive() or self.doc_date.isModified():  # leaving the page: hold no edit back
            self.save_fields(check_date=True)
        if self._preview_timer.isActive():  # no render for a page nobody sees (or a closed data file)
            self._preview_timer.stop()
            self.stale = True
        super().hideEvent(event)

    # --- autosave ------------------------------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        if not self._loading:
            self._save_timer.start()

    def _date_left(self) -> None:
        if not self._loading and self.doc_date.isModified():
            self.save_fields(check_date=True)

    def save_fields(self, check_date: bool = False) -> bool:
        """Write the form into the draft (one undoable edit), then rebuild the checks and preview. A date still
        being typed is left out (the stored one stays) until the field is left (`check_date`)."""
        self._save_timer.stop()
        if not self.editable():
            return False
        if self.report is None:  # the first edit of this kind and period starts its draft
            self.report = self.commit(rep.ensure_draft, self.store, self.rd.kind, self.rd.period)
            if self.report is None:
                return False
        date_text = self.doc_date.text().strip()
        typing = self.doc_date.isModified() and not check_date
        # the pre-filled directions follow the checklist until the school writes its own
        own = {"directions": self.directions.toPlainText()} if (
            self.rd.period_content is not None and ("directions" in rep.fields_of(self.report)
                                                    or self.directions.toPlainText() != self._directions_shown)) else {}
        self.commit(rep.update_fields, self.store, self.report["id"], **own,
                    doc_number=self.doc_number.text(), doc_date=None if typing else date_text or None,
                    clear_date=not typing and not date_text,
                    difficulties=self.difficulties.toPlainText(), proposals=self.proposals.toPlainText(),
                    recipients=self.recipients.toPlainText().splitlines(), signer_name=self.signer_name.text(),
                    signer_position=self.signer_position.text(),
                    signer_authority=self.signer_authority.currentText())
        if self.last_failed:
            return False
        if not typing:
            self.doc_date.setModified(False)
        self.report = rep.get_report(self.store, self.report["id"])
        self.rd = build_report_data(self.store, self.report["kind"], self.report["period"],
                                    report_id=self.report["id"])
        self._set_problems(checks.check_report(self.rd, email_budget=checks.email_budget_bytes(self.store)))
        self._preview_timer.start()
        return True

    # --- checks --------------------------------------------------------------------------------------------
    def _set_problems(self, problems) -> None:
        self.problems = list(problems)
        self.check_list.clear()
        if not checks.to_fix(self.problems):
            self.check_list.addItem("Không phát hiện vấn đề nào. Báo cáo sẵn sàng để khóa và ký.")
        for line, group in checks.grouped(self.problems):  # grouped as the command line groups it
            item = QListWidgetItem(line[:1] + line[1:2].upper() + line[2:])
            item.setData(Qt.ItemDataRole.UserRole, group[0])  # "Sửa" jumps to the first of the group
            self.check_list.addItem(item)
        self.fix_btn.setEnabled(bool(checks.to_fix(self.problems)))

    def fix_selected(self) -> None:
        item = self.check_list.currentItem() or (self.check_list.item(0) if self.problems else None)
        p = item.data(Qt.ItemDataRole.UserRole) if item else None
        if p is not None:
            self.fix(p)

    def fix(self, p: checks.Problem) -> None:
        """Jump to where a problem is fixed: the item, the report field, or the checklist."""
        if p.target_kind == "set":  # an information line on the indicator set: nothing to fix in the report
            return
        if p.target_kind == "field":
            name = "signer_name" if p.target.startswith("signer") and p.target not in self.field_widgets else p.target
            w = self.field_widgets.get(name)
            if w is not None:
                w.setFocus()
        elif p.target_kind == "item":
            self.open_item.emit(p.target)
        else:
            self.open_checklist.emit(p.target)

    # --- preview -------------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Checks now; the PDF and its page images off the UI thread."""
        if self.rd is None:
            return
        rd = self.rd
        self._set_problems(checks.check_report(rd, email_budget=checks.email_budget_bytes(self.store)))
        self.page_label.setText("Đang dựng bản xem trước…")
        self._generation += 1
        gen = self._generation

        def work():
            pdf, _layout = render_pdf_bytes(rd, draft=True)  # the preview is of an unsigned draft
            with PDFIUM_LOCK:
                return gen, pdf, [pil_to_qimage(img) for _n, img in page_images(pdf, dpi=72)]

        run_in_background(work, self._show_preview, self._preview_failed)

    def _preview_failed(self, exc) -> None:
        self.page_label.setText(str(exc) if isinstance(exc, UserError) else "Không dựng được bản xem trước.")

    def _show_preview(self, result) -> None:
        gen, pdf, images = result
        if gen != self._generation:  # an older render finishing late
            return
        self.pdf = pdf
        # The page labels are kept and given the new images: the view stays where the user was reading. (New
        # labels added while the old ones were only deleteLater()'d made the host twice as tall; once the old ones
        # went, the layout spread the pages over it, so the place in view was empty and the counter, reckoned from
        # the pages' heights, named another page.)
        bar = self.scroll.verticalScrollBar()
        keep = bar.value()
        while len(self.previews) > len(images):  # the report got shorter
            lbl = self.previews.pop()
            self.pages_layout.removeWidget(lbl)
            lbl.deleteLater()
        for i, img in enumerate(images):
            if i == len(self.previews):
                lbl = QLabel()
                lbl.setStyleSheet("border: 1px solid #999; background: white;")
                self.pages_layout.addWidget(lbl)
                self.previews.append(lbl)
            lbl = self.previews[i]
            lbl.setPixmap(QPixmap.fromImage(img))
            lbl.setFixedSize(img.width() + 2, img.height() + 2)  # never squeezed by the layout
            lbl.show()  # before adjustSize(): hidden children do not count
        # the scroll area sizes the host to the viewport unless told the pages need more room
        self.pages_host.adjustSize()
        bar.setValue(min(keep, bar.maximum()))
        self._update_page_label()

    def _update_page_label(self, *_a) -> None:
        n = len(self.previews)
        if not n:
            return
        # page tops from the pixmap heights: the labels may not be laid out yet
        y = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        top, cur, gap = 0, 1, self.pages_layout.spacing()
        for i, lbl in enumerate(self.previews):
            if top > y:
                break
            cur = i + 1
            top += lbl.pixmap().height() + gap
        self.page_label.setText(f"Xem trước — trang {cur}/{n}")

    # --- print ---------------------------------------------------------------------------------------------
    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        if not self.pdf:
            QMessageBox.information(self, "In báo cáo", "Bản xem trước chưa dựng xong; thử lại sau giây lát.")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        from PySide6.QtGui import QPageSize
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, self)
        try:
            if dialog.exec():
                self.print_to(printer)
        finally:
            dialog.deleteLater()

    def print_to(self, printer) -> None:
        """Render each PDF page at the printer's resolution (capped) and paint it to fill the page."""
        dpi = min(printer.resolution(), 300)
        painter = QPainter(printer)
        try:
            with PDFIUM_LOCK:
                images = [img for _n, img in page_images(self.pdf, dpi=dpi)]
            for i, img in enumerate(images):
                if i:
                    printer.newPage()
                qimg = pil_to_qimage(img)
                rect = painter.viewport()
                size = qimg.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(rect.x(), rect.y(), size.width(), size.height())
                painter.setWindow(qimg.rect())
                painter.drawImage(0, 0, qimg)
                painter.setViewport(rect)
        finally:
            painter.end()

    # --- export --------------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục để xuất báo cáo")
        if folder:
            self.export_to(folder)

    def export_to(self, folder: str, on_done=None) -> None:
        """PDF + xlsx + json into `folder`, off the UI thread; a busy note while it runs, a message at the end."""
        if self.rd is None:
            return
        rd = self.rd
        self.export_btn.setEnabled(False)
        self.export_btn.setText("Đang xuất…")

        def done(res):
            self.export_btn.setEnabled(True)
            self.export_btn.setText("Xuất tệp…")
            self.last_export = res
            if on_done:
                on_done(res)
            else:
                QMessageBox.information(self, "Xuất báo cáo", "Đã xuất 3 tệp vào thư mục "
                                        f"{folder}:\n{res.pdf.name}\n{res.xlsx.name}\n{res.json.name}")

        def failed(exc):
            self.export_btn.setEnabled(True)
            self.export_btn.setText("Xuất tệp…")
            from desktop.ui.worker import _default_error
            _default_error(exc)

        run_in_background(lambda: export_all(rd, folder), done, failed)

    # --- signing -------------------------------------------------------------------------------------------
    def open_sign_dialog(self) -> None:
        if self.rd is None:
            return
        dialog = self.make_sign_dialog()
        try:
            dialog.exec()
        finally:
            # Deleted now, on this thread, while everything around it is alive. Kept as the page's child, the
            # closed dialog lived on, held only by the lambdas its own buttons are connected to; at quit the window's
            # teardown released them while destroying the dialog, dropping its last reference mid-destruction
            # ("shared QObject was deleted directly", then a segfault; every run with PySide6 6.12.0).
            dialog.deleteLater()
        self.load()
        self.changed.emit()

    def make_sign_dialog(self):
        """The dialog for the open report, its fields saved first (tests drive it without exec())."""
        if self.editable():
            self.save_fields()
        return SignDialog(self.store, self.rd.kind, self.rd.period, self)
