"""The reporting calendar: from the followed plan packs and a date, the coming and overdue reports and deadlines.

Pure functions of (packs, today): the store-aware wrapper (which reports were already sent, which tasks are done)
is `desktop.core.store.due.due_for_store`. When a deadline falls in which period is desktop.core.periods'
rule. The yearly self-assessment (QĐ 4725: approved and reported before 31/5) is always on the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import AbstractSet, Iterable

from desktop.core.deadlines import Deadline
from desktop.core.periods import RULE_PERIODS, Period
from desktop.core.plans import SUGGESTED, PlanPack, Target

KIND_LABELS = {
    "month": "Báo cáo tháng",
    "quarter": "Báo cáo quý",
    "year": "Báo cáo năm",
    "other": "Báo cáo",
    "self-assessment": "Tự đánh giá",
    "task": "Nhiệm vụ",
    "target": "Chỉ tiêu",
}


@dataclass(frozen=True)
class DueItem:
    """A report, task or target coming due (or overdue) on a given day."""

    kind: str  # month / quarter / year / other (reports), self-assessment, task, target
    title: str
    due: date
    period: str
    overdue: bool
    pack_id: str | None
    row_id: str = ""  # report_id / task_id / target_id in the pack
    to: str = ""  # to whom a report goes
    source_section: str = ""
    note: str = ""  # the pack encoder's remark (an ambiguity in the document), never the document's words

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "due": self.due.isoformat(),
            "period": self.period,
            "overdue": self.overdue,
            "pack_id": self.pack_id,
            "row_id": self.row_id,
            "to": self.to,
            "source_section": self.source_section,
            "note": self.note,
        }


def occurrences(dl: Deadline, start: date, end: date) -> list[tuple[date, Period]]:
    """(due, period) of a deadline between start and end inclusive; [] for undated deadlines."""
    out: list[tuple[date, Period]] = []
    if dl.kind == "date" and dl.date:
        out.append((dl.date, Period.of("month", dl.date)))
    elif dl.kind == "month" and dl.month:
        month = Period.parse(dl.month, "month")
        out.append((month.last, month))
    elif dl.kind in RULE_PERIODS:
        out += [(due, p) for p in Period.between(RULE_PERIODS[dl.kind], start, end) if (due := p.due(dl))]
    return [o for o in out if start <= o[0] <= end]


def due_items(
    packs: Iterable[PlanPack],
    today: date,
    horizon_days: int = 60,
    *,
    lookback_days: int = 90,
    done_reports: AbstractSet[tuple[str, str]] = frozenset(),
    done_rows: AbstractSet[tuple[str, str]] = frozenset(),
    sent_by_plan: AbstractSet[tuple[str, str, str]] = frozenset(),
    include_self_assessment: bool = True,
) -> list[DueItem]:
    """Reports and dated deadlines due from today to today + horizon_days, and overdue ones not done: a plan's
    reports from its effective date (PlanPack.life; without one, those due in the last lookback_days), tasks and
    targets with a date (or month) whenever it was. done_reports: {(report kind, period)} already sent for every
    plan; sent_by_plan: {(pack_id, report kind, period)} sent for that plan only; done_rows: {(pack_id, task or
    target id)} done or not applicable."""
    start, end = today - timedelta(days=lookback_days), today + timedelta(days=horizon_days)
    items: dict[tuple, DueItem] = {}

    def add(item: DueItem, done: bool) -> None:
        if item.due < today and done:
            return
        items.setdefault((item.kind, item.period, item.pack_id, item.row_id, item.due), item)

    for pack in packs:
        # a plan's reports fall due from its effective date to the end of its year: none before it was signed,
        # none for a later year; an overdue one stays (no look-back limit) until it is sent or the plan unfollowed
        begin, finish = pack.life
        p_start, p_end = begin or start, min(end, finish) if finish else end
        for r in pack.reports:
            for due, p in occurrences(r.schedule, p_start, p_end):
                kind = r.report_kind
                if r.schedule.kind == "date" and r.period:
                    period = r.period
                elif kind in ("month", "quarter", "year") and p.kind != kind:
                    period = str(Period.of(kind, due))
                else:
                    period = str(p)
                to = f"{r.to} ({SUGGESTED})" if r.to and "to" in dict(r.inferred) else r.to
                add(
                    DueItem(
                        kind, r.text, due, period, due < today, pack.pack_id, r.report_id, to, r.source_section, r.note
                    ),
                    (kind, period) in done_reports or (pack.pack_id, kind, period) in sent_by_plan,
                )
        for kind, rows in (("target", pack.targets), ("task", pack.tasks)):
            for row in rows:
                rid = row.target_id if isinstance(row, Target) else row.task_id
                # an unfinished task stays overdue however long ago its one date passed
                row_start = date.min if row.deadline.kind in ("date", "month") else p_start
                for due, p in occurrences(row.deadline, row_start, end if row_start == date.min else p_end):
                    add(
                        DueItem(kind, row.text, due, str(p), due < today, pack.pack_id, rid, "", row.source_section),
                        (pack.pack_id, rid) in done_rows,
                    )
    if include_self_assessment:
        for year in Period.between("school-year", start, end):
            sa_due = year.due(report_kind="self-assessment")
            if sa_due and start <= sa_due <= end:
                period = str(year)
                add(
                    DueItem(
                        "self-assessment",
                        f"Tự đánh giá mức độ chuyển đổi số năm học {period} (QĐ 4725), "
                        "báo cáo cơ quan quản lý và cập nhật lên cơ sở dữ liệu ngành",
                        sa_due,
                        period,
                        sa_due < today,
                        None,
                        "",
                        "Cơ quan quản lý trực tiếp",
                        "QĐ 4725/QĐ-BGDĐT",
                    ),
                    ("self-assessment", period) in done_reports,
                )
    return sorted(items.values(), key=lambda i: (i.due, i.kind != "self-assessment", i.kind, i.pack_id or "", i.row_id))


def undated_reports(packs: Iterable[PlanPack]) -> list[tuple[PlanPack, object]]:
    """Report rules without a date to put on the calendar (on request, when an incident happens, other)."""
    return [(p, r) for p in packs for r in p.reports if r.schedule.kind in ("on_request", "on_event", "other")]
