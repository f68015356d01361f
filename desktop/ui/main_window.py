"""The main window: a navigation list on the left, one page at a time on the right, a status line."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from desktop import APP_NAME, __version__
from desktop.core.store import Store
from desktop.ui.pages.profile import ProfilePage


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.setWindowTitle(f"{APP_NAME} — {store.path.name}")
        self.resize(1280, 720)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(220)
        self.pages = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.saved_label = QLabel("Đã lưu")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().showMessage(f"Tệp dữ liệu: {store.path}   ·   phiên bản {__version__}")
        self.profile_page = ProfilePage(store)
        self.add_page("Hồ sơ nhà trường", self.profile_page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self._restore_layout()

    def add_page(self, title: str, widget: QWidget) -> int:
        self.nav.addItem(title)
        return self.pages.addWidget(widget)

    def _restore_layout(self) -> None:
        geometry = QSettings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
