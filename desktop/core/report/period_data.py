"""The content of a period report (month, quarter, year) beyond the cumulative checklist: what changed in the
period, what is behind schedule and why, what comes next, and the year's summary. Part of ReportData (frozen,
tuples only, round-tripped by report/data.py's codec); built by report/period_build.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeRow:
    """A task or target whose status or progress changed in the period (previous period's end → this end)."""

    pack_id: str
    task_id: str
    row_kind: str  # task / target
    text: str
    before: str  # status at the previous period's end (todo / doing / done / na)
    before_progress: int
    status: str
    progress: int
    completed_on: str | None
    evidence: tuple[str, ...]  # evidence refs (MC01…) added in the period
    note: str
    actual: str = ""  # a target's figure as the school states it


@dataclass(frozen=True)
class LateRow:
    """A dated task or target whose deadline passed by the period's end and that was not done."""

    pack_id: str
    task_id: str
    row_kind: str
    text: str
    deadline: str  # as the plan words it
    due: str  # ISO date it fell due
    status: str
    progress: int
    reason: str  # the school's reason for the delay ("" when none was written)
    responsible: str


@dataclass(frozen=True)
class NextRow:
    """A task or target the next period holds: due in it, overdue, or in progress."""

    pack_id: str
    task_id: str
    row_kind: str
    text: str
    deadline: str
    due: str | None  # ISO date in the next period, None for one carried on
    why: str  # due / late / doing
    responsible: str


@dataclass(frozen=True)
class YearSummary:
    targets: int  # targets that concern the school (not "không áp dụng")
    targets_met: int
    targets_not_met: tuple[str, ...]  # their ids
    tasks: int
    tasks_done: int
    level: str  # the self-assessment's level ("Mức 2"), "" when there is none
    previous_year: str  # the school year compared with ("2024-2025"), "" when the file has none
    previous_level: str
    previous_targets_met: str  # "9/11" from last year's locked report, "" when the file has none


@dataclass(frozen=True)
class PeriodContent:
    since: str  # ISO: the previous period's last day (changes are after it)
    until: str  # ISO: this period's last day
    previous: str  # the previous period ("2026-02")
    next_period: str  # "2026-04"
    changes: tuple[ChangeRow, ...]
    late: tuple[LateRow, ...]
    next_rows: tuple[NextRow, ...]
    directions: str  # "Phương hướng, nhiệm vụ kỳ tới": the school's text, pre-filled from next_rows
    year: YearSummary | None = None
    plans_left_out: tuple[str, ...] = ()  # followed plans not in force in the period (their citations)
