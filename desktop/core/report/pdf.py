"""The report as a PDF in the administrative layout of Nghị định 30/2020/NĐ-CP (A4, Times New Roman/Liberation
Serif embedded, the letterhead's header and closing block (report/letterhead.py), numbered sections, "./.").

`render_pdf(rd, path)` returns where the signature block landed (page and box in PDF points), so the signing code
can put its field there; `signature_field=True` adds an empty signature field at that place (for signing outside
the product).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from desktop.core.fileio import write_bytes
from desktop.core.periods import Period
from desktop.core.preschool import preschool_only
from desktop.core.preschool import report_statement as preschool_statement
from desktop.core.report import pdf_tables as T
from desktop.core.report.data import ReportData
from desktop.core.report.fonts import BOLD, FAMILY, register
from desktop.core.report.letterhead import C13, C14B, Letterhead, attached_to, closing, header
from desktop.core.report.pdf_layout import H1, H2, LANDSCAPE, PORTRAIT, PdfLayout, add_signature_field, para
from desktop.core.report.pdf_page import DRAFT_MARK, draft_mark, page_number, pdf_date
from desktop.core.report.pdf_period import closing_sections, period_intro, period_sections, progress, progress_appendix

C13B = ParagraphStyle("c13b", parent=C13, fontName=BOLD)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def letterhead(rd: ReportData) -> Letterhead:
    """The school's letterhead on its report; an undated report carries the year its period ends in."""
    return Letterhead(
        issuer=rd.school.name,
        managing_body=rd.managing_body,
        doc_code=rd.school.doc_code,
        doc_number=rd.doc_number,
        doc_date=rd.doc_date,
        year=Period.parse(rd.period).last.year,
        place_name=rd.place_name,
        recipients=tuple(rd.recipients),
        signer_authority=rd.signer.authority,
        signer_position=rd.signer.position,
        signer_name=rd.signer.name,
    )


def _general(rd: ReportData) -> list:
    s = rd.school
    levels = ", ".join(s.levels)
    out = [
        para(f"Tên trường: {s.name}; mã trường: {s.code or 'chưa có'}; cấp học: {levels or 'chưa ghi'}."),
        para(f"Địa chỉ: {s.address or 'chưa ghi'}. Cơ quan quản lý trực tiếp: {rd.managing_body or 'chưa ghi'}."),
        para(f"Liên hệ: điện thoại {s.phone or 'chưa ghi'}; thư điện tử {s.email or 'chưa ghi'}."),
    ]
    if rd.assessment:
        i = rd.assessment.indicators
        out.append(para(f"Căn cứ đánh giá: {i.title} ({i.legal_basis or i.set_id})."))
    elif preschool_only(s.levels):
        out.append(para(preschool_statement()))
    for pl in rd.plans if rd.period_content is None else ():  # a period report cites its plans above
        out.append(para(f"Kế hoạch thực hiện: {pl.title}" + (f" ({pl.doc_number})" if pl.doc_number else "") + "."))
    return out


def _assessment(rd: ReportData, n: str, appendix: str) -> list:
    """The school's result: level, groups, criteria, mandatory conditions; the item-by-item table is an appendix.
    How the software reads the indicator set (its version, unverified rows, points not yet known, the reading of
    the overall rule) is not the school's statement: it is in the pre-send check (report/checks.py)."""
    a = rd.assessment
    assert a is not None  # the section is there only for a report with a self-assessment
    w = A4[0] - PORTRAIT["left"] - PORTRAIT["right"]
    out = [
        Paragraph(f"{n}. KẾT QUẢ TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ", H1),
        Paragraph("1. Tổng hợp theo nhóm và mức đạt", H2),
        T.summary_table(rd, w),
        Spacer(1, 4),
        para(f"Mức chuyển đổi số của nhà trường: {a.overall_label}."),
    ]
    for g in a.groups:
        if g.capped:
            out.append(
                para(
                    f"Nhóm {g.code} còn điều kiện bắt buộc chưa đạt ({', '.join(g.unmet)}) nên được xếp "
                    f"{g.level_label}."
                )
            )
    if a.previous is not None:  # last school year beside this one, when the data file has it (issue 22)
        from desktop.core.report.pdf_previous import comparison_table

        note = "" if a.previous.same_set else f" (năm trước đánh giá theo {a.previous.indicators})"
        out += [Spacer(1, 4), para(f"So sánh với năm học {a.previous.school_year}{note}:"), comparison_table(rd, w)]
    out += [
        Paragraph("2. Điểm theo tiêu chí", H2),
        T.criterion_chart(rd, w),
        Paragraph("3. Điều kiện bắt buộc", H2),
        T.mandatory_table(rd, w),
        Paragraph("4. Kết quả chi tiết theo chỉ số, tiêu chí", H2),
        para(f"Kết quả, điểm và minh chứng của từng chỉ số, tiêu chí tại Phụ lục {appendix} kèm theo Báo cáo này."),
    ]
    return out


