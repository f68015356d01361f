"""The task checklist of a school and reporting period: status, progress, completion date, person, evidence, notes.

Progress is entered for a period ("2026-03", "2026-Q1", "2026", "2025-2026"). A period with no entry of its own
shows the latest entry of an earlier (or equal-ending) period, marked as carried over, so a task finished in
March still reads "hoàn thành" in the April report. `freeze` gives the rows as plain JSON for a period report.
Every edit goes through Store.write (undoable, in the history).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date

from desktop.core.errors import UserError, nfc
from desktop.core.periods import Period, today
from desktop.core.plans import PlanPack, Target, applies_to
from desktop.core.preschool import preschool_only
from desktop.core.schedule import DueItem, due_items
from desktop.core.store.db import Store, utcnow
from desktop.core.store.plan_store import followed_packs

STATUSES = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Hoàn thành", "na": "Không áp dụng"}
SENT_REPORT_STATES = ("locked", "signed", "sent")


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


def _pack_of(store: Store, school_year_id: int, pack_id: str) -> PlanPack:
    for p in followed_packs(store, school_year_id):
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
) -> int:
    """Record the state of a task (or target) for a period. "done" without a date means done today."""
    pack = _pack_of(store, school_year_id, pack_id)
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
        raise UserError(f"Kỳ {period} nằm ngoài năm học {yr['label']}.")
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
    values = {
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
    summary = f"Nhiệm vụ {task_id} kỳ {period}: {STATUSES[status]}" + (f" ({progress}%)" if status == "doing" else "")
    if existing:
        store.write("task_progress", {"id": existing[0]}, values, summary=summary)
        return existing[0]
    return store.write(
        "task_progress",
        {},
        {"school_year_id": school_year_id, "pack_id": pack_id, "task_id": task_id, "period": period, **values},
        summary=summary,
    )


def _latest_states(store: Store, school_year_id: int, period: str | None) -> dict[tuple[str, str], dict]:
    """(pack_id, task_id) → the progress row that stands for `period` (None: the latest of all)."""
    end = Period.parse(period).last if period else date.max
    best: dict[tuple[str, str], tuple] = {}
    for r in store.db.query("SELECT * FROM task_progress WHERE school_year_id = ?", [school_year_id]):
        r = dict(r)
        try:
            r_end = Period.parse(r["period"]).last
        except ValueError:
            continue
        if r_end > end:
            continue
        rank = (r["period"] == period, r_end, r["updated_at"], r["id"])
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

    return any(r["set_id"] == pack.indicator_set and "MN" in r["levels"] for r in list_sets(store))


def _for_school(pack: PlanPack, levels: list[str]) -> PlanPack:
    """The pack with only the rows and reports that concern a school of these levels (a report addressed to THPT
    and GDTX units is not put on a TH school's calendar)."""
    return replace(
        pack,
        targets=tuple(r for r in pack.targets if applies_to(r, pack, levels)),
        tasks=tuple(r for r in pack.tasks if applies_to(r, pack, levels)),
        reports=tuple(r for r in pack.reports if applies_to(r, pack, levels)),
    )


def _school_levels(store: Store) -> list[str]:
    from desktop.core.store.profile import get_school

    school = get_school(store)
    return list(school.levels) if school else []


def checklist(store: Store, school_year_id: int, period: str) -> list[TaskRow]:
    """Every target and task of the followed packs that concerns the school's levels, with its state."""
    try:
        Period.parse(period)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    states = _latest_states(store, school_year_id, period)
    counts = _evidence_counts(store, period)
    levels = _school_levels(store)
    out: list[TaskRow] = []
    for pack in followed_packs(store, school_year_id):
        links_apply = _links_apply(store, pack, levels)
        for row in (*pack.targets, *pack.tasks):
            is_target = isinstance(row, Target)
            rid = row.target_id if is_target else row.task_id
            if not applies_to(row, pack, levels) or pack.primary(rid) != rid:
                continue  # a row restating another one is shown as part of it
            also = tuple(x for x in pack.folded(rid) if applies_to(pack.row(x), pack, levels))
            product = (
                f"Đạt {_num(row.value)}{'' if row.unit.startswith('%') else ' '}{row.unit}".strip()
                if is_target and row.value is not None
                else ("" if is_target else row.product)
            )
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
                    "period": st["period"],
                    "carried": st["period"] != period,
                }
            )
            suggested = tuple(f for f, _ in row.inferred if f in ("product", "deadline"))
            if is_target and row.value is not None and {"value", "unit"} & {f for f, _ in row.inferred}:
                suggested += ("product",)
            section, source = row.source_section, row.source_text
            links = list(row.indicator_links)
            for x in also:
                other = pack.row(x)
                if other.source_section not in section:
                    section += f"; {other.source_section}"
                if other.source_text and other.source_text not in source:
                    source += f" … {other.source_text}"
                links += [c for c in other.indicator_links if c not in links]
            out.append(
                TaskRow(
                    pack.pack_id,
                    pack.version,
                    "target" if is_target else "task",
                    rid,
                    "Chỉ tiêu" if is_target else row.section,
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
                    **extra,
                )
            )
    return out


def _num(v) -> str:
    return str(int(v)) if v == v.to_integral_value() else str(v).replace(".", ",")


