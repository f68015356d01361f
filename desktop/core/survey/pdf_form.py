"""The fillable PDF form (AcroForm) of one teacher, and reading a returned one.

Fields (docs/survey-format.md): `socds_form_id` and `socds_fingerprint` (hidden, read-only text); one field per
question named `q_<id>`: yes/no and choice questions are radio groups drawn as tick boxes (export values `co` /
`khong`, `o1`…`oN` for the options in order), numbers and short texts are text fields.

Why radio groups and not drop-down choice lists: a field's own appearance can only use the 14 standard PDF fonts
(reportlab refuses others), which have no Vietnamese letters such as «ơ», «ư», «ạ»; options drawn as page text in
the report's font beside a tick box read correctly on screen and on paper, and a viewer keeps one tick per group.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from desktop.core.fileio import write_bytes
from desktop.core.survey.questions import Question, QuestionSet

PAGE_W, PAGE_H = 595.27, 841.89
MARGIN = 50
FIELD_FORM_ID = "socds_form_id"
FIELD_FINGERPRINT = "socds_fingerprint"
YESNO_VALUES = (("co", "Có"), ("khong", "Không"))


def field_name(q: Question) -> str:
    return f"q_{q.qid}"


def option_values(q: Question) -> list[tuple[str, str]]:
    """(export value, label) of each tick box of a yes/no or choice question."""
    if q.kind == "yesno":
        return list(YESNO_VALUES)
    return [(f"o{i}", o) for i, o in enumerate(q.options, start=1)]


@dataclass(frozen=True)
class FormHeader:
    school_name: str
    round_id: str
    teacher: str
    form_id: str


def render(qset: QuestionSet, head: FormHeader, cache: dict | None = None) -> bytes:
    """One teacher's form. `cache` (one dict for a round's forms) keeps the wrapped paragraphs, which are the same
    in every form of the round, so they are laid out once."""
    from reportlab.lib.colors import black, white
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from desktop.core.report import fonts

    fonts.register()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(f"{qset.title} — đợt {head.round_id}")
    c.setCreator("Sổ CĐS")
    c.setSubject(head.form_id)
    body = ParagraphStyle("body", fontName=fonts.FAMILY, fontSize=11, leading=14)
    small = ParagraphStyle("small", parent=body, fontName=fonts.ITALIC, fontSize=9, leading=11)
    width = PAGE_W - 2 * MARGIN
    y = PAGE_H - MARGIN

    paras = {} if cache is None else cache

    def para(text: str, style=body, indent: float = 0) -> None:
        nonlocal y
        key = (text, style.name, indent)
        if key not in paras:
            p = Paragraph(_esc(text), style)
            paras[key] = (p, p.wrap(width - indent, PAGE_H)[1])
        p, h = paras[key]
        if y - h < MARGIN:
            new_page()
        p.drawOn(c, MARGIN + indent, y - h)
        y -= h

    def room(h: float) -> None:
        if y - h < MARGIN:
            new_page()

    def new_page() -> None:
        nonlocal y
        c.setFont(fonts.FAMILY, 9)
        c.drawRightString(PAGE_W - MARGIN, MARGIN / 2, f"Mã phiếu: {head.form_id} — trang {c.getPageNumber()}")
        c.showPage()
        y = PAGE_H - MARGIN

    c.setFont(fonts.BOLD, 12)
    c.drawString(MARGIN, y - 12, head.school_name.upper()[:90])
    y -= 30
    c.setFont(fonts.BOLD, 15)
    c.drawCentredString(PAGE_W / 2, y - 15, qset.title[:80].upper())
    y -= 30
    para(f"Đợt khảo sát: <b>{_esc(head.round_id)}</b>      Mã phiếu: <b>{_esc(head.form_id)}</b>")
    para(f"Họ và tên giáo viên: <b>{_esc(head.teacher)}</b>")
    y -= 6
    para(
        "Thầy/cô điền ngay trên máy bằng phần mềm đọc PDF (Adobe Acrobat Reader, Foxit, Edge, Chrome…), lưu lại "
        "và gửi tệp cho đầu mối chuyển đổi số của trường; hoặc in ra, điền tay và nộp bản giấy. Đánh dấu một ô "
        "ở mỗi câu chọn; không đổi tên tệp cũng được, mã phiếu nằm trong tệp.",
        small,
    )
    y -= 8
    form = c.acroForm
    # Hidden, read-only: the keys that match the returned file to its teacher and its questions.
    for name, value in ((FIELD_FORM_ID, head.form_id), (FIELD_FINGERPRINT, qset.fingerprint)):
        form.textfield(
            name=name,
            value=value,
            x=0,
            y=0,
            width=1,
            height=1,
            fieldFlags="readOnly",
            annotationFlags="hidden",
            borderWidth=0,
            fontSize=1,
        )
    for n, q in enumerate(qset.questions, start=1):
        room(60)
        y -= 6
        req = "" if q.required else " <i>(không bắt buộc)</i>"
        para(f"<b>Câu {n}.</b> {_esc(q.text)}{req}")
        if q.sources:
            para("Phục vụ: " + "; ".join(s.label for s in q.sources), small, 18)
        y -= 4
        if q.kind in ("yesno", "choice"):
            opts = option_values(q)
            inline = q.kind == "yesno"
            x = MARGIN + 18
            if inline:
                room(20)
            for value, label in opts:
                if not inline:
                    room(20)
                form.radio(
                    name=field_name(q),
                    value=value,
                    selected=False,
                    x=x,
                    y=y - 15,
                    size=13,
                    buttonStyle="check",
                    shape="square",
                    borderColor=black,
                    fillColor=white,
                    textColor=black,
                    borderWidth=1,
                    fieldFlags="noToggleToOff radio",
                    annotationFlags="print",
                )
                c.setFont(fonts.FAMILY, 11)
                c.drawString(x + 18, y - 12, label)
                if inline:
                    x += 18 + c.stringWidth(label, fonts.FAMILY, 11) + 30
                else:
                    y -= 18
            if inline:
                y -= 18
        else:
            room(22)
            w = 140 if q.kind == "number" else width - 18
            form.textfield(
                name=field_name(q),
                value="",
                x=MARGIN + 18,
                y=y - 18,
                width=w,
                height=18,
                borderColor=black,
                fillColor=white,
                textColor=black,
                borderWidth=1,
                fontSize=10,
                maxlen=20 if q.kind == "number" else q.max_length,
                annotationFlags="print",
            )
            if q.kind == "number":
                c.setFont(fonts.ITALIC, 9)
                c.drawString(MARGIN + 18 + w + 8, y - 13, q.hint)
                y -= 22
            else:
                y -= 22
                para(q.hint, small, 18)
    y -= 14
    room(40)
    para("Ngày … tháng … năm 20…        Giáo viên (ký, ghi rõ họ tên)", body, width / 2 - 40)
    c.setFont(fonts.FAMILY, 9)
    c.drawRightString(PAGE_W - MARGIN, MARGIN / 2, f"Mã phiếu: {head.form_id} — trang {c.getPageNumber()}")
    c.showPage()
    c.save()
    return buf.getvalue()


def write(path: Path, qset: QuestionSet, head: FormHeader) -> Path:
    return write_bytes(path, render(qset, head))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if "<b>" not in text else text


# ---- reading a returned form ----------------------------------------------------------------------------------
class Unreadable(Exception):
    """The file cannot be read as a PDF (damaged, cut short, encrypted); the message is Vietnamese."""


def read_fields(path: Path) -> dict[str, object]:
    """Every terminal field's value by its full name: text as str, a radio/checkbox state as its export value
    without the slash ('co', 'o2', 'Off'), None when the field has no value."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        with open(path, "rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            if reader.encrypted:
                raise Unreadable("tệp PDF bị đặt mật khẩu, không đọc được")
            form = _deref(reader.root.get("/AcroForm"))
            if not isinstance(form, generic.DictionaryObject):
                return {}
            out: dict[str, object] = {}
            _walk(_deref(form.get("/Fields")) or generic.ArrayObject(), "", None, out, 0)
            return out
    except Unreadable:
        raise
    except (
        PdfError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        UnicodeDecodeError,
    ) as exc:
        raise Unreadable(f"tệp PDF bị hỏng hoặc không đọc được ({type(exc).__name__})") from None


