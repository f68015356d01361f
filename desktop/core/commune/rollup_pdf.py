"""The managing body's own report (roll-up kind) in the administrative layout, from a Rollup: the school
report's header, signature block and fonts (desktop.core.report.pdf), a table of every school; exported with
the workbook and the roll-up JSON attached inside the signed revision (same signing paths as a school report).
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    HRFlowable,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
)

from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.inbox import SIGNATURE_LABELS
from desktop.core.commune.rollup import Rollup, dumps
from desktop.core.commune.rollup_xlsx import write_rollup_xlsx
from desktop.core.fileio import write_bytes
from desktop.core.periods import Period, label, today
from desktop.core.preschool import COMMUNE_HOW, NO_LEVEL_MN
from desktop.core.report import pdf as P
from desktop.core.report import pdf_tables as T
from desktop.core.report.fonts import register
from desktop.core.report.letterhead import C14B, closing, header


def _table(head: list[str], rows: list[list], widths: list[float]) -> LongTable:
    # T.p escapes its text itself: escaping here too printed "<b>" and "&amp;" literally.
    t = LongTable(
        [[T.p(h, T.HEAD) for h in head]] + [[T.p(str(c)) for c in r] for r in rows], colWidths=widths, repeatRows=1
    )
    t.setStyle(T._grid())
    return t


def subject(ru: Rollup) -> str:
    what = (
        "tự đánh giá mức độ chuyển đổi số"
        if (ru.kind or "self-assessment") == "self-assessment"
        else "thực hiện kế hoạch chuyển đổi số"
    )
    return f"Tổng hợp kết quả {what} của các cơ sở giáo dục {label(ru.period) if ru.period else ''}".rstrip()


def story(ru: Rollup, a: AuthorityInfo, sink: dict) -> list:
    w = A4[0] - P.PORTRAIT["left"] - P.PORTRAIT["right"]
    try:
        year = Period.parse(ru.period or "").last.year
    except ValueError:  # a roll-up of every period
        year = today().year
    lh = a.letterhead(year)
    total = len(ru.rows) + len(ru.missing)
    late = sum(1 for r in ru.rows if r.late)
    out = [
        header(lh, w),
        Spacer(1, 8 * mm),
        Paragraph("BÁO CÁO", C14B),
        Paragraph(f"<b>{T.esc(subject(ru))}</b>", C14B),
        HRFlowable(width=40 * mm, thickness=0.6, color="black", spaceBefore=5, spaceAfter=10, hAlign="CENTER"),
        Paragraph("I. TÌNH HÌNH TIẾP NHẬN BÁO CÁO", P.H1),
        P.para(
            f"{a.name} quản lý {total} cơ sở giáo dục; đã nhận báo cáo hợp lệ của {len(ru.rows)} cơ sở"
            + (f", trong đó {late} cơ sở nộp muộn" if late else "")
            + "."
        ),
        P.para(
            "Chưa nhận được báo cáo của: " + "; ".join(f"{n} ({c})" for c, n in ru.missing) + "."
            if ru.missing
            else "Tất cả các cơ sở đã gửi báo cáo."
        ),
        Paragraph("II. KẾT QUẢ TỔNG HỢP", P.H1),
        P.para("Số cơ sở theo mức chuyển đổi số (tính lại từ tệp dữ liệu đã ký của từng cơ sở):"),
        _table(["Mức", "Số cơ sở"], [[k, v] for k, v in ru.level_counts.items()], [w * 0.7, w * 0.3]),
    ]
    if ru.level_counts.get(NO_LEVEL_MN):
        out.append(
            P.para(
                f"{ru.level_counts[NO_LEVEL_MN]} trường mầm non chưa xếp mức vì chưa cài bộ chỉ số mầm non "
                f"(QĐ 3276/QĐ-BGDĐT); bộ chỉ số QĐ 4725 không áp dụng cho mầm non. {COMMUNE_HOW}"
            )
        )
    if ru.criteria:
        out += [
            Spacer(1, 4 * mm),
            P.para("Các tiêu chí có điểm trung bình thấp nhất (so với điểm tối đa):"),
            _table(
                ["Mã", "Tiêu chí", "Điểm TB", "Tối đa"],
                [[c.code, c.text, T.num(c.average), T.num(c.max)] for c in ru.criteria[:10]],
                [w * 0.1, w * 0.62, w * 0.14, w * 0.14],
            ),
        ]
    groups = sorted({g for r in ru.rows for g in r.groups})
    head = (
        ["TT", "Mã", "Tên cơ sở", "Cấp"]
        + [f"Nhóm {g}" for g in groups]
        + ["Mức chung", "Đánh giá ngoài", "Ngày nhận", "Chữ ký"]
    )
    rows = []
    for i, r in enumerate(ru.rows, start=1):
        rows.append(
            [i, r.code, r.name, ", ".join(r.levels)]
            + [f"{T.num(r.groups[g]['total'])} (M{r.groups[g]['level']})" if g in r.groups else "—" for g in groups]
            + [
                r.overall_label.split(" — ")[0],
                (r.external or {}).get("overall_label", "").split(" — ")[0],
                f"{r.received_at[8:10]}/{r.received_at[5:7]}/{r.received_at[:4]}" + (" (muộn)" if r.late else ""),
                SIGNATURE_LABELS.get(r.signature_state, r.signature_state),
            ]
        )
    fixed = [0.05, 0.11, 0.24, 0.07]
    rest = (1 - sum(fixed)) / (len(head) - len(fixed))
    out += [
        Paragraph("III. DANH SÁCH CÁC CƠ SỞ", P.H1),
        _table(head, rows, [w * f for f in fixed] + [w * rest] * (len(head) - len(fixed))),
        Spacer(1, 3 * mm),
        P.para("Chi tiết từng cơ sở trong bảng tính kèm theo báo cáo này./."),
        CondPageBreak(60 * mm),
        closing(lh, w, sink),
    ]
    return out


def render_rollup_pdf_bytes(ru: Rollup, a: AuthorityInfo) -> tuple[bytes, P.PdfLayout]:
    font = register()
    buf = io.BytesIO()
    pw, ph = A4
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
    doc.addPageTemplates([PageTemplate("portrait", [frame], onPage=P._on_page, pagesize=A4)])
    sink: dict = {}
    doc.build(story(ru, a, sink))
    return buf.getvalue(), P.PdfLayout(doc.page, sink["page"], sink["box"], font)


def export_rollup(ru: Rollup, a: AuthorityInfo, out_dir: Path | str, signer=None) -> dict[str, Path]:
    """tong-hop.pdf (signed with `signer` when given — the workbook and JSON attached inside the signed revision —
    else with an empty signature field for signing elsewhere), tong-hop.xlsx, tong-hop.json."""
    out_dir = Path(out_dir)
    stem = f"tong-hop_{ru.kind or 'bao-cao'}_{ru.period or 'tat-ca'}"
    xlsx = write_rollup_xlsx(ru, out_dir / f"{stem}.xlsx")
    js = write_bytes(out_dir / f"{stem}.json", dumps(ru).encode("utf-8"))
    pdf, layout = render_rollup_pdf_bytes(ru, a)
    target = out_dir / f"{stem}.pdf"
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
