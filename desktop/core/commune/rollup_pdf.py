"""The managing body's own report (roll-up kind) in the administrative layout, from a Rollup: the school
report's header, signature block and fonts (desktop.core.report.pdf), a table of every school; exported with
the workbook and the roll-up JSON attached inside the signed revision (same signing paths as a school report).
"""

from __future__ import annotations

import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, HRFlowable, KeepTogether, PageTemplate, Paragraph, Spacer

from desktop.core.commune import rollup_tables as RT
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.rollup import TYPE_NAMES, Rollup
from desktop.core.commune.rollup_charts import WEAKEST, criteria_chart, level_chart, short_level
from desktop.core.commune.rollup_file import to_datafile
from desktop.core.commune.rollup_xlsx import write_rollup_xlsx
from desktop.core.fileio import write_bytes
from desktop.core.periods import KIND_FILE_WORDS, Period, file_words, label, today
from desktop.core.preschool import NO_LEVEL_MN
from desktop.core.report import pdf_layout as P
from desktop.core.report import pdf_tables as T
from desktop.core.report.fonts import ITALIC, register
from desktop.core.report.letterhead import C14B, closing, header
from desktop.core.report.pdf_page import page_number, pdf_date
from desktop.core.signing import verdict

Q1 = Decimal("0.1")
NOTE = ParagraphStyle("rollup_note", fontName=ITALIC, fontSize=11, leading=13, spaceBefore=3)


def _date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def subject(ru: Rollup) -> str:
    what = (
        "tự đánh giá mức độ chuyển đổi số"
        if (ru.kind or "self-assessment") == "self-assessment"
        else "thực hiện kế hoạch chuyển đổi số"
    )
    when = label(ru.period) if ru.period else "(tất cả các kỳ)"
    return f"Tổng hợp kết quả {what} của các cơ sở giáo dục {when}"


def _lower(reason: str) -> str:
    """A reason as part of a sentence: first letter lower-case, no full stop."""
    reason = reason.strip().rstrip(".")
    return reason[:1].lower() + reason[1:]


def _names(pairs) -> str:
    return "; ".join(f"{n} ({c})" for c, n in pairs)


def intake_section(ru: Rollup, a: AuthorityInfo, w: float) -> list:
    total = len(ru.rows) + len(ru.missing)
    late = [r for r in ru.rows if r.late]
    due = next((r.due_date for r in late if r.due_date), None)
    out = [
        Paragraph("I. TÌNH HÌNH TIẾP NHẬN BÁO CÁO", P.H1),
        P.para(
            f"{a.name} quản lý {total} cơ sở giáo dục; đã nhận và tổng hợp báo cáo hợp lệ của {len(ru.rows)} cơ sở"
            + (
                f", trong đó {len(late)} cơ sở nộp muộn (ngày ký báo cáo sau hạn {_date(due)})"
                if late and due
                else f", trong đó {len(late)} cơ sở nộp muộn"
                if late
                else ""
            )
            + "."
        ),
    ]
    by_school: dict[str, list[str]] = {}
    for f in ru.refused:
        by_school.setdefault(f.school_code, []).append(f.reason)
    if ru.refused_schools:
        out.append(
            P.para(
                f"Báo cáo bị từ chối hoặc đang chờ xem xét, chưa tổng hợp ({len(ru.refused_schools)} cơ sở): "
                + "; ".join(f"{n} ({c}): {_lower(by_school[c][-1])}" for c, n in ru.refused_schools)
                + "."
            )
        )
    out.append(
        P.para(f"Chưa gửi báo cáo ({len(ru.not_sent)} cơ sở): {_names(ru.not_sent)}.")
        if ru.not_sent
        else P.para("Không có cơ sở nào chưa gửi báo cáo.")
    )
    if ru.refused:
        out += [
            Spacer(1, 2 * mm),
            P.para("Các tệp bị từ chối hoặc chờ xem xét (không tính vào tổng hợp):"),
            RT.table(
                ["TT", "Tệp nhận được", "Mã trường", "Ngày nhận", "Lý do"],
                [
                    [i, f.file_name, f.school_code or "—", _date(f.received_at), f.reason]
                    for i, f in enumerate(ru.refused, start=1)
                ],
                w,
                [0, 2, 0, 0, 4],
                centred=(0, 2, 3),
            ),
        ]
    return out


