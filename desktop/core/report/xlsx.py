"""The report as a workbook (openpyxl), rendered from ReportData only.

Sheets: general information, the self-assessment, the tasks, the evidence, a flat data sheet (one row per item
or task; its column names are stable, documented in docs/report-datafile.md) and a sheet in the order of the
online platforms' forms (the indicator set's own order, with the exact value to type in).
"""

from __future__ import annotations

import io
import weakref
from copy import copy
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.core.bands import vn_number
from desktop.core.fileio import write_bytes
from desktop.core.report.data import KIND_LABELS, ReportData
from desktop.core.report.pdf_tables import STATUS

SHEETS = ("Thông tin chung", "Tự đánh giá", "Nhiệm vụ", "Minh chứng", "Dữ liệu", "Nhập trực tuyến")
DATA_COLUMNS = (
    "record",
    "school_code",
    "kind",
    "period",
    "report_version",
    "code",
    "group_code",
    "criterion_code",
    "text",
    "answer",
    "points",
    "max",
    "state",
    "mandatory",
    "verified",
    "evidence",
    "note",
    "pack_id",
    "task_id",
    "status",
    "progress",
    "completed_on",
    "responsible",
    "deadline",
)
FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
POINTS_FMT = "0.##;-0.##;0"
SET_STATUS = {"official": "Chính thức", "draft": "Dự thảo", "incomplete": "Chưa đầy đủ"}
_STYLES: "weakref.WeakKeyDictionary[Workbook, dict]" = weakref.WeakKeyDictionary()


def _put(ws, r: int, c: int, value, key: tuple, apply) -> None:
    """ws.cell(r, c, value) styled by `apply(cell)`. Each distinct `key` is styled through openpyxl once per
    workbook (registering its font, fill, border, alignment and number format in the same order as before) and the
    resulting style indices are copied to the next cells with that key: openpyxl otherwise builds and hashes every
    Font/Border/Alignment again on each assignment, which was most of the workbook's time."""
    cell = ws.cell(r, c, value)
    cache = _STYLES.setdefault(ws.parent, {})
    style = cache.get(key)
    if style is None:
        apply(cell)
        cache[key] = copy(cell._style)
    else:
        cell._style = copy(style)


def _title(ws, rd: ReportData, title: str, ncols: int) -> int:
    """Two title rows (school, sheet title) then a blank row; returns the header row number."""
    ws.cell(1, 1, f"{rd.school.name} — {rd.subject}").font = Font(name=FONT, bold=True, size=13)
    ws.cell(2, 1, title).font = Font(name=FONT, bold=True, size=12)
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    return 4


def _table(
    ws,
    header_row: int,
    headers: list[str],
    widths: list[int],
    rows: list[list],
    centered=(),
    numeric=(),
    group_rows=(),
    landscape=True,
) -> None:
    for c, (h, w) in enumerate(zip(headers, widths), 1):
        _put(ws, header_row, c, h, ("head",), _head_style)
        ws.column_dimensions[get_column_letter(c)].width = w
    for r, values in enumerate(rows, header_row + 1):
        group = (r - header_row - 1) in group_rows
        for c, v in enumerate(values, 1):
            key = ("cell", group, c - 1 in centered, c - 1 in numeric)
            _put(ws, r, c, v, key, lambda cell, k=key: _cell_style(cell, *k[1:]))
    _fit_heights(ws, header_row, len(rows), widths)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    if rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    _print_setup(ws, landscape)


def _head_style(cell) -> None:
    cell.font = Font(name=FONT, bold=True, size=11)
    cell.fill, cell.border, cell.alignment = HEAD_FILL, BORDER, CENTER


def _cell_style(cell, group: bool, centered: bool, numeric: bool) -> None:
    cell.font = Font(name=FONT, size=11, bold=group)
    cell.border = BORDER
    cell.alignment = CENTER if centered else WRAP
    if numeric:
        cell.number_format = POINTS_FMT
    if group:
        cell.fill = GROUP_FILL


def _fit_heights(ws, header_row: int, n: int, widths: list[int]) -> None:
    """Row heights for wrapped text: spreadsheet programs do not always grow rows of a generated file."""
    for r in range(header_row, header_row + n + 1):
        lines = 1
        for c, w in enumerate(widths, 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and v:
                per_line = max(int(w * 1.15), 1)
                lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in v.split("\n")))
        ws.row_dimensions[r].height = 15 * lines + 2


