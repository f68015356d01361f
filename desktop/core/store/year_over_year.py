"""Year over year: this school year's self-assessment beside last year's, when the data file keeps both (a data
file keeps its school years). Each is scored with its own pinned indicator-set version, so last year's figures
are the ones it had; criteria are compared by code where both years have them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.core.periods import Period
from desktop.core.store import assessments as asm
from desktop.core.store.db import Store


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    now: Decimal
    before: Decimal
    max: Decimal

    @property
    def delta(self) -> Decimal:
        return self.now - self.before


@dataclass(frozen=True)
class GroupChange(Change):
    level_now: int = 0
    level_before: int = 0


@dataclass(frozen=True)
class YearOverYear:
    this_year: str
    last_year: str
    groups: tuple[GroupChange, ...]
    criteria: tuple[Change, ...]
    overall_now: int | None
    overall_before: int | None
    same_set: bool  # both years scored with the same set version
    last_set: str


def previous_self_assessment(store: Store, assessment_id: int) -> dict | None:
    """The school's own assessment of the school year before the one of `assessment_id` (newest if several)."""
    a = asm.get_assessment(store, assessment_id)
    row = store.row("school_years", {"id": a["school_year_id"]})
    if not row:
        return None
    prev = str(Period("school-year", Period.parse(row["label"], "school-year").year - 1))
    year = store.row("school_years", {"label": prev})
    return asm.self_assessment(store, year["id"]) if year else None  # a set that applies to the school now


def compare(store: Store, assessment_id: int) -> YearOverYear | None:
    """This year against last year, or None when the data file has no self-assessment of last year."""
    prev = previous_self_assessment(store, assessment_id)
    if prev is None:
        return None
    iset, now = asm.score_assessment(store, assessment_id)
    old_set, before = asm.score_assessment(store, prev["id"])
    labels = {g.code: f"Nhóm {g.code}. {g.name}" for g in iset.groups}
    groups = tuple(
        GroupChange(code, labels[code], g.total, before.groups[code].total, g.max, g.level, before.groups[code].level)
        for code, g in now.groups.items()
        if code in before.groups
    )
    crit_labels = {c.code: c.text or f"Tiêu chí {c.code}" for g in iset.groups for c in g.criteria}
    criteria = tuple(
        Change(code, crit_labels.get(code, code), c.total, before.criteria[code].total, c.max)
        for code, c in now.criteria.items()
        if code in before.criteria and c.max > 0
    )
    this_label = store.row("school_years", {"id": asm.get_assessment(store, assessment_id)["school_year_id"]})
    last_label = store.row("school_years", {"id": prev["school_year_id"]})
    return YearOverYear(
        this_label["label"] if this_label else "",
        last_label["label"] if last_label else "",
        groups,
        criteria,
        now.overall_level,
        before.overall_level,
        (iset.set_id, iset.version) == (old_set.set_id, old_set.version),
        old_set.ref,
    )
