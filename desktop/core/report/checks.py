"""Kiểm tra trước khi gửi: the problems a report still has, each pointing at what to fix.

`target_kind` + `target` tell the GUI where to jump: an item code ("item", "1.3.2"), a report field ("field",
"doc_number" / "doc_date" / "recipients" / "signer_name"), the evidence list ("evidence", "") or a plan task
("task", "<pack_id>/<task_id>"). Errors should be fixed before sending; warnings are for the user to judge;
information lines ("info") say how the software reads the indicator set (its data version, points it does not know
yet, rows not checked against the official text, the reading of a rule the text leaves open): that is the
software's matter, so it is said here and kept out of the signed report, which states the school's result only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.core.periods import label as period_label
from desktop.core.preschool import HOW_TO_LOAD, preschool_only
from desktop.core.report.data import ReportData

DEFAULT_EMAIL_BUDGET_MB = 20
BUDGET_SETTING = "report_email_budget_mb"


@dataclass(frozen=True)
class Problem:
    code: str  # unanswered / mandatory_unmet / no_evidence / missing_field / too_large / unverified /
    #                    date_after_signing / date_before_period / late_no_reason / difficulties_none
    severity: str  # error / warning / info
    target_kind: str  # item / field / evidence / task / set (the indicator set: nothing to fix)
    target: str
    message: str  # Vietnamese, shown as is


def short(text: str, limit: int = 60) -> str:
    """Text cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def email_budget_bytes(store) -> int:
    mb = store.get_setting(BUDGET_SETTING, DEFAULT_EMAIL_BUDGET_MB)
    try:
        return int(float(mb) * 1024 * 1024)
    except (TypeError, ValueError):
        return DEFAULT_EMAIL_BUDGET_MB * 1024 * 1024


# "12/BC-THCSTT": a number, then the document's code. "/BC-THCSTT" (the number left out) is not a number.
DOC_NUMBER = re.compile(r"^\s*\d+\s*/\s*\S")


def earliest_date(kind: str, period: str) -> date | None:
    """The earliest plausible date of a report of this kind and period (a report is written at the end of what
    it reports on): the month itself, the quarter's last month, the year's last quarter, the school year's
    start for a self-assessment. None for a period that does not parse (the report's own checks say so)."""
    try:
        if kind == "month":
            y, m = period.split("-")
            return date(int(y), int(m), 1)
        if kind == "quarter":
            y, q = period.split("-Q")
            return date(int(y), 3 * int(q), 1)
        if kind == "year":
            return date(int(period), 10, 1)
        if kind == "self-assessment":
            return date(int(period.split("-")[0]), 9, 1)
    except ValueError:
        return None
    return None


def _date_problems(rd: ReportData, signing_date: date) -> list[Problem]:
    try:
        day = date.fromisoformat((rd.doc_date or "")[:10])
    except ValueError:
        return []
    out = []
    if day > signing_date:
        out.append(
            Problem(
                "date_after_signing",
                "error",
                "field",
                "doc_date",
                f"Ngày ban hành {day:%d/%m/%Y} sau ngày ký {signing_date:%d/%m/%Y}.",
            )
        )
    earliest = earliest_date(rd.kind, rd.period)
    if earliest and day < earliest:
        out.append(
            Problem(
                "date_before_period",
                "warning",
                "field",
                "doc_date",
                f"Ngày ban hành {day:%d/%m/%Y} quá sớm cho báo cáo {period_label(rd.period)} (thường từ "
                f"{earliest:%d/%m/%Y} trở đi): hãy xem lại ngày hoặc kỳ báo cáo.",
            )
        )
    return out


