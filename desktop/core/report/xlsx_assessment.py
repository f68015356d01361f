"""The workbook's self-assessment sheets: the result item by item ("Tự đánh giá") and the values to type into the
online platforms' forms in their order ("Nhập trực tuyến"). Only a report with a self-assessment has them."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.report import xlsx_style as S
from desktop.core.report.data import ReportData


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
