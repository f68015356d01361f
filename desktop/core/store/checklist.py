"""The task checklist of a school and reporting period: status, progress, completion date, person, evidence, notes.

Progress is entered for a period ("2026-03", "2026-Q1", "2026", "2025-2026"). A period with no entry of its own
shows the latest entry of an earlier (or equal-ending) period, marked as carried over, so a task finished in
March still reads "hoàn thành" in the April report. `freeze` gives the rows as plain JSON for a period report.
Every edit goes through Store.write (undoable, in the history).
"""

from __future__ import annotations

import contextlib
import itertools
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

from desktop.core.errors import UserError, nfc
from desktop.core.periods import Period, today
from desktop.core.periods import label as period_label
from desktop.core.plans import PlanPack, Target, applies_to, row_id_of
from desktop.core.preschool import applies, preschool_only
from desktop.core.store.db import Store, utcnow

STATUSES = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Hoàn thành", "na": "Không áp dụng"}


@dataclass(frozen=True)
class TaskRow:
    """One row of the checklist: a followed plan's task or target with the school's progress on it."""

    pack_id: str
    pack_version: str
    row_kind: str  # "target" or "task"
    task_id: str
    section: str
    source_section: str
    text: str
    product: str
    deadline: str  # the deadline as shown ("Hằng tháng, trước ngày 20", "10/10/2025", "")
    indicator_links: tuple[str, ...]
    status: str = "todo"
    progress: int = 0
    completed_on: str | None = None
    responsible: str = ""
    na_reason: str = ""
    note: str = ""
    evidence_count: int = 0
    period: str = ""  # the period the state was entered for
    carried: bool = False  # True when that period is an earlier one
    source_text: str = ""  # the document's own words for the row
    suggested: tuple[str, ...] = ()  # fields whose value is Sổ CĐS's suggestion, not the document's ("product", …)
    plan_note: str = ""  # the pack encoder's remark on the row (not the school's note)
    also: tuple[str, ...] = ()  # other rows stating the same obligation, shown as this one item (same_as)
    actual: str = ""  # a target's figure as the school states it ("14/14 giáo viên, 100%")
    actual_on: str | None = None  # the day that figure was measured (ISO)
    late_reason: str = ""  # why the row is behind schedule, in the school's words
    in_school_plan: str = ""  # the school's plan row carrying this province row out ("KH03"), issue 24

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["indicator_links"] = list(self.indicator_links)
        d["suggested"] = list(self.suggested)
        d["also"] = list(self.also)
        d["status_label"] = self.status_label
        return d


def _status(value: str) -> str:
    v = nfc(str(value)).strip()
    for code, label in STATUSES.items():
        if v == code or v.casefold() == label.casefold():
            return code
    raise UserError(f"Trạng thái «{value}» không hợp lệ; chọn: {', '.join(STATUSES.values())}.")


def _tracked(store: Store, school_year_id: int) -> list[PlanPack]:
    """The followed packs and the school's own plan (school_plan/tracking.py), whose rows are checklist items too."""
    from desktop.core.school_plan.tracking import tracked_packs

    return tracked_packs(store, school_year_id)


def followed_pack(store: Store, school_year_id: int, pack_id: str) -> PlanPack:
    for p in _tracked(store, school_year_id):
        if p.pack_id == pack_id:
            return p
    raise UserError(f"Trường chưa theo dõi kế hoạch {pack_id} trong năm học này.")


