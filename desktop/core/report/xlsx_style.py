"""The report workbook's cell styles, tables and page set-up (shared by its sheets, report/xlsx*.py)."""

from __future__ import annotations

import weakref
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.core.report.data import ReportData

FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
POINTS_FMT = "0.##;-0.##;0"
_STYLES: "weakref.WeakKeyDictionary[Workbook, dict]" = weakref.WeakKeyDictionary()


def put(ws, r: int, c: int, value, key: tuple, apply) -> None:
    """ws.cell(r, c, value) styled by `apply(cell)`. Each distinct `key` is styled through openpyxl once per
    workbook (registering its font, fill, border, alignment and number format in the same order as before) and the
    resulting style indices are copied to the next cells with that key: openpyxl otherwise builds and hashes every
    Font/Border/Alignment again on each assignment, which was most of the workbook's time."""
    cell = ws.cell(r, c, value)
    cache = _STYLES.setdefault(ws.parent, {})
    style = cache.get(key)
    if style is None:
        apply(cell)
        cache[key] = copy(cell._style)
    else:
        cell._style = copy(style)


def title(ws, rd: ReportData, text: str, ncols: int) -> int:
    """Two title rows (school, sheet title) then a blank row; returns the header row number."""
    ws.cell(1, 1, f"{rd.school.name} — {rd.subject}").font = Font(name=FONT, bold=True, size=13)
    ws.cell(2, 1, text).font = Font(name=FONT, bold=True, size=12)
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    return 4


def table(
    ws,
    header_row: int,
    headers: list[str],
    widths: list[int],
    rows: list[list],
    centered=(),
    numeric=(),
    group_rows=(),
    landscape=True,
) -> None:
    for c, (h, w) in enumerate(zip(headers, widths), 1):
        put(ws, header_row, c, h, ("head",), head_style)
        ws.column_dimensions[get_column_letter(c)].width = w
    for r, values in enumerate(rows, header_row + 1):
        group = (r - header_row - 1) in group_rows
        for c, v in enumerate(values, 1):
            key = ("cell", group, c - 1 in centered, c - 1 in numeric)
            put(ws, r, c, v, key, lambda cell, k=key: cell_style(cell, *k[1:]))
    fit_heights(ws, header_row, len(rows), widths)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    if rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    print_setup(ws, landscape)


def head_style(cell) -> None:
    cell.font = Font(name=FONT, bold=True, size=11)
    cell.fill, cell.border, cell.alignment = HEAD_FILL, BORDER, CENTER


def cell_style(cell, group: bool, centered: bool, numeric: bool) -> None:
    cell.font = Font(name=FONT, size=11, bold=group)
    cell.border = BORDER
    cell.alignment = CENTER if centered else WRAP
    if numeric:
        cell.number_format = POINTS_FMT
    if group:
        cell.fill = GROUP_FILL


def fit_heights(ws, header_row: int, n: int, widths: list[int]) -> None:
    """Row heights for wrapped text: spreadsheet programs do not always grow rows of a generated file."""
    for r in range(header_row, header_row + n + 1):
        lines = 1
        for c, w in enumerate(widths, 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and v:
                per_line = max(int(w * 1.15), 1)
                lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in v.split("\n")))
        ws.row_dimensions[r].height = 15 * lines + 2


def print_setup(ws, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.4, 0.6, 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