def results_section(ru: Rollup, w: float) -> list:
    out = [
        Paragraph("II. KẾT QUẢ TỔNG HỢP", P.H1),
        P.para("1. Số cơ sở theo mức chuyển đổi số (tính lại từ tệp dữ liệu đã ký của từng cơ sở):"),
        RT.table(["Mức", "Số cơ sở"], [[k, v] for k, v in ru.level_counts.items()], w, [3, 1], centred=(1,)),
    ]
    labels = list(ru.level_counts)
    if ru.by_type:
        out += [
            Spacer(1, 3 * mm),
            P.para("2. Theo loại trường (số cơ sở ở mỗi mức; muộn, bị từ chối, chưa gửi):"),
            RT.table(
                ["Loại trường", "Số trường", *[short_level(k) for k in labels], "Nộp muộn", "Bị từ chối", "Chưa gửi"],
                [
                    [TYPE_NAMES.get(t.type, t.type), t.schools, *[t.levels.get(k, 0) for k in labels]]
                    + [t.late, t.refused, t.not_sent]
                    for t in ru.by_type
                ],
                w,
                [2] + [1] * (len(labels) + 4),
                centred=tuple(range(1, len(labels) + 5)),
            ),
        ]
    mn = ru.level_counts.get(NO_LEVEL_MN)
    if mn:
        out.append(
            P.para(
                f"{mn} trường mầm non chưa xếp mức vì chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT); bộ chỉ số "
                "QĐ 4725 không áp dụng cho mầm non."
            )
        )
    chart = level_chart(ru, w)
    if chart:
        out += [Spacer(1, 2 * mm), chart]
    if ru.criteria:
        crits = ru.criteria[:WEAKEST]
        out += [
            Spacer(1, 3 * mm),
            P.para(f"3. Các tiêu chí có điểm trung bình thấp nhất (so với điểm tối đa), {len(crits)} tiêu chí:"),
            RT.table(
                ["Mã", "Tiêu chí", "Điểm TB", "Tối đa", "Tỉ lệ"],
                [
                    [c.code, c.text, T.num(c.average), T.num(c.max), f"{T.num((c.ratio * 100).quantize(Q1))}%"]
                    for c in crits
                ],
                w,
                [0, 1, 0, 0, 0],
                centred=(0, 2, 3, 4),
            ),
        ]
        chart = criteria_chart(ru, w)
        if chart:
            out += [Spacer(1, 2 * mm), chart]
    return out


def schools_section(ru: Rollup, w: float) -> list:
    groups = sorted({g for r in ru.rows for g in r.groups})
    head = ["TT", "Mã", "Tên cơ sở", "Loại"] + [f"Nhóm {g}" for g in groups] + ["Mức chung", "Ngày ký", "Ngày nhận"]
    rows = []
    for i, r in enumerate(ru.rows, start=1):
        rows.append(
            [i, r.code, r.name, r.school_type]
            + [f"{T.num(r.groups[g]['total'])} (M{r.groups[g]['level']})" if g in r.groups else "—" for g in groups]
            + [
                short_level(r.overall_label),
                _date(r.signed_on) + (" (muộn)" if r.late else ""),
                _date(r.received_at),
            ]
        )
    untrusted = [r for r in ru.rows if r.signature_state != "trusted"]
    out = [
        Paragraph("III. DANH SÁCH CÁC CƠ SỞ ĐÃ TỔNG HỢP", P.H1),
        RT.table(
            head, rows, w, [0, 0, 1] + [0] * (len(head) - 3), centred=tuple(i for i in range(len(head)) if i != 2)
        ),
        P.para(
            "Ngày ký: ngày ghi trên báo cáo (không có thì ngày ký số, giờ Việt Nam); hạn nộp tính theo ngày này."
            + (
                f" {len(untrusted)} báo cáo có chữ ký {verdict.signature_label('untrusted').lower()}, được cán bộ "
                "xem xét và chấp nhận."
                if untrusted
                else f" Mọi báo cáo đã tổng hợp đều có chữ ký số {verdict.signature_label('trusted').lower()}."
            ),
            NOTE,
        ),
    ]
    return out


def story(ru: Rollup, a: AuthorityInfo, sink: dict) -> list:
    w = A4[0] - P.PORTRAIT["left"] - P.PORTRAIT["right"]
    try:
        year = Period.parse(ru.period or "").last.year
    except ValueError:  # a roll-up of every period
        year = today().year
    lh = a.letterhead(year)
    out = [
        header(lh, w),
        Spacer(1, 8 * mm),
        Paragraph("BÁO CÁO", C14B),
        Paragraph(f"<b>{T.esc(subject(ru))}</b>", C14B),
        HRFlowable(width=40 * mm, thickness=0.6, color="black", spaceBefore=5, spaceAfter=10, hAlign="CENTER"),
        *intake_section(ru, a, w),
        *results_section(ru, w),
        *schools_section(ru, w),
        # the last paragraph and the signature block stay on one page (NĐ 30: never a signature alone)
        KeepTogether([P.para("Chi tiết từng cơ sở trong bảng tính kèm theo báo cáo này./."), closing(lh, w, sink)]),
    ]
    return out


