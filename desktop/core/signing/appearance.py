"""The visible signature: signature image, seal overlapping its left third, and an info line.

Drawn with reportlab into a one-page PDF the size of the signature box and applied by pyHanko as a static stamp:
pyHanko's own text stamp spreads the glyphs of 2048-unit fonts (Liberation, DejaVu) wrongly.
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

FONT = "SoCDS-Serif"
# NĐ30 asks electronic documents for the time in Vietnam's zone, whatever the PC's clock zone (no DST in Vietnam)
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def vietnam_now() -> dt.datetime:
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


FONT_BOLD = "SoCDS-Serif-Bold"


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


def render_appearance(app: Appearance, when: dt.datetime | None = None) -> bytes:
    """A one-page PDF, exactly the box's size, holding the whole visible signature."""
    from reportlab.pdfgen import canvas

    register_fonts()
    x1, y1, x2, y2 = app.box
    w, h = abs(x2 - x1), abs(y2 - y1)
    if w < 40 or h < 30:
        raise UserError("Ô chữ ký quá nhỏ (cần ít nhất 40 × 30 điểm).")
    when = (when or vietnam_now()).astimezone(VIETNAM).replace(microsecond=0)
    sig_img, seal_img = _image(app.signature_png, "chữ ký"), _image(app.seal_png, "con dấu")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), initialFontName=FONT)  # else an unembedded Helvetica is referenced
    size = 8 if w >= 160 else 6.5
    lines = []
    if app.signer_name:
        lines.append((FONT_BOLD, nfc(app.signer_name)))
    info = " · ".join(p for p in (nfc(app.organisation), when.isoformat()) if p)
    lines += [(FONT, ln) for ln in _wrap(info, FONT, size, w - 4)]
    if app.internal_notice:
        lines += [(FONT, ln) for ln in _wrap(nfc(app.internal_notice), FONT, size, w - 4)]
    text_h = len(lines) * (size + 1.5) + 2
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
    y = text_h - size - 1
    for font, ln in lines:
        c.setFont(font, size)
        c.drawString(2, y, ln)
        y -= size + 1.5
    c.showPage()
    c.save()
    return buf.getvalue()


def stamp_style(pdf_bytes: bytes):
    """A pyHanko static stamp style whose background is page 1 of `pdf_bytes` (no border, no text)."""
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _ImportedBytesPage(PdfContent):
        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(pdf_bytes)), page_ix=0)
            name = "/Import" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
            self.resources.xobject[name] = xobj
            bx1, by1, bx2, by2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(bx1 - bx2), height=abs(by1 - by2))
            return name.encode("ascii") + b" Do"

    return StaticStampStyle(background=_ImportedBytesPage(), border_width=0)