def set_progress(
    store: Store,
    school_year_id: int,
    pack_id: str,
    task_id: str,
    period: str,
    *,
    status: str,
    progress: int | None = None,
    completed_on: date | str | None = None,
    responsible: str = "",
    na_reason: str = "",
    note: str = "",
    actual: str = "",
    actual_on: date | str | None = None,
    late_reason: str = "",
) -> int:
    """Record the state of a task (or target) for a period. "done" without a date means done today. `actual` (a
    target's figure as the school states it) and its day `actual_on`, and `late_reason`, are the school's words."""
    pack = followed_pack(store, school_year_id, pack_id)
    row = pack.row(task_id)
    if row is not None:
        task_id = pack.primary(task_id)  # a task restating a target is that target's item (same_as)
    if row is None:
        raise UserError(f"Kế hoạch {pack_id} (phiên bản {pack.version}) không có nhiệm vụ/chỉ tiêu «{task_id}».")
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    yr = store.row("school_years", {"id": school_year_id})
    if yr and (p.last < date.fromisoformat(yr["start_date"]) or p.first > date.fromisoformat(yr["end_date"])):
        raise UserError(f"{period_label(period).capitalize()} nằm ngoài năm học {yr['label']}.")
    status = _status(status)
    if status == "na" and not na_reason.strip():
        raise UserError(f"Nhiệm vụ {task_id}: chọn «Không áp dụng» thì phải ghi lý do.")
    if progress is None:
        progress = 100 if status == "done" else 0
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise UserError(f"Nhiệm vụ {task_id}: tiến độ phải là số nguyên từ 0 đến 100 (%), không phải «{progress}».")
    if status == "done" and progress != 100:
        raise UserError(f"Nhiệm vụ {task_id}: đã «Hoàn thành» thì tiến độ là 100%.")
    if status == "todo" and progress:
        raise UserError(f"Nhiệm vụ {task_id}: có tiến độ {progress}% thì trạng thái là «Đang thực hiện».")
    if completed_on is not None and status != "done":
        raise UserError(f"Nhiệm vụ {task_id}: chỉ ghi ngày hoàn thành khi trạng thái là «Hoàn thành».")
    if status == "done":
        try:
            completed_on = (
                completed_on
                if isinstance(completed_on, date)
                else date.fromisoformat(completed_on)
                if completed_on
                else today(store)
            ).isoformat()
        except ValueError:
            raise UserError(f"Nhiệm vụ {task_id}: ngày hoàn thành «{completed_on}» không hợp lệ.") from None
    if actual_on not in (None, ""):
        try:
            actual_on = (actual_on if isinstance(actual_on, date) else date.fromisoformat(str(actual_on))).isoformat()
        except ValueError:
            raise UserError(f"Nhiệm vụ {task_id}: ngày của số liệu «{actual_on}» không hợp lệ.") from None
    else:
        actual_on = None
    values = {
        "actual": nfc(actual.strip()),
        "actual_on": actual_on if actual.strip() else None,
        "late_reason": nfc(late_reason.strip()),
        "status": status,
        "progress": progress,
        "completed_on": completed_on,
        "responsible": nfc(responsible.strip()),
        "na_reason": nfc(na_reason.strip()) if status == "na" else "",
        "note": nfc(note.strip()),
        "updated_at": utcnow(),
    }
    existing = store.db.execute(
        "SELECT id FROM task_progress WHERE school_year_id = ? AND pack_id = ? AND task_id = ? AND period = ?",
        (school_year_id, pack_id, task_id, period),
    ).fetchone()
    summary = f"Nhiệm vụ {task_id} ({period_label(period)}): {STATUSES[status]}" + (
        f" ({progress}%)" if status == "doing" else ""
    )
    if existing:
        store.write("task_progress", {"id": existing[0]}, values, summary=summary)
        return existing[0]
    return store.insert(
        "task_progress",
        {"school_year_id": school_year_id, "pack_id": pack_id, "task_id": task_id, "period": period, **values},
        summary=summary,
    )


def written_day(store: Store, stamp: str, *, until: date | None = None) -> date:
    """The day a change stamped `stamp` (UTC, ISO) was made, in the PC's zone; never after the file's today (the
    demo file lives on its fixed day, so whatever is typed in it is typed on that day). `until`: that today, when
    the caller has it already."""
    try:
        day = datetime.fromisoformat(stamp).astimezone().date()
    except ValueError:
        day = date.min
    return min(day, until or today(store))


