"""The sections of a month, quarter or year report that answer what the province asks (issue 20): the results in
the period, plan by plan, each plan cited as one official text cites another; the progress of every target
(the plan's figure and the school's own) and task; what is behind schedule and why; the year's summary; the
directions for the next period. Rendered from ReportData.period_content only; report/pdf.py calls
`period_intro` and `period_sections` and keeps the order and orientation; the styles are report/pdf_layout.py's.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, LongTable, Paragraph, TableStyle

from desktop.core.periods import Period, date_text
from desktop.core.report import pdf_layout as P
from desktop.core.report import pdf_tables as T
from desktop.core.report.data import ReportData, TaskRow
from desktop.core.report.period_data import ChangeRow, PeriodContent

STATUS_WORDS = {"todo": "chưa thực hiện", "doing": "đang thực hiện", "done": "hoàn thành", "na": "không áp dụng"}


def _short_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day}/{d.month}/{d.year}"


def period_intro(rd: ReportData) -> list:
    """ "Thực hiện Kế hoạch số … của …; Trường … báo cáo kết quả thực hiện … như sau:" under the title."""
    if rd.period_content is None:
        return []
    label = Period.parse(rd.period).label
    if rd.plans:
        cited = "; ".join(pl.citation or pl.title for pl in rd.plans)
        text = f"Thực hiện {cited}, {rd.school.name} báo cáo kết quả thực hiện {label} như sau:"
    else:
        text = f"{rd.school.name} báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số {label} như sau:"
    return [P.para(text)]


def _transition(c: ChangeRow) -> str:
    if c.status == "done":
        return "hoàn thành" + (f" ngày {date_text(c.completed_on)}" if c.completed_on else "")
    if c.status == "na":
        return "xác định không áp dụng đối với nhà trường"
    if c.status == "doing" and c.before == "doing" and c.progress != c.before_progress:
        return f"tiến độ từ {c.before_progress}% lên {c.progress}%"
    if c.status == "doing":
        return f"đang thực hiện, đạt {c.progress}%"
    if c.status != c.before:
        return STATUS_WORDS[c.status]
    return ""


def _change_line(c: ChangeRow) -> str:
    what = c.text.rstrip(". ")
    parts = [p for p in (_transition(c),) if p]
    if c.row_kind == "target" and c.actual:
        parts.append(f"kết quả của trường: {c.actual}")
    if c.note and c.status != "na":
        parts.append(c.note.rstrip(". "))
    if c.evidence:
        parts.append(f"minh chứng {', '.join(c.evidence)}")
    kind = "Chỉ tiêu" if c.row_kind == "target" else "Nhiệm vụ"
    return f"- {kind} «{what}»: {'; '.join(parts) or 'bổ sung minh chứng'}."


def _results(rd: ReportData, n: str) -> list:
    pc = rd.period_content
    assert pc is not None
    label = Period.parse(rd.period).label
    since = date.fromisoformat(pc.since)
    first = date.fromordinal(since.toordinal() + 1).isoformat()
    out = [
        Paragraph(f"{n}. KẾT QUẢ THỰC HIỆN TRONG {label.upper()}", P.H1),
        P.para(
            f"Kết quả dưới đây là những chỉ tiêu, nhiệm vụ có thay đổi về tình trạng, tiến độ hoặc có thêm minh chứng "
            f"từ ngày {_short_date(first)} đến ngày {_short_date(pc.until)}."
        ),
    ]
    if not rd.plans:
        return out + [P.para("Trong kỳ không có kế hoạch chuyển đổi số nào có hiệu lực đối với nhà trường.")]
    for k, pl in enumerate(rd.plans, 1):
        mine = [c for c in pc.changes if c.pack_id == pl.pack_id]
        out.append(Paragraph(f"{k}. Thực hiện {T.esc(pl.citation or pl.title)}", P.H2))
        if not mine:
            out.append(P.para("Trong kỳ, không có chỉ tiêu, nhiệm vụ nào thay đổi tình trạng hoặc tiến độ."))
            continue
        done = sum(1 for c in mine if c.status == "done")
        out.append(
            P.para(
                f"Trong kỳ, nhà trường hoàn thành {done} chỉ tiêu, nhiệm vụ; "
                f"{len(mine) - done} chỉ tiêu, nhiệm vụ khác có chuyển biến:"
            )
        )
        out += [P.para(_change_line(c)) for c in mine]
    return out


def _result_cell(t: TaskRow) -> str:
    if t.row_kind == "target":
        return t.actual or ("" if t.status == "na" else "Chưa có số liệu")
    if t.status == "done":
        return "Hoàn thành" + (f" ngày {date_text(t.completed_on)}" if t.completed_on else "")
    return ""


def _progress_table(rd: ReportData, rows: list[TaskRow], late: set, width: float) -> LongTable:
    p = T.p
    head = [
        "TT",
        "Chỉ tiêu, nhiệm vụ",
        "Yêu cầu của kế hoạch",
        "Kết quả của nhà trường",
        "Thời hạn",
        "Tình trạng",
        "Minh chứng",
        "Ghi chú",
    ]
    data = [[p(h, T.HEAD) for h in head]]
    for k, t in enumerate(rows, 1):
        is_late = (t.pack_id, t.task_id) in late
        status = T.STATUS.get(t.status, t.status) + (f" ({t.progress}%)" if t.status == "doing" else "")
        note = t.na_reason if t.status == "na" else t.note
        deadline = T.esc(t.deadline) + ("<br/><b>(quá hạn)</b>" if is_late else "")
        data.append(
            [
                p(str(k), T.CELL_C),
                p(("Chỉ tiêu: " if t.row_kind == "target" else "") + t.text),
                p(t.target if t.row_kind == "target" else t.product),
                p(_result_cell(t)),
                T.CellParagraph(deadline, T.CELL_C),
                p(status, T.CELL_C),
                p(", ".join(t.evidence), T.CELL_C),
                p(note),
            ]
        )
    tb = LongTable(data, colWidths=T._widths(width, [9, 70, 34, 36, 22, 24, 17, 40]), repeatRows=1)
    tb.setStyle(TableStyle(T._grid()))
    return tb


def _counts(rows: list[TaskRow]) -> str:
    counts = {s: sum(1 for t in rows if t.status == s) for s in T.STATUS}
    targets = sum(1 for t in rows if t.row_kind == "target")
    what = f"{targets} chỉ tiêu và {len(rows) - targets} nhiệm vụ" if targets else f"{len(rows)} nhiệm vụ"
    return (
        f"Có {what} áp dụng đối với nhà trường: hoàn thành {counts['done']}; đang thực hiện "
        f"{counts['doing']}; chưa thực hiện {counts['todo']}; không áp dụng {counts['na']}."
    )


def progress(rd: ReportData, n: str, appendix: str) -> list:
    """The state of every target and task at the period's end, plan by plan; the table is an appendix."""
    out = [Paragraph(f"{n}. TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU, NHIỆM VỤ ĐẾN CUỐI KỲ", P.H1)]
    for k, pl in enumerate(rd.plans, 1):
        rows = [t for t in rd.checklist if t.pack_id == pl.pack_id]
        if rows:
            out += [Paragraph(f"{k}. {T.esc(pl.citation or pl.title)}", P.H2), P.para(_counts(rows))]
    return out + [
        P.para(
            f"Yêu cầu của kế hoạch, kết quả của nhà trường, tình trạng của từng chỉ tiêu, nhiệm vụ tại Phụ lục "
            f"{appendix} kèm theo Báo cáo này."
        )
    ]


