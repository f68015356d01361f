"""A Sở's desk (issue 21, one level up): take in the communes' signed roll-ups (and the reports of the schools the
Sở manages itself) — files, a folder or a drop, verified by the same intake and policy as the commune's inbox —
then see the province by commune (schools, levels, late, refused, not sent; the communes with nothing valid
named), the schools missing or late in the commune selected, and export the province roll-up for signing."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.core.commune.inbox import busiest_period
from desktop.core.commune.province import Province, build_province
from desktop.core.commune.rollup_charts import short_level
from desktop.core.errors import UserError
from desktop.core.periods import label as period_label
from desktop.core.signing.verdict import signature_label
from desktop.ui.errors import show_user_error
from desktop.ui.pages.base import Page
from desktop.ui.pages.commune_charts import BarChart
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, number_key, rows_view
from desktop.ui.widgets.intake_bar import IntakeBar

DIRECT = "Trường trực thuộc Sở"
STATUS_COLORS = {"Đã nhận": "#e8f5e9", "Chưa gửi": "#fdecea", "Bị từ chối / chờ xem xét": "#fff4d6"}


def _date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


@dataclass
class UnitRow:
    """One line of the province table: a commune (its roll-up's figures, or why there is none) or the Sở's own
    schools."""

    code: str
    name: str
    status: str
    version: int | None = None
    signed_on: str = ""
    signature_state: str = ""
    schools: int | None = None
    received: int | None = None
    late: int | None = None
    refused: int | None = None
    not_sent: int | None = None
    levels: dict[str, int] = field(default_factory=dict)
    schools_to_see: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, status)


def unit_rows(pv: Province) -> list[UnitRow]:
    refused = {c for c, _ in pv.refused_communes}
    rows = [UnitRow(c.code, c.name, "Đã nhận", c.version, c.signed_on, c.signature_state, c.schools, c.received,
                    c.late, c.refused, c.not_sent, c.levels,
                    [*c.missing, *((code, name, "Nộp muộn") for code, name in c.late_schools)])
            for c in pv.communes]
    rows += [UnitRow(c, n, "Bị từ chối / chờ xem xét" if c in refused else "Chưa gửi")
             for c, n in pv.missing_communes]
    d = pv.direct
    if d.rows or d.missing:
        refused_direct = {c for c, _ in d.refused_schools}
        rows.append(UnitRow("—", DIRECT, "Đã nhận" if d.rows else "Chưa gửi", None, "", "", len(d.rows) + len(d.missing),
                            len(d.rows), sum(1 for r in d.rows if r.late), len(d.refused_schools), len(d.not_sent),
                            d.level_counts,
                            [*((c, n, "Bị từ chối" if c in refused_direct else "Chưa gửi") for c, n in d.missing),
                             *((r.code, r.name, "Nộp muộn") for r in d.rows if r.late)]))
    return rows


def _count(attr: str):
    return lambda r: "" if getattr(r, attr) is None else str(getattr(r, attr))


def unit_columns(levels: list[str]) -> list[Column]:
    def color(r):
        return STATUS_COLORS.get(r.status)

    def level(k):
        return Column(short_level(k), lambda r: str(r.levels.get(k, 0)) if r.schools is not None else "",
                      sort=lambda r: number_key(r.levels.get(k, 0)), tooltip=lambda r: k)

    return [Column("Mã", lambda r: r.code), Column("Xã/phường", lambda r: r.name),
            Column("Tình trạng", lambda r: r.status, background=color),
            Column("Phiên bản", lambda r: f"v{r.version}" if r.version else "", sort=lambda r: number_key(r.version)),
            Column("Ngày ký", lambda r: _date(r.signed_on), sort=lambda r: r.signed_on),
            Column("Chữ ký", lambda r: signature_label(r.signature_state)),
            *[Column(h, _count(a), sort=lambda r, a=a: number_key(getattr(r, a))) for h, a in (
                ("Số trường", "schools"), ("Đã nhận", "received"))],
            *[level(k) for k in levels],
            *[Column(h, _count(a), sort=lambda r, a=a: number_key(getattr(r, a))) for h, a in (
                ("Nộp muộn", "late"), ("Bị từ chối", "refused"), ("Chưa gửi", "not_sent"))]]


SCHOOL_COLUMNS = [Column("Mã trường", lambda s: s[0]), Column("Tên trường", lambda s: s[1]),
                  Column("Tình trạng", lambda s: s[2])]


class ProvincePage(Page):
    title = "Tổng hợp toàn tỉnh"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.province: Province | None = None
        lay = QVBoxLayout(self)
        intro = QLabel("<b>Nhận báo cáo tổng hợp của các xã, phường</b> (và báo cáo của trường trực thuộc Sở) — chọn "
                       "tệp, cả thư mục, hoặc kéo thả tệp vào đây. Mỗi tệp được kiểm tra như ở hộp thư: chữ ký số, tệp "
                       "dữ liệu, danh sách đơn vị quản lý, kỳ báo cáo và phiên bản.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.intake = IntakeBar(store, self, "province")
        self.intake.done.connect(self._on_intake_done)
        lay.addWidget(self.intake)
        top = QHBoxLayout()
        self.summary = QLabel("")
        self.summary.setObjectName("provinceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_btn = QPushButton("Xuất báo cáo tổng hợp toàn tỉnh…")
        self.export_btn.setToolTip("Báo cáo PDF theo thể thức văn bản hành chính (có ô chữ ký số), bảng tính và tệp "
                                   "dữ liệu kèm bên trong")
        self.export_btn.clicked.connect(lambda: self.export())
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_btn, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.model = RowsModel(unit_columns([]), self)
        self.proxy = RowsProxy(self.model, self)
        self.view = rows_view(self.proxy, "provinceTable", label="Các xã, phường")
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())
        self.schools_label = QLabel("Chọn một xã, phường để xem các trường chưa có báo cáo hợp lệ hoặc nộp muộn.")
        self.schools_label.setWordWrap(True)
        self.schools_model = RowsModel(SCHOOL_COLUMNS, self)
        self.schools_view = rows_view(RowsProxy(self.schools_model, self), "provinceSchools",
                                      label="Trường chưa có báo cáo hợp lệ hoặc nộp muộn")
        fit_columns(self.schools_view, stretch=1, widths={0: 110})
        bottom = QWidget()
        bl = QHBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.schools_label)
        left.addWidget(self.schools_view, 1)
        bl.addLayout(left, 3)
        self.level_chart = BarChart("Số trường theo mức chuyển đổi số (toàn tỉnh)")
        self.level_chart.setObjectName("provinceLevelChart")
        bl.addWidget(self.level_chart, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(bottom)
        split.setSizes([360, 220])
        lay.addWidget(split, 1)
        self.refresh()

    def _on_intake_done(self, _res) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        super().refresh()
        busiest = busiest_period(self.store)
        pv = build_province(self.store, busiest[0] if busiest else None, busiest[1] if busiest else None)
        self.province = pv
        columns = unit_columns(list(pv.level_counts))
        changed = [c.header for c in self.model.columns()] != [c.header for c in columns]
        self.model.set_rows(unit_rows(pv), columns if changed else None)
        self.view.resizeColumnsToContents()  # one row per commune (a few hundred at most): measured, nothing cut
        t = pv.totals()
        names = ", ".join(f"{n} ({c})" for c, n in pv.missing_communes[:15]) + (
            "…" if len(pv.missing_communes) > 15 else "")
        when = period_label(pv.period) if pv.period else ""  # "năm học 2025-2026", not the data's "2025-2026"
        self.summary.setText(
            (f"{when[:1].upper()}{when[1:]}: " if when else "")
            + f"{t['communes_received']}/{t['communes']} xã, phường đã có báo cáo tổng hợp hợp lệ; "
            f"{t['received']}/{t['schools']} cơ sở giáo dục có báo cáo hợp lệ — nộp muộn {t['late']}, bị từ chối "
            f"{t['refused']}, chưa gửi {t['not_sent']}."
            + (f" Chưa có báo cáo tổng hợp hợp lệ: {names}." if pv.missing_communes else ""))
        self.level_chart.set_bars([(k, float(v), None, str(v)) for k, v in pv.level_counts.items()])
        self._show_selected()

    def select_unit(self, code: str) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data() == code:
                self.view.setCurrentIndex(self.proxy.index(r, 0))
                return True
        return False

    def selected_unit(self) -> UnitRow | None:
        idx = self.view.currentIndex()
        return self.proxy.row_at(idx) if idx.isValid() else None

    def _show_selected(self) -> None:
        u = self.selected_unit()
        if u is None:
            self.schools_model.set_rows([])
            return
        if u.schools is None:
            self.schools_label.setText(f"{u.name} ({u.code}): chưa gửi báo cáo tổng hợp nào."
                                       if u.status == "Chưa gửi" else f"{u.name} ({u.code}): báo cáo tổng hợp bị từ "
                                       "chối hoặc đang chờ xem xét (xem lý do ở trang «Hộp thư báo cáo»).")
        else:
            self.schools_label.setText(f"{u.name}: {len(u.schools_to_see)} trường chưa có báo cáo hợp lệ hoặc nộp muộn:"
                                       if u.schools_to_see else f"{u.name}: mọi trường đã có báo cáo hợp lệ, đúng hạn.")
        self.schools_model.set_rows(u.schools_to_see)

    def export(self, folder: str | None = None):
        from desktop.core.commune.authority import AuthorityInfo
        from desktop.core.commune.province_export import export_province

        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục ghi báo cáo tổng hợp toàn tỉnh")
        if not folder or self.province is None:
            return None
        try:
            out = export_province(self.province, AuthorityInfo.load(self.store), folder)
        except UserError as err:
            show_user_error(self, err)
            return None
        self.summary.setText(f"Đã xuất {out['pdf'].name} (có ô chữ ký để ký số), {out['xlsx'].name}, "
                             f"{out['json'].name}.")
        return out
