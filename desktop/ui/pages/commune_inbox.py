"""Authority mode: the inbox — take in report files (files, a folder, drag-and-drop), verified one at a time in
a worker thread with a progress bar and a cancel button; every received file listed with its state and reason."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.commune import inbox
from desktop.core.errors import UserError
from desktop.core.periods import label as period_label
from desktop.core.report.data import KIND_LABELS
from desktop.core.signing.verdict import signature_label
from desktop.ui.dialogs.received_file import STATE_COLORS, ReceivedFileDialog, open_in_viewer, save_copy
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, number_key, rows_view
from desktop.ui.widgets.intake_bar import IntakeBar


def _color(x) -> str:
    return STATE_COLORS[x["state"]]


def _local_time(iso: str) -> str:
    """A stored UTC time as the officer's clock shows it, dd/mm/yyyy hh:mm (never the stored ISO text)."""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


COLUMNS = [Column(header, text, sort=sort, background=_color, tooltip=tip) for header, text, sort, tip in (
    ("Tệp", lambda x: x["original_name"], None, None),
    ("Mã trường", lambda x: x["school_code"] or "", None, None),
    ("Loại", lambda x: KIND_LABELS.get(x["kind"], x["kind"] or "").capitalize(), None, None),
    ("Kỳ", lambda x: period_label(x["period"]) if x["period"] else "", None, None),
    ("Phiên bản", lambda x: f"v{x['version']}" if x["version"] else "", lambda x: number_key(x["version"]), None),
    ("Nhận lúc", lambda x: _local_time(x["received_at"]), lambda x: x["received_at"], None),
    ("Trạng thái", lambda x: inbox.STATE_LABELS[x["state"]], None, None),
    ("Chữ ký", lambda x: signature_label(x["signature_state"]), None, None),
    ("Muộn", lambda x: "Có" if x["late"] else "", None, None),
    ("Lý do / ghi chú", lambda x: x["reason"] or "", None, lambda x: x["reason"] or None),
)]


def officer_name(store) -> str:
    """Who decides: the officer named in the authority's settings, else this computer's user name."""
    import getpass

    from desktop.core.commune.authority import AuthorityInfo

    return AuthorityInfo.load(store).signer_name.strip() or getpass.getuser()


