"""The reporting calendar: from the followed plan packs and a date, the coming and overdue reports and deadlines.

Pure functions of (packs, today): the store-aware wrapper (which reports were already sent, which tasks are done)
is `desktop.core.store.checklist.due_for_store`. A deadline "trước ngày 20" is shown as due on the 20th, as the
document names it (the same convention as desktop/core/commune/due.py), and is overdue from the day after.
The yearly self-assessment (QĐ 4725: approved and reported before 31/5) is always on the calendar.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Iterator

from desktop.core.plans import Deadline, PlanPack


def _days_in(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without the calendar module (it imports locale: ~2 ms at start-up)."""
    return ((date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - date(year, month, 1)).days


SELF_ASSESSMENT_DAY = (5, 31)
KIND_LABELS = {"month": "Báo cáo tháng", "quarter": "Báo cáo quý", "year": "Báo cáo năm", "other": "Báo cáo",
               "self-assessment": "Tự đánh giá", "task": "Nhiệm vụ", "target": "Chỉ tiêu"}


@dataclass(frozen=True)
class DueItem:
    """A report, task or target coming due (or overdue) on a given day."""
    kind: str                 # month / quarter / year / other (reports), self-assessment, task, target
    title: str
    due: date
    period: str
    overdue: bool
    pack_id: str | None
    row_id: str = ""          # report_id / task_id / target_id in the pack
    to: str = ""              # to whom a report goes
    source_section: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "due": self.due.isoformat(), "period": self.period,
                "overdue": self.overdue, "pack_id": self.pack_id, "row_id": self.row_id, "to": self.to,
                "source_section": self.source_section}


def school_year_of(day: date) -> str:
    """The school year containing `day` (administratively 1/8 to 31/7), e.g. "2025-2026"."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def period_of(kind: str, day: date) -> str:
    """The reporting period of `kind` containing `day`: "2026-03", "2026-Q1", "2026", or a school year."""
    if kind == "month":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "year":
        return str(day.year)
    if kind in ("self-assessment", "school-year"):
        return school_year_of(day)
    raise ValueError(f"unknown period kind {kind!r}")


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period string (month, quarter, year, school year)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, _days_in(y, mo))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        y, q = int(m[1]), int(m[2])
        last = q * 3
        return date(y, last - 2, 1), date(y, last, _days_in(y, last))
    if m := re.fullmatch(r"(\d{4})-(\d{4})", period):
        return date(int(m[1]), 8, 1), date(int(m[2]), 7, 31)
    if m := re.fullmatch(r"(\d{4})", period):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    raise ValueError(f"kỳ «{period}» không đúng dạng (2026-03, 2026-Q1, 2026, 2025-2026)")


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def occurrences(dl: Deadline, start: date, end: date) -> list[tuple[date, str, str]]:
    """(due, period kind, period) of a deadline between start and end inclusive; [] for undated deadlines."""
    out: list[tuple[date, str, str]] = []
    if dl.kind == "date":
        out.append((dl.date, "month", period_of("month", dl.date)))
    elif dl.kind == "month":
        y, m = int(dl.month[:4]), int(dl.month[5:])
        out.append((date(y, m, _days_in(y, m)), "month", dl.month))
    elif dl.kind == "monthly":
        out += [(date(y, m, dl.day), "month", f"{y}-{m:02d}") for y, m in _months(start, end)]
    elif dl.kind == "quarterly":
        out += [(date(y, m, dl.day), "quarter", f"{y}-Q{m // 3}") for y, m in _months(start, end) if m % 3 == 0]
    elif dl.kind == "yearly":
        for y in range(start.year, end.year + 1):
            day = min(dl.day, _days_in(y, dl.in_month))
            out.append((date(y, dl.in_month, day), "year", str(y)))
    return [o for o in out if start <= o[0] <= end]


def due_items(packs: Iterable[PlanPack], today: date, horizon_days: int = 60, *, lookback_days: int = 90,
              done_reports: set[tuple[str, str]] = frozenset(), done_rows: set[tuple[str, str]] = frozenset(),
              include_self_assessment: bool = True) -> list[DueItem]:
    """Reports and dated deadlines due from today to today + horizon_days, and overdue ones not done: reports
    due in the last lookback_days, tasks and targets with a date (or month) whenever it was. done_reports: {(report kind, period)} already sent; done_rows: {(pack_id,
    task or target id)} done or not applicable."""
    start, end = today - timedelta(days=lookback_days), today + timedelta(days=horizon_days)
    items: dict[tuple, DueItem] = {}

    def add(item: DueItem, done: bool) -> None:
        if item.due < today and done:
            return
        items.setdefault((item.kind, item.period, item.pack_id, item.row_id, item.due), item)

    for pack in packs:
        for r in pack.reports:
            for due, pkind, period in occurrences(r.schedule, start, end):
                kind = r.report_kind
                if r.schedule.kind == "date" and r.period:
                    period = r.period
                elif kind in ("month", "quarter", "year"):
                    period = period if pkind == kind else period_of(kind, due)
                add(DueItem(kind, r.text, due, period, due < today, pack.pack_id, r.report_id, r.to,
                            r.source_section), (kind, period) in done_reports)
        for kind, rows in (("target", pack.targets), ("task", pack.tasks)):
            for row in rows:
                rid = row.target_id if kind == "target" else row.task_id
                # an unfinished task stays overdue however long ago its one date passed
                row_start = date.min if row.deadline.kind in ("date", "month") else start
                for due, _, period in occurrences(row.deadline, row_start, end):
                    add(DueItem(kind, row.text, due, period, due < today, pack.pack_id, rid, "", row.source_section),
                        (pack.pack_id, rid) in done_rows)
    if include_self_assessment:
        for y in range(start.year, end.year + 1):
            due = date(y, *SELF_ASSESSMENT_DAY)
            if start <= due <= end:
                period = f"{y - 1}-{y}"
                add(DueItem("self-assessment", f"Tự đánh giá mức độ chuyển đổi số năm học {period} (QĐ 4725), "
                            "báo cáo cơ quan quản lý và cập nhật lên cơ sở dữ liệu ngành", due, period, due < today,
                            None, "", "Cơ quan quản lý trực tiếp", "QĐ 4725/QĐ-BGDĐT"),
                    ("self-assessment", period) in done_reports)
    return sorted(items.values(), key=lambda i: (i.due, i.kind != "self-assessment", i.kind, i.pack_id or "", i.row_id))


def undated_reports(packs: Iterable[PlanPack]) -> list[tuple[PlanPack, object]]:
    """Report rules without a date to put on the calendar (on request, when an incident happens, other)."""
    return [(p, r) for p in packs for r in p.reports if r.schedule.kind in ("on_request", "on_event", "other")]


def report_overrides(packs: Iterable[PlanPack], years: Iterable[int]) -> dict[tuple[str, str], date]:
    """{(report kind, period): due date} that the packs set, for the commune's late-file check (commune/due.py)."""
    out: dict[tuple[str, str], date] = {}
    for y in years:
        for item in due_items(packs, date(y, 1, 1), horizon_days=366, lookback_days=0, include_self_assessment=False):
            if item.kind in ("month", "quarter", "year"):
                out.setdefault((item.kind, item.period), item.due)
    return out
