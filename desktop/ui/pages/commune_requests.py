"""Authority mode: requests for changes ("yêu cầu bổ sung") sent to schools — one row a request (made, sent, about
which version, answered by which version or still open), its comments below, and the officer's actions: make a new
request, write a request's file again, compare the answering version with the one the request was about."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.core.commune import requests
from desktop.core.commune.requests_list import (ANSWERED, TARGETS, describe, request_list,
                                                schools_with_accepted_reports)
from desktop.core.errors import UserError
from desktop.core.periods import label as period_label
from desktop.core.report.data import KIND_LABELS
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view

STATE_COLORS = {"draft": "#f5f5f5", "open": "#fff4d6", "answered": "#e8f5e9"}


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    d = requests.local_day(iso)
    return f"{d[8:10]}/{d[5:7]}/{d[:4]}"


COLUMNS = [
    Column("Ngày tạo", lambda r: _day(r["created_at"]), sort=lambda r: r["created_at"]),
    Column("Mã trường", lambda r: r["school_code"]),
    Column("Tên trường", lambda r: r["school_name"] or ""),
    Column("Báo cáo", lambda r: f"{KIND_LABELS.get(r['kind'], r['kind'])} {period_label(r['period'])} v{r['report_version']}"),
    Column("Số nội dung", lambda r: str(len(r["comments"])), sort=lambda r: len(r["comments"])),
    Column("Ngày gửi", lambda r: _day(r["sent_at"]), sort=lambda r: r["sent_at"] or ""),
    Column("Tình trạng", describe, background=lambda r: STATE_COLORS[r["state"]], tooltip=describe),
]


class CommuneRequestsPage(Page):
    title = "Yêu cầu bổ sung"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.dialog = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>Yêu cầu bổ sung đã gửi các trường</b> — đã gửi khi nào, về phiên bản nào, đã được "
                             "trả lời bằng phiên bản nào hay còn mở."))
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("requestsSearch")
        self.search.setPlaceholderText("Lọc theo mã hoặc tên trường…")
        self.search.setAccessibleName("Lọc theo mã hoặc tên trường")
        self.open_only = QCheckBox("Chỉ yêu cầu còn mở")
        self.new_btn = QPushButton("Tạo yêu cầu mới…")
        self.new_btn.setToolTip("Yêu cầu bổ sung cho báo cáo mới nhất đã nhận của một trường")
        self.write_btn = QPushButton("Xuất lại tệp yêu cầu…")
        self.compare_btn = QPushButton("So sánh bản trả lời…")
        self.compare_btn.setToolTip("Phiên bản trả lời so với phiên bản mà yêu cầu nói đến")
        self.new_btn.clicked.connect(lambda: self.new_request())
        self.write_btn.clicked.connect(lambda: self.write_selected())
        self.compare_btn.clicked.connect(lambda: self.compare_selected())
        top.addWidget(self.search, 2)
        top.addWidget(self.open_only)
        for b in (self.new_btn, self.write_btn, self.compare_btn):
            top.addWidget(b)
        lay.addLayout(top)
        self.status = QLabel("")
        self.status.setObjectName("requestsStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = RowsProxy(self.model, self, accept=lambda r: not self.open_only.isChecked()
                               or r["state"] != ANSWERED)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.open_only.toggled.connect(lambda _on: self.proxy.refilter())
        self.view = rows_view(self.proxy, "requestsTable", label="Các yêu cầu bổ sung đã gửi")
        fit_columns(self.view, stretch=len(COLUMNS) - 1, widths={2: 240, 3: 200})
        lay.addWidget(self.view, 2)
        self.comments = QLabel("")
        self.comments.setObjectName("requestComments")
        self.comments.setWordWrap(True)
        self.comments.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.comments, 1)
        self.view.selectionModel().selectionChanged.connect(self._selected_changed)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        self.model.set_rows(request_list(self.store))
        self._selected_changed()

    def selected(self) -> dict | None:
        return self.proxy.row_at(self.view.currentIndex())

    def _selected_changed(self, *_args) -> None:
        r = self.selected()
        self.write_btn.setEnabled(r is not None)
        self.compare_btn.setEnabled(bool(r and r["state"] == ANSWERED and r["inbox_id"]))
        if r is None:
            self.comments.setText("Chọn một yêu cầu để xem các nội dung đã yêu cầu.")
            return
        lines = [f"<b>{r['school_name'] or r['school_code']}</b> — mã yêu cầu {r['request_id'][:8]}…"
                 + (f", tệp {r['file_name']}" if r["file_name"] else "")]
        for n, c in enumerate(r["comments"], start=1):
            what = "Chung" if c["target"] == "general" else f"{TARGETS[c['target']]} {c['code']}"
            lines.append(f"{n}. {what}: {_esc(c['text'])}")
        self.comments.setText("<br>".join(lines))

    # ---- actions ------------------------------------------------------------------------------------------------
    def new_request(self, code: str | None = None, text: str | None = None, out_path: str | None = None):
        """A request on a school's latest accepted report; `code`, `text`, `out_path` skip the questions (tests)."""
        from desktop.core.commune.authority import AuthorityInfo
        from desktop.core.commune.inbox import latest_accepted_id

        if code is None:
            codes = schools_with_accepted_reports(self.store)
            if not codes:
                show_user_error(self, UserError("Chưa nhận được báo cáo hợp lệ nào để yêu cầu bổ sung."))
                return None
            code, ok = QInputDialog.getItem(self, "Yêu cầu bổ sung", "Mã trường:", codes, 0, False)
            if not ok:
                return None
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, "Yêu cầu bổ sung", "Mỗi dòng một yêu cầu, dạng «mã: nội "
                                                     "dung» (ví dụ 1.3: Bổ sung minh chứng…):")
            if not ok:
                return None
        if out_path is None:
            out_path = QFileDialog.getSaveFileName(self, "Lưu tệp yêu cầu bổ sung", f"yeu-cau-bo-sung_{code}.pdf",
                                                   "PDF (*.pdf)")[0]
            if not out_path:
                return None
        try:
            inbox_id = latest_accepted_id(self.store, code)
            if inbox_id is None:
                raise UserError(f"Chưa nhận được báo cáo hợp lệ nào của trường {code}.")
            authority = AuthorityInfo.load(self.store).name
            comments = requests.parse_comment_lines(text)
            rid = requests.create_request(self.store, inbox_id, comments, authority)
            self.changed.emit()
            path = requests.write_request_file(self.store, rid, out_path, requests.authority_signer(self.store,
                                                                                                     authority))
        except UserError as err:
            self.refresh()
            show_user_error(self, err)
            return None
        self.refresh()
        self.status.setText(f"Đã ghi {path.name}: gửi tệp này cho trường {code} (thư điện tử hoặc USB).")
        return path

    def write_selected(self, out_path: str | None = None):
        r = self.selected()
        if r is None:
            return None
        if out_path is None:
            out_path = QFileDialog.getSaveFileName(self, "Lưu tệp yêu cầu bổ sung", r["file_name"]
                                                   or f"yeu-cau-bo-sung_{r['school_code']}.pdf", "PDF (*.pdf)")[0]
            if not out_path:
                return None
        try:
            path = requests.write_request_file(self.store, r["request_id"], out_path,
                                               requests.authority_signer(self.store, r["authority"]))
        except UserError as err:
            show_user_error(self, err)
            return None
        self.changed.emit()
        self.refresh()
        self.status.setText(f"Đã ghi {path.name}.")
        return path

    def compare_selected(self):
        """The answering version beside the version the request was about."""
        from desktop.core.commune.compare import compare_inbox
        from desktop.ui.dialogs.compare import compare_dialog

        r = self.selected()
        if r is None or r["state"] != ANSWERED:
            return None
        try:
            cmp = compare_inbox(self.store, r["answered_by"], previous=r["inbox_id"])
        except UserError as err:
            show_user_error(self, err)
            return None
        self.dialog = compare_dialog(self, self.store, cmp, r["answered_by"])
        self.dialog.show()
        return self.dialog


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
