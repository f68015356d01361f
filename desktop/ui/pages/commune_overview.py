"""Authority mode: the overview — one row per school (levels per group and overall, totals, checklist completion,
signature, received date, external assessment), sort and filter, the schools with nothing in yet, and two charts:
schools per level and the average points per criterion (weakest first)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.core.commune.inbox import busiest_period, latest_accepted_id
from desktop.core.commune.rollup import Rollup
from desktop.core.commune.rollup_cache import rollup as cached_rollup
from desktop.core.commune.rollup_checks import before_sending
from desktop.core.errors import UserError
from desktop.core.periods import label as period_label
from desktop.core.signing.verdict import signature_label
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.pages.commune_charts import BarChart
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, number_key, rows_view

ALL = "Tất cả các mức"


def _group_columns(g: str) -> tuple[Column, Column]:
    def points(r):
        return str(r.groups[g]["total"]) if g in r.groups else "—"

    def level(r):
        return r.groups[g]["level_label"].split(" — ")[0] if g in r.groups else "—"

    return (Column(f"Nhóm {g}: điểm", points, sort=lambda r: number_key(r.groups[g]["total"] if g in r.groups else None)),
            Column(f"Nhóm {g}: mức", level))


def _external(r) -> str:
    ext = r.external or {}
    return f"{ext['overall_label'].split(' — ')[0]} ({ext['total']} điểm)" if ext else ""


def _checklist(r) -> str:
    pct = r.checklist_percent
    return f"{r.checklist_done}/{r.checklist_total} ({pct}%)" if pct is not None else "—"


def overview_columns(groups: list[str]) -> list[Column]:
    """One column per fact of a school's row; two per indicator group present (points, level)."""
    pairs = [_group_columns(g) for g in groups]
    return [Column("Mã trường", lambda r: r.code), Column("Tên trường", lambda r: r.name),
            Column("Cấp học", lambda r: ", ".join(r.levels)),
            *[p[0] for p in pairs], *[p[1] for p in pairs],
            Column("Tổng điểm", lambda r: str(r.total) if r.groups else "—",
                   sort=lambda r: number_key(r.total if r.groups else None)),
            Column("Mức chung", lambda r: r.overall_label),
            Column("Đánh giá ngoài", _external),
            Column("Nhiệm vụ hoàn thành", _checklist, sort=lambda r: number_key(r.checklist_percent)),
            Column("Chữ ký", lambda r: signature_label(r.signature_state)),
            Column("Ngày nhận", lambda r: f"{r.received_at[8:10]}/{r.received_at[5:7]}/{r.received_at[:4]}",
                   sort=lambda r: r.received_at),
            Column("Nộp muộn", lambda r: "Có" if r.late else ""),
            Column("Phiên bản", lambda r: f"v{r.version}", sort=lambda r: number_key(r.version))]


class CommuneOverviewPage(Page):
    title = "Tổng hợp các trường"
    open_external = Signal(str)  # a school's external assessment was made: show it for editing

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.rollup: Rollup | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("overviewSearch")
        self.search.setPlaceholderText("Lọc theo mã hoặc tên trường…")
        self.search.setAccessibleName("Lọc theo mã hoặc tên trường")
        self.level = QComboBox()
        self.level.setObjectName("overviewLevel")
        self.level.setAccessibleName("Lọc theo mức")
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
        self.level_filter = ALL
        self.model = RowsModel(overview_columns([]), self)
        self.proxy = RowsProxy(self.model, self, accept=self._level_accepts)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.level.currentTextChanged.connect(self._set_level)
        self.view = rows_view(self.proxy, "overviewTable", label="Tổng hợp các trường")
        fit_columns(self.view, widths={1: 260})
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

    def _level_accepts(self, row) -> bool:
        return self.level_filter == ALL or row.overall_label == self.level_filter

    def _set_level(self, text: str) -> None:
        self.level_filter = text or ALL
        self.proxy.refilter()

    def refresh(self) -> None:
        super().refresh()
        kinds = busiest_period(self.store)
        ru = cached_rollup(self.store, kinds[0] if kinds else None, kinds[1] if kinds else None)
        if ru is self.rollup:  # the cache gave the very roll-up on screen: nothing shown here has changed
            return
        self.rollup = ru
        groups = sorted({g for r in ru.rows for g in r.groups})
        columns_changed = [c.header for c in self.model.columns()] != [c.header for c in overview_columns(groups)]
        self.model.set_rows(ru.rows, overview_columns(groups) if columns_changed else None)
        if columns_changed:
            fit_columns(self.view, widths={1: 260})
        current = self.level.currentText()
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItems([ALL, *ru.level_counts])
        self.level.setCurrentText(current if current in ru.level_counts else ALL)
        self.level.blockSignals(False)
        if (self.level.currentText() or ALL) != self.level_filter:  # else the new rows were filtered as they came
            self._set_level(self.level.currentText())
        def names(pairs):
            return ", ".join(f"{n} ({c})" for c, n in pairs[:15]) + ("…" if len(pairs) > 15 else "")
        self.summary.setText(f"{len(ru.rows)} trường đã có báo cáo hợp lệ"
                             + (f" ({period_label(ru.period)})" if ru.period else "") + ". "
                             + (f"Bị từ chối hoặc chờ xem xét ({len(ru.refused_schools)}): "
                                f"{names(ru.refused_schools)}. " if ru.refused_schools else "")
                             + (f"Chưa gửi ({len(ru.not_sent)}): {names(ru.not_sent)}" if ru.not_sent
                                else "Không trường nào chưa gửi.")
                             + "".join(f"\n{n}" for n in before_sending(ru)))  # told here, never in the roll-up
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
            from desktop.core.commune.province import build_province, is_province

            authority = AuthorityInfo.load(self.store)
            if is_province(self.store, authority):  # a Sở: the province by commune, with its own schools
                from desktop.core.commune.province_export import export_province

                pv = build_province(self.store, self.rollup.kind, self.rollup.period)
                out = export_province(pv, authority, folder)
            else:
                from desktop.core.commune.rollup_file import next_version

                authority.require_name()
                out = export_rollup(self.rollup, authority, folder,
                                    version=next_version(self.store, self.rollup.kind, self.rollup.period))
        except UserError as err:
            show_user_error(self, err)
            return
        self.summary.setText(f"Đã xuất {out['pdf'].name} (có ô chữ ký để ký số), {out['xlsx'].name}, {out['json'].name}.")


    def selected_code(self) -> str | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.proxy.index(idx.row(), 0).data()

    def start_external(self, code: str | None = None, confirm=None) -> int | None:
        """The school's external assessment: made from its self-assessment (asking first when one exists, as a
        new copy replaces it), then edited on the «Đánh giá ngoài» page, which opens on it."""
        from desktop.ui.pages import commune_external

        code = code or self.selected_code()
        if not code:
            show_user_error(self, UserError("Hãy chọn một trường trong bảng trước."))
            return None
        aid = commune_external.start_external(self, self.store, code,
                                              confirm or (lambda m: commune_external.ask_replace(self, m)))
        if aid:
            self.changed.emit()
            self.refresh()
            self.summary.setText(f"Đã tạo bản đánh giá ngoài của trường {code} từ bản tự đánh giá; sửa từng chỉ số ở "
                                 "trang «Đánh giá ngoài».")
            self.open_external.emit(code)
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
            authority = AuthorityInfo.load(self.store).require_name().name
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

