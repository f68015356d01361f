"""The period content of a month, quarter or year report (report/period_data.py), read from the store.

"Changed in the period" compares the checklist as it stood at the previous period's end with the checklist at
this period's end: task_progress keeps one entry per period, so these two states are the history the store
already keeps (an entry made for a month belongs to that month, whatever day it was typed; an entry made under
a longer period still running, such as the school year, counts as it stood at each period's end: store/checklist.py
latest_states). The previous period is the one of the same kind just before (the month before, the quarter
before), which is the previous report's period in the rhythm the plans set. Evidence counts as added in the period
when it was linked in it, a link naming a period being dated inside that period (linked late for a month: the
month's last day).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, Callable

from desktop.core.bands import vn_number
from desktop.core.deadlines import Deadline
from desktop.core.errors import nfc
from desktop.core.periods import Period, date_text
from desktop.core.plans import PlanPack, Target
from desktop.core.report.data import TaskRow
from desktop.core.report.period_data import ChangeRow, LateRow, NextRow, PeriodContent, YearSummary
from desktop.core.report.row_terms import deadline_of
from desktop.core.schedule import occurrences
from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.core.store.checklist import checklist, written_day

PERIOD_KINDS = ("month", "quarter", "year")
DONE = ("done", "na")
PEOPLE_WORDS = ("giáo viên", "nhà giáo", "cán bộ", "viên chức", "nhân viên")


def previous(period: Period) -> Period:
    return Period.of(period.kind, period.first - timedelta(days=1))


def due_of(dl: Deadline | None) -> date | None:
    """The one day a dated row falls due (a date, or the end of a month); None for recurring or undated rows."""
    if dl is None:
        return None
    if dl.kind == "date" and dl.date:
        return dl.date
    if dl.kind == "month" and dl.month:
        return Period.parse(dl.month, "month").last
    return None


# ---- the school's figure for a target ------------------------------------------------------------------------
def computed_figure(store: Store, target: Target, today: date) -> str:
    """A target counted over people, linked to an indicator item the staff list counts (1.6.x), gets the list's
    count: "12/14 giáo viên (85,71%), theo danh sách giáo viên ngày 15/04/2026". "" when it does not apply."""
    if not target.unit.startswith("%") or not any(w in target.unit for w in PEOPLE_WORDS):
        return ""
    from desktop.core.store.assessments import assessment_set, current_assessment
    from desktop.core.store.lists import flags, share

    asm = current_assessment(store)
    if asm is None:
        return ""
    iset = assessment_set(store, asm["id"])
    codes = {f.code for f in flags(iset, "staff")}
    code = next((c for c in target.indicator_links if c in codes), None)
    if code is None:
        return ""
    s = share(store, iset, code)
    if not s.total:
        return ""
    return (
        f"{s.counted}/{s.total} giáo viên ({vn_number(s.percent)}%), theo danh sách giáo viên "
        f"ngày {today.day:02d}/{today.month:02d}/{today.year} (chỉ số {code})"
    )


def figure(row: dict, computed: str) -> tuple[str, str]:
    """(the figure as printed, where it comes from: "entered" / "lists" / "")."""
    if row.get("actual"):
        on = date_text(row.get("actual_on"))
        return (f"{row['actual']}" + (f" (ngày {on})" if on else ""), "entered")
    if computed:
        return computed, "lists"
    return "", ""


# ---- the period content --------------------------------------------------------------------------------------
def _new_evidence(store: Store, pack_id: str, ids: tuple[str, ...], since: date, until: date) -> list[dict]:
    marks = ",".join("?" * len(ids))
    out: list[dict] = []
    for r in store.db.query(
        "SELECT e.*, l.period AS link_period, l.created_at AS link_created FROM evidence e JOIN evidence_links l "
        f"ON l.evidence_id = e.id WHERE l.pack_id = ? AND l.task_id IN ({marks}) AND l.removed_at IS NULL "
        "AND e.removed_at IS NULL ORDER BY e.id",
        [pack_id, *ids],
    ):
        r = dict(r)
        made = written_day(store, r["link_created"])
        try:  # a link naming a period is dated inside it: a month's evidence linked late is the month's, evidence
            # linked under the school year is dated the day it was linked (issue 20)
            named = Period.parse(r["link_period"]) if r["link_period"] else None
        except ValueError:
            continue
        day = max(named.first, min(made, named.last)) if named else made
        if since < day <= until and all(o["id"] != r["id"] for o in out):
            out.append(r)
    return out


def _changes(store, year_id, period, prev, rows, refs: Callable[[list[dict]], tuple[str, ...]]) -> tuple:
    before = {(r.pack_id, r.task_id): r for r in checklist(store, year_id, str(prev))}
    since, until = prev.last, period.last
    out = []
    for t in rows:
        b = before.get((t.pack_id, t.task_id))
        b_status, b_progress, b_actual = (b.status, b.progress, b.actual) if b else ("todo", 0, "")
        new = _new_evidence(store, t.pack_id, (t.task_id, *t.also), since, until)
        if (b_status, b_progress, b_actual) == (t.status, t.progress, t.actual_entered) and not new:
            continue
        out.append(
            ChangeRow(
                pack_id=t.pack_id,
                task_id=t.task_id,
                row_kind=t.row_kind,
                text=t.text,
                before=b_status,
                before_progress=b_progress,
                status=t.status,
                progress=t.progress,
                completed_on=t.completed_on,
                evidence=refs(new),
                note=t.note,
                actual=t.actual,
            )
        )
    return tuple(out)


class _Row:
    """A checklist row of the report with what period_content needs beside it (its pack row, what was entered,
    the deadline the report counts from: None when it prints none, report/row_terms.py)."""

    def __init__(self, t: TaskRow, pack: PlanPack, frozen: dict[str, Any]):
        self.t, self.row = t, pack.row(t.task_id)
        self.also, self.actual_entered = tuple(frozen.get("also") or ()), frozen.get("actual") or ""
        self.dl = deadline_of(self.row.deadline, frozen, t.deadline) if self.row is not None else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.t, name)


def _late(rows: list[_Row], until: date) -> tuple[LateRow, ...]:
    out = []
    for t in rows:
        due = due_of(t.dl)
        if due is not None and due <= until and t.status not in DONE:
            out.append(
                LateRow(
                    t.pack_id,
                    t.task_id,
                    t.row_kind,
                    t.text,
                    t.deadline,
                    due.isoformat(),
                    t.status,
                    t.progress,
                    t.late_reason,
                    t.responsible,
                )
            )
    return tuple(sorted(out, key=lambda r: r.due))


def _next(rows: list[_Row], nxt: Period, late: tuple[LateRow, ...]) -> tuple[NextRow, ...]:
    late_keys = {(r.pack_id, r.task_id) for r in late}
    out = []
    for t in rows:
        if t.status in DONE or t.row is None:
            continue
        due = next((d for d, _p in occurrences(t.dl, nxt.first, nxt.last)), None) if t.dl else None
        why = (
            "due" if due else "late" if (t.pack_id, t.task_id) in late_keys else "doing" if t.status == "doing" else ""
        )
        if why:
            out.append(
                NextRow(
                    t.pack_id,
                    t.task_id,
                    t.row_kind,
                    t.text,
                    t.deadline,
                    due.isoformat() if due else None,
                    why,
                    t.responsible,
                )
            )
    order = {"late": 0, "due": 1, "doing": 2}
    return tuple(sorted(out, key=lambda r: (order[r.why], r.due or "")))


def default_directions(next_rows: tuple[NextRow, ...], progress: dict[tuple[str, str], int]) -> str:
    """The pre-filled "Phương hướng, nhiệm vụ kỳ tới": one line a row (the school edits it)."""
    lines = []
    for r in next_rows:
        text = r.text.rstrip(". ")
        if r.why == "late":
            what = "chỉ tiêu" if r.row_kind == "target" else "nhiệm vụ"
            lines.append(f"- Khẩn trương hoàn thành {what} đã quá hạn: {text} (thời hạn: {r.deadline}).")
        elif r.why == "due":
            lines.append(f"- {text[0].upper()}{text[1:]} (hạn {date_text(r.due)}).")
        else:
            lines.append(f"- Tiếp tục thực hiện: {text} (đã đạt {progress.get((r.pack_id, r.task_id), 0)}%).")
    return "\n".join(lines)


def _year(store: Store, year_row: dict, period: Period, rows: list[_Row], level: str) -> YearSummary:
    targets = [t for t in rows if t.row_kind == "target" and t.status != "na"]
    tasks = [t for t in rows if t.row_kind == "task" and t.status != "na"]
    prev_year, prev_level = "", ""
    older = list(
        store.db.query(
            "SELECT * FROM school_years WHERE start_date < ? ORDER BY start_date DESC LIMIT 1", [year_row["start_date"]]
        )
    )
    if older:
        prev_year = older[0]["label"]
        from desktop.core.store.assessments import score_assessment, self_assessment

        asm = self_assessment(store, older[0]["id"])  # on a set that applies to the school now (issue 19)
        if asm:
            _iset, result = score_assessment(store, asm["id"])
            prev_level = nfc(result.overall_label) if result.overall_level is not None else ""
    prev_met = ""
    last = rep.latest(store, "year", str(period.year - 1))
    if last and last.get("report_data"):
        try:
            y = json.loads(last["report_data"]).get("period_content", {}).get("year") or {}
            prev_met = f"{int(y['targets_met'])}/{int(y['targets'])}" if y else ""
        except (ValueError, TypeError, KeyError, AttributeError):
            prev_met = ""
    return YearSummary(
        targets=len(targets),
        targets_met=sum(1 for t in targets if t.status == "done"),
        targets_not_met=tuple(t.task_id for t in targets if t.status != "done"),
        tasks=len(tasks),
        tasks_done=sum(1 for t in tasks if t.status == "done"),
        level=level,
        previous_year=prev_year if prev_level else "",
        previous_level=prev_level,
        previous_targets_met=prev_met,
    )


def period_content(
    store: Store,
    year_row: dict,
    period: Period,
    packs: list[PlanPack],
    checklist_rows: tuple[TaskRow, ...],
    raw: dict[tuple[str, str], dict],
    refs: Callable[[list[dict]], tuple[str, ...]],
    fields: dict,
    level: str,
    left_out: tuple[str, ...],
) -> PeriodContent:
    """`raw`: the frozen checklist rows by (pack_id, task_id) (what the school entered, the folded rows)."""
    by_id = {p.pack_id: p for p in packs}
    rows = [
        _Row(t, by_id[t.pack_id], raw[k])
        for t in checklist_rows
        if t.pack_id in by_id and (k := (t.pack_id, t.task_id)) in raw
    ]
    prev, nxt = previous(period), period.next()
    changes = _changes(store, year_row["id"], period, prev, rows, refs)
    late = _late(rows, period.last)
    next_rows = _next(rows, nxt, late)
    progress = {(t.pack_id, t.task_id): t.progress for t in rows}
    directions = fields["directions"] if "directions" in fields else default_directions(next_rows, progress)
    return PeriodContent(
        since=prev.last.isoformat(),
        until=period.last.isoformat(),
        previous=str(prev),
        next_period=str(nxt),
        changes=changes,
        late=late,
        next_rows=next_rows,
        directions=directions,
        year=_year(store, year_row, period, rows, level) if period.kind == "year" else None,
        plans_left_out=left_out,
    )