class CommuneInboxPage(Page):
    title = "Hộp thư báo cáo"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        lay = QVBoxLayout(self)
        intro = QLabel("<b>Nhận báo cáo của các trường</b> — chọn tệp, cả thư mục, hoặc kéo thả tệp vào đây. "
                       "Mỗi tệp được kiểm tra chữ ký, tệp dữ liệu, danh sách trường, kỳ báo cáo và phiên bản.")
        intro.setWordWrap(True)  # two lines on a 1024-pixel screen, not cut off
        lay.addWidget(intro)
        self.intake = IntakeBar(store, self, "inbox")
        self.intake.done.connect(self._on_done)
        self.progress, self.status, self.cancel_btn = self.intake.progress, self.intake.status, self.intake.cancel_btn
        lay.addWidget(self.intake)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = RowsProxy(self.model, self)
        self.view = rows_view(self.proxy, "inboxTable", label="Các tệp báo cáo đã nhận")
        fit_columns(self.view, stretch=len(COLUMNS) - 1, widths={0: 220})
        lay.addWidget(self.view, 1)
        review = QHBoxLayout()  # the officer's decision on a file held for review (policy.py)
        review.addWidget(QLabel("Tệp «Chờ xem xét» không được tổng hợp cho đến khi cán bộ quyết định:"))
        self.accept_btn = QPushButton("Chấp nhận tệp đã chọn…")
        self.reject_btn = QPushButton("Từ chối tệp đã chọn…")
        self.accept_btn.clicked.connect(lambda: self.review_selected(True))
        self.reject_btn.clicked.connect(lambda: self.review_selected(False))
        review.addWidget(self.accept_btn)
        review.addWidget(self.reject_btn)
        review.addStretch(1)
        lay.addLayout(review)
        files = QHBoxLayout()  # the received file itself: read it, save it, compare it with the version before
        self.view_btn = QPushButton("Xem tệp…")
        self.view_btn.setToolTip("Xem tệp đã nhận (bản lưu khi nhận) cùng kết quả kiểm tra")
        self.open_btn = QPushButton("Mở bằng trình xem PDF")
        self.save_btn = QPushButton("Lưu bản sao…")
        self.save_btn.setToolTip("Lưu tệp đã nhận ra nơi khác, với tên tệp như khi nhận")
        self.compare_btn = QPushButton("So sánh với phiên bản trước…")
        self.compare_btn.setToolTip("Điểm, mức, nhiệm vụ, khó khăn, kiến nghị, minh chứng: bản này so với bản trước")
        self.view_btn.clicked.connect(lambda: self.view_selected())
        self.open_btn.clicked.connect(lambda: self.open_selected())
        self.save_btn.clicked.connect(lambda: self.save_selected())
        self.compare_btn.clicked.connect(lambda: self.compare_selected())
        for b in (self.view_btn, self.open_btn, self.save_btn, self.compare_btn):
            files.addWidget(b)
        files.addStretch(1)
        lay.addLayout(files)
        self.details = QLabel("")
        self.details.setObjectName("inboxDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.details)
        self.dialog = None  # the last file or comparison window opened (kept alive while shown)
        self.view.doubleClicked.connect(lambda _i: self.view_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_review_buttons)
        self.refresh()

    # ---- the run (widgets/intake_bar.py) --------------------------------------------------------------------
    @property
    def thread(self):
        return self.intake.thread

    def start(self, inputs: list[str]) -> None:
        self.intake.start(inputs)

    def cancel(self) -> None:
        self.intake.cancel()

    def _on_done(self, _res) -> None:
        self.refresh()
        self.changed.emit()

    # ---- the officer's review ----------------------------------------------------------------------------------
    def selected_row(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index)) if index.isValid() else None

    def _update_review_buttons(self, *_args) -> None:
        from desktop.core.commune.inbox_files import verdict_lines

        row = self.selected_row()
        held = (row or {}).get("state") == "held"
        self.accept_btn.setEnabled(held)
        self.reject_btn.setEnabled(held)
        kept = bool(row and row.get("stored_path"))
        for b in (self.view_btn, self.open_btn, self.save_btn):
            b.setEnabled(kept)
        self.compare_btn.setEnabled(bool(row and row.get("school_code") and row.get("version")))
        self.details.setText(" · ".join(verdict_lines(row)[1:]) if row else "Chọn một tệp để xem, lưu bản sao hoặc "
                             "so sánh với phiên bản trước.")

    # ---- the received file ----------------------------------------------------------------------------------
    def view_selected(self):
        """The selected file's pages with intake's verdict (the in-app preview)."""
        row = self.selected_row()
        if row is None:
            return None
        try:
            self.dialog = ReceivedFileDialog(self.store, row["id"], self)
        except UserError as err:
            show_user_error(self, err)
            return None
        self.dialog.show()
        return self.dialog

    def open_selected(self):
        row = self.selected_row()
        return open_in_viewer(self, self.store, row["id"]) if row else None

    def save_selected(self, target: str | None = None):
        row = self.selected_row()
        if row is None:
            return None
        path = save_copy(self, self.store, row["id"], target)
        if path:
            self.status.setText(f"Đã lưu bản sao mục số {row['id']}: {path}")
        return path

    def compare_selected(self):
        """The selected version beside the school's previous version in the inbox."""
        from desktop.core.commune.compare import compare_inbox
        from desktop.ui.dialogs.compare import compare_dialog

        row = self.selected_row()
        if row is None:
            return None
        try:
            cmp = compare_inbox(self.store, row["id"])
        except UserError as err:
            show_user_error(self, err)
            return None
        self.dialog = compare_dialog(self, self.store, cmp, row["id"])
        self.dialog.show()
        return self.dialog

    def ask_reason(self, accept: bool) -> str | None:
        text, ok = QInputDialog.getText(self, "Chấp nhận tệp" if accept else "Từ chối tệp",
                                        "Lý do (được ghi lại cùng tên người quyết định và thời điểm):")
        return text if ok else None

    def review_selected(self, accept: bool) -> None:
        row = self.selected_row()
        if row is None or row["state"] != "held":
            return
        reason = self.ask_reason(accept)
        if reason is None:
            return
        try:
            inbox.review(self.store, row["id"], accept=accept, reason=reason, who=officer_name(self.store))
        except UserError as err:
            show_user_error(self, err)
            return
        self.status.setText(f"Mục số {row['id']}: đã {'chấp nhận' if accept else 'từ chối'}.")
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        super().refresh()
        self.model.set_rows(list(reversed(inbox.list_inbox(self.store))))  # newest first
        if hasattr(self, "details"):
            self._update_review_buttons()