def _print_setup(ws, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.4, 0.6, 0.6
    ws.oddFooter.center.text = "Trang &P/&N"


def _general(ws, rd: ReportData) -> None:
    hr = _title(ws, rd, "THÔNG TIN CHUNG", 2)
    s, a = rd.school, rd.assessment
    rows = [
        ["Loại báo cáo", f"Báo cáo {KIND_LABELS[rd.kind]}"],
        ["Kỳ báo cáo", rd.period],
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
    if a:
        rows += [
            ["Bộ chỉ số", f"{a.indicators.title} ({a.indicators.set_id}, phiên bản {a.indicators.version})"],
            ["Tình trạng bộ chỉ số", SET_STATUS.get(a.indicators.status, a.indicators.status)],
        ]
        for g in a.groups:
            rows.append([f"Nhóm {g.code}: điểm / tối đa", f"{vn_number(g.total)} / {vn_number(g.max)}"])
            rows.append([f"Nhóm {g.code}: mức", g.level_label])
        rows += [["Mức chuyển đổi số", a.overall_label], ["Cách xếp mức chung", a.overall_rule_note]]
    rows += [
        ["Khó khăn, vướng mắc", rd.difficulties],
        ["Kiến nghị, đề xuất", rd.proposals],
        ["Nơi nhận", "\n".join(rd.recipients)],
        ["Người ký", rd.signer.name],
        ["Thẩm quyền ký", " / ".join(x for x in (rd.signer.authority, rd.signer.position) if x)],
    ]
    _table(ws, hr, ["Thông tin", "Nội dung"], [30, 90], rows, landscape=False)
    for r in range(hr + 1, hr + 1 + len(rows)):
        if ws.cell(r, 1).value == "Ngày văn bản" and rd.doc_date:
            ws.cell(r, 2).number_format = "dd/mm/yyyy"
            ws.cell(r, 2).alignment = Alignment(horizontal="left", vertical="top")


def _assessment(ws, rd: ReportData) -> None:
    hr = _title(ws, rd, "KẾT QUẢ TỰ ĐÁNH GIÁ CHI TIẾT", 10)
    a = rd.assessment
    rows, groups = [], []
    if a:
        for g in a.groups:
            groups.append(len(rows))
            rows.append([f"Nhóm {g.code}", g.name, "", "", g.max, g.total, g.level_label, "", "", ""])
            for it in (i for i in a.items if i.group_code == g.code):
                rows.append(
                    [
                        it.code,
                        it.text,
                        "Có" if it.mandatory else "",
                        it.measure or it.answer_text,
                        it.max,
                        it.points if it.answer_json is not None else None,
                        "",
                        ", ".join(it.evidence),
                        it.note,
                        "Có" if it.verified else "Chưa",
                    ]
                )
    _table(
        ws,
        hr,
        [
            "Mã",
            "Nội dung",
            "Bắt buộc",
            "Trả lời",
            "Điểm tối đa",
            "Điểm đạt",
            "Mức",
            "Minh chứng",
            "Ghi chú",
            "Đã đối chiếu văn bản",
        ],
        [9, 50, 9, 13, 9, 9, 15, 12, 34, 11],
        rows,
        centered={0, 2, 3, 4, 5, 6, 7, 9},
        numeric={4, 5},
        group_rows=set(groups),
    )


def _tasks(ws, rd: ReportData) -> None:
    hr = _title(ws, rd, "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", 10)
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
    _table(
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
    hr = _title(ws, rd, "DANH MỤC MINH CHỨNG", 7)
    kinds = {"file": "Tệp", "link": "Liên kết", "note": "Ghi chú"}
    rows = [
        [e.ref, e.title, kinds.get(e.kind, e.kind), e.original_name or "", e.size, e.sha256 or "", e.url or ""]
        for e in rd.evidence
    ]
    _table(
        ws,
        hr,
        ["Số", "Tên minh chứng", "Loại", "Tên tệp gốc", "Dung lượng (byte)", "SHA-256", "Đường dẫn"],
        [8, 45, 10, 30, 14, 66, 40],
        rows,
        centered={0, 2},
    )
    for r in range(hr + 1, hr + 1 + len(rows)):
        ws.cell(r, 5).number_format = "#,##0"


def _data_head_style(cell) -> None:
    cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEAD_FILL, BORDER


def _data_style(cell) -> None:
    cell.font = Font(name=FONT, size=11)


def _data_points_style(cell) -> None:
    cell.font = Font(name=FONT, size=11)
    cell.number_format = POINTS_FMT


def data_rows(rd: ReportData) -> list[list]:
    """The flat data sheet's rows (also used by tests to compare against what a spreadsheet program reads)."""
    base = ["", rd.school.code, rd.kind, rd.period, rd.report_version]
    rows = []
    if rd.assessment:
        for it in rd.assessment.items:
            rows.append(
                [
                    "item",
                    *base[1:],
                    it.code,
                    it.group_code,
                    it.criterion_code,
                    it.text,
                    it.answer_json or "",
                    it.points,
                    it.max,
                    it.state,
                    int(it.mandatory),
                    int(it.verified),
                    ", ".join(it.evidence),
                    it.note,
                    "",
                    "",
                    "",
                    None,
                    "",
                    "",
                    "",
                ]
            )
    for t in rd.checklist:
        rows.append(
            [
                "task",
                *base[1:],
                t.task_id,
                "",
                "",
                t.text,
                "",
                None,
                None,
                "",
                0,
                1,
                ", ".join(t.evidence),
                t.note,
                t.pack_id,
                t.task_id,
                t.status,
                t.progress,
                t.completed_on or "",
                t.responsible,
                t.deadline,
            ]
        )
    return rows


def _data(ws, rd: ReportData) -> None:
    rows = data_rows(rd)
    for c, h in enumerate(DATA_COLUMNS, 1):
        _put(ws, 1, c, h, ("data-head",), _data_head_style)
        ws.column_dimensions[get_column_letter(c)].width = 40 if h in ("text", "note") else 14
    points = [name in ("points", "max") for name in DATA_COLUMNS]
    for r, values in enumerate(rows, 2):
        for c, v in enumerate(values, 1):
            key = ("data", points[c - 1])
            _put(ws, r, c, v, key, _data_points_style if key[1] else _data_style)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DATA_COLUMNS))}{len(rows) + 1}"
    _print_setup(ws, True)


