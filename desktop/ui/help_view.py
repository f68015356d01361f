"""The user guide in the app (issue 22): docs/huong-dan/*.md rendered with their pictures, opened by F1 at the section
of the page or dialog on screen, and by "Hướng dẫn sử dụng" (F1) in the Trợ giúp menu.

`show_help(parent, topic)` opens (or brings back) the guide window at `topic`, a key of TOPICS: each names a guide
file and the exact text of one of its headings. Each page's topic is part of its registration (PageSpec.topic in
desktop/ui/main_window.py); `page_topic(window)` says which topic F1 opens on the page on screen. A dialog is a
GuidedDialog naming its topic in `help_topic`; `f1_opens_guide` is the one F1 of dialogs and the first-run wizard.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QImageReader, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.core.paths import guide_dir

log = logging.getLogger("socds.ui")
SCHOOL, AUTHORITY = "truong.md", "co-quan-quan-ly.md"
PARTS = [(SCHOOL, "Dành cho nhà trường"), (AUTHORITY, "Dành cho cán bộ xã/phường")]

# topic → (guide file, heading text as written in it: a `##` section, or a `###` one inside it). The test
# tests/ui/test_help_view.py checks every heading exists.
TOPICS = {
    "bat-dau": (SCHOOL, "Khởi động lần đầu"),
    "tong-quan": (SCHOOL, "Tổng quan"),
    "ho-so": (SCHOOL, "Hồ sơ nhà trường"),
    "tu-danh-gia": (SCHOOL, "Tự đánh giá theo bộ chỉ số"),
    "minh-chung": (SCHOOL, "Minh chứng"),
    "danh-sach": (SCHOOL, "Danh sách giáo viên và phòng học"),
    "nhap-danh-sach": (SCHOOL, "Nhập danh sách từ Excel"),
    "khao-sat": (SCHOOL, "Phiếu khảo sát giáo viên"),
    "nhiem-vu": (SCHOOL, "Danh mục nhiệm vụ"),
    "ke-hoach-truong": (SCHOOL, "Kế hoạch của nhà trường"),
    "lich": (SCHOOL, "Lịch năm học"),
    "bao-cao": (SCHOOL, "Báo cáo kỳ"),
    "kiem-tra-truoc-khi-gui": (SCHOOL, "Kiểm tra trước khi gửi"),
    "khoa-va-ky": (SCHOOL, "Khóa và ký"),
    "gui-bao-cao": (SCHOOL, "Gửi báo cáo"),
    "yeu-cau-bo-sung": (SCHOOL, "Khi cơ quan quản lý yêu cầu bổ sung"),
    "lich-su-cai-dat": (SCHOOL, "Lịch sử thay đổi và cài đặt"),
    "co-quan": (AUTHORITY, "Khai báo cơ quan"),
    "danh-sach-truong": (AUTHORITY, "Danh sách trường"),
    "nhan-ho-so": (AUTHORITY, "Nhận hồ sơ"),
    "kiem-tra": (AUTHORITY, "Kiểm tra"),
    "so-sanh": (AUTHORITY, "So sánh phiên bản"),
    "yeu-cau-chinh-sua": (AUTHORITY, "Yêu cầu chỉnh sửa"),
    "danh-gia-ngoai": (AUTHORITY, "Đánh giá ngoài"),
    "tong-hop": (AUTHORITY, "Tổng hợp"),
    "chuyen-so": (AUTHORITY, "Chuyển Sở"),
    "tong-hop-tinh": (AUTHORITY, "Ở Sở: tổng hợp toàn tỉnh"),
}

IMAGE_WIDTH = 760  # pictures wider than this are drawn at this width (no sideways scrolling in the window)


def page_topic(window) -> str:
    """The topic of the page on the main window's screen: its PageSpec's (desktop/ui/main_window.py); the profile
    page of a file without a school yet opens the first start."""
    topic = window.current_spec().topic
    if topic == "ho-so":
        from desktop.core.store import profile as prof

        if prof.get_school(window.store) is None:
            return "bat-dau"
    return topic


def section(markdown: str, heading: str | None) -> str:
    """The part of a guide file from the heading `heading` (level 2 or deeper) to the next heading of the same level
    or higher (None: from the top to the first level-2 heading). The whole file when the heading is not found."""
    lines = markdown.splitlines()
    start, level = 0, 2
    if heading is not None:
        hits = [i for i, line in enumerate(lines) if _level(line) >= 2 and line.lstrip("#").strip() == heading]
        if not hits:
            return markdown
        start, level = hits[0], _level(lines[hits[0]])
    end = next((i for i in range(start + 1, len(lines)) if 0 < _level(lines[i]) <= level), len(lines))
    return "\n".join(lines[start:end]) + "\n"


def _level(line: str) -> int:
    """A markdown heading's level (0: not a heading)."""
    level = len(line) - len(line.lstrip("#"))
    return level if level and line[level:level + 1] == " " else 0


