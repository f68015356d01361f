"""The roll-up as a workbook: one row per school, the per-level counts, the criteria weakest first, the schools
with nothing in yet. Numbers are written as numbers (exact decimals become Excel numbers only at the edge)."""

from __future__ import annotations

from pathlib import Path

from desktop.core import sheets
from desktop.core.commune.inbox import SIGNATURE_LABELS
from desktop.core.commune.rollup import Rollup


def _fmt_date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def school_rows(ru: Rollup) -> tuple[list[str], list[list]]:
    groups = sorted({g for r in ru.rows for g in r.groups})
    head = ["STT", "Mã trường", "Tên trường", "Cấp học", "Phiên bản", "Ngày nhận", "Nộp muộn", "Chữ ký"]
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
            r.version,
            _fmt_date(r.received_at),
            "Có" if r.late else "",
            SIGNATURE_LABELS.get(r.signature_state, r.signature_state),
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
    sheets.write_table(ws, head, rows, [5, 12, 36, 10, 9, 12, 9, 18] + [11] * (len(head) - 8))
    ws2 = wb.create_sheet("Theo mức")
    sheets.write_table(ws2, ["Mức chung", "Số trường"], [[k, v] for k, v in ru.level_counts.items()], [32, 12])
    ws3 = wb.create_sheet("Theo tiêu chí")
    sheets.write_table(
        ws3,
        ["Bộ chỉ số", "Mã", "Tiêu chí", "Điểm trung bình", "Điểm tối đa", "Số trường"],
        [[c.set_ref, c.code, c.text, c.average, c.max, c.schools] for c in ru.criteria],
        [22, 8, 60, 14, 12, 10],
    )
    ws4 = wb.create_sheet("Chưa nộp")
    sheets.write_table(ws4, ["Mã trường", "Tên trường"], [list(m) for m in ru.missing], [12, 40])
    return sheets.save_workbook(wb, path)