def check_report(
    rd: ReportData, *, email_budget: int = DEFAULT_EMAIL_BUDGET_MB * 1024 * 1024, signing_date: date | None = None
) -> list[Problem]:
    """Every problem of `rd`, errors and warnings; `signing_date` (default today) is the day it would be signed."""
    out: list[Problem] = []
    a = rd.assessment
    if a:
        # the self-assessment report must answer every item; a year report (due 10/12) only states where the
        # school year's self-assessment (due 31/5) stands, so an item not answered yet is for the school to judge
        unanswered = "error" if rd.kind == "self-assessment" else "warning"
        for it in a.items:
            if it.answer_json is None:
                out.append(Problem("unanswered", unanswered, "item", it.code, f"Mục {it.code} chưa được trả lời."))
        for m in a.mandatory:
            if m.met is False:
                out.append(
                    Problem(
                        "mandatory_unmet",
                        "warning",
                        "item",
                        m.code,
                        f"Điều kiện bắt buộc {m.code} chưa đạt: nhóm không thể xếp mức cao hơn.",
                    )
                )
        for it in a.items:
            claimed = it.points > 0 or (it.state == "met")
            if claimed and not it.evidence:
                out.append(
                    Problem(
                        "no_evidence",
                        "warning",
                        "item",
                        it.code,
                        f"Mục {it.code} được tính điểm/đạt nhưng chưa có minh chứng.",
                    )
                )
        for it in a.items:
            if not it.verified and it.answer_json is not None:
                out.append(
                    Problem(
                        "unverified",
                        "warning",
                        "item",
                        it.code,
                        f"Mục {it.code} thuộc dòng chỉ số chưa đối chiếu với văn bản chính thức.",
                    )
                )
    for t in rd.checklist:
        if t.status == "done" and not t.evidence:
            out.append(
                Problem(
                    "no_evidence",
                    "warning",
                    "task",
                    f"{t.pack_id}/{t.task_id}",
                    f"Nhiệm vụ {t.task_id} «{short(t.text)}» đã hoàn thành nhưng chưa có minh chứng.",
                )
            )
    out += period_problems(rd)
    if not rd.doc_number.strip():
        out.append(Problem("missing_field", "error", "field", "doc_number", "Chưa có số văn bản của báo cáo."))
    elif not DOC_NUMBER.match(rd.doc_number):
        out.append(
            Problem(
                "missing_field",
                "error",
                "field",
                "doc_number",
                f"Số văn bản «{rd.doc_number.strip()}» chưa có số thứ tự (cần dạng «12/BC-…»).",
            )
        )
    if not rd.doc_date:
        out.append(Problem("missing_field", "error", "field", "doc_date", "Chưa có ngày ban hành báo cáo."))
    out += _date_problems(rd, signing_date or date.today())
    if not any(r.strip() for r in rd.recipients):
        out.append(Problem("missing_field", "error", "field", "recipients", "Chưa ghi nơi nhận."))
    if not rd.signer.name.strip():
        out.append(Problem("missing_field", "error", "field", "signer_name", "Chưa có người ký báo cáo."))
    if not rd.signer.authority.strip():
        out.append(Problem("missing_field", "error", "field", "signer_authority", "Chưa ghi thẩm quyền ký."))
    total = sum(e.size or 0 for e in rd.evidence if e.kind == "file")
    if total > email_budget:
        from desktop.core.report.pdf_tables import human_size  # reportlab: only for this message

        out.append(
            Problem(
                "too_large",
                "warning",
                "evidence",
                "",
                f"Minh chứng dạng tệp tổng cộng {human_size(total)}, quá giới hạn gửi thư điện tử "
                f"{human_size(email_budget)}: hãy gửi kèm đường dẫn hoặc nén bớt.",
            )
        )
    return out + reading_notes(rd, out)


