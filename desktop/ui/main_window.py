"""The main window: a navigation list on the left, one page at a time on the right, a status line that says
when the last edit was saved (every edit is committed at once; there is no Save button)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from desktop import APP_NAME, __version__
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.pages.base import Page


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.setWindowTitle(f"{APP_NAME} — {store.path.name}")
        self.resize(1280, 720)
        self.setMinimumSize(900, 600)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setMinimumWidth(170)
        self.pages = QStackedWidget()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1080])
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.setCentralWidget(central)
        self.saved_label = QLabel("Đã lưu")
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().showMessage(f"Tệp dữ liệu: {store.path}   ·   phiên bản {__version__}")
        self._build_pages()
        self.nav.currentRowChanged.connect(self._show_page)
        first = getattr(self, "commune_overview_page", None)  # authority mode opens on its schools
        self.nav.setCurrentRow(self.pages.indexOf(first) if first is not None else
                               0 if prof.get_school(store) else self.pages.indexOf(self.profile_page))
        QShortcut(QKeySequence("Ctrl+Z"), self, activated=self.history_page.undo_last)
        self._restore_layout()
        self._fit_nav()

    def _build_pages(self) -> None:
        from desktop.ui.pages.assessment import AssessmentPage
        from desktop.ui.pages.checklist import ChecklistPage
        from desktop.ui.pages.dashboard import DashboardPage
        from desktop.ui.pages.history import HistoryPage
        from desktop.ui.pages.lists import ListsPage
        from desktop.ui.pages.profile import ProfilePage
        from desktop.ui.pages.settings import SettingsPage

        s = self.store
        self.dashboard_page = self.add_page("Tổng quan", DashboardPage(s))
        self.assessment_page = self.add_page("Tự đánh giá", AssessmentPage(s))
        self.lists_page = self.add_page("Danh sách GV, phòng học", ListsPage(s))
        self.checklist_page = self.add_page("Kế hoạch, nhiệm vụ", ChecklistPage(s))
        self.profile_page = self.add_page("Hồ sơ nhà trường", ProfilePage(s))
        from desktop.ui.pages.report import ReportPage
        self.report_page = self.add_page("Báo cáo", ReportPage(s))
        self.report_page.open_item.connect(self.goto_item)
        self.report_page.open_checklist.connect(lambda _t: self.show_page(self.checklist_page))
        from desktop.ui.pages.verify import VerifyPage
        self.verify_page = self.add_page("Kiểm tra tệp ký", VerifyPage(s))
        self.history_page = self.add_page("Lịch sử thay đổi", HistoryPage(s))
        self.settings_page = self.add_page("Cài đặt", SettingsPage(s))
        self.profile_page.setup_requested.connect(self.run_wizard)
        self.settings_page.mode_changed.connect(self.apply_mode)
        self.dashboard_page.open_item.connect(self.goto_item)
        self.lists_page.open_item.connect(self.goto_item)
        self.assessment_page.share_requested.connect(self.goto_share_list)
        self.apply_mode()

    def apply_mode(self) -> None:
        """Authority mode (issue 8) shows its pages (owned by commune_*.py); school mode hides them again."""
        from desktop.core.commune.mode import get_mode

        has = hasattr(self, "commune_overview_page")
        if get_mode(self.store) == "authority" and not has:
            from desktop.ui.pages.commune_overview import add_commune_pages
            add_commune_pages(self)
        elif get_mode(self.store) != "authority" and has:
            for name in ("commune_overview_page", "commune_inbox_page", "commune_roster_page"):
                page = getattr(self, name, None)
                if page is not None:
                    self.nav.takeItem(self.page_index(page))
                    self.pages.removeWidget(page)
                    page.deleteLater()
                    delattr(self, name)
        self._fit_nav()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() == event.Type.FontChange:
            self._fit_nav()
        super().changeEvent(event)

    def _fit_nav(self) -> None:
        """Larger text must not cut the page names off."""
        width = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 16
        self.nav.setMinimumWidth(width)
        sizes = self.splitter.sizes()
        if sizes and sizes[0] < width:
            self.splitter.setSizes([width, max(1, sum(sizes) - width)])

    def add_page(self, title: str, widget: Page) -> Page:
        self.nav.addItem(title)
        self.pages.addWidget(widget)
        widget.changed.connect(lambda w=widget: self.mark_saved(w))
        return widget

    def page_index(self, page: Page) -> int:
        return self.pages.indexOf(page)

    def _show_page(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        page = self.pages.widget(row)
        if isinstance(page, Page) and page.stale:
            page.refresh()

    def show_page(self, page: Page) -> None:
        self.nav.setCurrentRow(self.page_index(page))

    def mark_saved(self, source: Page | None = None) -> None:
        """After each committed edit: say so, and let the other pages re-read when next shown."""
        self.saved_label.setText(f"Đã lưu lúc {datetime.now():%H:%M:%S}")
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if isinstance(page, Page) and page is not source:
                page.stale = True
        current = self.pages.currentWidget()
        if isinstance(current, Page) and current is not source and current.stale:
            current.refresh()

    def goto_item(self, code: str) -> None:
        self.show_page(self.assessment_page)
        self.assessment_page.select_item(code)

    def goto_share_list(self, code: str) -> None:
        self.show_page(self.lists_page)
        self.lists_page.focus_item(code)

    def run_wizard(self) -> None:
        from desktop.ui.wizard import SetupWizard

        wizard = SetupWizard(self.store, self)
        if wizard.exec():
            self.apply_mode()
            self.mark_saved()
            first = getattr(self, "commune_overview_page", None)
            self.show_page(first or self.dashboard_page)

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._nav_width = int(settings.value("main/nav_width", 0) or 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        # splitter sizes only stick once the window has its real size, i.e. when first shown
        if self._nav_width:
            QTimer.singleShot(0, self._apply_nav_width)

    def _apply_nav_width(self) -> None:
        total = self.splitter.width() - self.splitter.handleWidth()
        self.splitter.setSizes([self._nav_width, max(1, total - self._nav_width)])
        self._nav_width = 0
        self._fit_nav()

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/nav_width", self.splitter.sizes()[0])
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if hasattr(page, "save_layout"):
                page.save_layout(settings)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.save_layout()
        super().closeEvent(event)
