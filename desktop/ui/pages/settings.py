"""Settings: larger text (app-wide), where the data file lives, backups (make one, restore one), and the place
the signing options go."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from desktop.core.commune import mode as app_mode
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.ui.fonts import FONT_SCALES, apply_font_scale
from desktop.ui.pages.base import Page
from desktop.ui.widgets.authority_form import AuthorityForm
from desktop.ui.worker import run_in_background


class SettingsPage(Page):
    mode_changed = Signal()  # the main window re-arranges its navigation

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()  # the groups are taller than a 1366×768 screen in authority mode
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Cài đặt")
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        lay = QVBoxLayout(body)
        lay.addWidget(QLabel("<h2>Cài đặt</h2>"))
        view = QGroupBox("Hiển thị")
        vf = QFormLayout(view)
        self.scale = QComboBox()
        self.scale.setObjectName("fontScale")
        for value, label in FONT_SCALES:
            self.scale.addItem(label, value)
        current = float(QSettings().value("ui/font_scale", 1.0))
        self.scale.setCurrentIndex(min(range(len(FONT_SCALES)), key=lambda i: abs(FONT_SCALES[i][0] - current)))
        self.scale.setMaximumWidth(260)
        self.scale.activated.connect(lambda _i: apply_font_scale(self.scale.currentData()))
        vf.addRow("Cỡ chữ:", self.scale)
        lay.addWidget(view)

        work = QGroupBox("Chế độ làm việc")
        wf = QFormLayout(work)
        self.mode = QComboBox()
        self.mode.setObjectName("appMode")
        self.mode.setMaximumWidth(420)
        self.mode.addItem("Trường học", "school")
        self.mode.addItem("Cơ quan quản lý (UBND xã/phường hoặc Sở GDĐT)", "authority")
        self.mode.setCurrentIndex(1 if app_mode.get_mode(store) == "authority" else 0)
        self.mode.activated.connect(lambda _i: self.set_mode(self.mode.currentData()))
        wf.addRow("Chế độ:", self.mode)
        wf.addRow("", QLabel("<span style='color:gray'>Một tệp dữ liệu giữ được cả hai; chế độ chỉ chọn các trang "
                             "hiển thị.</span>"))
        self.show_school = QCheckBox("Hiện cả các trang của nhà trường (tự đánh giá, kế hoạch, báo cáo của trường)")
        self.show_school.setObjectName("showSchoolPages")
        self.show_school.setChecked(app_mode.shows_school_pages(store))
        self.show_school.toggled.connect(self.set_show_school)
        wf.addRow("", self.show_school)
        lay.addWidget(work)

        self.authority_box = QGroupBox("Cơ quan quản lý")
        ab = QVBoxLayout(self.authority_box)
        self.authority = AuthorityForm(store)
        self.authority.edited.connect(self.save_authority)
        ab.addWidget(self.authority)
        self.authority_status = QLabel()
        self.authority_status.setObjectName("authorityStatus")
        ab.addWidget(self.authority_status)
        lay.addWidget(self.authority_box)

        data = QGroupBox("Tệp dữ liệu")
        df = QFormLayout(data)
        path = QLabel(str(store.path))
        path.setTextInteractionFlags(Qt.TextSelectableByMouse)
        path.setWordWrap(True)
        df.addRow("Tệp dữ liệu:", path)
        side = QLabel(str(store.data_dir))
        side.setTextInteractionFlags(Qt.TextSelectableByMouse)
        side.setWordWrap(True)
        df.addRow("Minh chứng, sao lưu:", side)
        open_dir = QPushButton("Mở thư mục dữ liệu")
        open_dir.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(store.path.parent))))
        row_dir = QHBoxLayout()
        row_dir.addWidget(open_dir)
        row_dir.addStretch(1)
        df.addRow("", row_dir)
        lay.addWidget(data)

        bk = QGroupBox("Sao lưu")
        bl = QVBoxLayout(bk)
        bl.addWidget(QLabel("Chương trình tự sao lưu mỗi lần mở. Bạn có thể sao lưu thêm hoặc khôi phục một bản."))
        self.backup_list = QListWidget()
        self.backup_list.setObjectName("backupList")
        self.backup_list.setAccessibleName("Các bản sao lưu")
        self.backup_list.setMaximumHeight(160)
        bl.addWidget(self.backup_list)
        row = QHBoxLayout()
        self.make_button = QPushButton("Sao lưu ngay")
        self.make_button.setObjectName("makeBackup")
        self.make_button.clicked.connect(self.make_backup)
        self.restore_button = QPushButton("Khôi phục bản đã chọn…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("Khôi phục từ tệp khác…")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        for b in (self.make_button, self.restore_button, self.restore_file_button):
            row.addWidget(b)
        row.addStretch(1)
        bl.addLayout(row)
        self.backup_status = QLabel()
        bl.addWidget(self.backup_status)
        lay.addWidget(bk)

        self.signing_box = QGroupBox("Chữ ký số")
        self.signing_layout = QVBoxLayout(self.signing_box)
        from desktop.ui.widgets.signing_settings import SigningSettings
        self.signing = SigningSettings(store)
        self.signing_layout.addWidget(self.signing)
        lay.addWidget(self.signing_box)
        lay.addStretch(1)
        self._show_authority()

    def set_mode(self, mode: str) -> None:
        if mode != app_mode.get_mode(self.store) and self.commit(app_mode.set_mode, self.store, mode) is None \
                and not self.last_failed:
            self._show_authority()
            self.mode_changed.emit()

    def set_show_school(self, on: bool) -> None:
        """Authority mode: list the school's own pages too (after the authority's)."""
        if app_mode.shows_school_pages(self.store) != on:
            self.commit(app_mode.set_show_school_pages, self.store, on)
            if not self.last_failed:
                self.mode_changed.emit()

    def save_authority(self) -> None:
        """Each edit of the body's details is committed at once (no Save button); a wrong one is said and kept
        out of the data file."""
        if not self.authority.dirty():
            return
        self.commit(self.authority.save)
        self.authority_status.setText("" if self.last_failed else "Đã lưu thông tin cơ quan.")
        if not self.last_failed:  # a body declared a Sở gets the province page first (issue 21); else nothing moves
            self.mode_changed.emit()

    def _show_authority(self) -> None:
        on = app_mode.get_mode(self.store) == "authority"
        self.authority_box.setVisible(on)
        self.show_school.setVisible(on)

    def refresh(self) -> None:
        super().refresh()
        self.mode.setCurrentIndex(1 if app_mode.get_mode(self.store) == "authority" else 0)
        self._show_authority()
        self.authority.load()
        self.show_school.blockSignals(True)
        self.show_school.setChecked(app_mode.shows_school_pages(self.store))
        self.show_school.blockSignals(False)
        self.signing.refresh()
        self.backup_list.clear()
        labels = {"auto": "tự động", "manual": "thủ công", "before-restore": "trước khi khôi phục"}
        for b in backups.list_backups(self.store):
            item = QListWidgetItem(f"{b.taken:%d/%m/%Y %H:%M:%S} — {labels.get(b.kind, b.kind)} — {b.size // 1024} KB")
            item.setData(Qt.UserRole, str(b.path))
            self.backup_list.addItem(item)

    def make_backup(self) -> None:
        self.make_button.setEnabled(False)
        self.backup_status.setText("Đang sao lưu…")

        def done(path):
            self.make_button.setEnabled(True)
            self.backup_status.setText(f"Đã sao lưu: {path.name}")
            self.refresh()

        def failed(exc):
            self.make_button.setEnabled(True)
            self.backup_status.setText(getattr(exc, "message", "Sao lưu không thành công."))

        run_in_background(lambda: backups.make_backup(self.store, kind="manual"), done, failed)

    def _restore(self, path: str) -> None:
        sure = QMessageBox.question(
            self, "Khôi phục bản sao lưu",
            f"Thay dữ liệu hiện tại bằng bản sao lưu\n{path}?\n\nDữ liệu hiện tại được sao lưu lại trước khi thay.")
        if sure != QMessageBox.Yes:
            return
        safety = self.commit(backups.restore, self.store, path)
        if safety:
            self.backup_status.setText(f"Đã khôi phục. Dữ liệu trước đó được giữ trong {safety.name}.")
            self.refresh()

    def restore_selected(self) -> None:
        item = self.backup_list.currentItem()
        if item is None:
            self.backup_status.setText("Chọn một bản sao lưu trong danh sách trước.")
            return
        self._restore(item.data(Qt.UserRole))

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp sao lưu", str(backups.backup_dir(self.store)),
                                              "Tệp dữ liệu Sổ CĐS (*.db)")
        if path:
            self._restore(path)
