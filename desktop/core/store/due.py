"""The school's calendar from the store: what the followed plans ask for and when, minus what is done.

desktop.core.schedule lays out the due items of a set of packs; this module picks the packs (the current school
year's, cut to the school's levels) and what the store says is already done (reports sent, rows finished).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from desktop.core.plans import PlanPack, applies_to
from desktop.core.preschool import QD4725_LEVELS, applies
from desktop.core.schedule import DueItem, due_items
from desktop.core.store.checklist import latest_states, school_levels
from desktop.core.store.db import Store
from desktop.core.store.plan_store import followed_packs
from desktop.core.store.report_exemptions import exempted

SENT_REPORT_STATES = ("locked", "signed", "sent")


def due_for_store(
    store: Store,
    today: date,
    horizon_days: int = 60,
    school_year_id: int | None = None,
    *,
    lookback_days: int = 90,
    with_done: bool = False,
) -> list[DueItem]:
    """The calendar of the current school year's followed packs, minus reports already sent and rows done
    (`with_done`: keep them, for a whole year's calendar; lookback_days as in schedule.due_items)."""
    from desktop.core.store.profile import current_school_year

    if school_year_id is None:
        year = current_school_year(store)
        school_year_id = year["id"] if year else None
    levels = school_levels(store)
    packs = [_for_school(p, levels) for p in followed_packs(store, school_year_id)] if school_year_id else []
    done_reports, sent_by_plan = _sent_reports(store)
    sent_by_plan |= set(exempted(store))  # a report occurrence marked "không áp dụng" is not due (issue 19)
    by_id = {p.pack_id: p for p in packs}
    done_rows = (
        {
            (pid, by_id[pid].primary(rid) if pid in by_id else rid)
            for (pid, rid), r in latest_states(store, school_year_id, None).items()
            if r["status"] in ("done", "na")
        }
        if school_year_id
        else set()
    )
    # QĐ 4725's self-assessment (due 31/5) is not a preschool's; the preschool set's own dates are not known
    if with_done:
        done_reports, sent_by_plan, done_rows = set(), set(), set()
    return due_items(
        packs,
        today,
        horizon_days,
        lookback_days=lookback_days,
        done_reports=done_reports,
        done_rows=done_rows,
        sent_by_plan=sent_by_plan,
        include_self_assessment=applies(QD4725_LEVELS, levels),
    )


def _sent_reports(store: Store) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """Reports locked, signed or sent: ({(kind, period)} of those that answer no plan in particular — the
    self-assessment, a report without its frozen data — and {(pack_id, kind, period)}: a period report answers the
    plans it carried, so two plans' "year 2026" reports are not taken for one another (issue 19)."""
    plain: set[tuple[str, str]] = set()
    per_plan: set[tuple[str, str, str]] = set()
    for kind, period, data in store.db.execute(
        f"SELECT kind, period, report_data FROM reports WHERE status IN ({','.join('?' * len(SENT_REPORT_STATES))})",
        SENT_REPORT_STATES,
    ):
        try:
            plans = (
                [p["pack_id"] for p in json.loads(data).get("plans", [])]
                if data and kind != "self-assessment"
                else None
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            plans = None
        if plans is None:
            plain.add((kind, period))
        else:
            per_plan |= {(pid, kind, period) for pid in plans}
    return plain, per_plan


def _for_school(pack: PlanPack, levels: list[str]) -> PlanPack:
    """The pack with only the rows and reports that concern a school of these levels (a report addressed to THPT
    and GDTX units is not put on a TH school's calendar)."""
    return replace(
        pack,
        targets=tuple(r for r in pack.targets if applies_to(r, pack, levels)),
        tasks=tuple(r for r in pack.tasks if applies_to(r, pack, levels)),
        reports=tuple(r for r in pack.reports if applies_to(r, pack, levels)),
    )
