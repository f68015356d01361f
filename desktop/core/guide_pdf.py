"""The user guide (docs/huong-dan/*.md) as a printable PDF in the documents' typeface (Times New Roman when the
system has it, else the bundled Liberation Serif, as the reports): `socds guide-pdf`, `make guide-pdf`.

Only the Markdown the guide uses is read: headings (#, ##, ###), paragraphs, "- " and "1. " list items (their
continuation lines indented), pictures on a line of their own (drawn at the text's width at most, the alt text as
caption), a block indented four spaces (kept line by line), **bold** and `code` inside text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from desktop.core.paths import guide_dir

PARTS = ("truong.md", "co-quan-quan-ly.md")  # the school's part first, then the commune officer's
TITLE = "Hướng dẫn sử dụng Sổ CĐS"

IMAGE = re.compile(r"^\s*!\[([^\]]*)\]\(([^)\s]+)\)\s*$")
BULLET = re.compile(r"^(\s*)- (.*)$")
NUMBERED = re.compile(r"^(\s*)(\d+)\. (.*)$")
MAX_IMAGE_HEIGHT = 290  # points: a picture with its caption takes at most about 40 % of the page

HEADING = re.compile(r"^(#{1,3}) (.*)$")


@dataclass
class Block:
    kind: str  # "h1", "h2", "h3", "p", "bullet", "number", "image", "code"
    text: str = ""
    number: str = ""
    lines: list[str] = field(default_factory=list)


def parse(markdown: str) -> list[Block]:
    """The guide's Markdown as a list of blocks."""
    blocks: list[Block] = []
    cur: Block | None = None
    blank_before = True
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            if cur is not None and cur.kind in ("p", "code"):
                cur = None
            blank_before = True
            continue
        m = IMAGE.match(line)
        h = HEADING.match(line)
        b = BULLET.match(line)
        n = NUMBERED.match(line)
        if m:
            blocks.append(Block("image", text=m.group(1), lines=[m.group(2)]))
            cur = None
        elif h:
            blocks.append(Block(f"h{len(h.group(1))}", text=h.group(2).strip()))
            cur = None
        elif line.startswith("    ") and blank_before and (cur is None or cur.kind == "code") and not (b or n):
            if cur is None or cur.kind != "code":
                cur = Block("code")
                blocks.append(cur)
            cur.lines.append(line[4:])
        elif line.startswith("    ") and cur is not None and cur.kind == "code":
            cur.lines.append(line[4:])
        elif b and not b.group(1):
            cur = Block("bullet", text=b.group(2))
            blocks.append(cur)
        elif n and not n.group(1):
            cur = Block("number", text=n.group(3), number=n.group(2))
            blocks.append(cur)
        elif cur is not None and cur.kind in ("bullet", "number") and (raw.startswith(" ") or not blank_before):
            cur.text += " " + line.strip()
        elif cur is not None and cur.kind == "p":
            cur.text += " " + line.strip()
        else:
            cur = Block("p", text=line.strip())
            blocks.append(cur)
        blank_before = False
    return blocks


# Signs the app's screens use that the documents' typeface does not have, drawn with its nearest glyph.
NEAREST_GLYPH = str.maketrans({"◇": "◊", "◀": "‹", "▶": "›"})


def inline(text: str) -> str:
    """Markdown inline marks to reportlab's paragraph markup (text escaped first)."""
    out = escape(text.translate(NEAREST_GLYPH))
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"`([^`]+)`", r"<i>\1</i>", out)  # no monospaced face with Vietnamese letters is bundled
    return out


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    from desktop.core.report.fonts import BOLD, FAMILY, ITALIC

    body = ParagraphStyle(
        "body",
        fontName=FAMILY,
        fontSize=13,
        leading=17,
        alignment=TA_JUSTIFY,
        spaceAfter=5,
        bulletFontName=FAMILY,
        bulletFontSize=13,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=16,
            leading=21,
            alignment=TA_CENTER,
            spaceBefore=0,
            spaceAfter=12,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            alignment=0,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=BOLD,
            fontSize=13,
            leading=17,
            alignment=0,
            spaceBefore=6,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=18, bulletIndent=4, spaceAfter=3),
        "code": ParagraphStyle("code", parent=body, fontName=ITALIC, leftIndent=24, alignment=0, spaceAfter=0),
        "cover": ParagraphStyle("cover", parent=body, fontName=BOLD, fontSize=16, leading=21, alignment=TA_CENTER),
        "contents": ParagraphStyle("contents", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=0),
        "caption": ParagraphStyle(
            "caption",
            parent=body,
            fontName=ITALIC,
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
            spaceBefore=2,
            spaceAfter=8,
        ),
    }


