"""The letterhead of every official document this program writes (Nghị định 30/2020/NĐ-CP): the two-column header
(issuing body and number on the left; national title, motto and place/date on the right) and the closing block
(nơi nhận on the left; authority, position, room for the signature and seal, and the signer's name on the right).

The school's report, the commune's roll-up and the return request each fill a Letterhead and get the same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.core.report.fonts import BOLD, BOLDITALIC, FAMILY
from desktop.core.report.pdf_tables import esc

C12 = ParagraphStyle("c12", fontName=FAMILY, fontSize=12, leading=14, alignment=TA_CENTER)
C13 = ParagraphStyle("c13", parent=C12, fontSize=13, leading=16)
C14B = ParagraphStyle("c14b", parent=C12, fontName=BOLD, fontSize=14, leading=18)
RECV_LABEL = ParagraphStyle("recvl", fontName=BOLDITALIC, fontSize=12, leading=14)
RECV = ParagraphStyle("recv", fontName=FAMILY, fontSize=11, leading=13)
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A blank left to fill by hand: no-break spaces, which a Paragraph neither collapses nor breaks a line at
BLANK = "\u00a0" * 10
SHORT_BLANK = "\u00a0" * 7


@dataclass(frozen=True)
class Letterhead:
    """What the header and the closing block of one document show."""

    issuer: str  # the body issuing the document: "Trường THCS Tuệ Tĩnh", "UBND xã Tuệ Tĩnh"
    managing_body: str = ""  # the body above it, printed over its name
    doc_code: str = ""  # the issuer's abbreviation in the number: "Số: 12/BC-THCSTT"
    doc_number: str = ""  # "12" or the whole "12/BC-THCSTT"; empty: left blank to fill by hand
    doc_date: str | None = None  # ISO; None: "ngày … tháng … năm <year>" left to fill by hand
    year: int = 0  # the year printed on an undated date line
    place_name: str = ""
    recipients: tuple[str, ...] = ()
    signer_authority: str = ""  # "HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG", "CHỦ TỊCH"
    signer_position: str = ""  # under a "KT." authority: "PHÓ HIỆU TRƯỞNG"
    signer_name: str = ""
    doc_type: str = "BC"  # the document's kind in its number (báo cáo)


class SignatureSpace(Flowable):
    """Empty room for the signature and seal; remembers where it was drawn (page, box in PDF points)."""

    def __init__(self, width: float, height: float, sink: dict):
        super().__init__()
        self.width, self.height, self.sink = width, height, sink

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.sink["page"] = self.canv.getPageNumber()
        self.sink["box"] = (round(x, 2), round(y, 2), round(x + self.width, 2), round(y + self.height, 2))


def date_line(lh: Letterhead) -> str:
    place = esc(lh.place_name) + ", " if lh.place_name else ""
    if lh.doc_date:
        d = date.fromisoformat(lh.doc_date)
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)  # NĐ 30: day < 10 and months 1, 2 get a 0
        return f"{place}ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}ngày{SHORT_BLANK}tháng{SHORT_BLANK}năm {lh.year}"


def doc_number_line(lh: Letterhead) -> str:
    num = lh.doc_number.strip()
    if num and "/" in num:
        return f"Số: {num}"
    kind = f"{lh.doc_type}-" if lh.doc_type else ""  # a letter (công văn) has no type in its number
    return f"Số:{' ' + num if num else BLANK}/{kind}{lh.doc_code or '…'}"


def attached_to(lh: Letterhead, kind: str = "Báo cáo") -> str:
    """The line under an appendix's title that ties it to its document (NĐ 30): "(Kèm theo Báo cáo số 12/BC-THCSTT
    ngày 15/4/2026 của Trường THCS Tuệ Tĩnh)", with hand-fill blanks where the number or the date is empty."""
    number = doc_number_line(lh).removeprefix("Số:").strip(" ")
    if lh.doc_date:
        d = date.fromisoformat(lh.doc_date)
        day = f"ngày {d.day}/{d.month}/{d.year}"
    else:
        day = f"ngày{SHORT_BLANK}/{SHORT_BLANK}/{lh.year}"
    return f"(Kèm theo {kind} số {number} {day} của {lh.issuer})"


def header(lh: Letterhead, width: float) -> Table:
    left_w = width * 0.42
    right_w = width - left_w
    issuer = lh.issuer.upper()
    left = [
        Paragraph(esc(lh.managing_body.upper()), C12),
        Paragraph(f"<b>{esc(issuer)}</b>", C12),
        HRFlowable(
            width=min(stringWidth(issuer, BOLD, 12) * 0.5, left_w * 0.5),
            thickness=0.6,
            color="black",
            spaceBefore=4,
            spaceAfter=4,
            hAlign="CENTER",
        ),
        Paragraph(esc(doc_number_line(lh)), C13),
    ]
    right = [
        Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", C12),
        Paragraph(f"<b>{MOTTO}</b>", C13),
        HRFlowable(
            width=stringWidth(MOTTO, BOLD, 13),
            thickness=0.6,
            color="black",
            spaceBefore=4,
            spaceAfter=4,
            hAlign="CENTER",
        ),
        Paragraph(f"<i>{date_line(lh)}</i>", C13),
    ]
    t = Table([[left, right]], colWidths=[left_w, right_w])
    # ALIGN centres the short rules (HRFlowable) in their cells; a Table ignores the flowable's own hAlign
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def closing(lh: Letterhead, width: float, sink: dict) -> KeepTogether:
    """Nơi nhận and the signature block; `sink` receives where the signature room was drawn."""
    recips = list(lh.recipients)
    lines = [Paragraph("Nơi nhận:", RECV_LABEL)]
    for k, r in enumerate(recips):
        r = r.strip().lstrip("-").strip().rstrip(";.")
        lines.append(Paragraph(esc(f"- {r}{'.' if k == len(recips) - 1 else ';'}"), RECV))
    sign = [Paragraph(f"<b>{esc(lh.signer_authority.upper())}</b>", C13)]
    if lh.signer_position:
        sign.append(Paragraph(f"<b>{esc(lh.signer_position.upper())}</b>", C13))
    sign_w = width * 0.5
    sign += [SignatureSpace(sign_w - 10 * mm, 30 * mm, sink), Paragraph(f"<b>{esc(lh.signer_name)}</b>", C14B)]
    t = Table([[lines, sign]], colWidths=[width - sign_w, sign_w])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), t])
