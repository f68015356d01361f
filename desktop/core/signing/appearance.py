"""The visible signature: signature image, seal overlapping its left third, and an info line.

Laid out with reportlab's metrics and applied by pyHanko as a static stamp (pyHanko's own text stamp spreads the
glyphs of 2048-unit fonts such as Liberation wrongly). The images are drawn into a one-page PDF the size of the
signature box; the text is written with the fonts the document already embeds when they hold it
(signing/stamp_text.py: one font subset per font, issue 20), else drawn into that page with the stamp's own fonts.
"""

from __future__ import annotations

import binascii
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import UserError, nfc
from desktop.core.paths import resource
from desktop.core.periods import VIETNAM

FONT = "SoCDS-Serif"
# NĐ30 asks electronic documents for the time in Vietnam's zone, whatever the PC's clock zone (no DST in Vietnam)


def vietnam_now() -> dt.datetime:
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


FONT_BOLD = "SoCDS-Serif-Bold"
# the stamp's two faces as a document embeds them (PostScript names): Sổ CĐS's reports are set in Times New Roman
# when the PC has it, else in Liberation Serif, metric-compatible with it (the stamp's layout is the same in both)
DOC_FACES = (("LiberationSerif", "LiberationSerif-Bold"), ("TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT"))


@dataclass(frozen=True)
class Appearance:
    """Where and how the signature shows. `box` is (x1, y1, x2, y2) in PDF points on `page` (0-based, -1 = last)."""

    box: tuple[float, float, float, float] = (300, 60, 540, 160)
    page: int = -1
    signature_png: Path | None = None
    seal_png: Path | None = None
    organisation: str = ""
    signer_name: str = ""
    internal_notice: str | None = None  # set for the school key: printed under the info line


def register_fonts() -> None:
    """Register the signature's two faces (once; they share the report's parsed Liberation Serif faces)."""
    from reportlab.pdfbase import pdfmetrics

    from desktop.core.report.fonts import ttfont

    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(ttfont(FONT, resource("fonts", "LiberationSerif-Regular.ttf")))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(ttfont(FONT_BOLD, resource("fonts", "LiberationSerif-Bold.ttf")))


def _image(path: Path | None, what: str):
    if path is None:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        return ImageReader(str(path))
    except Exception:  # noqa: BLE001 - PIL/reportlab raise many kinds for a bad image
        raise UserError(f"Không đọc được ảnh {what} {Path(path).name}: cần tệp PNG hợp lệ.") from None


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and stringWidth(trial, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    size: float  # the text's size in points
    lines: tuple[tuple[str, str], ...]  # (FONT or FONT_BOLD, the line), top down
    text_h: float  # the height the lines take at the bottom of the box


def _layout(app: Appearance, when: dt.datetime | None) -> _Layout:
    register_fonts()
    x1, y1, x2, y2 = app.box
    w, h = abs(x2 - x1), abs(y2 - y1)
    if w < 40 or h < 30:
        raise UserError("Ô chữ ký quá nhỏ (cần ít nhất 40 × 30 điểm).")
    when = (when or vietnam_now()).astimezone(VIETNAM).replace(microsecond=0)
    size = 8 if w >= 160 else 6.5
    lines = []
    if app.signer_name:
        lines.append((FONT_BOLD, nfc(app.signer_name)))
    info = ", ".join(p for p in (nfc(app.organisation), when.isoformat()) if p)
    lines += [(FONT, ln) for ln in _wrap(info, FONT, size, w - 4)]
    if app.internal_notice:
        lines += [(FONT, ln) for ln in _wrap(nfc(app.internal_notice), FONT, size, w - 4)]
    return _Layout(w, h, size, tuple(lines), len(lines) * (size + 1.5) + 2)


def _baselines(lay: _Layout) -> list[float]:
    return [lay.text_h - lay.size - 1 - k * (lay.size + 1.5) for k in range(len(lay.lines))]


def render_appearance(app: Appearance, when: dt.datetime | None = None, *, text: bool = True) -> bytes:
    """A one-page PDF, exactly the box's size, holding the whole visible signature (without its text lines when
    `text` is False: then it holds no font at all)."""
    from reportlab.pdfgen import canvas

    lay = _layout(app, when)
    w, h, text_h = lay.width, lay.height, lay.text_h
    sig_img, seal_img = _image(app.signature_png, "chữ ký"), _image(app.seal_png, "con dấu")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), initialFontName=FONT)  # else an unembedded Helvetica is referenced
    art_h = max(h - text_h, 0)
    if sig_img is not None and art_h > 8:
        iw, ih = sig_img.getSize()
        scale = min((w * 0.75) / iw, art_h / ih)
        c.drawImage(
            sig_img,
            w * 0.25 + (w * 0.75 - iw * scale) / 2,
            text_h + (art_h - ih * scale) / 2,
            iw * scale,
            ih * scale,
            mask="auto",
        )
    if seal_img is not None and art_h > 8:
        # the seal overlaps the left third of the signature, as on paper
        iw, ih = seal_img.getSize()
        side = min(art_h, w * 0.45)
        scale = min(side / iw, side / ih)
        c.drawImage(seal_img, w * 0.05, text_h + (art_h - ih * scale) / 2, iw * scale, ih * scale, mask="auto")
    if text:
        for (font, ln), y in zip(lay.lines, _baselines(lay)):
            c.setFont(font, lay.size)
            c.drawString(2, y, ln)
    c.showPage()
    c.save()
    return buf.getvalue()