def _image(path: Path, caption: str, width: float, styles):
    from PIL import Image as PILImage
    from reportlab.platypus import Image, KeepTogether, Paragraph

    with PILImage.open(path) as im:
        w, h = im.size
    draw_w = min(width, w * 0.4, MAX_IMAGE_HEIGHT * w / h)  # a 1280-px window: the text's width
    img = Image(str(path), width=draw_w, height=draw_w * h / w)
    return KeepTogether([img, Paragraph(inline(caption), styles["caption"])])


def flowables(md_file: Path, width: float, styles) -> list:
    from reportlab.platypus import Paragraph

    out: list = []
    for b in parse(md_file.read_text(encoding="utf-8")):
        if b.kind == "h1":
            out.append(Paragraph(inline(b.text), styles["title"]))
        elif b.kind in ("h2", "h3"):
            out.append(Paragraph(inline(b.text), styles[b.kind]))
        elif b.kind == "p":
            out.append(Paragraph(inline(b.text), styles["body"]))
        elif b.kind == "bullet":
            out.append(Paragraph(inline(b.text), styles["item"], bulletText="•"))
        elif b.kind == "number":
            out.append(Paragraph(inline(b.text), styles["item"], bulletText=f"{b.number}."))
        elif b.kind == "code":
            out += [Paragraph(escape(line), styles["code"]) for line in b.lines]
        elif b.kind == "image":
            out.append(_image(md_file.parent / b.lines[0], b.text, width, styles))
    return out


def _contents(styles):
    """The cover's table of contents: the two parts and their sections, with page numbers (filled by multiBuild)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import TableStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    from desktop.core.report.fonts import BOLD, FAMILY

    # the table's cell font would otherwise be reportlab's Helvetica, set (not embedded) on every cell
    cells = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("FONT", (0, 0), (-1, -1), FAMILY, 13),
        ]
    )
    toc = TableOfContents(dotsMinLevel=1, tableStyle=cells)
    toc.levelStyles = [
        ParagraphStyle("toc0", parent=styles["body"], fontName=BOLD, alignment=0, spaceBefore=8, spaceAfter=2),
        ParagraphStyle("toc1", parent=styles["body"], alignment=0, leftIndent=18, spaceAfter=0, leading=15),
    ]
    return toc


def render_guide_pdf(folder: Path | None = None) -> bytes:
    """The whole guide: a cover with the table of contents, then each part from a new page; page numbers at the
    top from page 2 (NĐ 30); the parts and sections as the PDF's bookmarks."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    from desktop import __version__
    from desktop.core.report.fonts import FAMILY, register
    from desktop.core.report.pdf_layout import portrait_doc

    register()
    folder = folder or guide_dir()
    buf = BytesIO()

    def number(canvas, d) -> None:
        if d.page > 1:
            canvas.setFont(FAMILY, 13)
            canvas.drawCentredString(A4[0] / 2 + (d.leftMargin - d.rightMargin) / 2, A4[1] - 12 * mm, str(d.page))

    # the documents' margins (NĐ 30), as the reports', with the text right at them: report/pdf_layout.py
    doc = portrait_doc(
        buf,
        on_page=number,
        title=TITLE,
        author="Sổ CĐS",
        subject=TITLE,
        creator="Sổ CĐS",
        lang="vi-VN",
        initialFontName=FAMILY,
        initialFontSize=13,
    )
    styles = _styles()
    story: list = [
        Spacer(1, 12 * mm),
        Paragraph(TITLE.upper(), styles["cover"]),
        Paragraph(f"Phiên bản {__version__}", styles["caption"]),
        Spacer(1, 6 * mm),
        Paragraph("Mục lục", styles["contents"]),
        _contents(styles),
    ]
    for name in PARTS:
        story.append(PageBreak())
        story += flowables(folder / name, doc.width, styles)

    def after(flowable) -> None:  # each part's title and section heading: a bookmark and a line of the contents
        style = getattr(getattr(flowable, "style", None), "name", None)
        if style not in ("title", "h2"):
            return
        level, text = (0 if style == "title" else 1), flowable.getPlainText()
        key = f"{level}-{text}"  # the same in every pass of multiBuild, so the contents settle
        doc.canv.bookmarkPage(key)
        doc.canv.addOutlineEntry(text, key, level=level, closed=False)
        doc.notify("TOCEntry", (level, text, doc.page, key))

    doc.afterFlowable = after

    doc.multiBuild(story)
    return buf.getvalue()


def write_guide_pdf(out: Path | str, folder: Path | None = None) -> Path:
    from desktop.core.fileio import write_bytes

    return write_bytes(out, render_guide_pdf(folder))
