"""What the program proposes for the school's plan: the followed province plans' targets and tasks that concern the
school's levels, and the self-assessment's next steps (the items that lift a group to the next level first, as the
dashboard's "Nên làm tiếp" ranks them). Nothing is invented: a proposal takes the province row's own words,
product and deadline, or the indicator item's text; every drafted value is marked as the program's suggestion
until the user edits or accepts it. Nothing is written until the user picks proposals (`add_proposals`).
A province deadline already past on the drafting day (`periods.today`) is not proposed as the school's: the row's
deadline is left for the school to set, and the row says so (`PASSED_NOTE`); no other date is made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.core.deadlines import Deadline
from desktop.core.periods import days_in, today
from desktop.core.plans import PlanPack, Target, Task, applies_to
from desktop.core.report.period_cite import doc_kind
from desktop.core.store import Store
from desktop.core.store.assessments import current_assessment, score_assessment
from desktop.core.store.plan_store import followed_packs
from desktop.core.store.profile import get_school

from .rows import PlanRow, add_row, list_rows

PASSED_NOTE = "Hạn {label} trong {document} đã qua: nhà trường tự đặt hạn"


@dataclass(frozen=True)
class Proposal:
    """One row the program proposes, with where it comes from (`why`, shown beside it)."""

    source: str  # province / assessment
    kind: str  # target / task
    action: str
    deadline: str
    product: str
    why: str
    pack_id: str | None = None
    pack_row_id: str | None = None
    item_code: str | None = None
    lifts: bool = False  # an assessment step that alone lifts a group to a higher level
    in_plan: bool = False  # the plan already has a row for it
    deadline_note: str = ""  # the province's deadline had passed on the drafting day (PASSED_NOTE)

    @property
    def key(self) -> tuple:
        return (self.pack_id, self.pack_row_id) if self.source == "province" else ("item", self.item_code)


def plan_label(pack: PlanPack) -> str:
    """How a row's plan is named beside it: its number when it has one ("27/KH-SGDĐT"), else its issuer."""
    num = pack.doc_number.strip()
    return f"Văn bản {'…' if num.startswith('/') else ''}{num}" if num else f"Văn bản của {pack.issuer}"


def issued_by(pack: PlanPack) -> str:
    """The followed document as a sentence names it, from what its pack records: "kế hoạch của Sở Giáo dục và Đào
    tạo tỉnh Ninh Bình", "công văn của Ủy ban nhân dân xã Tuệ Tĩnh (thành phố Hải Phòng)" (a commune's letter is
    not the province's plan); "văn bản của cấp trên" when the pack says neither its kind nor its issuer."""
    kind = (doc_kind(pack.doc_number, pack.title) or "văn bản").lower()
    return f"{kind} của {pack.issuer.strip() or 'cấp trên'}"


def passed(deadline: Deadline, day: date) -> bool:
    """Whether a province deadline is already past on `day`: a date before it, or a month that ended before it. A
    recurring deadline ("hằng tháng…") or the document's own words never are."""
    if deadline.kind == "date" and deadline.date:
        return deadline.date < day
    if deadline.kind == "month" and deadline.month:
        y, m = (int(x) for x in deadline.month.split("-"))
        return date(y, m, days_in(y, m)) < day
    return False


def passed_note(deadline: Deadline, day: date, pack: PlanPack) -> str:
    """PASSED_NOTE for a deadline of `pack` past on `day`, naming the document and who issued it; else ""."""
    if not passed(deadline, day):
        return ""
    label = deadline.label  # "10/10/2025"; a month mid-sentence: "tháng 12/2025"
    label = label[:1].lower() + label[1:] if deadline.kind == "month" else label
    return PASSED_NOTE.format(label=label, document=issued_by(pack))


def deadline_notes(store: Store, school_year_id: int, plan: list[PlanRow]) -> dict[int, str]:
    """Row id -> PASSED_NOTE, for the rows from a followed plan whose deadline the school has not set yet (still the
    program's empty suggestion) while the plan's own deadline is past today."""
    packs = {p.pack_id: p for p in followed_packs(store, school_year_id)}
    day = today(store)
    out = {}
    for r in plan:
        pack = packs.get(r.pack_id or "")
        prow = pack.row(r.pack_row_id) if pack is not None and r.pack_row_id else None
        if pack is not None and prow is not None and not r.deadline and "deadline" in r.suggested:
            note = passed_note(prow.deadline, day, pack)
            if note:
                out[r.id] = note
    return out