def _images(store: Store, ids: set[int]) -> dict[int, list[str]]:
    """The values these entries have held, oldest first, as JSON (their history's after-images, undone changes
    left out); read only as far as needed."""
    out: dict[int, list[str]] = {}
    if ids:
        for rid, after in store.db.execute(
            "SELECT json_extract(row_key, '$.id'), after FROM history WHERE table_name = 'task_progress' "
            "AND undone_at IS NULL AND after IS NOT NULL ORDER BY id"
        ):
            if rid in ids:
                out.setdefault(rid, []).append(after)
    return out


def _as_it_stood(
    store: Store, entry: dict, images: list[str], p: Period, end: date, now: date
) -> tuple[date, dict] | None:
    """An entry for a period still running on `end` (the school year, while reporting a month), as it stood on
    that day: its last value dated on or before it, with that day. A value is dated by the day it was written
    (inside the entry's period); a completion by its completion day. An image written before a column existed
    has that column empty."""
    for v in itertools.chain([entry], ({**dict.fromkeys(entry), **json.loads(i)} for i in reversed(images))):
        if v.get("period") != entry["period"]:
            continue
        day = max(p.first, min(written_day(store, str(v.get("updated_at") or ""), until=now), p.last))
        if v.get("status") == "done" and v.get("completed_on"):
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(str(v["completed_on"])[:10])
        if day <= end:
            return day, v
    return None


def latest_states(store: Store, school_year_id: int, period: str | None) -> dict[tuple[str, str], dict]:
    """(pack_id, task_id) → the progress row that stands for `period` (None: the latest of all).

    An entry for the period itself wins; else the entry describing the latest day: an entry of a period ended by
    then describes its period's last day, an entry of a longer period still running (progress entered under "Năm
    học" while a month is reported) counts as it stood at the period's end (issue 20)."""
    end = Period.parse(period).last if period else date.max
    entries = []
    for r in store.db.query("SELECT * FROM task_progress WHERE school_year_id = ?", [school_year_id]):
        try:
            p = Period.parse(r["period"])
        except ValueError:
            continue
        if p.first <= end:
            entries.append((dict(r), p))
    images = _images(store, {r["id"] for r, p in entries if p.last > end and r["period"] != period})
    now = today(store)
    best: dict[tuple[str, str], tuple] = {}
    for r, p in entries:
        if p.last <= end or r["period"] == period:
            day = p.last
        elif standing := _as_it_stood(store, r, images.get(r["id"], []), p, end, now):
            day, r = standing
        else:
            continue
        rank = (r["period"] == period, day, r["updated_at"], r["id"])
        key = (r["pack_id"], r["task_id"])
        if key not in best or rank > best[key][0]:
            best[key] = (rank, r)
    return {k: v[1] for k, v in best.items()}


def _evidence_counts(store: Store, period: str) -> dict[tuple[str, str], int]:
    return {
        (r[0], r[1]): r[2]
        for r in store.db.execute(
            "SELECT l.pack_id, l.task_id, COUNT(DISTINCT l.evidence_id) FROM evidence_links l JOIN evidence e ON e.id = "
            "l.evidence_id WHERE l.task_id IS NOT NULL AND l.removed_at IS NULL AND e.removed_at IS NULL AND "
            "(l.period = ? OR l.period IS NULL) GROUP BY l.pack_id, l.task_id",
            (period,),
        )
    }


def _links_apply(store: Store, pack: PlanPack, levels: list[str]) -> bool:
    """A pack's indicator links name items of its indicator set (QĐ 4725): they mean nothing to a preschool unless
    the installed set of that id covers MN (issue 19: no QĐ 4725 for MN)."""
    if not pack.indicator_set or not preschool_only(levels):
        return True
    from desktop.core.store.indicator_store import list_sets

    return any(r["set_id"] == pack.indicator_set and applies(r["levels"], levels) for r in list_sets(store))