def online_value(it) -> str:
    """What to type or tick in the online form for an item."""
    if it.answer_json is None:
        return "(chưa trả lời)"
    return it.answer_text or vn_number(it.points)  # a points answer: the points


def _online(ws, rd: ReportData) -> None:
    hr = _title(ws, rd, "THỨ TỰ NHẬP TRÊN HỆ THỐNG TRỰC TUYẾN (theo thứ tự chỉ số của biểu mẫu)", 7)
    rows = []
    if rd.assessment:
        ev = rd.evidence_by_ref()
        for n, it in enumerate(rd.assessment.items, 1):
            files = "; ".join(ev[r].original_name or ev[r].url or ev[r].title for r in it.evidence if r in ev)
            rows.append(
                [
                    n,
                    it.code,
                    it.text,
                    online_value(it),
                    it.points if it.answer_json is not None else None,
                    files,
                    it.note,
                ]
            )
    _table(
        ws,
        hr,
        ["TT", "Mã chỉ số", "Nội dung", "Giá trị nhập", "Điểm tự chấm", "Minh chứng tải lên", "Ghi chú"],
        [5, 10, 60, 16, 10, 36, 40],
        rows,
        centered={0, 1, 3, 4},
        numeric={4},
    )


def render_xlsx_bytes(rd: ReportData, *, draft: bool = False) -> bytes:
    """The workbook; `draft`: an unsigned copy, every printed page headed DỰ THẢO."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, fill in zip(SHEETS, (_general, _assessment, _tasks, _evidence, _data, _online)):
        ws = wb.create_sheet(name)
        fill(ws, rd)
        if draft:
            ws.oddHeader.center.text = "DỰ THẢO"
            ws.oddHeader.center.font = "Times New Roman,Bold"
    wb.properties.title = rd.subject
    wb.properties.creator = "Sổ CĐS"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_xlsx(rd: ReportData, path: Path | str) -> Path:
    return write_bytes(path, render_xlsx_bytes(rd))
