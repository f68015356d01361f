"""The main window: a navigation list on the left, one page at a time on the right, a status line that says
when the last edit was saved (every edit is committed at once; there is no Save button).

Pages are built when first needed (shown, or reached through their attribute, e.g. `window.report_page`), so
the window opens on its start page without importing and building the others (start-up time, issue 11). Until
then the stack holds an empty placeholder at the page's place; the navigation lists every page from the start.
"""
from __future__ import annotations

import time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from desktop import APP_NAME, __version__
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.help_view import install_help
from desktop.ui.menu_bar import build_menu_bar, fill_view_menu
from desktop.ui.pages.base import Page


class PageSpec:
    """A page the navigation lists: its window attribute, title, the guide topic its F1 opens (a key of
    help_view.TOPICS, i.e. a `##` section of docs/huong-dan), how to build it and what to connect then (a
    description shared by every window; each window keeps its own placeholders)."""

    def __init__(self, attr: str, title: str, topic: str, build: Callable[[Store], Page],
                 wire: Callable[["MainWindow", Page], None] | None = None):
        self.attr, self.title, self.topic, self.build, self.wire = attr, title, topic, build, wire


def _page(module: str, cls: str) -> Callable[[Store], Page]:
    def build(store: Store) -> Page:
        import importlib

        return getattr(importlib.import_module(f"desktop.ui.pages.{module}"), cls)(store)
    return build


def _wire_report(w: "MainWindow", page) -> None:
    page.open_item.connect(w.goto_item)
    page.open_checklist.connect(lambda _t: w.show_page(w.checklist_page))


SCHOOL_PAGES = [
    PageSpec("dashboard_page", "Tổng quan", "tong-quan", _page("dashboard", "DashboardPage"),
             lambda w, p: (p.open_item.connect(w.goto_item), p.open_profile.connect(w.goto_profile_field))),
    PageSpec("assessment_page", "Tự đánh giá", "tu-danh-gia", _page("assessment", "AssessmentPage"),
             lambda w, p: p.share_requested.connect(w.goto_share_list)),
    PageSpec("lists_page", "Danh sách GV, phòng học", "danh-sach", _page("lists", "ListsPage"),
             lambda w, p: p.open_item.connect(w.goto_item)),
    PageSpec("checklist_page", "Kế hoạch, nhiệm vụ", "nhiem-vu", _page("checklist", "ChecklistPage")),
    PageSpec("school_plan_page", "Kế hoạch của nhà trường", "ke-hoach-truong", _page("school_plan", "SchoolPlanPage")),
    PageSpec("calendar_page", "Lịch năm học", "lich", _page("calendar", "CalendarPage"),
             lambda w, p: (p.open_report.connect(w.goto_report), p.open_task.connect(w.goto_task))),
    PageSpec("profile_page", "Hồ sơ nhà trường", "ho-so", _page("profile", "ProfilePage"),
             lambda w, p: p.setup_requested.connect(w.run_wizard)),
    PageSpec("report_page", "Báo cáo", "bao-cao", _page("report", "ReportPage"), _wire_report),
    PageSpec("verify_page", "Kiểm tra tệp ký", "gui-bao-cao", _page("verify", "VerifyPage")),
    PageSpec("history_page", "Lịch sử thay đổi", "lich-su-cai-dat", _page("history", "HistoryPage")),
    PageSpec("settings_page", "Cài đặt", "lich-su-cai-dat", _page("settings", "SettingsPage"),
             lambda w, p: p.mode_changed.connect(w.apply_mode)),
]
# Authority mode (issue 8) lists these first; their modules are desktop/ui/pages/commune_*.py.
COMMUNE_PAGES = [
    PageSpec("commune_overview_page", "Tổng hợp các trường", "tong-hop",
             _page("commune_overview", "CommuneOverviewPage"),
             lambda w, p: p.open_external.connect(w.goto_external)),
    PageSpec("commune_inbox_page", "Hộp thư báo cáo", "nhan-ho-so", _page("commune_inbox", "CommuneInboxPage")),
    PageSpec("commune_roster_page", "Danh sách trường", "danh-sach-truong",
             _page("commune_roster", "CommuneRosterPage")),
    PageSpec("commune_requests_page", "Yêu cầu bổ sung", "yeu-cau-chinh-sua",
             _page("commune_requests", "CommuneRequestsPage")),
    PageSpec("commune_external_page", "Đánh giá ngoài", "danh-gia-ngoai",
             _page("commune_external", "CommuneExternalPage")),
]

# A Sở's data file (its body declared at the Sở level) lists the province first (issue 21).
PROVINCE_PAGES = [PageSpec("province_page", "Tổng hợp toàn tỉnh", "tong-hop-tinh", _page("province", "ProvincePage"))]

MIN_SIZE = (800, 480)

# School pages an authority uses too (listed after its own); the others only when mode.shows_school_pages.
AUTHORITY_USES = ("verify_page", "history_page", "settings_page")