def progress_appendix(rd: ReportData) -> tuple[str, list]:
    pc = rd.period_content
    heading_style = ParagraphStyle("appendix-h", parent=P.H1, keepWithNext=0)
    assert pc is not None
    w = landscape(A4)[0] - P.LANDSCAPE["left"] - P.LANDSCAPE["right"]
    late = {(r.pack_id, r.task_id) for r in pc.late}
    out: list = []
    for k, pl in enumerate(rd.plans, 1):
        rows = [t for t in rd.checklist if t.pack_id == pl.pack_id]
        if rows:
            # not kept with the whole table (a table that does not fit under the appendix's title would leave the
            # title alone on its page): room for the heading and a few rows, then the table splits
            heading = Paragraph(f"{k}. {T.esc(pl.citation or pl.title)}", heading_style)
            out += [CondPageBreak(40 * mm), heading, _progress_table(rd, rows, late, w)]
    return "TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU, NHIỆM VỤ ĐẾN CUỐI KỲ BÁO CÁO", out


def _late(rd: ReportData, n: str) -> list:
    pc = rd.period_content
    assert pc is not None
    out = [Paragraph(f"{n}. CHỈ TIÊU, NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN", P.H1)]
    if not pc.late:
        return out + [P.para("Đến cuối kỳ, không có chỉ tiêu, nhiệm vụ nào quá thời hạn mà chưa hoàn thành.")]
    out.append(P.para(f"Đến cuối kỳ, có {len(pc.late)} chỉ tiêu, nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành:"))
    p = T.p
    data = [[p(h, T.HEAD) for h in ("TT", "Chỉ tiêu, nhiệm vụ", "Thời hạn", "Tình trạng", "Nguyên nhân")]]
    for k, r in enumerate(pc.late, 1):
        status = T.STATUS.get(r.status, r.status) + (f" ({r.progress}%)" if r.status == "doing" else "")
        data.append([p(str(k), T.CELL_C), p(r.text), p(date_text(r.due), T.CELL_C), p(status, T.CELL_C), p(r.reason)])
    w = A4[0] - P.PORTRAIT["left"] - P.PORTRAIT["right"]
    tb = LongTable(data, colWidths=T._widths(w, [8, 62, 20, 22, 48]), repeatRows=1)
    tb.setStyle(TableStyle(T._grid()))
    return out + [tb]