def _walk(fields, prefix: str, inherited, out: dict, depth: int) -> None:
    from pyhanko.pdf_utils import generic

    if depth > 8:
        raise Unreadable("cây ô nhập trong tệp PDF quá sâu (tệp lạ)")
    if not isinstance(fields, generic.ArrayObject):
        raise Unreadable("danh sách ô nhập trong tệp PDF không đúng cấu trúc")
    for ref in fields:
        f = _deref(ref)
        if not isinstance(f, generic.DictionaryObject):
            continue
        name = f.get("/T")
        full = f"{prefix}.{name}" if prefix and name is not None else (str(name) if name is not None else prefix)
        value = _deref(f.get("/V", inherited))
        kids = _deref(f.get("/Kids"))
        named_kids = isinstance(kids, generic.ArrayObject) and any(
            isinstance(_deref(k), generic.DictionaryObject) and "/T" in _deref(k) for k in kids
        )
        if named_kids:
            _walk(kids, full, value, out, depth + 1)
        elif full:
            out[full] = _plain(value)


def _deref(v):
    return v.get_object() if hasattr(v, "get_object") else v


def _plain(v):
    from pyhanko.pdf_utils import generic

    if v is None:
        return None
    if isinstance(v, generic.NameObject):
        return str(v)[1:]
    if isinstance(v, generic.ByteStringObject):
        return bytes(v).decode("latin-1")
    if isinstance(v, (generic.TextStringObject, str)):
        return str(v)
    if isinstance(v, generic.ArrayObject):
        return [_plain(x) for x in v]
    return str(v)
