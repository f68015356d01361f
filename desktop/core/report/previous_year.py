"""Last school year's result for a self-assessment report (ReportData.assessment.previous): what
desktop.core.store.year_over_year compares, as frozen report data."""

from __future__ import annotations

from desktop.core.report.data import PreviousCriterion, PreviousGroup, PreviousYear
from desktop.core.store import year_over_year
from desktop.core.store.db import Store


def previous_year(store: Store, assessment_id: int) -> PreviousYear | None:
    yoy = year_over_year.compare(store, assessment_id)
    if yoy is None:
        return None
    return PreviousYear(
        school_year=yoy.last_year,
        indicators=yoy.last_set,
        same_set=yoy.same_set,
        groups=tuple(PreviousGroup(g.code, g.before, g.max, g.level_before) for g in yoy.groups),
        criteria=tuple(PreviousCriterion(c.code, c.before, c.max) for c in yoy.criteria),
        overall_level=yoy.overall_before,
    )
