"""Tables of the roll-up PDF whose columns are as wide as their longest word: a date ("02/12/2026"), a code or a
school type ("THCS") is never broken in the middle, because no column is narrower than the widest word it holds
(measured with the font it is drawn in). The room left is shared out to the columns whose text wraps."""

from __future__ import annotations

from typing import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, TableStyle

from desktop.core.report import pdf_tables as T
from desktop.core.report.fonts import BOLD, FAMILY

PAD = 3 * 2 + 1  # the grid's left and right padding (pdf_tables._grid), and a point for rounding


def _style(size: float, bold: bool = False, centred: bool = False) -> ParagraphStyle:
    base = T.HEAD if bold else (T.CELL_C if centred else T.CELL)
    return ParagraphStyle(f"rt{size}{bold}{centred}", parent=base, fontSize=size, leading=size * 1.22)


def _words_width(text: str, font: str, size: float) -> tuple[float, float]:
    """(widest word, whole text on one line) in points."""
    words = str(text).split() or [""]
    return max(stringWidth(w, font, size) for w in words), stringWidth(str(text), font, size)


def fit_widths(
    head: list[str], rows: list[list], total: float, size: float, grow: Sequence[float]
) -> list[float] | None:
    """Column widths summing to `total` in which every word fits on its line; None when even the widest words do
    not fit side by side at this size. `grow`: each column's share of the room left (0: as narrow as it can be,
    up to its text's full length)."""
    need, full = [], []
    for c, h in enumerate(head):
        hw, hf = _words_width(h, BOLD, size)
        cells = [_words_width(r[c], FAMILY, size) for r in rows]
        need.append(max([hw] + [w for w, _ in cells]) + PAD)
        full.append(max([hf] + [f for _, f in cells]) + PAD)
    room = total - sum(need)
    if room < 0:
        return None
    widths = list(need)
    # the wrapping columns first reach their one-line length (shared by `grow`), then the others theirs; what is
    # still left goes to the wrapping columns
    flex = [c for c in range(len(head)) if grow[c]]
    want = sum(full[c] - need[c] for c in flex)
    if want:
        give = min(room * 0.6, want)  # the rest may let a short column reach one line
        for c in flex:
            widths[c] += give * (full[c] - need[c]) / want
        room -= give
    for c in range(len(head)):
        if not grow[c]:
            extra = min(full[c] - need[c], room)
            widths[c] += extra
            room -= extra
    for c in flex:  # then the wrapping columns again, up to one line
        extra = min(full[c] - widths[c], room)
        if extra > 0:
            widths[c] += extra
            room -= extra
    shares = sum(grow) or 1
    return [w + room * g / shares for w, g in zip(widths, grow)]


def table(
    head: list[str],
    rows: list[list],
    total: float,
    grow: Sequence[float],
    centred: tuple[int, ...] = (),
    sizes: tuple[float, ...] = (11, 10, 9, 8),
) -> LongTable:
    """A gridded table, header repeated on each page, at the largest of `sizes` at which no word breaks."""
    text_rows = [[str(c) for c in r] for r in rows]
    for size in sizes:
        widths = fit_widths(head, text_rows, total, size, grow)
        if widths:
            break
    else:  # narrower than the widest words even at the smallest size: share by need, words may break
        size = sizes[-1]
        parts = [max(1.0, g) for g in grow]
        widths = [total * g / sum(parts) for g in parts]
    cell, cell_c, hd = _style(size), _style(size, centred=True), _style(size, bold=True)
    data = [[T.p(h, hd) for h in head]] + [
        [T.p(c, cell_c if i in centred else cell) for i, c in enumerate(r)] for r in text_rows
    ]
    t = LongTable(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(T._grid()))
    return t
