"""The roll-up as a workbook: one row per school, the per-level counts (with a chart), the counts per school type,
the criteria weakest first (with a chart), the refused files with their reasons, the schools with nothing counted
(refused apart from not sent). Numbers are written as numbers (exact decimals become Excel numbers only at the
edge); dates as dd/mm/yyyy, the signing time in Vietnam's time zone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from desktop.core import sheets
from desktop.core.commune.policy import STATE_LABELS
from desktop.core.commune.rollup import TYPE_NAMES, Rollup
from desktop.core.commune.rollup_charts import add_workbook_charts
from desktop.core.periods import VIETNAM
from desktop.core.signing.verdict import signature_label


def _fmt_date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def _fmt_time(iso: str | None) -> str:
    """A signing time as dd/mm/yyyy hh:mm in Vietnam (the verifier reports it in UTC)."""
    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return (t.astimezone(VIETNAM) if t.tzinfo else t).strftime("%d/%m/%Y %H:%M")


def school_rows(ru: Rollup) -> tuple[list[str], list[list]]:
    groups = sorted({g for r in ru.rows for g in r.groups})
    head = [
        "STT",
        "Mã trường",
        "Tên trường",
        "Cấp học",
        "Loại trường",
        "Phiên bản",
        "Ngày ghi trên báo cáo",
        "Thời điểm ký số",
        "Ngày ký/gửi (tính hạn)",
        "Hạn nộp",
        "Ngày nhận",
        "Nộp muộn",
        "Chữ ký",
    ]
    for g in groups:
        head += [f"Điểm nhóm {g}", f"Mức nhóm {g}"]
    head += [
        "Tổng điểm",
        "Mức chung",
        "Nhiệm vụ hoàn thành",
        "Tỉ lệ hoàn thành (%)",
        "Đánh giá ngoài: mức",
        "Đánh giá ngoài: tổng điểm",
        "Yêu cầu bổ sung chưa trả lời",
        "Ghi chú",
    ]
    rows = []
    for i, r in enumerate(ru.rows, start=1):
        line = [
            i,
            r.code,
            r.name,
            ", ".join(r.levels),
            r.school_type,
            r.version,
            _fmt_date(r.doc_date),
            _fmt_time(r.signing_time),
            _fmt_date(r.signed_on),
            _fmt_date(r.due_date),
            _fmt_date(r.received_at),
            "Có" if r.late else "",
            signature_label(r.signature_state),
        ]
        for g in groups:
            gr = r.groups.get(g)
            line += [gr["total"], gr["level_label"]] if gr else [None, ""]
        line += [
            r.total if r.groups else None,
            r.overall_label,
            f"{r.checklist_done}/{r.checklist_total}" if r.checklist_total else "",
            r.checklist_percent,
            (r.external or {}).get("overall_label", ""),
            (r.external or {}).get("total"),
            r.open_requests or "",
            r.note,
        ]
        rows.append(line)
    return head, rows


def write_rollup_xlsx(ru: Rollup, path: Path | str) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Các trường"
    head, rows = school_rows(ru)
    sheets.write_table(ws, head, rows, [5, 12, 36, 10, 10, 9, 12, 17, 12, 12, 12, 9, 18] + [11] * (len(head) - 13))
    ws2 = wb.create_sheet("Theo mức")
    sheets.write_table(ws2, ["Mức chung", "Số trường"], [[k, v] for k, v in ru.level_counts.items()], [32, 12])
    type_sheet(wb.create_sheet("Theo loại trường"), ru)
    ws3 = wb.create_sheet("Theo tiêu chí")
    sheets.write_table(
        ws3,
        ["Bộ chỉ số", "Mã", "Tiêu chí", "Điểm trung bình", "Điểm tối đa", "Số trường", "Tỉ lệ so với tối đa (%)"],
        [
            [c.set_ref, c.code, c.text, c.average, c.max, c.schools, (c.ratio * 100).quantize(Decimal("0.1"))]
            for c in ru.criteria
        ],
        [22, 8, 60, 14, 12, 10, 14],
    )
    ws4 = wb.create_sheet("Bị từ chối")
    sheets.write_table(
        ws4,
        ["Mục số", "Tệp", "Mã trường", "Tên trường", "Phiên bản", "Ngày nhận", "Trạng thái", "Lý do"],
        [
            [
                f.inbox_id,
                f.file_name,
                f.school_code,
                f.school_name,
                f.version or "",
                _fmt_date(f.received_at),
                STATE_LABELS.get(f.state, f.state),
                f.reason,
            ]
            for f in ru.refused
        ],
        [8, 40, 12, 32, 9, 12, 14, 80],
    )
    ws5 = wb.create_sheet("Chưa nộp")
    refused = {code for code, _ in ru.refused_schools}
    sheets.write_table(
        ws5,
        ["Mã trường", "Tên trường", "Tình trạng"],
        [[c, n, "Bị từ chối (xem trang «Bị từ chối»)" if c in refused else "Chưa gửi"] for c, n in ru.missing],
        [12, 40, 36],
    )
    add_workbook_charts(wb, "Theo mức", "Theo tiêu chí", len(ru.level_counts), len(ru.criteria))
    return sheets.save_workbook(wb, path)


def type_sheet(ws, ru: Rollup) -> None:
    """Per school type: schools, reports counted, late, refused, not sent, and the schools at each level."""
    labels = list(ru.level_counts)
    head = ["Loại trường", "Số trường", "Đã nhận", "Nộp muộn", "Bị từ chối", "Chưa gửi", *labels]
    rows = [
        [TYPE_NAMES.get(t.type, t.type), t.schools, t.received, t.late, t.refused, t.not_sent]
        + [t.levels.get(k, 0) for k in labels]
        for t in ru.by_type
    ]
    sheets.write_table(ws, head, rows, [24, 10, 10, 10, 10, 10] + [18] * len(labels))
