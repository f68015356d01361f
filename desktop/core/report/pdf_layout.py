"""The page set-up and text styles every PDF in the NĐ 30/2020 layout shares (the school's report and plan, the
commune's and the Sở's roll-ups; the printable user guide takes the margins too): the margins, the body and heading
styles; and what a render returns (PdfLayout: where the signature block landed) with the empty signature field put
over that block for signing in another tool; a portrait document for the shorter PDFs (a return request, the
survey's reminder list)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from desktop.core.report.fonts import BOLD, FAMILY
from desktop.core.report.pdf_tables import esc

PORTRAIT = dict(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)
# NĐ 30's margins on the wide pages too: 20 mm top and bottom, 30 mm on the left (the binding side)
LANDSCAPE = dict(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)
SIGNATURE_FIELD = "ChuKyHieuTruong"

BODY = ParagraphStyle(
    "body", fontName=FAMILY, fontSize=13, leading=17, alignment=TA_JUSTIFY, firstLineIndent=12.7 * mm, spaceAfter=6
)
H1 = ParagraphStyle(
    "h1", parent=BODY, fontName=BOLD, firstLineIndent=0, spaceBefore=6, alignment=TA_LEFT, keepWithNext=1
)
H2 = ParagraphStyle("h2", parent=H1, fontName=BOLD, firstLineIndent=12.7 * mm, spaceBefore=2)


def portrait_doc(out, on_page=None, **info) -> BaseDocTemplate:
    """An A4 portrait document with the PORTRAIT margins, its text starting right at them (reportlab's
    SimpleDocTemplate pads its frame by 6 pt: its text starts 2.1 mm inside them). `on_page(canvas, doc)`: drawn on
    every page (e.g. a page number); `info`: title, author…"""
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PORTRAIT["left"],
        rightMargin=PORTRAIT["right"],
        topMargin=PORTRAIT["top"],
        bottomMargin=PORTRAIT["bottom"],
        **info,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    extra = {"onPage": on_page} if on_page else {}
    doc.addPageTemplates([PageTemplate(id="portrait", frames=[frame], **extra)])
    return doc


def para(text: str, style=BODY) -> Paragraph:
    return Paragraph(esc(text), style)


@dataclass(frozen=True)
class PdfLayout:
    pages: int
    signature_page: int  # 1-based
    signature_box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom-left
    font: str


def add_signature_field(data: bytes, layout: PdfLayout, name: str = SIGNATURE_FIELD) -> bytes:
    """An empty signature field over the signature block, for signing in the CA's tool or phone app."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    x1, y1, x2, y2 = (int(v) for v in layout.signature_box)
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    append_signature_field(w, SigFieldSpec(name, on_page=layout.signature_page - 1, box=(x1, y1, x2, y2)))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