def _year(rd: ReportData, n: str) -> list:
    pc = rd.period_content
    assert pc is not None and pc.year is not None
    y = pc.year
    out = [Paragraph(f"{n}. ĐÁNH GIÁ CHUNG {Period.parse(rd.period).label.upper()}", P.H1)]
    if y.targets:
        line = f"Nhà trường đạt {y.targets_met}/{y.targets} chỉ tiêu của kế hoạch"
        if y.targets_not_met:
            texts = {t.task_id: t.text for t in rd.checklist}
            missed = "; ".join(f"«{texts.get(i, i).rstrip('. ')}»" for i in y.targets_not_met)
            line += f"; chưa đạt {len(y.targets_not_met)} chỉ tiêu: {missed}"
        out.append(P.para(line + "."))
    if y.tasks:
        out.append(P.para(f"Hoàn thành {y.tasks_done}/{y.tasks} nhiệm vụ được giao."))
    if y.level:
        line = f"Mức độ chuyển đổi số theo kết quả tự đánh giá: {y.level}"
        if y.previous_level:
            line += f" (năm học {y.previous_year}: {y.previous_level})"
        out.append(P.para(line + "."))
    if y.previous_targets_met:
        out.append(P.para(f"Năm trước, nhà trường đạt {y.previous_targets_met} chỉ tiêu của kế hoạch năm đó."))
    return out


def _directions(rd: ReportData, n: str) -> list:
    pc = rd.period_content
    assert pc is not None
    label = Period.parse(pc.next_period).label
    out = [Paragraph(f"{n}. PHƯƠNG HƯỚNG, NHIỆM VỤ {label.upper()}", P.H1)]
    lines = [t for t in pc.directions.splitlines() if t.strip()]
    return out + [P.para(t) for t in (lines or ["Tiếp tục thực hiện các nhiệm vụ theo kế hoạch."])]


Section = Callable[..., list]  # (rd, n), or (rd, n, appendix) for `progress`


def period_sections(rd: ReportData) -> list[Section] | None:
    """The sections between "Thông tin chung" (and the self-assessment of a year report) and the evidence list;
    None for a report without period content (the self-assessment keeps its own)."""
    pc: PeriodContent | None = rd.period_content
    if pc is None:
        return None
    out: list[Section] = [_results, progress, _late]  # pdf.py gives `progress` its appendix
    if pc.year is not None:
        out.append(_year)
    return out


def closing_sections(rd: ReportData) -> list[Section]:
    """Sections that go after the evidence list, before "Khó khăn, kiến nghị" (which ends the text with "./.")."""
    return [_directions] if rd.period_content is not None else []