def stamp_style_for(writer, app: Appearance, when: dt.datetime):
    """The stamp for the document in `writer`: its text in the document's own embedded faces when they hold every
    character of it (no font added to the file), else the whole stamp drawn with the stamp's own fonts."""
    from desktop.core.signing.stamp_text import document_fonts

    lay = _layout(app, when)
    found = document_fonts(writer, {name for pair in DOC_FACES for name in pair})
    for regular, bold in DOC_FACES:
        written = []
        for (face, ln), y in zip(lay.lines, _baselines(lay)):
            font = found.get(bold if face == FONT_BOLD else regular)
            codes = font.encode(ln) if font is not None else None
            if codes is None:
                break
            written.append((font, codes, y))
        else:
            art = render_appearance(app, when, text=False) if app.signature_png or app.seal_png else None
            return _shared_text_style(art, written, lay)
    return stamp_style(render_appearance(app, when))


def _shared_text_style(art: bytes | None, written: list, lay: _Layout):
    """A static stamp: the images' page (if any), then each line written with a font object of the document."""
    from pyhanko.pdf_utils.content import PdfContent, ResourceType
    from pyhanko.pdf_utils.generic import NameObject
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _Stamp(PdfContent):
        def render(self) -> bytes:
            ops = [b"q"]
            if art is not None:
                page = _writer_of(self).import_page_as_xobject(PdfFileReader(io.BytesIO(art)), page_ix=0)
                self.set_resource(ResourceType.XOBJECT, NameObject("/SoCDSArt"), page)
                ops.append(b"q /SoCDSArt Do Q")
            names: dict[int, bytes] = {}
            ops.append(b"0 g")
            for font, codes, y in written:
                name = names.setdefault(id(font), b"/SoCDSF%d" % (len(names) + 1))
                self.set_resource(ResourceType.FONT, NameObject(name.decode("ascii")), font.ref)
                ops.append(b"BT %s %g Tf 2 %g Td <%s> Tj ET" % (name, lay.size, y, codes.hex().encode("ascii")))
            return b" ".join([*ops, b"Q"])

    return StaticStampStyle(background=_Stamp(box=BoxConstraints(width=lay.width, height=lay.height)), border_width=0)


def _writer_of(content):
    """The writer pyHanko set on a PdfContent before rendering it (its public `writer`; never None while a stamp is
    being applied)."""
    if content.writer is None:
        raise ValueError("the stamp is rendered without a PDF writer")
    return content.writer


def stamp_style(pdf_bytes: bytes):
    """A pyHanko static stamp style whose background is page 1 of `pdf_bytes` (no border, no text)."""
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _ImportedBytesPage(PdfContent):
        def render(self) -> bytes:
            xobj = _writer_of(self).import_page_as_xobject(PdfFileReader(io.BytesIO(pdf_bytes)), page_ix=0)
            name = "/Import" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
            self.resources.xobject[name] = xobj
            bx1, by1, bx2, by2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(bx1 - bx2), height=abs(by1 - by2))
            return name.encode("ascii") + b" Do"

    return StaticStampStyle(background=_ImportedBytesPage(), border_width=0)
