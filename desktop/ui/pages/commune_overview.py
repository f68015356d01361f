"""Authority mode: the overview — one row per school (levels per group and overall, totals, checklist completion,
signature, received date, external assessment), sort and filter, the schools with nothing in yet, and two charts:
schools per level and the average points per criterion (weakest first)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from desktop.core.commune.inbox import SIGNATURE_LABELS, busiest_period, latest_accepted_id
from desktop.core.commune.rollup import Rollup, build_rollup
from desktop.core.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.pages.commune_charts import BarChart

ALL = "Tất cả các mức"


class _Num(QStandardItem):
    """Sorts by number, shows text."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.setData(key, Qt.UserRole + 1)

    def __lt__(self, other):
        a, b = self.data(Qt.UserRole + 1), other.data(Qt.UserRole + 1)
        return (a is None, a) < (b is None, b) if a is not None or b is not None else False


class _Filter(QSortFilterProxyModel):
    level = ALL

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802 - Qt name
        m = self.sourceModel()
        if self.level != ALL and m.item(row, self.level_col).text() != self.level:
            return False
        return super().filterAcceptsRow(row, parent)


class CommuneOverviewPage(Page):
    title = "Tổng hợp các trường"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.rollup: Rollup | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("overviewSearch")
        self.search.setPlaceholderText("Lọc theo mã hoặc tên trường…")
        self.level = QComboBox()
        self.level.setObjectName("overviewLevel")
        self.export_btn = QPushButton("Xuất báo cáo tổng hợp…")
        self.export_btn.clicked.connect(self.export)
        self.external_btn = QPushButton("Đánh giá ngoài")
        self.external_btn.setToolTip("Tạo bản đánh giá của đơn vị từ bản sao tự đánh giá của trường đang chọn")
        self.external_btn.clicked.connect(lambda: self.start_external())
        self.request_btn = QPushButton("Yêu cầu bổ sung…")
        self.request_btn.clicked.connect(lambda: self.send_request())
        top.addWidget(self.search, 2)
        top.addWidget(self.level, 1)
        for b in (self.external_btn, self.request_btn, self.export_btn):
            top.addWidget(b)
        lay.addLayout(top)
        self.summary = QLabel("")
        self.summary.setObjectName("overviewSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = QStandardItemModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.level.currentTextChanged.connect(self._set_level)
        self.view = QTableView()
        self.view.setObjectName("overviewTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.view)
        charts = QWidget()
        ch = QHBoxLayout(charts)
        ch.setContentsMargins(0, 0, 0, 0)
        self.level_chart = BarChart("Số trường theo mức chuyển đổi số")
        self.criteria_chart = BarChart("Điểm trung bình theo tiêu chí (yếu nhất trước)")
        self.level_chart.setObjectName("levelChart")
        self.criteria_chart.setObjectName("criteriaChart")
        ch.addWidget(self.level_chart, 1)
        ch.addWidget(self.criteria_chart, 2)
        split.addWidget(charts)
        split.setSizes([400, 220])
        lay.addWidget(split, 1)
        self.refresh()

    def _set_level(self, text: str) -> None:
        self.proxy.level = text or ALL
        self.proxy.invalidate()

    def refresh(self) -> None:
        super().refresh()
        kinds = busiest_period(self.store)
        ru = self.rollup = build_rollup(self.store, kinds[0] if kinds else None, kinds[1] if kinds else None)
        groups = sorted({g for r in ru.rows for g in r.groups})
        head = ["Mã trường", "Tên trường", "Cấp học"] + [f"Nhóm {g}: điểm" for g in groups] + \
               [f"Nhóm {g}: mức" for g in groups] + ["Tổng điểm", "Mức chung", "Đánh giá ngoài", "Nhiệm vụ hoàn thành",
                                                     "Chữ ký", "Ngày nhận", "Nộp muộn", "Phiên bản"]
        self.model.clear()
        self.model.setHorizontalHeaderLabels(head)
        self.proxy.level_col = head.index("Mức chung")
        for r in ru.rows:
            cells = [QStandardItem(r.code), QStandardItem(r.name), QStandardItem(", ".join(r.levels))]
            cells += [_Num(str(r.groups[g]["total"]) if g in r.groups else "—",
                           r.groups[g]["total"] if g in r.groups else None) for g in groups]
            cells += [QStandardItem(r.groups[g]["level_label"].split(" — ")[0] if g in r.groups else "—") for g in groups]
            ext = r.external or {}
            pct = r.checklist_percent
            cells += [_Num(str(r.total) if r.groups else "—", r.total if r.groups else None),
                      QStandardItem(r.overall_label),
                      QStandardItem(f"{ext['overall_label'].split(' — ')[0]} ({ext['total']} điểm)" if ext else ""),
                      _Num(f"{r.checklist_done}/{r.checklist_total} ({pct}%)" if pct is not None else "—", pct),
                      QStandardItem(SIGNATURE_LABELS.get(r.signature_state, r.signature_state)),
                      QStandardItem(f"{r.received_at[8:10]}/{r.received_at[5:7]}/{r.received_at[:4]}"),
                      QStandardItem("Có" if r.late else ""), _Num(f"v{r.version}", r.version)]
            self.model.appendRow(cells)
        current = self.level.currentText()
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItems([ALL, *ru.level_counts])
        self.level.setCurrentText(current if current in ru.level_counts else ALL)
        self.level.blockSignals(False)
        self._set_level(self.level.currentText())
        missing = ", ".join(f"{n} ({c})" for c, n in ru.missing[:15]) + ("…" if len(ru.missing) > 15 else "")
        self.summary.setText(f"{len(ru.rows)} trường đã có báo cáo hợp lệ"
                             + (f" (kỳ {ru.period})" if ru.period else "") + ". "
                             + (f"Chưa nộp ({len(ru.missing)}): {missing}" if ru.missing else "Tất cả các trường đã nộp."))
        self.level_chart.set_bars([(k, float(v), None, str(v)) for k, v in ru.level_counts.items()])
        self.criteria_chart.set_bars([(f"{c.code} {c.text}", float(c.average), float(c.max),
                                       f"{c.average}/{c.max}".replace(".", ",")) for c in ru.criteria])

    def export(self) -> None:
        from desktop.core.commune.authority import AuthorityInfo
        from desktop.core.commune.rollup_pdf import export_rollup

        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục ghi báo cáo tổng hợp")
        if not folder or not self.rollup:
            return
        try:
            out = export_rollup(self.rollup, AuthorityInfo.load(self.store), folder)
        except UserError as err:
            show_user_error(self, err)
            return
        self.summary.setText(f"Đã xuất {out['pdf'].name} (có ô chữ ký để ký số), {out['xlsx'].name}, {out['json'].name}.")


    def selected_code(self) -> str | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.proxy.index(idx.row(), 0).data()

    def start_external(self, code: str | None = None) -> int | None:
        from desktop.core.commune import external

        code = code or self.selected_code()
        if not code:
            show_user_error(self, UserError("Hãy chọn một trường trong bảng trước."))
            return None
        aid = self.commit(external.start_external, self.store, code)
        if aid:
            self.refresh()
            self.summary.setText(f"Đã tạo bản đánh giá ngoài của trường {code} từ bản tự đánh giá; sửa điểm ở trang "
                                 "Tự đánh giá hoặc bằng «socds score».")
        return aid

    def send_request(self, code: str | None = None, text: str | None = None, out_path: str | None = None):
        """Comments (one per line, "mã: nội dung") → a signed request file for the school's latest version."""
        from PySide6.QtWidgets import QInputDialog

        from desktop.core.commune import requests
        from desktop.core.commune.authority import AuthorityInfo

        code = code or self.selected_code()
        if not code:
            show_user_error(self, UserError("Hãy chọn một trường trong bảng trước."))
            return None
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, "Yêu cầu bổ sung",
                                                     "Mỗi dòng một yêu cầu, dạng «mã: nội dung» (ví dụ 1.3: Bổ sung "
                                                     "minh chứng…):")
            if not ok:
                return None
        inbox_id = latest_accepted_id(self.store, code)
        if out_path is None:
            out_path = QFileDialog.getSaveFileName(self, "Lưu tệp yêu cầu bổ sung", f"yeu-cau-bo-sung_{code}.pdf",
                                                   "PDF (*.pdf)")[0]
            if not out_path:
                return None
        try:
            if inbox_id is None:
                raise UserError(f"Chưa nhận được báo cáo hợp lệ nào của trường {code}.")
            authority = AuthorityInfo.load(self.store).name
            comments = requests.parse_comment_lines(text)
            rid = requests.create_request(self.store, inbox_id, comments, authority)
            path = requests.write_request_file(self.store, rid, out_path, requests.authority_signer(self.store, authority))
        except UserError as err:
            show_user_error(self, err)
            return None
        self.changed.emit()
        self.refresh()
        self.summary.setText(f"Đã ghi {path.name}: gửi tệp này cho trường {code} (thư điện tử hoặc USB).")
        return path

