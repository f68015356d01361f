"""One piece of evidence for both the checklist and the self-assessment: what is attached to a plan row can serve
the indicator items it is linked to, and the other way round."""

from __future__ import annotations

from desktop.core.plans import PlanPack
from desktop.core.store.checklist import followed_pack
from desktop.core.store.db import Store
from desktop.core.store.plan_store import followed_packs


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
        if pack_id is None:
            raise ValueError("give pack_id with task_id")
        pack = followed_pack(store, school_year_id, pack_id)
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
