"""The workbook's sheets for a month, quarter or year report (issue 20): the same period content as the PDF
(report/pdf_period.py) — what changed in the period, each target's figure in the plan beside the school's, what
is behind schedule and why, what the next period holds, and the year's summary. Drawn with the workbook's own
table helpers (report/xlsx_style.py); report/xlsx.py places them after "Nhiệm vụ" (period_sheet_names, FILL).
"""

from __future__ import annotations

from datetime import date

from desktop.core.periods import Period, date_text
from desktop.core.report import xlsx_style as S
from desktop.core.report.data import ReportData

STATUS = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Đã hoàn thành", "na": "Không áp dụng"}
WHY = {"late": "Quá hạn, cần hoàn thành", "due": "Đến hạn trong kỳ tới", "doing": "Đang thực hiện, tiếp tục"}
SOURCE = {"entered": "Nhà trường ghi", "lists": "Tính từ danh sách giáo viên", "": ""}


def _day(iso: str | None):
    return date.fromisoformat(iso[:10]) if iso else None


def _cite(rd: ReportData) -> dict[str, str]:
    return {p.pack_id: p.citation or p.title for p in rd.plans}


def _changes(ws, rd: ReportData) -> None:
    pc = rd.period_content
    assert pc is not None
    first = date.fromordinal(date.fromisoformat(pc.since).toordinal() + 1)
    hr = S.title(ws, rd, f"KẾT QUẢ TRONG KỲ (từ {first:%d/%m/%Y} đến {date_text(pc.until)})", 10)
    cite = _cite(rd)
    rows = [
        [
            n,
            cite.get(c.pack_id, c.pack_id),
            c.task_id,
            c.text,
            STATUS.get(c.before, c.before),
            STATUS.get(c.status, c.status),
            c.progress / 100,
            _day(c.completed_on),
            ", ".join(c.evidence),
            "; ".join(x for x in (c.actual, c.note) if x),
        ]
        for n, c in enumerate(pc.changes, 1)
    ] or [["", "", "", "Trong kỳ không có chỉ tiêu, nhiệm vụ nào thay đổi.", "", "", None, None, "", ""]]
    S.table(
        ws,
        hr,
        [
            "TT",
            "Văn bản",
            "Mã",
            "Chỉ tiêu, nhiệm vụ",
            "Đầu kỳ",
            "Cuối kỳ",
            "Tiến độ",
            "Ngày hoàn thành",
            "Minh chứng mới",
            "Ghi chú",
        ],
        [5, 30, 11, 48, 15, 15, 9, 13, 12, 30],
        rows,
        centered={0, 2, 4, 5, 6, 7, 8},
    )
    for r in range(hr + 1, hr + 1 + len(rows)):
        ws.cell(r, 7).number_format = "0%"
        ws.cell(r, 8).number_format = "dd/mm/yyyy"


def _targets(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "CHỈ TIÊU CỦA KẾ HOẠCH VÀ KẾT QUẢ CỦA NHÀ TRƯỜNG", 8)
    cite = _cite(rd)
    rows = [
        [
            n,
            cite.get(t.pack_id, t.pack_id),
            t.task_id,
            t.text,
            t.target,
            t.actual or "Chưa có số liệu",
            SOURCE.get(t.actual_source, t.actual_source),
            STATUS.get(t.status, t.status),
        ]
        for n, t in enumerate((t for t in rd.checklist if t.row_kind == "target"), 1)
    ] or [["", "", "", "Các kế hoạch trong kỳ không đặt chỉ tiêu.", "", "", "", ""]]
    S.table(
        ws,
        hr,
        [
            "TT",
            "Văn bản",
            "Mã",
            "Chỉ tiêu",
            "Yêu cầu của kế hoạch",
            "Kết quả của nhà trường",
            "Nguồn số liệu",
            "Tình trạng",
        ],
        [5, 30, 12, 50, 24, 30, 18, 16],
        rows,
        centered={0, 2, 7},
    )


def _late_next(ws, rd: ReportData) -> None:
    pc = rd.period_content
    assert pc is not None
    hr = S.title(ws, rd, f"CHẬM TIẾN ĐỘ; NHIỆM VỤ {Period.parse(pc.next_period).label.upper()}", 8)
    rows = [
        [
            "Chậm tiến độ",
            r.task_id,
            r.text,
            r.deadline,
            _day(r.due),
            STATUS.get(r.status, r.status),
            r.reason,
            r.responsible,
        ]
        for r in pc.late
    ] + [
        [WHY.get(r.why, r.why), r.task_id, r.text, r.deadline, _day(r.due), "", "", r.responsible] for r in pc.next_rows
    ]
    rows += [["Phương hướng (văn bản)", "", line, "", None, "", "", ""] for line in pc.directions.splitlines() if line]
    S.table(
        ws,
        hr,
        [
            "Loại",
            "Mã",
            "Chỉ tiêu, nhiệm vụ",
            "Thời hạn",
            "Ngày đến hạn",
            "Tình trạng",
            "Nguyên nhân chậm",
            "Người phụ trách",
        ],
        [22, 11, 55, 18, 13, 16, 34, 20],
        rows or [["", "", "Không có.", "", None, "", "", ""]],
        centered={1, 4, 5},
    )
    for r in range(hr + 1, hr + 1 + len(rows)):
        ws.cell(r, 5).number_format = "dd/mm/yyyy"


def _year(ws, rd: ReportData) -> None:
    pc = rd.period_content
    assert pc is not None and pc.year is not None
    y = pc.year
    hr = S.title(ws, rd, f"ĐÁNH GIÁ CHUNG {Period.parse(rd.period).label.upper()}", 2)
    rows: list[list] = [
        ["Chỉ tiêu đạt", y.targets_met],
        ["Chỉ tiêu áp dụng", y.targets],
        ["Chỉ tiêu chưa đạt", ", ".join(y.targets_not_met)],
        ["Nhiệm vụ hoàn thành", y.tasks_done],
        ["Nhiệm vụ áp dụng", y.tasks],
        ["Mức chuyển đổi số (tự đánh giá)", y.level],
        [f"Mức năm học trước ({y.previous_year})" if y.previous_year else "Mức năm học trước", y.previous_level],
        ["Chỉ tiêu đạt năm trước", y.previous_targets_met],
    ]
    S.table(ws, hr, ["Nội dung", "Kết quả"], [40, 60], rows, landscape=False)


FILL = {
    "Kết quả trong kỳ": _changes,
    "Chỉ tiêu": _targets,
    "Chậm tiến độ, kỳ tới": _late_next,
    "Đánh giá năm": _year,
}


def period_sheet_names(rd: ReportData) -> tuple[str, ...]:
    """The period sheets of this report's workbook: none for a self-assessment; "Đánh giá năm" for a year."""
    if rd.period_content is None:
        return ()
    return tuple(n for n in FILL if n != "Đánh giá năm" or rd.period_content.year is not None)
