"""A received report file, as the officer reads it: intake's verdict on top, the pages of the kept copy below
(rendered from the very bytes that were verified), and the buttons to open it in the system's PDF viewer or save a
copy under the name it was received with."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (QDialogButtonBox, QFileDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from desktop.core.commune import inbox_files
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.help_view import GuidedDialog

# the background of each intake state, here and in the inbox page's rows
STATE_COLORS = {"accepted": "#e8f5e9", "held": "#fff4d6", "superseded": "#f5f5f5", "rejected": "#fdecea"}
MAX_PAGES = 20  # a school's report is a few pages; a longer file is shown in part (the viewer has the rest)


class ReceivedFileDialog(GuidedDialog):
    help_topic = "kiem-tra"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, store, inbox_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.inbox_id = store, inbox_id
        data, self.row = inbox_files.kept_bytes(store, inbox_id)   # UserError: the caller says why
        self.setWindowTitle(f"Tệp đã nhận — {self.row['original_name']}")
        self.resize(900, 700)
        lay = QVBoxLayout(self)
        self.verdict = QLabel("\n".join(inbox_files.verdict_lines(self.row)))
        self.verdict.setObjectName("receivedVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setStyleSheet(f"background: {STATE_COLORS.get(self.row['state'], '#ffffff')}; padding: 6px;")
        lay.addWidget(self.verdict)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        pages = QWidget()
        self.pages_layout = QVBoxLayout(pages)
        self.page_labels: list[QLabel] = []
        self._render(data)
        scroll.setWidget(pages)
        lay.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.open_btn = QPushButton("Mở bằng trình xem PDF")
        self.save_btn = QPushButton("Lưu bản sao…")
        buttons.addButton(self.open_btn, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_btn, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_btn.clicked.connect(lambda: open_in_viewer(self, self.store, self.inbox_id))
        self.save_btn.clicked.connect(lambda: save_copy(self, self.store, self.inbox_id))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _render(self, data: bytes) -> None:
        from desktop.core.report.preview import page_count, page_images
        from desktop.ui.pages.report import PDFIUM_LOCK

        try:
            with PDFIUM_LOCK:
                total = page_count(data)
                images = list(page_images(data, dpi=72, pages=list(range(1, min(total, MAX_PAGES) + 1))))
        except Exception:  # noqa: BLE001 - a file refused as damaged may not render; its verdict still shows
            self.pages_layout.addWidget(QLabel("Không hiển thị được các trang của tệp này (tệp hỏng hoặc không phải "
                                               "PDF). Dùng «Mở bằng trình xem PDF» hoặc «Lưu bản sao…»."))
            return
        for _n, img in images:
            img = img.convert("RGB")
            qimg = QImage(img.tobytes(), img.width, img.height, img.width * 3, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(qimg))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        if total > MAX_PAGES:
            self.pages_layout.addWidget(QLabel(f"… còn {total - MAX_PAGES} trang nữa: mở bằng trình xem PDF để xem."))


def viewer_copy(store, inbox_id: int) -> Path:
    """A copy under its received name in a fresh temporary folder, for the system's viewer (which then never
    touches the kept copy)."""
    return inbox_files.save_copy(store, inbox_id, Path(tempfile.mkdtemp(prefix="socds-hop-thu-")))


def open_in_viewer(parent, store, inbox_id: int) -> Path | None:
    try:
        path = viewer_copy(store, inbox_id)
    except UserError as err:
        show_user_error(parent, err)
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def save_copy(parent, store, inbox_id: int, target: str | None = None) -> Path | None:
    """Ask where (the received name proposed), then write the copy; `target` skips the question (tests)."""
    row = store.row("inbox", {"id": inbox_id})
    if row is None:
        return None
    if target is None:
        target = QFileDialog.getSaveFileName(parent, "Lưu bản sao tệp đã nhận", inbox_files.file_name(dict(row)),
                                             "PDF (*.pdf)")[0]
        if not target:
            return None
    try:
        return inbox_files.save_copy(store, inbox_id, target)
    except UserError as err:
        show_user_error(parent, err)
        return None