def freeze(store: Store, school_year_id: int, period: str) -> list[dict]:
    """The checklist as it stands for `period`, as plain JSON-able rows (used by the period reports)."""
    return [r.to_dict() for r in checklist(store, school_year_id, period)]


def summary(rows: list[TaskRow]) -> dict[str, int]:
    counts = {k: 0 for k in STATUSES}
    for r in rows:
        counts[r.status] += 1
    return counts


def due_for_store(
    store: Store, today: date, horizon_days: int = 60, school_year_id: int | None = None
) -> list[DueItem]:
    """The calendar of the current school year's followed packs, minus reports already sent and rows done."""
    from desktop.core.store.profile import current_school_year

    if school_year_id is None:
        year = current_school_year(store)
        school_year_id = year["id"] if year else None
    levels = _school_levels(store)
    packs = [_for_school(p, levels) for p in followed_packs(store, school_year_id)] if school_year_id else []
    done_reports, sent_by_plan = _sent_reports(store)
    by_id = {p.pack_id: p for p in packs}
    done_rows = (
        {
            (pid, by_id[pid].primary(rid) if pid in by_id else rid)
            for (pid, rid), r in _latest_states(store, school_year_id, None).items()
            if r["status"] in ("done", "na")
        }
        if school_year_id
        else set()
    )
    # QĐ 4725's self-assessment (due 31/5) is not a preschool's; the preschool set's own dates are not known
    return due_items(
        packs,
        today,
        horizon_days,
        done_reports=done_reports,
        done_rows=done_rows,
        sent_by_plan=sent_by_plan,
        include_self_assessment=not preschool_only(levels),
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


# ---- one piece of evidence for both: the checklist and the self-assessment ---------------------------------
def _covers(link: str, item_code: str) -> bool:
    """A link to criterion 1.3 covers items 1.3.1…1.3.5; a link to an item covers that item."""
    return item_code == link or item_code.startswith(link + ".")


def _same_set(pack: PlanPack, asm: dict | None) -> bool:
    return not pack.indicator_set or asm is None or asm["set_id"] == pack.indicator_set


def suggested_evidence(
    store: Store,
    school_year_id: int,
    *,
    pack_id: str | None = None,
    task_id: str | None = None,
    item_code: str | None = None,
) -> list[dict]:
    """Evidence to reuse. For a task (pack_id + task_id): what is attached to the indicator items it is linked to
    in the current assessment. For an item (item_code): what is attached to the tasks linked to that item.
    Evidence already attached to the target itself is left out. Each row is the evidence row plus `via`, a
    Vietnamese phrase saying where it is attached."""
    from desktop.core.store.assessments import current_assessment

    asm = current_assessment(store)
    asm_id = asm["id"] if asm else None
    live = (
        "FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id "
        "WHERE l.removed_at IS NULL AND e.removed_at IS NULL"
    )
    out: dict[int, dict] = {}
    if task_id is not None:
        pack = _pack_of(store, school_year_id, pack_id)
        row = pack.row(task_id)
        if row is None or asm_id is None or not row.indicator_links or not _same_set(pack, asm):
            return []  # links name items of the pack's set: another set's item with the same code is no match
        mine = {
            r[0]
            for r in store.db.execute(f"SELECT e.id {live} AND l.pack_id = ? AND l.task_id = ?", (pack_id, task_id))
        }
        for r in store.db.query(
            f"SELECT e.*, l.item_code AS via_code {live} AND l.assessment_id = ? "
            "AND l.item_code IS NOT NULL ORDER BY l.item_code, e.id",
            [asm_id],
        ):
            r = dict(r)
            if (
                r["id"] not in mine
                and r["id"] not in out
                and any(_covers(k, r["via_code"]) for k in row.indicator_links)
            ):
                r["via"] = f"đã gắn cho chỉ số {r['via_code']} trong bản tự đánh giá"
                out[r["id"]] = r
        return list(out.values())
    if item_code is None:
        raise ValueError("give pack_id and task_id, or item_code")
    tasks = {
        (p.pack_id, rid): p
        for p in followed_packs(store, school_year_id)
        if _same_set(p, asm)
        for rid, links in [(r.target_id, r.indicator_links) for r in p.targets]
        + [(t.task_id, t.indicator_links) for t in p.tasks]
        if any(_covers(k, item_code) for k in links)
    }
    if not tasks:
        return []
    mine = {
        r[0]
        for r in store.db.execute(
            f"SELECT e.id {live} AND l.assessment_id IS ? AND l.item_code = ?", (asm_id, item_code)
        )
    }
    for r in store.db.query(
        f"SELECT e.*, l.pack_id AS via_pack, l.task_id AS via_code {live} "
        "AND l.task_id IS NOT NULL ORDER BY l.pack_id, l.task_id, e.id"
    ):
        r = dict(r)
        if (r["via_pack"], r["via_code"]) in tasks and r["id"] not in mine and r["id"] not in out:
            r["via"] = (
                f"đã gắn cho nhiệm vụ {r['via_code']} của kế hoạch «{tasks[(r['via_pack'], r['via_code'])].title[:60]}»"
            )
            out[r["id"]] = r
    return list(out.values())
