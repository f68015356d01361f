"""The Sở's province roll-up as files: the report PDF in the administrative layout (the Sở's letterhead and
signature block), its workbook (by commune, not sent by commune, the Sở's own schools) and its JSON, attached
inside the signed revision as a commune's roll-up is."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, HRFlowable, KeepTogether, PageTemplate, Paragraph, Spacer

from desktop.core import sheets
from desktop.core.commune import rollup_tables as RT
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.province import Province
from desktop.core.commune.rollup_charts import short_level
from desktop.core.commune.rollup_pdf import now_iso, page_setup
from desktop.core.commune.rollup_xlsx import school_rows
from desktop.core.fileio import write_bytes
from desktop.core.periods import Period, label, today
from desktop.core.report import pdf_layout as P
from desktop.core.report import pdf_tables as T
from desktop.core.report.fonts import register
from desktop.core.report.letterhead import C14B, closing, header


def _date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def subject(pv: Province) -> str:
    what = (
        "tự đánh giá mức độ chuyển đổi số"
        if (pv.kind or "self-assessment") == "self-assessment"
        else "thực hiện kế hoạch chuyển đổi số"
    )
    when = label(pv.period) if pv.period else "(tất cả các kỳ)"
    return f"Tổng hợp kết quả {what} của các cơ sở giáo dục toàn tỉnh {when}"


def commune_table_rows(pv: Province) -> tuple[list[str], list[list]]:
    labels = list(pv.level_counts)
    head = ["Mã", "Xã/phường", "Số trường", "Đã nhận", *[short_level(k) for k in labels], "Nộp muộn", "Bị từ chối"]
    head.append("Chưa gửi")
    rows = [
        [c.code, c.name, c.schools, c.received, *[c.levels.get(k, 0) for k in labels], c.late, c.refused, c.not_sent]
        for c in pv.communes
    ]
    d = pv.direct
    if d.rows or d.missing:
        rows.append(
            ["—", "Trường trực thuộc Sở", len(d.rows) + len(d.missing), len(d.rows)]
            + [d.level_counts.get(k, 0) for k in labels]
            + [sum(1 for r in d.rows if r.late), len(d.refused_schools), len(d.not_sent)]
        )
    t = pv.totals()
    rows.append(
        ["", "Cộng", t["schools"], t["received"], *[pv.level_counts.get(k, 0) for k in labels]]
        + [t["late"], t["refused"], t["not_sent"]]
    )
    return head, rows


def story(pv: Province, a: AuthorityInfo, sink: dict) -> list:
    w = A4[0] - P.PORTRAIT["left"] - P.PORTRAIT["right"]
    try:
        year = Period.parse(pv.period or "").last.year
    except ValueError:
        year = today().year
    lh = a.letterhead(year)
    t = pv.totals()
    head, rows = commune_table_rows(pv)
    out = [
        header(lh, w),
        Spacer(1, 8 * mm),
        Paragraph("BÁO CÁO", C14B),
        Paragraph(f"<b>{T.esc(subject(pv))}</b>", C14B),
        HRFlowable(width=40 * mm, thickness=0.6, color="black", spaceBefore=5, spaceAfter=10, hAlign="CENTER"),
        Paragraph("I. TÌNH HÌNH TIẾP NHẬN BÁO CÁO", P.H1),
        P.para(
            f"Đã nhận báo cáo tổng hợp đã ký số hợp lệ của {t['communes_received']}/{t['communes']} xã, phường; "
            f"tổng số {t['schools']} cơ sở giáo dục, đã có báo cáo hợp lệ của {t['received']} cơ sở "
            f"({t['late']} cơ sở nộp muộn, {t['refused']} cơ sở bị từ chối, {t['not_sent']} cơ sở chưa gửi)."
        ),
    ]
    if pv.missing_communes:
        out.append(
            P.para(
                f"Chưa nhận được báo cáo tổng hợp của {len(pv.missing_communes)} xã, phường: "
                + "; ".join(f"{n} ({c})" for c, n in pv.missing_communes)
                + (
                    f" (trong đó báo cáo của {len(pv.refused_communes)} xã, phường bị từ chối hoặc đang chờ xem xét)"
                    if pv.refused_communes
                    else ""
                )
                + "."
            )
        )
    out += [
        Paragraph("II. KẾT QUẢ THEO XÃ, PHƯỜNG", P.H1),
        P.para("Số cơ sở theo mức chuyển đổi số, nộp muộn, bị từ chối và chưa gửi của từng xã, phường:"),
        RT.table(head, rows, w, [0, 1] + [0] * (len(head) - 2), centred=tuple(range(2, len(head)))),
    ]
    late_or_missing = [c for c in pv.communes if c.missing]
    if late_or_missing:
        out += [
            Paragraph("III. CƠ SỞ CHƯA CÓ BÁO CÁO HỢP LỆ, THEO XÃ, PHƯỜNG", P.H1),
            RT.table(
                ["Xã/phường", "Mã trường", "Tên trường", "Tình trạng"],
                [[c.name, m[0], m[1], m[2]] for c in late_or_missing for m in c.missing],
                w,
                [1, 0, 2, 0],
                centred=(1, 3),
            ),
        ]
    out.append(
        KeepTogether(
            [
                P.para("Chi tiết từng xã, phường và từng trường trong bảng tính kèm theo báo cáo này./."),
                closing(lh, w, sink),
            ]
        )
    )
    return out


def render_pdf_bytes(pv: Province, a: AuthorityInfo, created_at: str | None = None) -> tuple[bytes, P.PdfLayout]:
    a.require_name()
    font = register()
    buf = io.BytesIO()
    pw, ph = A4
    doc = BaseDocTemplate(
        buf, pagesize=A4, title=f"Báo cáo - {subject(pv)}", author=a.name, creator="Sổ CĐS", lang="vi-VN", invariant=1
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
    doc.build(story(pv, a, sink))
    return buf.getvalue(), P.PdfLayout(doc.page, sink["page"], sink["box"], font)


def write_xlsx(pv: Province, path: Path | str) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Theo xã"
    head, rows = commune_table_rows(pv)
    sheets.write_table(ws, head, rows, [12, 32] + [11] * (len(head) - 2))
    ws2 = wb.create_sheet("Chưa nộp theo xã")
    sheets.write_table(
        ws2,
        ["Mã xã", "Xã/phường", "Mã trường", "Tên trường", "Tình trạng"],
        [[c.code, c.name, *m] for c in pv.communes for m in c.missing],
        [12, 32, 12, 40, 14],
    )
    ws3 = wb.create_sheet("Xã chưa gửi")
    refused = {c for c, _ in pv.refused_communes}
    sheets.write_table(
        ws3,
        ["Mã xã", "Xã/phường", "Tình trạng"],
        [[c, n, "Bị từ chối/chờ xem xét" if c in refused else "Chưa gửi"] for c, n in pv.missing_communes],
        [12, 32, 24],
    )
    ws4 = wb.create_sheet("Trường trực thuộc Sở")
    h, r = school_rows(pv.direct)
    sheets.write_table(ws4, h, r, [5, 12, 36] + [12] * (len(h) - 3))
    ws5 = wb.create_sheet("Xã - phiên bản, ngày ký")
    sheets.write_table(
        ws5,
        ["Mã xã", "Xã/phường", "Phiên bản", "Ngày ký", "Ngày nhận", "Người ký"],
        [[c.code, c.name, c.version, _date(c.signed_on), _date(c.received_at), c.signer] for c in pv.communes],
        [12, 32, 10, 12, 12, 30],
    )
    return sheets.save_workbook(wb, path)


def export_province(
    pv: Province, a: AuthorityInfo, out_dir: Path | str, signer=None, created_at: str | None = None
) -> dict[str, Path]:
    """tong-hop-tinh_<kind>_<period>.pdf (signed with `signer`, else an empty signature field), .xlsx, .json;
    `created_at` (ISO 8601, default now): the PDF's creation date."""
    a.require_name()
    out_dir = Path(out_dir)
    stem = f"tong-hop-tinh_{pv.kind or 'bao-cao'}_{pv.period or 'tat-ca'}"
    pdf, layout = render_pdf_bytes(pv, a, created_at)
    xlsx = write_xlsx(pv, out_dir / f"{stem}.xlsx")
    js = write_bytes(
        out_dir / f"{stem}.json", (json.dumps(pv.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
    target = out_dir / f"{stem}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        if signer is None:
            from desktop.core.signing import prepare_handoff

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

            sign_pdf(src, target, signer, attachments=[xlsx, js])
    return {"pdf": target, "xlsx": xlsx, "json": js}