def school_levels(store: Store) -> list[str]:
    from desktop.core.store.profile import get_school

    school = get_school(store)
    return list(school.levels) if school else []


def checklist(store: Store, school_year_id: int, period: str) -> list[TaskRow]:
    """Every target and task of the followed packs that concerns the school's levels, with its state."""
    try:
        Period.parse(period)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    states = latest_states(store, school_year_id, period)
    counts = _evidence_counts(store, period)
    levels = school_levels(store)
    out: list[TaskRow] = []
    from desktop.core.school_plan.tracking import in_plan_rows

    in_plan = in_plan_rows(store, school_year_id)
    for pack in _tracked(store, school_year_id):
        links_apply = _links_apply(store, pack, levels)
        for row in pack.rows():
            rid = row_id_of(row)
            if not applies_to(row, pack, levels) or pack.primary(rid) != rid:
                continue  # a row restating another one is shown as part of it
            others = [o for o in map(pack.row, pack.folded(rid)) if o is not None and applies_to(o, pack, levels)]
            also = tuple(row_id_of(o) for o in others)
            if isinstance(row, Target):
                kind, area, product = "target", "Chỉ tiêu", _target_product(row)
            else:
                kind, area, product = "task", row.section, row.product
            st = next((states[k] for k in ((pack.pack_id, x) for x in (rid, *also)) if k in states), None)
            extra = (
                {}
                if st is None
                else {
                    "status": st["status"],
                    "progress": st["progress"],
                    "completed_on": st["completed_on"],
                    "responsible": st["responsible"],
                    "na_reason": st["na_reason"],
                    "note": st["note"],
                    "actual": st.get("actual") or "",
                    "actual_on": st.get("actual_on"),
                    "late_reason": st.get("late_reason") or "",
                    "period": st["period"],
                    "carried": st["period"] != period,
                }
            )
            suggested = tuple(f for f, _ in row.inferred if f in ("product", "deadline"))
            if isinstance(row, Target) and row.value is not None and {"value", "unit"} & {f for f, _ in row.inferred}:
                suggested += ("product",)
            section, source = row.source_section, row.source_text
            links = list(row.indicator_links)
            for other in others:
                if other.source_section not in section:
                    section += f"; {other.source_section}"
                if other.source_text and other.source_text not in source:
                    source += f" … {other.source_text}"
                links += [c for c in other.indicator_links if c not in links]
            out.append(
                TaskRow(
                    pack.pack_id,
                    pack.version,
                    kind,
                    rid,
                    area,
                    section,
                    row.text,
                    product,
                    row.deadline.label,
                    tuple(links) if links_apply else (),
                    evidence_count=sum(counts.get((pack.pack_id, x), 0) for x in (rid, *also)),
                    source_text=source,
                    suggested=suggested,
                    plan_note=row.note,
                    also=also,
                    in_school_plan=next(
                        (in_plan[(pack.pack_id, x)] for x in (rid, *also) if (pack.pack_id, x) in in_plan), ""
                    ),
                    **extra,
                )
            )
    return out


def _target_product(t: Target) -> str:
    """What a target asks for, as the checklist's product ("Đạt 100%", "Đạt 2 lớp"; "" without a value)."""
    if t.value is None:
        return ""
    num = str(int(t.value)) if t.value == t.value.to_integral_value() else str(t.value).replace(".", ",")
    return f"Đạt {num}{'' if t.unit.startswith('%') else ' '}{t.unit}".strip()


def freeze(store: Store, school_year_id: int, period: str) -> list[dict]:
    """The checklist as it stands for `period`, as plain JSON-able rows (used by the period reports)."""
    return [r.to_dict() for r in checklist(store, school_year_id, period)]


def summary(rows: list[TaskRow]) -> dict[str, int]:
    counts = {k: 0 for k in STATUSES}
    for r in rows:
        counts[r.status] += 1
    return counts