def part_heading(name: str, heading: str | None) -> str | None:
    """The level-2 section of guide file `name` that holds `heading` (itself when it is one)."""
    holder = None
    for level, text in headings(guide_dir() / name):
        if level == 2:
            holder = text
        if text == heading:
            return holder
    return None


def headings(md_file: Path) -> list[tuple[int, str]]:
    """(level, text) of the file's headings, outside fenced or indented code."""
    out = []
    for line in md_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append((level, line[level:].strip()))
    return out


class HelpWindow(QDialog):
    """Contents on the left (both parts, their sections), the guide on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("Hướng dẫn sử dụng — Sổ CĐS")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 720)
        self.current: tuple[str, str | None] | None = None
        self.contents = QTreeWidget()
        self.contents.setObjectName("helpContents")
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("Mục lục hướng dẫn")
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setAccessibleName("Nội dung hướng dẫn")
        self.browser.setOpenExternalLinks(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 850])
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.close)
        self.pdf_btn = QPushButton("Lưu bản để in (PDF)…")
        self.pdf_btn.setObjectName("helpPdf")
        self.pdf_btn.clicked.connect(lambda: self.choose_pdf())
        self.status = QLabel("")
        self.status.setObjectName("helpStatus")
        row = QHBoxLayout()
        row.addWidget(self.pdf_btn)
        row.addWidget(self.status, 1)
        row.addWidget(buttons)
        lay.addLayout(row)
        self._fill_contents()
        self.contents.itemActivated.connect(self._contents_chosen)
        self.contents.itemClicked.connect(self._contents_chosen)

    def _fill_contents(self) -> None:
        for name, title in PARTS:
            part = QTreeWidgetItem([title])
            part.setData(0, Qt.ItemDataRole.UserRole, (name, None))
            font = part.font(0)
            font.setBold(True)
            part.setFont(0, font)
            self.contents.addTopLevelItem(part)
            for level, text in headings(guide_dir() / name):
                if level == 2:
                    child = QTreeWidgetItem([text])
                    child.setData(0, Qt.ItemDataRole.UserRole, (name, text))
                    part.addChild(child)
            part.setExpanded(True)

    def _contents_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        name, heading = item.data(0, Qt.ItemDataRole.UserRole)
        self.open_at(name, heading)

    def open_topic(self, topic: str) -> None:
        name, heading = TOPICS.get(topic, (SCHOOL, None))
        self.open_at(name, heading)

    def open_at(self, name: str, heading: str | None) -> None:
        """Show the section `heading` of guide file `name` (None: the part's introduction)."""
        path = guide_dir() / name
        text = section(path.read_text(encoding="utf-8"), heading)
        self.current = (name, heading)
        doc = self.browser.document()
        doc.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))  # pictures: img/… beside the file
        self.browser.setMarkdown(text)
        self._fit_images(path.parent)
        self.browser.verticalScrollBar().setValue(0)
        self._select_in_contents(name, heading if heading is None else part_heading(name, heading))

    def _fit_images(self, folder: Path) -> None:
        """Every picture sized now (wide ones drawn at IMAGE_WIDTH, height following): no sideways scrolling."""
        doc = self.browser.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if fmt.isImageFormat():
                    img = fmt.toImageFormat()
                    size = QImageReader(str(folder / img.name())).size()  # reads the header only
                    if size.isValid():
                        scale = min(1.0, IMAGE_WIDTH / size.width())
                        img.setWidth(size.width() * scale)
                        img.setHeight(size.height() * scale)
                        cursor = QTextCursor(doc)
                        cursor.setPosition(frag.position())
                        cursor.setPosition(frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(img)
                it += 1
            block = block.next()

    def shown_heading(self) -> str | None:
        """The text of the first heading on display (tests)."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                return block.text().strip()
            block = block.next()
        return None

    def choose_pdf(self) -> None:
        path = QFileDialog.getSaveFileName(self, "Lưu hướng dẫn để in", "huong-dan-su-dung-so-cds.pdf",
                                           "PDF (*.pdf)")[0]
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str) -> None:
        """The whole guide as a printable PDF (desktop/core/guide_pdf.py), written off the UI thread."""
        from desktop.core.errors import UserError
        from desktop.core.guide_pdf import write_guide_pdf
        from desktop.ui.errors import show_unexpected, show_user_error
        from desktop.ui.worker import run_in_background

        self.pdf_btn.setEnabled(False)
        self.status.setText("Đang tạo tệp PDF…")

        def done(written) -> None:
            self.pdf_btn.setEnabled(True)
            self.status.setText(f"Đã lưu {Path(written).name}.")

        def failed(exc) -> None:
            self.pdf_btn.setEnabled(True)
            self.status.setText("")
            if isinstance(exc, UserError):  # e.g. the folder is read-only or the disk full: said where
                show_user_error(self, exc)
            else:
                log.error("guide PDF failed: %r", exc)
                show_unexpected(self)

        run_in_background(lambda: write_guide_pdf(path), done, failed)

    def _select_in_contents(self, name: str, heading: str | None) -> None:
        for i in range(self.contents.topLevelItemCount()):
            part = self.contents.topLevelItem(i)
            for item in [part] + [part.child(j) for j in range(part.childCount())]:
                if item.data(0, Qt.ItemDataRole.UserRole) == (name, heading):
                    self.contents.setCurrentItem(item)
                    return


def show_help(parent: QWidget | None, topic: str) -> HelpWindow:
    """Open the guide at `topic` (a key of TOPICS), in the parent's guide window if it has one open already."""
    window = parent.findChild(HelpWindow) if parent is not None else None
    if window is None:
        window = HelpWindow(parent)
    window.show()  # first: the view's size is known when scrolling to the section
    window.open_topic(topic)
    window.raise_()
    window.activateWindow()
    return window


def f1_opens_guide(window: QWidget) -> QShortcut:
    """F1 anywhere in `window` (a dialog, the first-run wizard) calls its `show_guide()`, which opens the guide at
    its topic in a guide window of its own (a modal dialog blocks the main window's). Connected to the bound method:
    a lambda would hold the window alive through its own child's connection and outlive its data file."""
    return QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window, activated=window.show_guide)


class GuidedDialog(QDialog):
    """A dialog of the app: F1 in it opens the guide at `help_topic` (a key of TOPICS), set by each subclass.
    tests/ui/test_dialog_help.py walks every QDialog of desktop/ui and checks it is one."""

    help_topic = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        f1_opens_guide(self)

    def show_guide(self) -> HelpWindow:
        return show_help(self, self.help_topic)


def install_help(window) -> QAction:
    """F1 on every page of the main window opens the guide at that page's section; the same action is "Hướng dẫn
    sử dụng" (F1) at the top of the Trợ giúp menu (desktop/ui/menu_bar.py)."""
    from desktop.ui.menu_bar import add_help_entry

    action = QAction("&Hướng dẫn sử dụng", window)
    action.setObjectName("userGuide")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1; the menu shows it beside the text
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _checked=False: show_help(window, page_topic(window)))
    add_help_entry(window, action)
    return action
