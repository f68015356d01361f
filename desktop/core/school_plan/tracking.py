"""The school's plan on the checklist, and the marks "trong kế hoạch của trường".

`as_pack` turns the plan's rows into a plan pack of the school's own (pack id SCHOOL_PACK_ID, row ids "KH01"…), so
the checklist, task progress, evidence and the period reports track them exactly like a province's rows: the
checklist asks `tracked_packs` for what to list. Values still drafted by the program are the pack's `inferred`
fields, shown as Sổ CĐS's suggestion like any pack's. `in_plan_rows` / `in_plan_items` tell which province rows and
which indicator items the plan covers.
"""

from __future__ import annotations

from desktop.core.deadlines import Deadline, parse_deadline_text
from desktop.core.plans import PlanPack, Task
from desktop.core.store import Store
from desktop.core.store.plan_store import followed_packs
from desktop.core.store.profile import current_school_year, get_school

from .rows import PlanRow, get_fields, list_rows

SCHOOL_PACK_ID = "ke-hoach-nha-truong"
SECTION = "Kế hoạch của nhà trường"
DRAFT_REASON = "Sổ CĐS gợi ý khi lập dự thảo kế hoạch của nhà trường; nhà trường chưa xem lại"


def plan_title(year_label: str) -> str:
    return f"Kế hoạch chuyển đổi số năm học {year_label}"


def plan_number(number: str, doc_code: str) -> str:
    """The plan's number as cited: "18/KH-THCSTT"; a number not given yet stays blank ("/KH-THCSTT", cited "số
    …/KH-THCSTT"); a number written whole ("18/KH-THCSTT") is kept as it is."""
    number = number.strip()
    if "/" in number or not doc_code:
        return number
    return f"{number}/KH-{doc_code}"


def _deadline(text: str) -> Deadline:
    try:
        return parse_deadline_text(text)
    except ValueError:
        return Deadline("other", text=text)


def _links(store: Store, year_id: int, rows: list[PlanRow]) -> dict[int, tuple[str, ...]]:
    """Each row's indicator links: its own item, and the links of the province row it carries out."""
    packs = {p.pack_id: p for p in followed_packs(store, year_id)}
    out = {}
    for r in rows:
        links = [r.item_code] if r.item_code else []
        pack = packs.get(r.pack_id or "")
        prow = pack.row(r.pack_row_id) if pack and r.pack_row_id else None
        if prow is not None:
            links += [c for c in prow.indicator_links if c not in links]
        out[r.id] = tuple(links)
    return out


def as_pack(store: Store, school_year_id: int) -> PlanPack | None:
    """The plan as a pack of the school's own, or None while it has no rows."""
    rows = list_rows(store, school_year_id)
    if not rows:
        return None
    year = store.row("school_years", {"id": school_year_id})
    school = get_school(store)
    fields = get_fields(store, school_year_id)
    links = _links(store, school_year_id, rows)
    tasks = []
    for r in rows:  # every row is a task of the school's own plan: its chỉ tiêu stay the province's on the checklist
        inferred = tuple((f, DRAFT_REASON) for f in ("deadline", "product") if f in r.suggested and getattr(r, f))
        tasks.append(
            Task(
                r.code,
                f"dòng {r.code}",
                SECTION,
                r.action,
                r.product,
                _deadline(r.deadline),
                links[r.id],
                inferred=inferred,
            )
        )
    label = year["label"] if year else ""
    return PlanPack(
        pack_id=SCHOOL_PACK_ID,
        version="1",
        issuer=school.name if school else "",
        doc_number=plan_number(str(fields.get("doc_number") or ""), school.doc_code if school else ""),
        doc_date=str(fields.get("doc_date") or ""),
        title=plan_title(label),
        year=label,
        levels=tuple(school.levels) if school and school.levels else ("MN", "TH", "THCS", "THPT", "GDTX"),
        receiver="",
        based_on="",
        indicator_set="",
        source_note="",
        targets=(),
        tasks=tuple(tasks),
        reports=(),
        raw={},
    )


def tracked_packs(store: Store, school_year_id: int) -> list[PlanPack]:
    """What the checklist tracks: the followed province packs, then the school's own plan when it has rows."""
    own = as_pack(store, school_year_id)
    return [*followed_packs(store, school_year_id), *([own] if own else [])]


def in_plan_rows(store: Store, school_year_id: int) -> dict[tuple[str, str], str]:
    """(pack_id, province row id) → the code of the school's row that carries it out."""
    return {(r.pack_id, r.pack_row_id): r.code for r in list_rows(store, school_year_id) if r.pack_id and r.pack_row_id}


def in_plan_items(store: Store, school_year_id: int | None = None) -> dict[str, str]:
    """Indicator code (item or criterion) → the codes of the school's rows that serve it ("KH03, KH07")."""
    if school_year_id is None:
        year = current_school_year(store)
        if not year:
            return {}
        school_year_id = year["id"]
    rows = list_rows(store, school_year_id)
    links = _links(store, school_year_id, rows)
    out: dict[str, list[str]] = {}
    for r in rows:
        for code in links[r.id]:
            out.setdefault(code, []).append(r.code)
    return {k: ", ".join(v) for k, v in out.items()}


def covers(link: str, item_code: str) -> bool:
    """A link to criterion 1.3 covers items 1.3.1…1.3.5; a link to an item covers that item."""
    return item_code == link or item_code.startswith(link + ".")


def plan_rows_for_item(marks: dict[str, str], item_code: str) -> str:
    """The school's rows serving an item, whether they name the item or its criterion."""
    codes: list[str] = []
    for link, rows in marks.items():
        if covers(link, item_code):
            codes += [c for c in rows.split(", ") if c not in codes]
    return ", ".join(sorted(codes))
