"""The school plan as an editable Word file (.docx, python-docx), with the same content as the PDF: the same
PlanDocument, the same body (document.blocks) and table cells (document.row_cells), in the NĐ 30 layout (A4, margins
20/20/30/15 mm, Times New Roman 13–14, page numbers centred at the top from the second page). Principals finish such
texts in Word: the file is for editing, the signed PDF is the issued document."""

from __future__ import annotations

import html
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.core.fileio import write_bytes
from desktop.core.report.letterhead import MOTTO, date_line, doc_number_line

from .document import COLUMNS, PlanDocument, blocks, row_cells
from .pdf import letterhead

FONT = "Times New Roman"  # the user's Word has it; LibreOffice substitutes the metric-compatible Liberation Serif


def _run(par, text: str, *, size: float = 13, bold: bool = False, italic: bool = False):
    run = par.add_run(text)
    run.font.size, run.font.bold, run.font.italic, run.font.name = Pt(size), bold, italic, FONT
    return run


def _par(container, text: str = "", *, size: float = 13, bold=False, italic=False, align=None, indent=False, after=6):
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(0)
    if indent:
        fmt.first_line_indent = Mm(12.7)
    if align is not None:
        par.alignment = align
    if text:
        _run(par, text, size=size, bold=bold, italic=italic)
    return par


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and on every cell (what Word reads)."""
    table.autofit = False
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _page_number(section) -> None:
    """A PAGE field centred in the header of every page but the first (NĐ 30)."""
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    par._p.append(field)


def _header(document, doc: PlanDocument) -> None:
    lh = letterhead(doc)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [66, 99])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].alignment = center
    _run(left.paragraphs[0], lh.managing_body.upper(), size=12)
    _par(left, lh.issuer.upper(), size=12, bold=True, align=center, after=0)
    _par(left, "", size=6, align=center, after=0)
    _par(left, doc_number_line(lh), size=13, align=center, after=0)
    right.paragraphs[0].alignment = center
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _par(right, MOTTO, size=13, bold=True, align=center, after=0)
    _par(right, "", size=6, align=center, after=0)
    _par(right, html.unescape(date_line(lh)), size=13, italic=True, align=center, after=0)


def _table(document, doc: PlanDocument, width_mm: float) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (title, _) in zip(table.rows[0].cells, COLUMNS):
        _run(cell.paragraphs[0], title, size=11, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, r in enumerate(doc.rows, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, row_cells(doc, n, r)):
            _run(cell.paragraphs[0], text, size=11)
    _widths(table, [width_mm * share for _, share in COLUMNS])
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _closing(document, doc: PlanDocument) -> None:
    lh = letterhead(doc)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [82, 83])
    left, right = table.rows[0].cells
    _run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    recips = list(lh.recipients)
    for k, r in enumerate(recips):
        r = r.strip().lstrip("-").strip().rstrip(";.")
        _par(left, f"- {r}{'.' if k == len(recips) - 1 else ';'}", size=11, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].alignment = center
    _run(right.paragraphs[0], lh.signer_authority.upper(), size=13, bold=True)
    if lh.signer_position:
        _par(right, lh.signer_position.upper(), size=13, bold=True, align=center, after=0)
    for _ in range(4):  # room for the signature and the seal
        _par(right, "", align=center, after=0)
    _par(right, lh.signer_name, size=14, bold=True, align=center, after=0)


def render_plan_docx_bytes(doc: PlanDocument) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_number(section)
    props = document.core_properties
    props.title, props.author, props.subject = f"Kế hoạch - {doc.subject}", doc.school_name, doc.subject
    props.comments = "Tạo bằng Sổ CĐS"
    _header(document, doc)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _par(document, "", after=0)
    _par(document, "KẾ HOẠCH", size=14, bold=True, align=center, after=0)
    _par(document, doc.subject, size=14, bold=True, align=center, after=12)
    for kind, text in blocks(doc):
        if kind == "table":
            _table(document, doc, 165)
        elif kind == "h1":
            _par(document, text, bold=True, align=justify)
        elif kind == "h2":
            _par(document, text, bold=True, align=justify, indent=True)
        elif kind == "note":
            _par(document, text, size=11, italic=True)
        else:
            _par(document, text, align=justify, indent=True)
    _closing(document, doc)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def render_plan_docx(doc: PlanDocument, path: Path | str) -> Path:
    return write_bytes(path, render_plan_docx_bytes(doc))