def _assessment_appendix(rd: ReportData) -> tuple[str, list]:
    lw = landscape(A4)[0] - LANDSCAPE["left"] - LANDSCAPE["right"]
    return "KẾT QUẢ TỰ ĐÁNH GIÁ CHI TIẾT THEO CHỈ SỐ, TIÊU CHÍ", [T.detail_table(rd, lw)]


def _plan(rd: ReportData, n: str, appendix: str) -> list:
    title = "TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH" if rd.kind == "self-assessment" else "KẾT QUẢ THỰC HIỆN KẾ HOẠCH"
    out = [Paragraph(f"{n}. {title} CHUYỂN ĐỔI SỐ", H1)]
    if not rd.checklist:
        return out + [para("Nhà trường chưa ghi nhận tiến độ nhiệm vụ nào trong kỳ báo cáo.")]
    targets = sum(1 for t in rd.checklist if t.row_kind == "target")
    tasks = len(rd.checklist) - targets
    counts = {k: sum(1 for t in rd.checklist if t.status == k) for k in T.STATUS}
    what = f"{targets} chỉ tiêu và {tasks} nhiệm vụ" if targets else f"{tasks} nhiệm vụ"
    out.append(
        para(
            f"Kế hoạch có {what} áp dụng cho nhà trường; đã hoàn thành {counts['done']}; "
            f"đang thực hiện {counts['doing']}; chưa thực hiện {counts['todo']}; không áp dụng {counts['na']}."
        )
    )
    return out + [para(f"Tình trạng, tiến độ của từng chỉ tiêu, nhiệm vụ tại Phụ lục {appendix} kèm theo Báo cáo này.")]


def _plan_appendix(rd: ReportData) -> tuple[str, list]:
    lw = landscape(A4)[0] - LANDSCAPE["left"] - LANDSCAPE["right"]
    return "TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU, NHIỆM VỤ CỦA KẾ HOẠCH CHUYỂN ĐỔI SỐ", [T.tasks_table(rd, lw)]


def _evidence(rd: ReportData, n: str) -> list:
    out = [Paragraph(f"{n}. DANH MỤC MINH CHỨNG", H1)]
    if not rd.evidence:
        return out + [para("Chưa có minh chứng nào được gắn với các chỉ số, nhiệm vụ trong báo cáo này.")]
    w = A4[0] - PORTRAIT["left"] - PORTRAIT["right"]
    return out + [T.evidence_table(rd, w)]


def _difficulties(rd: ReportData, n: str) -> list:
    out = [Paragraph(f"{n}. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT", H1), Paragraph("1. Khó khăn, vướng mắc", H2)]
    out += [para(t) for t in (rd.difficulties or "Không có.").splitlines() if t.strip()]
    out.append(Paragraph("2. Kiến nghị, đề xuất", H2))
    lines = [t for t in (rd.proposals or "Không có.").splitlines() if t.strip()]
    lines[-1] = lines[-1].rstrip().rstrip(".") + "./."
    return out + [para(t) for t in lines]


def _appendix_head(lh: Letterhead, number: str, title: str) -> list:
    return [
        Paragraph(f"<b>Phụ lục {number}</b>", C14B),
        Paragraph(f"<b>{T.esc(title)}</b>", C13B),
        Paragraph(f"<i>{T.esc(attached_to(lh))}</i>", C13),
        Spacer(1, 5 * mm),
    ]