def now_iso() -> str:
    """The export's moment (UTC, ISO 8601): the roll-up PDF's creation date, stamped in Vietnam's time."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def page_setup(created_at: str):
    """onPage for an authority's report: the page number (NĐ 30) and, on the first page, the creation date of
    `created_at` (reportlab's invariant mode, kept for reproducible bytes, would otherwise stamp 1/1/2000)."""
    created = pdf_date(created_at)
    numbers = page_number([])

    def on_page(canv, doc):
        if canv.getPageNumber() == 1:
            canv.setDateFormatter(lambda *_: created)
        numbers(canv, doc)

    return on_page


def render_rollup_pdf_bytes(ru: Rollup, a: AuthorityInfo, created_at: str | None = None) -> tuple[bytes, P.PdfLayout]:
    """The roll-up's PDF; `created_at` (ISO 8601, default now) is its creation date."""
    font = register()
    buf = io.BytesIO()
    pw, ph = A4
    a.require_name()
    doc = BaseDocTemplate(
        buf, pagesize=A4, title=f"Báo cáo - {subject(ru)}", author=a.name, creator="Sổ CĐS", lang="vi-VN", invariant=1
    )
    frame = Frame(
        P.PORTRAIT["left"],
        P.PORTRAIT["bottom"],
        pw - P.PORTRAIT["left"] - P.PORTRAIT["right"],
        ph - P.PORTRAIT["top"] - P.PORTRAIT["bottom"],
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("portrait", [frame], onPage=page_setup(created_at or now_iso()), pagesize=A4)])
    sink: dict = {}
    doc.build(story(ru, a, sink))
    return buf.getvalue(), P.PdfLayout(doc.page, sink["page"], sink["box"], font)


def stem_of(ru: Rollup, a: AuthorityInfo | None = None, version: int = 1) -> str:
    """tong-hop_<kind>_<period>; with the body's code first and the version last once the body has a code, as a
    school's report file is named (a Sở's intake reads the code a file name starts with)."""
    kind = KIND_FILE_WORDS.get(ru.kind, ru.kind) if ru.kind else "bao-cao"
    stem = f"tong-hop_{kind}_{file_words(ru.period) if ru.period else 'tat-ca'}"
    return f"{a.code}_{stem}_v{version}" if a is not None and a.code else stem


def export_data(ru: Rollup, out_dir: Path | str, a: AuthorityInfo | None = None, version: int = 1) -> dict[str, Path]:
    """The workbook and the data file (rollup_file.py; what `socds aggregate` writes alone while the body's name
    is not declared)."""
    out_dir = Path(out_dir)
    stem = stem_of(ru, a, version)
    xlsx = write_rollup_xlsx(ru, out_dir / f"{stem}.xlsx")
    doc = to_datafile(ru.to_dict(), a or AuthorityInfo(), version)
    return {"xlsx": xlsx, "json": write_bytes(out_dir / f"{stem}.json", json_bytes(doc))}


def json_bytes(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_rollup(
    ru: Rollup, a: AuthorityInfo, out_dir: Path | str, signer=None, version: int = 1, created_at: str | None = None
) -> dict[str, Path]:
    """The roll-up report PDF (signed with `signer` when given — the workbook and the data file attached inside
    the signed revision — else with an empty signature field for signing elsewhere), its workbook and data file.
    `version`: the how-manieth roll-up of this kind and period the body sends (a Sở keeps the newest);
    `created_at`: the export's moment (ISO 8601; default now), the PDF's creation date."""
    a.require_name()  # before anything is written: no document goes out without the body's name
    out_dir = Path(out_dir)
    pdf, layout = render_rollup_pdf_bytes(ru, a, created_at)
    data = export_data(ru, out_dir, a, version)
    xlsx, js = data["xlsx"], data["json"]
    target = out_dir / f"{stem_of(ru, a, version)}.pdf"
    if signer is None:
        from desktop.core.signing import prepare_handoff

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(pdf)
            prepare_handoff(
                src,
                target,
                page=layout.signature_page - 1,
                box=layout.signature_box,
                field_name="ChuKyThuTruong",
                attachments=[xlsx, js],
            )
    else:
        from desktop.core.signing import sign_pdf

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(pdf)
            sign_pdf(src, target, signer, attachments=[xlsx, js])
    return {"pdf": target, "xlsx": xlsx, "json": js}


def rollup_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
