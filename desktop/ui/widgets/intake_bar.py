"""Taking in report files, shared by the commune's inbox and the Sở's province page: «Nhận tệp…», «Nhận cả thư
mục…», drops on the page, a progress bar and a cancel button; the files are verified one at a time by
inbox.take_in (the same verification and policy everywhere) in a worker thread."""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.core.commune import inbox
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.widgets.file_drop import FileDrop


class IntakeThread(QThread):
    """Runs inbox.take_in on its own connection to the data file (WAL: the window keeps reading meanwhile)."""

    progress = Signal(int, int, str)
    finished_with = Signal(object)
    failed = Signal(object)

    def __init__(self, db_path: Path, inputs: list[str], trust: list):
        super().__init__()
        self.db_path, self.inputs, self.trust = db_path, inputs, trust
        self.cancel_event = threading.Event()

    def run(self) -> None:
        from desktop.core.store import Store

        try:
            with Store.open(self.db_path, lock=False, create=False) as store:
                res = inbox.take_in(store, self.inputs, trust=self.trust,
                                    progress=lambda d, t, n: self.progress.emit(d, t, n),
                                    cancelled=self.cancel_event.is_set)
            self.finished_with.emit(res)
        except Exception as exc:  # noqa: BLE001 - reported on the UI thread
            self.failed.emit(exc)


class IntakeBar(QWidget):
    """The buttons, progress and status of an intake run; `drop_target` takes dropped files too. Emits `done`
    with inbox.take_in's result once a run has ended (finished or cancelled)."""

    done = Signal(object)

    def __init__(self, store, drop_target: QWidget, name: str = "inbox", parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.thread: IntakeThread | None = None
        FileDrop(drop_target, self.start)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.files_btn = QPushButton("Nhận tệp…")
        self.folder_btn = QPushButton("Nhận cả thư mục…")
        self.cancel_btn = QPushButton("Hủy")
        self.cancel_btn.setObjectName(f"{name}Cancel")
        self.cancel_btn.setEnabled(False)
        self.files_btn.clicked.connect(self.pick_files)
        self.folder_btn.clicked.connect(self.pick_folder)
        self.cancel_btn.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}Progress")
        self.progress.setFormat("%v/%m tệp")
        self.status = QLabel("")
        self.status.setObjectName(f"{name}Status")
        self.status.setWordWrap(True)
        for w in (self.files_btn, self.folder_btn, self.progress, self.cancel_btn):
            row.addWidget(w)
        lay.addLayout(row)
        lay.addWidget(self.status)

    def pick_files(self) -> None:
        files = QFileDialog.getOpenFileNames(self, "Chọn tệp báo cáo", "", "Báo cáo PDF (*.pdf);;Mọi tệp (*)")[0]
        if files:
            self.start(files)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa báo cáo")
        if folder:
            self.start([folder])

    def start(self, inputs: list[str]) -> None:
        from desktop.core.signing import TrustStore

        if self.thread is not None:
            show_user_error(self, UserError("Đang nhận tệp; hãy chờ xong hoặc bấm Hủy."))
            return
        self.thread = IntakeThread(self.store.path, list(inputs), TrustStore.for_store(self.store).certificates())
        self.thread.progress.connect(self._on_progress)
        self.thread.finished_with.connect(self._on_done)
        self.thread.failed.connect(self._on_failed)
        self.progress.setValue(0)
        self.cancel_btn.setEnabled(True)
        self.files_btn.setEnabled(False)
        self.folder_btn.setEnabled(False)
        self.status.setText("Đang kiểm tra…")
        self.thread.start()

    def cancel(self) -> None:
        if self.thread:
            self.thread.cancel_event.set()
            self.status.setText("Đang dừng sau tệp hiện tại…")

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.status.setText(f"Đã kiểm tra {done}/{total}: {name}")

    def _finish(self) -> None:
        if self.thread is not None:
            self.thread.wait()
        self.thread = None
        self.cancel_btn.setEnabled(False)
        self.files_btn.setEnabled(True)
        self.folder_btn.setEnabled(True)

    def _on_done(self, res) -> None:
        self._finish()
        text = res.summary()
        self.status.setText(("Đã dừng theo yêu cầu. " if res.cancelled else "Xong. ") + text[:1].upper() + text[1:])
        self.done.emit(res)

    def _on_failed(self, exc) -> None:
        self._finish()
        if isinstance(exc, UserError):
            show_user_error(self, exc)
        else:
            from desktop.ui.errors import show_unexpected
            show_unexpected(self)