def province_proposals(store: Store, school_year_id: int) -> list[Proposal]:
    school = get_school(store)
    day = today(store)
    levels = list(school.levels) if school else []
    out = []
    for pack in followed_packs(store, school_year_id):
        all_rows: list[Target | Task] = [*pack.targets, *pack.tasks]
        for row in all_rows:
            is_target = isinstance(row, Target)
            rid = row.target_id if isinstance(row, Target) else row.task_id
            if not applies_to(row, pack, levels) or pack.primary(rid) != rid:
                continue  # a row restating another one is proposed once, as that one
            note = passed_note(row.deadline, day, pack)  # a past deadline is not the school's: it sets its own
            out.append(
                Proposal(
                    source="province",
                    kind="target" if is_target else "task",
                    action=row.text,
                    deadline="" if note else row.deadline.label,
                    deadline_note=note,
                    product=""
                    if isinstance(row, Target)
                    else row.product,  # a province-wide figure is not the school's
                    why=f"{plan_label(pack)}, mục {row.source_section}",
                    pack_id=pack.pack_id,
                    pack_row_id=rid,
                )
            )
    return out


def assessment_proposals(store: Store) -> list[Proposal]:
    """The assessment's next steps, the ones that lift a group to the next level first (scoring's own ranking)."""
    a = current_assessment(store)
    if a is None:
        return []
    iset, result = score_assessment(store, a["id"])
    out = []
    for step in result.next_steps:
        item = iset.item(step.item_code)
        # an item not answered yet is one to self-assess, not one the school is weak in
        answered = result.items[item.code].answered if item.code in result.items else True
        out.append(
            Proposal(
                source="assessment",
                kind="task",
                action=f"{'Đáp ứng' if answered else 'Tự đánh giá'} chỉ số {item.code}: {item.text}",
                deadline="",
                product=f"Minh chứng cho chỉ số {item.code}"
                if answered
                else f"Kết quả tự đánh giá và minh chứng cho chỉ số {item.code}",
                why=step.text,
                item_code=item.code,
                lifts=step.unlocks is not None,
            )
        )
    return out


def proposals(store: Store, school_year_id: int) -> list[Proposal]:
    """Every proposal, province rows first, then the assessment's steps; those the plan has are marked in_plan."""
    have = {
        (r.pack_id, r.pack_row_id) if r.source == "province" else ("item", r.item_code)
        for r in list_rows(store, school_year_id)
    }
    out = []
    for p in (*province_proposals(store, school_year_id), *assessment_proposals(store)):
        out.append(Proposal(**{**p.__dict__, "in_plan": p.key in have}))
    return out


TOP_STEPS = 5  # when no single item lifts a group's level: the first steps of the ranking


def default_pick(props: list[Proposal]) -> list[Proposal]:
    """What "Lập dự thảo" takes without asking: every province row, and the assessment's steps that lift a group's
    level (when none does alone, the first TOP_STEPS of the ranking: the most points first)."""
    steps = [p for p in props if p.source == "assessment"]
    lifting = [p for p in steps if p.lifts] or steps[:TOP_STEPS]
    return [p for p in props if not p.in_plan and (p.source == "province" or p in lifting)]


def add_proposals(store: Store, school_year_id: int, picked: list[Proposal]) -> list[int]:
    """Write the picked proposals as rows (their values marked as the program's suggestion); those the plan already
    has are skipped. Returns the new rows' ids."""
    have = {
        (r.pack_id, r.pack_row_id) if r.source == "province" else ("item", r.item_code)
        for r in list_rows(store, school_year_id)
    }
    ids = []
    with store.tx():
        for p in picked:
            if p.key in have:
                continue
            have.add(p.key)
            ids.append(
                add_row(
                    store,
                    school_year_id,
                    action=p.action,
                    source=p.source,
                    kind=p.kind,
                    deadline=p.deadline,
                    product=p.product,
                    pack_id=p.pack_id,
                    pack_row_id=p.pack_row_id,
                    item_code=p.item_code,
                    suggested=("action", "deadline", "product"),
                )
            )
    return ids
