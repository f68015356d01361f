"""The workbook's flat data sheet ("Dữ liệu"): one row per item or task, for programs (its column names are stable,
documented in docs/report-datafile.md). It is hidden, so printing the workbook prints the report's sheets only."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop.core.report import xlsx_style as S
from desktop.core.report.data import ReportData

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


def _data_head_style(cell) -> None:
    cell.font, cell.fill, cell.border = Font(name=S.FONT, bold=True), S.HEAD_FILL, S.BORDER


def _data_style(cell) -> None:
    cell.font = Font(name=S.FONT, size=11)


def _data_points_style(cell) -> None:
    cell.font = Font(name=S.FONT, size=11)
    cell.number_format = S.POINTS_FMT


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


def fill_data(ws, rd: ReportData) -> None:
    rows = data_rows(rd)
    for c, h in enumerate(DATA_COLUMNS, 1):
        S.put(ws, 1, c, h, ("data-head",), _data_head_style)
        ws.column_dimensions[get_column_letter(c)].width = 40 if h in ("text", "note") else 14
    points = [name in ("points", "max") for name in DATA_COLUMNS]
    for r, values in enumerate(rows, 2):
        for c, v in enumerate(values, 1):
            key = ("data", points[c - 1])
            S.put(ws, r, c, v, key, _data_points_style if key[1] else _data_style)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DATA_COLUMNS))}{len(rows) + 1}"
    S.print_setup(ws, True)
    ws.sheet_state = "hidden"  # for programs: printing the workbook leaves it out; "Unhide" shows it
