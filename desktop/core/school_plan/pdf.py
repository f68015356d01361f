"""The school plan as a PDF in the NĐ 30/2020 layout, rendered from a PlanDocument with the report's letterhead
(report/letterhead.py), typeface (report/fonts.py) and page set-up (report/pdf_layout.py). Returns where the signature
block landed, so it is signed like a report (sign.py)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

from desktop.core.fileio import write_bytes
from desktop.core.report import pdf_tables as T
from desktop.core.report.fonts import BOLD, FAMILY, ITALIC, register
from desktop.core.report.letterhead import C14B, Letterhead, closing, header
from desktop.core.report.pdf_layout import BODY, H1, H2, PORTRAIT, PdfLayout, add_signature_field
from desktop.core.report.pdf_page import DRAFT_MARK, draft_mark, page_number

from .document import COLUMNS, PlanDocument, blocks, row_cells

CELL = ParagraphStyle("spcell", fontName=FAMILY, fontSize=10, leading=12)
HEAD = ParagraphStyle("sphead", parent=CELL, fontName=BOLD, alignment=1)
NOTE = ParagraphStyle("spnote", fontName=ITALIC, fontSize=11, leading=13, spaceBefore=3)


def letterhead(doc: PlanDocument) -> Letterhead:
    return Letterhead(
        issuer=doc.school_name,
        managing_body=doc.managing_body,
        doc_code=doc.doc_code,
        doc_number=doc.doc_number,
        doc_date=doc.doc_date,
        year=doc.year_end,
        place_name=doc.place_name,
        recipients=doc.recipients,
        signer_authority=doc.signer_authority,
        signer_position=doc.signer_position,
        signer_name=doc.signer_name,
        doc_type="KH",
    )


def _para(text: str, style=BODY) -> Paragraph:
    return Paragraph(T.esc(text), style)


def column_widths(texts: list[list[str]], width: float) -> list[float]:
    """COLUMNS' shares of `width`, but never narrower than the widest word a column holds (a date such as
    10/10/2025 or "27/KH-SGDĐT," is not broken): what a column needs more is taken from the others' room, in
    proportion to it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 3 * 2 + 1  # the cells' left and right padding, and a point for rounding
    need = []
    for c, (head, _) in enumerate(COLUMNS):
        words = [(w, BOLD) for w in head.split()] + [(w, FAMILY) for row in texts for w in row[c].split()]
        need.append(max(stringWidth(w, font, CELL.fontSize) for w, font in words) + pad)
    widths = [max(width * share, n) for (_, share), n in zip(COLUMNS, need)]
    over = sum(widths) - width
    room = [w - n for w, n in zip(widths, need)]
    if over > 0 and sum(room) >= over:
        widths = [w - over * r / sum(room) for w, r in zip(widths, room)]
    return widths


def _table(doc: PlanDocument, width: float) -> LongTable:
    texts = [row_cells(doc, n, r) for n, r in enumerate(doc.rows, start=1)]
    data = [[Paragraph(t, HEAD) for t, _ in COLUMNS]] + [[Paragraph(T.esc(c), CELL) for c in row] for row in texts]
    t = LongTable(data, colWidths=column_widths(texts, width), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), T.GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def story(doc: PlanDocument, sink: dict) -> list:
    w = A4[0] - PORTRAIT["left"] - PORTRAIT["right"]
    lh = letterhead(doc)
    out: list = [
        header(lh, w),
        Spacer(1, 8 * mm),
        Paragraph("KẾ HOẠCH", C14B),
        Paragraph(f"<b>{T.esc(doc.subject)}</b>", C14B),
        HRFlowable(width=40 * mm, thickness=0.6, color="black", spaceBefore=5, spaceAfter=10, hAlign="CENTER"),
    ]
    styles = {"para": BODY, "h1": H1, "h2": H2, "note": NOTE}
    for kind, text in blocks(doc):
        if kind == "table":
            out.append(_table(doc, w))
        elif kind == "end":  # the last sentence and the signature never stand apart, nor the signature alone
            out.append(KeepTogether([_para(text), closing(lh, w, sink)]))
        else:
            out.append(_para(text, styles[kind]))
    return out


def _plain(canv, doc) -> None:
    """A signed copy's pages carry nothing but the text."""


def render_plan_pdf_bytes(doc: PlanDocument, *, draft: bool = False) -> tuple[bytes, PdfLayout]:
    """The plan's PDF and where its signature block is. `draft`: an unsigned copy, marked DỰ THẢO on every page
    like an unsigned report (report/pdf.py draws the mark and the page numbers for both)."""
    font = register()
    buf = io.BytesIO()
    pw, ph = A4
    template = BaseDocTemplate(
        buf,
        pagesize=A4,
        title=(f"{DRAFT_MARK} - " if draft else "") + f"Kế hoạch - {doc.subject}",
        author=doc.school_name,
        subject=doc.subject,
        creator="Sổ CĐS",
        lang="vi-VN",
        invariant=1,
        initialFontName=FAMILY,
        initialFontSize=13,
    )
    frame = Frame(
        PORTRAIT["left"],
        PORTRAIT["bottom"],
        pw - PORTRAIT["left"] - PORTRAIT["right"],
        ph - PORTRAIT["top"] - PORTRAIT["bottom"],
        id="p",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates(
        [
            PageTemplate(
                "portrait", [frame], onPage=draft_mark if draft else _plain, onPageEnd=page_number([]), pagesize=A4
            )
        ]
    )
    sink: dict = {}
    template.build(story(doc, sink))
    return buf.getvalue(), PdfLayout(
        pages=template.page, signature_page=sink["page"], signature_box=sink["box"], font=font
    )


def render_plan_pdf(
    doc: PlanDocument, path: Path | str, *, signature_field: bool = False, draft: bool = False
) -> PdfLayout:
    data, layout = render_plan_pdf_bytes(doc, draft=draft)
    if signature_field:
        data = add_signature_field(data, layout)
    write_bytes(path, data)
    return layout
