"""The report's tables and chart as reportlab flowables, built from ReportData only."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, Table, TableStyle

from desktop.core.bands import vn_number
from desktop.core.report.data import ReportData
from desktop.core.report.fonts import BOLD, FAMILY

CELL = ParagraphStyle("cell", fontName=FAMILY, fontSize=11, leading=13.5, alignment=TA_LEFT)
CELL_C = ParagraphStyle("cellc", parent=CELL, alignment=TA_CENTER)
HEAD = ParagraphStyle("head", parent=CELL, fontName=BOLD, alignment=TA_CENTER)
GROUP = ParagraphStyle("grp", parent=CELL, fontName=BOLD)
GREY = colors.HexColor("#E8E8E8")
LIGHT = colors.HexColor("#F4F4F4")
STATUS = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Đã hoàn thành", "na": "Không áp dụng"}


class CellParagraph(Paragraph):
    """A table cell's Paragraph that breaks its lines once per width. reportlab's tables wrap every cell again to
    measure the rows, to split a long table across pages and to draw it (about 3.4 times per cell in the yearly
    report), always at the column's width; the lines come out the same each time, so the last result is kept."""

    _wrapped: tuple | None = None

    def wrap(self, availWidth, availHeight):
        last = self._wrapped
        if last is not None and last[0] == availWidth and getattr(self, "blPara", None) is last[1]:
            return last[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, getattr(self, "blPara", None), size)
        return size


def esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def p(text: str, style=CELL) -> Paragraph:
    return CellParagraph(esc(text), style)


def num(d: Decimal | None) -> str:
    return "" if d is None else vn_number(d)


def human_size(n: int | None) -> str:
    if not n:
        return ""
    if n >= 1024 * 1024:
        return f"{vn_number((Decimal(n) / 1048576).quantize(Decimal('0.1')))} MB"
    return f"{vn_number((Decimal(n) / 1024).quantize(Decimal('0.1')))} KB"


def _grid(head_rows: int = 1) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FAMILY),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, head_rows - 1), GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def _widths(total: float, parts: list[float]) -> list[float]:
    s = sum(parts)
    return [total * x / s for x in parts]


def summary_table(rd: ReportData, width: float) -> Table:
    a = rd.assessment
    assert a is not None  # drawn only for a report with a self-assessment
    rows = [
        [
            p("Nhóm", HEAD),
            p("Nội dung", HEAD),
            p("Điểm đạt", HEAD),
            p("Điểm tối đa", HEAD),
            p("Điều kiện bắt buộc", HEAD),
            p("Mức đạt", HEAD),
        ]
    ]
    for g in a.groups:
        mx = num(g.max)  # points of the set not yet known are the software's matter: the pre-send check says so
        rows.append(
            [
                p(g.code, CELL_C),
                p(g.name),
                p(num(g.total), CELL_C),
                p(mx, CELL_C),
                p("Đạt" if g.mandatory_met else "Chưa đạt", CELL_C),
                p(g.level_label, CELL_C),
            ]
        )
    rows.append(
        [
            p("", CELL_C),
            CellParagraph("<b>Mức chuyển đổi số của nhà trường</b>", CELL),
            "",
            "",
            "",
            CellParagraph(f"<b>{esc(a.overall_label)}</b>", CELL_C),
        ]
    )
    t = Table(rows, colWidths=_widths(width, [14, 58, 18, 24, 22, 30]), repeatRows=1)
    t.setStyle(TableStyle(_grid() + [("SPAN", (1, -1), (4, -1))]))
    return t


def mandatory_table(rd: ReportData, width: float) -> Table:
    rows = [[p("Mã", HEAD), p("Điều kiện bắt buộc", HEAD), p("Kết quả", HEAD)]]
    a = rd.assessment
    assert a is not None  # drawn only for a report with a self-assessment
    for m in a.mandatory:
        res = "Đạt" if m.met else ("Chưa đạt" if m.met is False else "Chưa trả lời")
        rows.append([p(m.code, CELL_C), p(m.text), p(res, CELL_C)])
    t = Table(rows, colWidths=_widths(width, [14, 120, 26]), repeatRows=1)
    t.setStyle(TableStyle(_grid()))
    return t