class _FirstPaint(QObject):
    """Notes when the window starts its first paint (`first_paint_at`, time.time()); on the next event-loop turn,
    when that whole frame (the window and every child) has been painted, notes `first_frame_at` and emits the
    window's `first_painted`, once."""

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint:
            obj.first_paint_at = time.time()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, obj, obj._emit_first_painted)
        return False


class MainWindow(QMainWindow):
    first_painted = Signal()  # the window is on screen with its start page: deferred start-up work may begin

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self._specs: dict[str, PageSpec] = {}
        self._placeholders: dict[str, QWidget] = {}  # page attribute -> its stand-in in the stack until built
        self.first_paint_at: float | None = None  # the first paint began
        self.first_frame_at: float | None = None  # the first frame was complete (start-up benchmark)
        self._paint_watch = _FirstPaint(self)
        self.installEventFilter(self._paint_watch)
        self.setWindowTitle(f"{APP_NAME} — {store.path.name}")
        self.resize(1280, 720)
        # fits a 1024×600 screen less its taskbar (netbooks, projectors); the pages scroll or wrap below 1366×768
        self.setMinimumSize(*MIN_SIZE)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setMinimumWidth(170)
        self.pages = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
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
        build_menu_bar(self)  # Tệp, Chỉnh sửa (Ctrl+Z), Xem (the pages), Trợ giúp: desktop/ui/menu_bar.py
        install_help(self)  # F1 and Trợ giúp › Hướng dẫn sử dụng: the guide at the page's section (help_view.py)
        self.apply_mode()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(self.page_index(self.start_page()))
        self._restore_layout()
        self._fit_nav()

    def after_first_paint(self, fn: Callable[[], object]) -> None:
        """Run `fn` once the window has painted its start page (e.g. the automatic backup)."""
        if self.first_frame_at is not None:
            QTimer.singleShot(0, self, fn)
        else:
            self.first_painted.connect(fn)

    def _emit_first_painted(self) -> None:
        self.first_frame_at = time.time()
        self.first_painted.emit()

    # ---- pages, built on first use --------------------------------------------------------------------------
    def register_page(self, spec: PageSpec) -> None:
        """List a page in the navigation; it is built when first shown or asked for."""
        placeholder = self._placeholders[spec.attr] = QWidget()
        self._specs[spec.attr] = spec
        self.nav.addItem(spec.title)
        self.pages.addWidget(placeholder)

    def __getattr__(self, name: str):
        # Only called for attributes not found normally: a registered page not built yet.
        specs = self.__dict__.get("_specs")
        if specs and name in specs:
            return self.page(name)
        raise AttributeError(name)

    def page(self, attr: str) -> Page:
        """The page registered under `attr`, built now if it was not yet."""
        built = self.__dict__.get(attr)
        if built is not None:
            return built
        spec = self._specs[attr]
        widget = spec.build(self.store)
        placeholder = self._placeholders.pop(attr)
        index = self.pages.indexOf(placeholder)
        current = self.pages.currentIndex() == index
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        if current:
            self.pages.setCurrentIndex(index)
        setattr(self, attr, widget)
        widget.changed.connect(lambda w=widget: self.mark_saved(w))
        if spec.wire:
            spec.wire(self, widget)
        return widget

    def built_pages(self) -> list[Page]:
        return [p for p in (self.pages.widget(i) for i in range(self.pages.count())) if isinstance(p, Page)]

    def start_page(self) -> Page:
        """Authority mode opens on its schools (a Sở on its province), a file without a school on its profile, else
        the dashboard."""
        if "province_page" in self._specs:
            return self.province_page
        if "commune_overview_page" in self._specs:
            return self.commune_overview_page
        return self.dashboard_page if prof.get_school(self.store) else self.profile_page

    def wanted_pages(self) -> list[PageSpec]:
        """School mode: the school's pages. Authority mode (issue 8, 21): the authority's pages first, then the
        pages it uses too (check a signed file, history, settings); the school's own pages only when the setting
        "Hiện các trang của nhà trường" asks for them (a file holding both a school and a roster)."""
        from desktop.core.commune.mode import get_mode, shows_school_pages

        if get_mode(self.store) != "authority":
            return SCHOOL_PAGES
        shared = [s for s in SCHOOL_PAGES if s.attr in AUTHORITY_USES]
        school = [s for s in SCHOOL_PAGES if s.attr not in AUTHORITY_USES]
        from desktop.core.commune.authority import AuthorityInfo

        province = PROVINCE_PAGES if AuthorityInfo.load(self.store).level == "so" else []
        return province + COMMUNE_PAGES + (school if shows_school_pages(self.store) else []) + shared

    def apply_mode(self) -> None:
        """Lay the navigation out as wanted_pages() says: pages that stay keep their state (built or not), pages
        no longer listed are removed, new ones get a placeholder until first shown."""
        wanted = self.wanted_pages()
        if [s.attr for s in wanted] == [self._nav_attr(i) for i in range(self.nav.count())]:
            self._fit_nav()
            if not self.view_menu.actions():
                fill_view_menu(self)
            return
        current = self._nav_attr(self.nav.currentRow()) if self.nav.currentRow() >= 0 else None
        keep = {s.attr for s in wanted}
        self.nav.blockSignals(True)
        widgets = {}
        while self.pages.count():
            widget = self.pages.widget(0)
            attr = self._attr_of(widget)
            self.pages.removeWidget(widget)
            if attr in keep:
                widgets[attr] = widget
            else:
                self._specs.pop(attr, None)
                self._placeholders.pop(attr, None)
                self.__dict__.pop(attr, None)
                widget.deleteLater()
        self.nav.clear()
        for spec in wanted:
            if spec.attr in widgets:
                self._specs[spec.attr] = spec
                self.nav.addItem(spec.title)
                self.pages.addWidget(widgets[spec.attr])
            else:
                self.register_page(spec)
        self.nav.blockSignals(False)
        if current in keep:
            self.nav.setCurrentRow(self._index_of_attr(current))
        elif current is not None:  # the page on screen left the navigation (not at start-up: __init__ chooses)
            self.nav.setCurrentRow(self.page_index(self.start_page()))
        self._fit_nav()
        fill_view_menu(self)

    def current_spec(self) -> PageSpec:
        """The registration of the page on screen (its title, its guide topic…)."""
        return self._specs[self._nav_attr(self.pages.currentIndex()) or ""]

    def page_attrs(self) -> list[str]:
        """The attributes of the pages the navigation lists, in its order."""
        return [a for a in (self._nav_attr(i) for i in range(self.nav.count())) if a]

    def undo_last(self) -> None:
        """Ctrl+Z on whatever page the user is: undo the last saved change and say what it undid."""
        self.saved_label.setText(self.history_page.undo_last())

    def _attr_of(self, widget: QWidget) -> str | None:
        for attr, w in self._placeholders.items():
            if w is widget:
                return attr
        return next((a for a in self._specs if self.__dict__.get(a) is widget), None)

    def _nav_attr(self, row: int) -> str | None:
        widget = self.pages.widget(row)
        return self._attr_of(widget) if widget is not None else None

    def _index_of_attr(self, attr: str) -> int:
        return next(i for i in range(self.pages.count()) if self._nav_attr(i) == attr)

    def changeEvent(self, event) -> None:
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

    def page_index(self, page: Page) -> int:
        return self.pages.indexOf(page)

    def _show_page(self, row: int) -> None:
        widget = self.pages.widget(row)
        attr = next((a for a, w in self._placeholders.items() if w is widget), None) if widget else None
        page = self.page(attr) if attr else widget
        self.pages.setCurrentIndex(row)
        if isinstance(page, Page) and page.stale:
            page.refresh()

    def show_page(self, page: Page) -> None:
        self.nav.setCurrentRow(self.page_index(page))

    def mark_saved(self, source: Page | None = None) -> None:
        """After each committed edit: say so, and let the other pages re-read when next shown (a page not built
        yet reads the store when it is built)."""
        self.saved_label.setText(f"Đã lưu lúc {datetime.now():%H:%M:%S}")
        for page in self.built_pages():
            if page is not source:
                page.stale = True
        current = self.pages.currentWidget()
        if isinstance(current, Page) and current is not source and current.stale:
            current.refresh()

    def goto_external(self, school_code: str) -> None:
        """Authority mode: the external assessment page on one school."""
        self.show_page(self.commune_external_page)
        self.commune_external_page.refresh()
        self.commune_external_page.select_school(school_code)

    def goto_item(self, code: str) -> None:
        self.show_page(self.assessment_page)
        self.assessment_page.select_item(code)

    def goto_profile_field(self, key: str) -> None:
        self.show_page(self.profile_page)
        self.profile_page.focus_field(key)

    def goto_report(self, kind: str, period: str) -> None:
        self.show_page(self.report_page)
        self.report_page.open_period(kind, period)

    def goto_task(self, pack_id: str, row_id: str) -> None:
        self.show_page(self.checklist_page)
        self.checklist_page.open_task(pack_id, row_id)

    def goto_share_list(self, code: str) -> None:
        self.show_page(self.lists_page)
        self.lists_page.focus_item(code)

    def run_wizard(self) -> None:
        from desktop.ui.wizard import SetupWizard

        wizard = SetupWizard(self.store, self)
        accepted = wizard.exec()
        wizard.deleteLater()  # a finished dialog must not stay the window's child until the teardown (issue 15)
        if accepted:
            self.apply_mode()
            self.mark_saved()
            self.show_page(self.commune_overview_page if "commune_overview_page" in self._specs else self.dashboard_page)

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._nav_width = int(settings.value("main/nav_width", 0) or 0)

    def showEvent(self, event) -> None:
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
        """Window geometry, and each built page's own layout (a page never built has nothing new to keep)."""
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/nav_width", self.splitter.sizes()[0])
        for page in self.built_pages():
            if hasattr(page, "save_layout"):
                page.save_layout(settings)

    def closeEvent(self, event) -> None:
        self.save_layout()
        super().closeEvent(event)
