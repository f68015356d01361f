"""The report as a workbook (openpyxl), rendered from ReportData only.

Sheets, each only when it has rows: general information, the self-assessment (report/xlsx_assessment.py), the
tasks, the evidence, the values to type into the online platforms' forms; and the flat data sheet for programs
(report/xlsx_data.py), hidden so that printing the workbook prints no page of it. Numbers are stored as numbers.
The school's result only: how the software read the indicator set stays in the data file and the app.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from desktop.core.fileio import write_bytes
from desktop.core.periods import label as period_label
from desktop.core.preschool import preschool_only
from desktop.core.preschool import report_statement as preschool_statement
from desktop.core.report import xlsx_style as S
from desktop.core.report.data import KIND_LABELS, ReportData
from desktop.core.report.pdf_tables import STATUS
from desktop.core.report.xlsx_assessment import fill_assessment, fill_online, fill_previous
from desktop.core.report.xlsx_data import DATA_COLUMNS, data_rows, fill_data
from desktop.core.report.xlsx_period import FILL as PERIOD_FILL
from desktop.core.report.xlsx_period import period_sheet_names

__all__ = ["DATA_COLUMNS", "SHEETS", "data_rows", "render_xlsx", "render_xlsx_bytes", "sheets_for"]
SHEETS = ("Thông tin chung", "Tự đánh giá", "So với năm trước", "Nhiệm vụ", "Minh chứng", "Dữ liệu", "Nhập trực tuyến")
DRAFT_HEADER = "DỰ THẢO"


def _general(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "THÔNG TIN CHUNG", 2)
    s, a = rd.school, rd.assessment
    rows: list[list] = [
        ["Loại báo cáo", f"Báo cáo {KIND_LABELS[rd.kind]}"],
        ["Kỳ báo cáo", period_label(rd.period)],  # in words; the data's "2026-03" is in «Dữ liệu»
        ["Năm học", rd.school_year],
        ["Phiên bản báo cáo", rd.report_version],
        ["Tên trường", s.name],
        ["Mã trường", s.code],
        ["Cấp học", ", ".join(s.levels)],
        ["Địa chỉ", s.address],
        ["Xã/phường", s.commune],
        ["Tỉnh/thành phố", s.province],
        ["Cơ quan quản lý", rd.managing_body],
        ["Số văn bản", rd.doc_number],
        ["Ngày văn bản", date.fromisoformat(rd.doc_date) if rd.doc_date else ""],
        ["Địa danh", rd.place_name],
        ["Trích yếu", rd.subject],
    ]
    numeric = set()
    if a:
        basis = a.indicators.legal_basis
        rows.append(["Căn cứ đánh giá", a.indicators.title + (f" ({basis})" if basis else "")])
        for g in a.groups:
            numeric |= {len(rows), len(rows) + 1}
            rows.append([f"Nhóm {g.code}: điểm đạt", g.total])
            rows.append([f"Nhóm {g.code}: điểm tối đa", g.max])
            rows.append([f"Nhóm {g.code}: mức", g.level_label])
        rows.append(["Mức chuyển đổi số", a.overall_label])
    elif preschool_only(s.levels):
        rows.append(["Tự đánh giá mức độ chuyển đổi số", preschool_statement()])
    rows += [
        ["Khó khăn, vướng mắc", rd.difficulties],
        ["Kiến nghị, đề xuất", rd.proposals],
        ["Nơi nhận", "\n".join(rd.recipients)],
        ["Người ký", rd.signer.name],
        ["Thẩm quyền ký", " / ".join(x for x in (rd.signer.authority, rd.signer.position) if x)],
    ]
    S.table(ws, hr, ["Thông tin", "Nội dung"], [30, 90], rows, landscape=False)
    for k, (label, _) in enumerate(rows):
        cell = ws.cell(hr + 1 + k, 2)
        if k in numeric:
            cell.number_format = S.POINTS_FMT
            cell.alignment = Alignment(horizontal="left", vertical="top")
        elif label == "Ngày văn bản" and rd.doc_date:
            cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(horizontal="left", vertical="top")


def _tasks(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", 10)
    rows = [
        [
            n,
            t.task_id,
            t.text,
            t.product,
            t.deadline,
            STATUS.get(t.status, t.status),
            t.progress / 100,
            date.fromisoformat(t.completed_on) if t.completed_on else None,
            t.responsible,
            ", ".join(t.evidence),
            (t.note + (f" (lý do: {t.na_reason})" if t.na_reason else "")).strip(),
        ]
        for n, t in enumerate(rd.checklist, 1)
    ]
    S.table(
        ws,
        hr,
        [
            "TT",
            "Mã nhiệm vụ",
            "Nhiệm vụ",
            "Sản phẩm",
            "Thời hạn",
            "Tình trạng",
            "Tiến độ",
            "Ngày hoàn thành",
            "Người phụ trách",
            "Minh chứng",
            "Ghi chú",
        ],
        [5, 12, 50, 26, 14, 16, 9, 14, 20, 12, 30],
        rows,
        centered={0, 1, 4, 5, 6, 7, 9},
    )
    for r in range(hr + 1, hr + 1 + len(rows)):
        ws.cell(r, 7).number_format = "0%"
        ws.cell(r, 8).number_format = "dd/mm/yyyy"


def _evidence(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "DANH MỤC MINH CHỨNG", 7)
    kinds = {"file": "Tệp", "link": "Liên kết", "note": "Ghi chú"}
    rows = [
        [e.ref, e.title, kinds.get(e.kind, e.kind), e.original_name or "", e.size, e.sha256 or "", e.url or ""]
        for e in rd.evidence
    ]
    S.table(
        ws,
        hr,
        ["Số", "Tên minh chứng", "Loại", "Tên tệp gốc", "Dung lượng (byte)", "SHA-256", "Đường dẫn"],
        [8, 45, 10, 30, 14, 66, 40],
        rows,
        centered={0, 2},
    )
    for r in range(hr + 1, hr + 1 + len(rows)):
        ws.cell(r, 5).number_format = "#,##0"


FILL = {
    "Thông tin chung": _general,
    "Tự đánh giá": fill_assessment,
    "So với năm trước": fill_previous,
    "Nhiệm vụ": _tasks,
    "Minh chứng": _evidence,
    "Dữ liệu": fill_data,
    "Nhập trực tuyến": fill_online,
}


def sheets_for(rd: ReportData) -> tuple[str, ...]:
    """The sheets this report's workbook has: none that would print empty (a month report has no self-assessment,
    a report without evidence no evidence list); the general sheet and the data sheet always."""
    has = {
        "Tự đánh giá": rd.assessment is not None,
        "So với năm trước": rd.assessment is not None and rd.assessment.previous is not None,
        "Nhập trực tuyến": rd.assessment is not None,
        "Nhiệm vụ": bool(rd.checklist),
        "Minh chứng": bool(rd.evidence),
    }
    names = [name for name in SHEETS if has.get(name, True)]
    at = names.index("Nhiệm vụ") + 1 if "Nhiệm vụ" in names else 1  # the period's sheets follow the tasks (#20)
    return tuple(names[:at] + list(period_sheet_names(rd)) + names[at:])


def render_xlsx_bytes(rd: ReportData, *, draft: bool = False) -> bytes:
    """The workbook; `draft`: an unsigned copy, every printed page headed DỰ THẢO."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in sheets_for(rd):
        ws = wb.create_sheet(name)
        (FILL.get(name) or PERIOD_FILL[name])(ws, rd)
        if draft:
            ws.oddHeader.center.text = DRAFT_HEADER
            ws.oddHeader.center.font = "Times New Roman,Bold"
    wb.active = 0
    wb.properties.title = rd.subject
    wb.properties.creator = "Sổ CĐS"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_xlsx(rd: ReportData, path: Path | str) -> Path:
    return write_bytes(path, render_xlsx_bytes(rd))