def detail_table(rd: ReportData, width: float) -> LongTable:
    a = rd.assessment
    assert a is not None  # drawn only for a report with a self-assessment
    rows = [
        [
            p("Mã", HEAD),
            p("Nội dung chỉ số, tiêu chí", HEAD),
            p("Trả lời", HEAD),
            p("Điểm tối đa", HEAD),
            p("Điểm đạt", HEAD),
            p("Minh chứng", HEAD),
            p("Ghi chú", HEAD),
        ]
    ]
    style = _grid()
    items_by_crit: dict[str, list] = {}
    for it in a.items:
        items_by_crit.setdefault(it.criterion_code, []).append(it)
    for g in a.groups:
        rows.append(
            [
                CellParagraph(f"<b>Nhóm {esc(g.code)}. {esc(g.name)}</b>", GROUP),
                "",
                "",
                p(num(g.max), HEAD),
                p(num(g.total), HEAD),
                "",
                "",
            ]
        )
        style += [
            ("SPAN", (0, len(rows) - 1), (2, len(rows) - 1)),
            ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LIGHT),
        ]
        for c in (c for c in a.criteria if c.group_code == g.code):
            its = items_by_crit.get(c.code, [])
            own = len(its) == 1 and its[0].code == c.code
            if not own:
                rows.append(
                    [
                        CellParagraph(f"<b>{esc(c.code)}</b>", CELL_C),
                        CellParagraph(f"<b>{esc(c.text)}</b>", CELL),
                        "",
                        p(num(c.max), CELL_C),
                        CellParagraph(f"<b>{num(c.total)}</b>", CELL_C),
                        "",
                        "",
                    ]
                )
            for it in its:
                text = it.text + (" (điều kiện bắt buộc)" if it.mandatory and not own else "")
                pts = "" if it.answer_json is None else num(it.points)
                mx = num(it.max) if it.max else ""
                rows.append(
                    [
                        p(it.code, CELL_C),
                        p(text),
                        p(shown_answer(it), CELL_C),
                        p(mx, CELL_C),
                        p(pts if (it.max or it.answer_json is None) else "", CELL_C),
                        p(", ".join(it.evidence), CELL_C),
                        p(it.note),
                    ]
                )
    t = LongTable(rows, colWidths=_widths(width, [15, 95, 26, 15, 15, 22, 62]), repeatRows=1)
    t.setStyle(TableStyle(style))
    return t


def shown_answer(it) -> str:
    """The "Trả lời" cell: the school's answer (a condition met, a choice, a percentage, the count behind a share
    such as "14/14 = 100%"), never the points again; "—" when not answered."""
    if it.answer_json is None:
        return "—"
    return it.measure or it.answer_text


