"""A school year's calendar, month by month: every deadline of the followed plans and the self-assessment in the
year, each marked done (report sent / task finished), overdue or coming. The rules of what is due when and what
counts as done are desktop.core.schedule's and desktop.core.store.due's; this only lays them out by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.core.periods import Period
from desktop.core.schedule import DueItem
from desktop.core.store.db import Store
from desktop.core.store.due import due_for_store
from desktop.core.store.report_exemptions import exempted


@dataclass(frozen=True)
class YearEntry:
    item: DueItem
    state: str  # done | overdue | coming | na (a report occurrence marked not applicable)
    reason: str = ""  # why it is not applicable

    @property
    def opens(self) -> str:
        """What opening the entry shows: "report" (its report kind and period) or "task" (its plan row)."""
        return "task" if self.item.kind in ("task", "target") else "report"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    entries: tuple[YearEntry, ...]

    @property
    def label(self) -> str:
        return f"Tháng {self.month}/{self.year}"


def _key(i: DueItem) -> tuple:
    return (i.kind, i.period, i.pack_id, i.row_id, i.due)


def year_calendar(store: Store, school_year: str, today: date) -> list[Month]:
    """The twelve months of `school_year` ("2025-2026": 8/2025 to 7/2026) with their deadlines, in date order.
    An entry is done when what it asks for was sent or finished, overdue when its day has passed without that."""
    sy = Period.parse(school_year, "school-year")
    row = store.db.execute("SELECT id FROM school_years WHERE label = ?", [str(sy)]).fetchone()
    lookback, horizon = (today - sy.first).days, (sy.last - today).days
    if row is None:
        return [Month(p.year, p.number, ()) for p in Period.between("month", sy.first, sy.last)]
    everything = due_for_store(store, today, horizon, row[0], lookback_days=lookback, with_done=True)
    still_open = {_key(i) for i in due_for_store(store, today, horizon, row[0], lookback_days=lookback)}
    na = exempted(store)
    by_month: dict[tuple[int, int], list[YearEntry]] = {}
    for i in everything:
        if not sy.first <= i.due <= sy.last:
            continue  # an older undone task is overdue on the dashboard, but belongs to its own year here
        state = "done" if _key(i) not in still_open else ("overdue" if i.due < today else "coming")
        reason = na.get((i.pack_id or "", i.kind, i.period), "") if i.kind not in ("task", "target") else ""
        by_month.setdefault((i.due.year, i.due.month), []).append(YearEntry(i, "na" if reason else state, reason))
    return [
        Month(p.year, p.number, tuple(by_month.get((p.year, p.number), ())))
        for p in Period.between("month", sy.first, sy.last)
    ]
