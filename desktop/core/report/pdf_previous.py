"""The self-assessment report's comparison with last school year (issue 22): points and level per group, the
overall level, and the change per criterion, from ReportData.assessment.previous (nothing is read elsewhere)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Table, TableStyle

from desktop.core.bands import vn_number
from desktop.core.report.data import ReportData
from desktop.core.report.pdf_tables import CELL_C, HEAD, _grid, _widths, num, p


def change(d: Decimal) -> str:
    """+3, −2,5 or 0: the change in points with its sign written out."""
    return "0" if not d else (f"+{vn_number(d)}" if d > 0 else f"−{vn_number(-d)}")


def level(v: int | None) -> str:
    return f"Mức {v}" if v else "Chưa xếp mức"


def comparison_table(rd: ReportData, width: float) -> Table:
    """Group, this year (points, level), last year (points, level), change; then each criterion both years have."""
    a = rd.assessment
    prev = a.previous if a is not None else None
    if a is None or prev is None:
        raise ValueError("comparison_table needs an assessment with last year's result")
    year = rd.school_year
    rows = [
        [
            p("Nội dung", HEAD),
            p(f"Năm học {year}", HEAD),
            p(f"Năm học {prev.school_year}", HEAD),
            p("Tăng/giảm (điểm)", HEAD),
        ]
    ]
    before = {g.code: g for g in prev.groups}
    for g in a.groups:
        b = before.get(g.code)
        if b is None:
            continue
        rows.append(
            [
                p(f"Nhóm {g.code}"),
                p(f"{num(g.total)} ({level(g.level)})", CELL_C),
                p(f"{num(b.total)} ({level(b.level)})", CELL_C),
                p(change(g.total - b.total), CELL_C),
            ]
        )
    rows.append(
        [
            p("Mức chuyển đổi số của nhà trường"),
            p(level(a.overall_level), CELL_C),
            p(level(prev.overall_level), CELL_C),
            p("", CELL_C),
        ]
    )
    now = {c.code: c for c in a.criteria}
    for c in prev.criteria:
        n = now.get(c.code)
        if n is None:
            continue
        rows.append(
            [
                p(f"Tiêu chí {c.code}"),
                p(f"{num(n.total)}/{num(n.max)}", CELL_C),
                p(f"{num(c.total)}/{num(c.max)}", CELL_C),
                p(change(n.total - c.total), CELL_C),
            ]
        )
    t = Table(rows, colWidths=_widths(width, [58, 40, 40, 30]), repeatRows=1)
    t.setStyle(TableStyle(_grid()))
    return t
