"""The evidence of one item or task: add files (dialog or drag-and-drop), a link or a note; open, rename,
remove (recoverable from the History page). One piece of evidence may serve several items and tasks."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QFileDialog, QGridLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QStyle, QVBoxLayout, QWidget)

from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store import evidence as ev
from desktop.ui.errors import show_user_error
from desktop.ui.worker import run_in_background
from desktop.ui.widgets.file_drop import FileDrop

BACKGROUND_BYTES = 2 * 1024 * 1024
KIND_NAME = {"file": "tệp", "link": "liên kết", "note": "ghi chú"}
KIND_ICON = {"file": QStyle.SP_FileIcon, "link": QStyle.SP_DriveNetIcon, "note": QStyle.SP_FileDialogDetailedView}


class EvidenceList(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.busy = False
        self.target: dict | None = None  # kwargs for ev.link: assessment_id+item_code or pack_id+task_id+period
        FileDrop(self, self.add_files, accepts=lambda: bool(self.target))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("<b>Minh chứng</b> (kéo thả tệp vào đây)")
        lay.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setObjectName("evidenceList")
        self.list.setAccessibleName("Minh chứng của mục")
        self.list.setMinimumHeight(70)
        self.list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        lay.addWidget(self.list, 1)
        # Three narrow columns, the long "Dùng minh chứng có sẵn…" on its own row across them: the task and item
        # panes are ~300 px wide on a 1024-pixel screen (one row of four needed 438 px and scrolled sideways).
        row = QGridLayout()
        buttons = (("Thêm tệp…", "addFile", self.add_files_dialog), ("Liên kết…", "addLink", self.add_link),
                   ("Ghi chú…", "addNote", self.add_note), ("Mở", "openEvidence", self.open_selected),
                   ("Đổi tên…", "renameEvidence", self.rename_selected), ("Bỏ", "removeEvidence", self.remove_selected),
                   ("Dùng minh chứng có sẵn…", "reuseEvidence", self.reuse_dialog))
        for i, (text, name, slot) in enumerate(buttons):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            if i < 6:
                row.addWidget(b, i // 3, i % 3)
            else:
                row.addWidget(b, 2, 0, 1, 3)
        lay.addLayout(row)

    def set_target(self, **target) -> None:
        self.target = target
        self.reload()

    def rows(self) -> list[dict]:
        if not self.target:
            return []
        if "item_code" in self.target:
            return ev.for_item(self.store, self.target["assessment_id"], self.target["item_code"])
        return ev.for_task(self.store, self.target["pack_id"], self.target["task_id"], self.target.get("period"))

    def reload(self) -> None:
        self.list.clear()
        for r in self.rows():
            item = QListWidgetItem(self.style().standardIcon(KIND_ICON[r["kind"]]), r["title"])
            item.setToolTip(KIND_NAME[r["kind"]] + (f": {r['url']}" if r["kind"] == "link" else ""))
            item.setData(Qt.UserRole, r)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem("Chưa có minh chứng.")
            self.list.item(0).setFlags(Qt.NoItemFlags)

    def _selected(self) -> dict | None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() == 1 else None)
        return item.data(Qt.UserRole) if item else None

    def _attach(self, make) -> None:
        if not self.target:
            return
        try:
            with self.store.tx():
                eid = make()
                ev.link(self.store, eid, **self.target)
        except UserError as err:
            show_user_error(self, err)
            return
        self.reload()
        self.changed.emit()

    def add_files(self, paths: list[str]) -> None:
        """Small files at once; big ones (scans, videos) are copied and hashed off the UI thread."""
        small, big = [], []
        for p in paths:
            try:
                (big if Path(p).stat().st_size > BACKGROUND_BYTES else small).append(p)
            except OSError:
                small.append(p)  # add_file says what is wrong with it
        for p in small:
            self._attach(lambda p=p: ev.add_file(self.store, p))
        if big:
            self._add_in_background(big)

    def _add_in_background(self, paths: list[str]) -> None:
        target = dict(self.target or {})
        if not target:
            return
        self.busy = True
        self.heading.setText(f"<b>Minh chứng</b> — đang thêm {len(paths)} tệp lớn…")

        def work():
            added = []
            for p in paths:
                with self.store.tx():
                    eid = ev.add_file(self.store, p)
                    ev.link(self.store, eid, **target)
                added.append(eid)
            return added

        def done(_added):
            self.busy = False
            self.heading.setText("<b>Minh chứng</b> (kéo thả tệp vào đây)")
            if self.target == target:
                self.reload()
            self.changed.emit()

        def failed(exc):
            done(None)
            if isinstance(exc, UserError):
                show_user_error(self, exc)
            else:
                raise exc

        run_in_background(work, done, failed)

    def add_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp minh chứng")
        self.add_files(paths)

    def reusable(self) -> list[dict]:
        """Live evidence not yet attached here: one piece can serve several items and tasks."""
        here = {r["id"] for r in self.rows()}
        return [r for r in ev.live(self.store) if r["id"] not in here]

    def reuse(self, evidence_id: int) -> None:
        self._attach(lambda: evidence_id)

    def reuse_dialog(self) -> None:
        rows = self.reusable()
        if not rows:
            QMessageBox.information(self, "Dùng minh chứng có sẵn", "Chưa có minh chứng nào khác trong tệp dữ liệu.")
            return
        labels = [f"{r['title']} ({KIND_NAME[r['kind']]}, số {r['id']})" for r in rows]
        label, ok = QInputDialog.getItem(self, "Dùng minh chứng có sẵn", "Chọn minh chứng:", labels, 0, False)
        if ok:
            self.reuse(rows[labels.index(label)]["id"])

    def add_link(self) -> None:
        url, ok = QInputDialog.getText(self, "Thêm liên kết", "Địa chỉ (http:// hoặc https://):")
        if ok and url.strip():
            self._attach(lambda: ev.add_link(self.store, url))

    def add_note(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "Thêm ghi chú", "Nội dung ghi chú minh chứng:")
        if ok and text.strip():
            self._attach(lambda: ev.add_note(self.store, text))

    def open_selected(self) -> None:
        r = self._selected()
        if not r:
            return
        if r["kind"] == "link":
            QDesktopServices.openUrl(QUrl(r["url"]))
        elif r["kind"] == "note":
            QMessageBox.information(self, r["title"], r["note_text"])
        else:
            try:
                path = ev.export_copy(self.store, r["id"], Path(tempfile.mkdtemp(prefix="socds-")))
            except UserError as err:
                show_user_error(self, err)
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def rename_selected(self) -> None:
        r = self._selected()
        if not r:
            return
        title, ok = QInputDialog.getText(self, "Đổi tên minh chứng", "Tên mới:", text=r["title"])
        if ok:
            self._edit(ev.rename, r["id"], title)

    def remove_selected(self) -> None:
        r = self._selected()
        if r:
            self._edit(ev.remove, r["id"])

    def _edit(self, fn, *args) -> None:
        try:
            fn(self.store, *args)
        except UserError as err:
            show_user_error(self, err)
            return
        self.reload()
        self.changed.emit()