def story(rd: ReportData, sink: dict, numbering: list[int] | None = None) -> list:
    """The report's flowables: the body on portrait pages up to the signature, then the wide tables as appendices
    ("Phụ lục I, II", each tied to the report by its number and date) on landscape pages. `numbering` receives
    the first page of the body and of each appendix (NĐ 30: an appendix has its own page numbers)."""
    w = A4[0] - PORTRAIT["left"] - PORTRAIT["right"]
    lh = letterhead(rd)
    numbering = [] if numbering is None else numbering
    out = [
        _NumberingStart(numbering),
        header(lh, w),
        Spacer(1, 8 * mm),
        Paragraph("BÁO CÁO", C14B),
        Paragraph(f"<b>{T.esc(rd.subject)}</b>", C14B),
        HRFlowable(width=40 * mm, thickness=0.6, color="black", spaceBefore=5, spaceAfter=10, hAlign="CENTER"),
    ]
    out += period_intro(rd)  # month / quarter / year: report/pdf_period.py (issue 20)
    appendices: list[tuple[str, list]] = []
    sections: list = [_general]
    if rd.assessment:
        sections.append(_assessment)
    sections += (period_sections(rd) or [_plan]) + [_evidence] + closing_sections(rd) + [_difficulties]
    for k, sec in enumerate(sections):
        if sec is _general:
            out += [Paragraph(f"{ROMAN[k]}. THÔNG TIN CHUNG", H1)] + _general(rd)
        elif sec is _assessment:
            out += _assessment(rd, ROMAN[k], ROMAN[len(appendices)])
            appendices.append(_assessment_appendix(rd))
        elif sec is _plan and rd.checklist:
            out += _plan(rd, ROMAN[k], ROMAN[len(appendices)])
            appendices.append(_plan_appendix(rd))
        elif sec is progress and rd.checklist:
            out += progress(rd, ROMAN[k], ROMAN[len(appendices)])
            appendices.append(progress_appendix(rd))
        else:
            out += sec(rd, ROMAN[k])
    out.append(CondPageBreak(60 * mm))
    out.append(closing(lh, w, sink))
    for k, (title, body) in enumerate(appendices):
        out += [_Orient("landscape"), _Break(), _NumberingStart(numbering)]
        out += _appendix_head(lh, ROMAN[k], title) + body
    return _orient(out)


class _NumberingStart(Flowable):
    """Zero-size marker: the page it lands on starts a new page numbering (the body, each appendix)."""

    def __init__(self, starts: list[int]):
        super().__init__()
        self.starts = starts

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.starts.append(self.canv.getPageNumber())


class _Break:
    """A marker: a new page even when the orientation does not change (each appendix starts a page)."""


class _Orient:
    """A marker: the following flowables go on portrait/landscape pages (collapsed so no empty page appears)."""

    def __init__(self, name: str):
        self.name = name


def _orient(flowables: list) -> list:
    out, current, pending, brk = [], "portrait", None, False
    for f in flowables:
        if isinstance(f, _Orient):
            pending = f.name
            continue
        if isinstance(f, _Break):
            brk = True
            continue
        if pending and pending != current:
            out += [NextPageTemplate(pending), PageBreak()]
            current = pending
        elif brk:
            out.append(PageBreak())
        pending, brk = None, False
        out.append(f)
    return out


def render_pdf_bytes(rd: ReportData, *, draft: bool = False) -> tuple[bytes, PdfLayout]:
    """The report's PDF and where its signature block is. `draft`: an unsigned copy, marked DỰ THẢO on every page.

    reportlab's invariant mode keeps the output reproducible (same ReportData, same bytes: the tests compare
    renders byte for byte, and a locked version renders as it did); it would also stamp every file 1/1/2000, so
    the creation date is set to the moment the data was taken (ReportData.generated_at)."""
    font = register()
    buf = io.BytesIO()
    pw, ph = A4
    lw, lh = landscape(A4)
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        title=(f"{DRAFT_MARK} - " if draft else "") + f"Báo cáo - {rd.subject}",
        author=rd.school.name,
        subject=rd.subject,
        creator="Sổ CĐS",
        lang="vi-VN",
        invariant=1,
        initialFontName=FAMILY,
        initialFontSize=13,
    )
    created = pdf_date(rd.generated_at)

    def on_page(canv, doc):
        if canv.getPageNumber() == 1:
            canv.setDateFormatter(lambda *_: created)
        if draft:
            draft_mark(canv, doc)

    pf = Frame(
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
    lf = Frame(
        LANDSCAPE["left"],
        LANDSCAPE["bottom"],
        lw - LANDSCAPE["left"] - LANDSCAPE["right"],
        lh - LANDSCAPE["top"] - LANDSCAPE["bottom"],
        id="l",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    starts: list[int] = []
    numbers = page_number(starts)
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [pf], onPage=on_page, onPageEnd=numbers, pagesize=A4),
            PageTemplate("landscape", [lf], onPage=on_page, onPageEnd=numbers, pagesize=(lw, lh)),
        ]
    )
    sink: dict = {}
    doc.build(story(rd, sink, starts))
    data = buf.getvalue()
    layout = PdfLayout(pages=doc.page, signature_page=sink["page"], signature_box=sink["box"], font=font)
    return data, layout


def render_pdf(rd: ReportData, path: Path | str, *, signature_field: bool = False, draft: bool = False) -> PdfLayout:
    data, layout = render_pdf_bytes(rd, draft=draft)
    if signature_field:
        data = add_signature_field(data, layout)
    write_bytes(path, data)
    return layout
