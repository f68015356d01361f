"""The roll-up's two charts, as the overview shows them (ui/pages/commune_charts.py): schools per level, and the
weakest criteria's average points as a share of their maximum — drawn with reportlab graphics for the PDF and
as native charts in the workbook (openpyxl). Both read the Rollup only; the numbers stay exact in the tables."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.core.commune.rollup import Rollup
from desktop.core.report.fonts import BOLD, FAMILY

WEAKEST = 10  # criteria shown in the chart (the table lists the same ones)
BAR = colors.HexColor("#1F4E79")


def short_level(label: str) -> str:
    """ "Mức 2 — Đáp ứng cơ bản" → "Mức 2"; the preschools' long label → "Chưa xếp mức (MN)"."""
    if label.startswith("Chưa xếp mức (mầm non"):
        return "Chưa xếp mức (MN)"
    return label.split(" — ")[0]


def _bars(title: str, names: list[str], values: list[float], width: float, top: float, fmt) -> Drawing:
    bar_h = 7 * mm
    h = len(names) * bar_h + 14 * mm
    d = Drawing(width, h)
    d.__dict__["initialFontName"] = FAMILY  # else the renderer starts with an unembedded Helvetica
    d.add(String(0, h - 5 * mm, title, fontName=BOLD, fontSize=11))
    label_w = 42 * mm
    ch = HorizontalBarChart()
    ch.x, ch.y = label_w, 6 * mm
    ch.width, ch.height = width - label_w - 6 * mm, len(names) * bar_h
    ch.data = [list(reversed(values))]  # drawing only; the numbers stay exact in the tables
    ch.categoryAxis.categoryNames = list(reversed(names))
    ch.categoryAxis.labels.fontName = FAMILY
    ch.categoryAxis.labels.fontSize = 10
    ch.categoryAxis.labels.dx = -2
    ch.categoryAxis.labels.boxAnchor = "e"
    ch.valueAxis.labels.fontName = FAMILY
    ch.valueAxis.labels.fontSize = 9
    ch.valueAxis.valueMin = 0
    ch.valueAxis.valueMax = top
    ch.valueAxis.labelTextFormat = fmt
    ch.bars[0].fillColor = BAR
    ch.bars.strokeWidth = 0.3
    ch.barLabelFormat = fmt
    ch.barLabels.fontName = FAMILY
    ch.barLabels.fontSize = 9
    ch.barLabels.boxAnchor = "w"
    ch.barLabels.dx = 3
    d.add(ch)
    return d


def level_chart(ru: Rollup, width: float) -> Drawing | None:
    if not ru.level_counts:
        return None
    names = [short_level(k) for k in ru.level_counts]
    values = [float(v) for v in ru.level_counts.values()]
    top = max(values)
    step = max(1, int(top // 5) or 1)
    return _bars("Số cơ sở theo mức chuyển đổi số", names, values, width, top + step, lambda v: f"{int(round(v))}")


def criteria_chart(ru: Rollup, width: float) -> Drawing | None:
    crits = ru.criteria[:WEAKEST]
    if not crits:
        return None
    return _bars(
        f"Điểm trung bình so với điểm tối đa, {len(crits)} tiêu chí thấp nhất (%)",
        [c.code for c in crits],
        [float(c.ratio * 100) for c in crits],
        width,
        100,
        lambda v: f"{v:.0f}",
    )


def add_workbook_charts(wb, levels_sheet: str, criteria_sheet: str, n_levels: int, n_criteria: int) -> None:
    """Native bar charts beside the level counts and the weakest criteria (openpyxl), from the sheets' own cells."""
    from openpyxl.chart import BarChart, Reference

    if n_levels:
        ws = wb[levels_sheet]
        ch = BarChart()
        ch.type, ch.title, ch.legend = "bar", "Số trường theo mức chuyển đổi số", None
        ch.add_data(Reference(ws, min_col=2, min_row=1, max_row=n_levels + 1), titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n_levels + 1))
        ch.height, ch.width = 7, 16
        ws.add_chart(ch, "D2")
    if n_criteria:
        ws = wb[criteria_sheet]
        n = min(n_criteria, WEAKEST)
        ch = BarChart()
        ch.type, ch.legend = "bar", None
        ch.title = f"Tỉ lệ điểm trung bình/điểm tối đa, {n} tiêu chí thấp nhất (%)"
        col = ws.max_column  # the ratio column written last by rollup_xlsx
        ch.add_data(Reference(ws, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=2, min_row=2, max_row=n + 1))
        ch.y_axis.scaling.min, ch.y_axis.scaling.max = 0, 100
        ch.height, ch.width = 9, 18
        ws.add_chart(ch, f"{chr(ord('A') + col + 1)}2")