def criterion_chart(rd: ReportData, width: float) -> Drawing:
    """Horizontal bars: points and maximum per criterion (mandatory conditions carry no points: left out)."""
    a = rd.assessment
    assert a is not None  # drawn only for a report with a self-assessment
    crits = [c for c in a.criteria if c.max > 0]
    bar_h = 7 * mm
    h = len(crits) * bar_h + 20 * mm
    d = Drawing(width, h)
    d.__dict__["initialFontName"] = FAMILY  # the renderer's initial font would otherwise be an unembedded Helvetica
    ch = HorizontalBarChart()
    ch.x, ch.y = 16 * mm, 14 * mm
    ch.width, ch.height = width - 24 * mm, len(crits) * bar_h
    rev = list(reversed(crits))  # first criterion at the top
    ch.data = [[float(c.max) for c in rev], [float(c.total) for c in rev]]  # drawing only; numbers stay exact in data
    ch.categoryAxis.categoryNames = [c.code for c in rev]
    ch.categoryAxis.labels.fontName = FAMILY
    ch.categoryAxis.labels.fontSize = 10
    ch.categoryAxis.labels.dx = -2
    ch.valueAxis.labels.fontName = FAMILY
    ch.valueAxis.labels.fontSize = 9
    ch.valueAxis.valueMin = 0
    top = max([float(c.max) for c in crits] + [1])
    ch.valueAxis.valueMax = top + (5 - top % 5 if top % 5 else 0)
    ch.valueAxis.valueStep = 5
    ch.valueAxis.labelTextFormat = lambda v: f"{v:g}"
    ch.barSpacing = 0.5
    ch.groupSpacing = 3
    ch.bars[0].fillColor = colors.HexColor("#D0D0D0")
    ch.bars[1].fillColor = colors.HexColor("#1F4E79")
    ch.bars.strokeWidth = 0.3
    d.add(ch)
    lg = Legend()
    lg.fontName, lg.fontSize = FAMILY, 10
    lg.x, lg.y = 16 * mm, 6 * mm
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 55 * mm
    lg.colorNamePairs = [(colors.HexColor("#D0D0D0"), "Điểm tối đa"), (colors.HexColor("#1F4E79"), "Điểm đạt")]
    d.add(lg)
    return d


def tasks_table(rd: ReportData, width: float) -> LongTable:
    rows = [
        [
            p("TT", HEAD),
            p("Chỉ tiêu, nhiệm vụ", HEAD),
            p("Sản phẩm", HEAD),
            p("Thời hạn", HEAD),
            p("Tình trạng", HEAD),
            p("Tiến độ", HEAD),
            p("Minh chứng", HEAD),
            p("Ghi chú", HEAD),
        ]
    ]
    for n, t in enumerate(rd.checklist, 1):
        note = t.note + (f" (lý do: {t.na_reason})" if t.status == "na" and t.na_reason else "")
        text = f"Chỉ tiêu: {t.text}" if t.row_kind == "target" else t.text
        if t.row_kind == "target" and t.target:  # the plan's figure here, the school's own under "Sản phẩm" (#20)
            text += f" ({t.target})"
        rows.append(
            [
                p(str(n), CELL_C),
                p(text),
                p(t.product or ("Chưa có số liệu" if t.row_kind == "target" and t.status != "na" else "")),
                p(t.deadline, CELL_C),
                p(STATUS.get(t.status, t.status), CELL_C),
                p(f"{t.progress}%", CELL_C),
                p(", ".join(t.evidence), CELL_C),
                p(note),
            ]
        )
    tb = LongTable(rows, colWidths=_widths(width, [7, 73, 38, 20, 25, 12, 18, 44]), repeatRows=1)
    tb.setStyle(TableStyle(_grid()))
    return tb


def evidence_table(rd: ReportData, width: float) -> LongTable:
    rows = [
        [
            p("Số", HEAD),
            p("Tên minh chứng", HEAD),
            p("Loại", HEAD),
            p("Dung lượng", HEAD),
            p("Mã băm SHA-256 / đường dẫn", HEAD),
        ]
    ]
    kinds = {"file": "Tệp", "link": "Liên kết", "note": "Ghi chú"}
    for e in rd.evidence:
        size = human_size(e.size)
        # a hash does not wrap by itself: two lines of 32 hex digits
        ref = f"{e.sha256[:32]}\n{e.sha256[32:]}" if e.sha256 else (e.url or "")
        rows.append(
            [
                p(e.ref, CELL_C),
                p(e.title),
                p(kinds.get(e.kind, e.kind), CELL_C),
                p(size, CELL_C),
                CellParagraph(f'<font size="9">{esc(ref)}</font>', CELL),
            ]
        )
    tb = LongTable(rows, colWidths=_widths(width, [12, 52, 17, 17, 62]), repeatRows=1)
    tb.setStyle(TableStyle(_grid()))
    return tb