def reading_notes(rd: ReportData, problems: list[Problem]) -> list[Problem]:
    """Information lines on how the indicator set was read (not problems to fix; the report does not print them)."""
    a = rd.assessment
    if not a:
        if preschool_only(rd.school.levels):
            return [Problem("preschool_set", "info", "set", "", HOW_TO_LOAD)]
        return []
    i = a.indicators
    out = [
        Problem(
            "set_version",
            "info",
            "set",
            "",
            f"Điểm tính theo bộ chỉ số {i.set_id}, phiên bản dữ liệu {i.version}"
            + (f" ({'dự thảo' if i.status == 'draft' else 'chưa đầy đủ'})" if i.status != "official" else "")
            + ".",
        )
    ]
    if a.overall_rule_note:
        out.append(Problem("rule_reading", "info", "set", "", f"Mức chung: {a.overall_rule_note}"))
    warned_unverified = any(p.code == "unverified" for p in problems)
    for note in a.notes:
        if warned_unverified and note.endswith("chưa được đối chiếu với văn bản chính thức."):
            continue  # the grouped warning above names the rows
        out.append(Problem("set_note", "info", "set", "", note))
    return out


NOTHING = re.compile(r"^\W*(không có|không|chưa có)\W*$", re.IGNORECASE)


def period_problems(rd: ReportData) -> list[Problem]:
    """A period report's own problems (issue 20): a late row without its reason; "Khó khăn: Không có" (or left
    empty) while rows are past their deadline or not started."""
    pc = rd.period_content
    if pc is None:
        return []
    out = [
        Problem(
            "late_no_reason",
            "warning",
            "task",
            f"{r.pack_id}/{r.task_id}",
            f"{'Chỉ tiêu' if r.row_kind == 'target' else 'Nhiệm vụ'} {r.task_id} «{short(r.text)}» quá hạn "
            f"({r.deadline}) nhưng chưa ghi nguyên nhân chậm.",
        )
        for r in pc.late
        if not r.reason.strip()
    ]
    not_started = sum(1 for t in rd.checklist if t.status == "todo")
    if (pc.late or not_started) and NOTHING.match(rd.difficulties.strip() or "không có"):
        what = "; ".join(
            x
            for x in (
                f"{len(pc.late)} chỉ tiêu, nhiệm vụ quá hạn" if pc.late else "",
                f"{not_started} chỉ tiêu, nhiệm vụ chưa thực hiện" if not_started else "",
            )
            if x
        )
        out.append(
            Problem(
                "difficulties_none",
                "warning",
                "field",
                "difficulties",
                f"Mục «Khó khăn, vướng mắc» ghi «Không có» trong khi có {what}: hãy nêu khó khăn, nguyên nhân.",
            )
        )
    return out


# item-level problems that come in numbers: one line each, with the item codes the PDF shows
GROUPED = {
    "unanswered": "Mục chưa trả lời",
    "no_evidence": "Được tính điểm/đạt nhưng chưa có minh chứng",
    "unverified": "Dòng chỉ số chưa đối chiếu văn bản chính thức",
}


def grouped(problems) -> list[tuple[str, list[Problem]]]:
    """The check list as the command line and the report page show it: one line per kind of item-level problem
    (with the item codes the PDF shows), one line per other problem; errors first. → [(line, its problems)]."""
    lines: list[tuple[str, list[Problem]]] = []
    groups: dict[tuple[str, str], list[Problem]] = {}
    for pr in problems:
        if pr.severity == "info":
            lines.append((f"[thông tin] {pr.message}", [pr]))
        elif pr.code in GROUPED and pr.target_kind == "item":
            groups.setdefault((pr.code, pr.severity), []).append(pr)
        else:
            lines.append((f"[{'lỗi' if pr.severity == 'error' else 'lưu ý'}] {pr.message}", [pr]))
    head = [
        (
            f"[{'lỗi' if sev == 'error' else 'lưu ý'}] {GROUPED[code]} ({len(prs)}): "
            f"{', '.join(p.target for p in prs)}",
            prs,
        )
        for (code, sev), prs in groups.items()
    ]
    out = head + lines
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda entry: order.get(entry[1][0].severity, 1))
    return out


def to_fix(problems) -> list[Problem]:
    """The errors and warnings: what the user may have to act on (information lines left out)."""
    return [p for p in problems if p.severity != "info"]


def summarise(problems) -> list[str]:
    """grouped() as text lines, one "- " line each."""
    return [f"- {line}" for line, _ in grouped(problems)]
