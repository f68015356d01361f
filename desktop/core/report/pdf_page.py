"""What every page of the report PDF carries besides its text: the page number (NĐ 30: centred in the top margin,
counted afresh in each appendix, never on a first page), the DỰ THẢO mark of an unsigned copy, and the document's
creation date."""

from __future__ import annotations

from datetime import datetime, timezone

from reportlab.lib.units import mm

from desktop.core.periods import VIETNAM
from desktop.core.report.fonts import BOLD, FAMILY

DRAFT_MARK = "DỰ THẢO"


def page_number(starts: list[int]):
    """Draws the page number centred in the top margin, counted from the start of the body or of the appendix
    the page belongs to, never on a first page (NĐ 30). Runs at the page's end, once its markers are drawn."""

    def draw(canv, doc):
        page = canv.getPageNumber()
        first = max((s for s in starts if s <= page), default=1)
        if page > first:
            w, h = doc.pageTemplate.pagesize
            canv.setFont(FAMILY, 13)
            canv.drawCentredString(w / 2, h - 12 * mm, str(page - first + 1))

    return draw


def draft_mark(canv, doc):
    """DỰ THẢO across the page, light grey, under the text, and in the top margin's right corner (where a copy
    search or a text extract finds it): this copy is not the signed report."""
    w, h = doc.pageTemplate.pagesize
    canv.saveState()
    canv.setFont(BOLD, 12)
    canv.drawRightString(w - 15 * mm, h - 12 * mm, f"{DRAFT_MARK} - bản chưa ký")
    canv.setFillGray(0.85)
    canv.setFont(BOLD, 90)
    canv.translate(w / 2, h / 2)
    canv.rotate(35)
    canv.drawCentredString(0, -30, DRAFT_MARK)
    canv.restoreState()


def pdf_date(generated_at: str) -> str:
    """The PDF date (D:YYYYMMDDHHmmSS+07'00') of the moment the report's data was taken for this export, in
    Vietnam's time: the document's real date, yet the same bytes for the same ReportData."""
    try:
        when = datetime.fromisoformat(generated_at)
    except ValueError:
        when = datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(VIETNAM).strftime("D:%Y%m%d%H%M%S+07'00'")
