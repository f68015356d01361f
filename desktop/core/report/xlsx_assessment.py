"""The workbook's self-assessment sheets: the result item by item ("Tự đánh giá"), last school year beside this one
when the data file has it ("So với năm trước"), and the values to type into the online platforms' forms in their
order ("Nhập trực tuyến"). Only a report with a self-assessment has them."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.report import xlsx_style as S
from desktop.core.report.data import ReportData
from desktop.core.report.pdf_previous import level


def fill_assessment(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "KẾT QUẢ TỰ ĐÁNH GIÁ CHI TIẾT", 9)
    a = rd.assessment
    rows: list[list] = []
    groups: list[int] = []
    if a:
        for g in a.groups:
            groups.append(len(rows))
            rows.append([f"Nhóm {g.code}", g.name, "", "", g.max, g.total, g.level_label, "", ""])
            for it in (i for i in a.items if i.group_code == g.code):
                rows.append(
                    [
                        it.code,
                        it.text,
                        "Có" if it.mandatory else "",
                        it.measure or it.answer_text,  # the answer; a points answer is its points (next columns)
                        it.max,
                        it.points if it.answer_json is not None else None,
                        "",
                        ", ".join(it.evidence),
                        it.note,
                    ]
                )
    S.table(
        ws,
        hr,
        ["Mã", "Nội dung", "Bắt buộc", "Trả lời", "Điểm tối đa", "Điểm đạt", "Mức", "Minh chứng", "Ghi chú"],
        [9, 50, 9, 14, 9, 9, 15, 12, 40],
        rows,
        centered={0, 2, 3, 4, 5, 6, 7},
        numeric={4, 5},
        group_rows=set(groups),
    )


def online_value(it) -> str | Decimal:
    """What to type or tick in the online form for an item: the points themselves for a points answer (a number
    in the cell), else the answer as printed."""
    if it.answer_json is None:
        return "(chưa trả lời)"
    return it.answer_text or it.points


def fill_online(ws, rd: ReportData) -> None:
    hr = S.title(ws, rd, "THỨ TỰ NHẬP TRÊN HỆ THỐNG TRỰC TUYẾN (theo thứ tự chỉ số của biểu mẫu)", 7)
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
    S.table(
        ws,
        hr,
        ["TT", "Mã chỉ số", "Nội dung", "Giá trị nhập", "Điểm tự chấm", "Minh chứng tải lên", "Ghi chú"],
        [5, 10, 60, 16, 10, 36, 40],
        rows,
        centered={0, 1, 3, 4},
        numeric={3, 4},
    )


def fill_previous(ws, rd: ReportData) -> None:
    """Last school year beside this one (issue 22), as the PDF's comparison table: points and level per group, the
    overall level, each criterion both years have, and the change in points (numbers stored as numbers)."""
    a = rd.assessment
    prev = a.previous if a is not None else None
    hr = S.title(ws, rd, "SO SÁNH VỚI NĂM HỌC TRƯỚC", 7)
    rows: list[list] = []
    groups: list[int] = []
    if a is not None and prev is not None:
        before = {g.code: g for g in prev.groups}
        for g in a.groups:
            if (b := before.get(g.code)) is not None:
                groups.append(len(rows))
                rows.append(
                    [f"Nhóm {g.code}", g.max, g.total, level(g.level), b.total, level(b.level), g.total - b.total]
                )
        groups.append(len(rows))
        rows.append(
            [
                "Mức chuyển đổi số của nhà trường",
                None,
                None,
                level(a.overall_level),
                None,
                level(prev.overall_level),
                None,
            ]
        )
        now = {c.code: c for c in a.criteria}
        for c in prev.criteria:
            if (n := now.get(c.code)) is not None:
                rows.append([f"Tiêu chí {c.code}", n.max, n.total, "", c.total, "", n.total - c.total])
    year, last = rd.school_year, prev.school_year if prev else ""
    S.table(
        ws,
        hr,
        [
            "Nội dung",
            "Điểm tối đa",
            f"Điểm năm học {year}",
            f"Mức năm học {year}",
            f"Điểm năm học {last}",
            f"Mức năm học {last}",
            "Tăng/giảm (điểm)",
        ],
        [34, 11, 14, 16, 14, 16, 12],
        rows,
        centered={1, 2, 3, 4, 5, 6},
        numeric={1, 2, 4, 6},
        group_rows=set(groups),
    )
    for r in range(hr + 1, hr + 1 + len(rows)):  # the change with its sign written out, as in the PDF
        ws.cell(r, 7).number_format = "+0.##;-0.##;0"
    if prev is not None and not prev.same_set:
        ws.cell(hr + len(rows) + 2, 1, f"Năm học {last} đánh giá theo {prev.indicators}.")
