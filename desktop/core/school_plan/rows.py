"""The school plan's rows and its own fields in the data file.

A row is the school's action, with the person responsible (from the people list), its deadline (as shown:
"31/05/2026", "Hằng tháng, trước ngày 20"), the expected product or evidence and the resources, plus its links: the
province row it carries out (pack_id + pack_row_id) and the indicator item it lifts. A value the program drafted is
the program's suggestion (its field is in `suggested`) until the user edits the field or accepts the row.
Removal is a soft delete (restore brings the row back); every edit goes through Store.write (undoable).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.core.deadlines import parse_deadline_text
from desktop.core.errors import UserError, nfc
from desktop.core.store.db import Store, utcnow

SOURCES = {"province": "Kế hoạch cấp trên", "assessment": "Kết quả tự đánh giá", "school": "Nhà trường"}
KINDS = {"target": "Chỉ tiêu", "task": "Nhiệm vụ"}
EDITABLE = ("action", "deadline", "product", "resources", "responsible_id")
TEXT_FIELDS = ("action", "deadline", "product", "resources")
SUGGESTION_MARK = "(*)"  # printed after a value that is still the program's suggestion
SUGGESTION_NOTE = "(*) Nội dung do Sổ CĐS gợi ý, nhà trường chưa xem lại."
LIMITS = {"action": 2000, "deadline": 200, "product": 1000, "resources": 1000}


@dataclass(frozen=True)
class PlanRow:
    """One row of the school's plan."""

    id: int
    code: str  # "KH01": the row's id on the checklist
    source: str  # province / assessment / school
    kind: str  # target (chỉ tiêu) / task (nhiệm vụ)
    action: str
    responsible_id: int | None = None
    responsible: str = ""  # the person's name and title as printed ("" when nobody is assigned)
    deadline: str = ""
    product: str = ""
    resources: str = ""
    pack_id: str | None = None
    pack_row_id: str | None = None
    item_code: str | None = None
    suggested: tuple[str, ...] = ()
    sort_order: int = 0
    removed: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_draft(self) -> bool:
        return bool(self.suggested)

    def shown(self, name: str) -> str:
        """A field's value as printed: a value that is still the program's suggestion carries the mark."""
        value = str(getattr(self, name) or "")
        return f"{value} {SUGGESTION_MARK}" if value and name in self.suggested else value


def _person_label(p: dict) -> str:
    return f"{p['full_name']} ({p['title']})" if p.get("title") else p["full_name"]


def _people(store: Store) -> dict[int, dict]:
    return {r["id"]: dict(r) for r in store.db.query("SELECT * FROM people")}


def _row(r: dict, people: dict[int, dict]) -> PlanRow:
    person = people.get(r["responsible_id"]) if r["responsible_id"] else None
    return PlanRow(
        id=r["id"],
        code=r["code"],
        source=r["source"],
        kind=r["kind"],
        action=r["action"],
        responsible_id=r["responsible_id"],
        responsible=_person_label(person) if person else "",
        deadline=r["deadline"],
        product=r["product"],
        resources=r["resources"],
        pack_id=r["pack_id"],
        pack_row_id=r["pack_row_id"],
        item_code=r["item_code"],
        suggested=tuple(json.loads(r["suggested"] or "[]")),
        sort_order=r["sort_order"],
        removed=r["removed_at"] is not None,
    )


def list_rows(store: Store, school_year_id: int, *, removed: bool = False) -> list[PlanRow]:
    """The plan's rows in order: targets first, then tasks (the removed ones instead, with removed=True)."""
    people = _people(store)
    cond = "IS NOT NULL" if removed else "IS NULL"
    return [
        _row(dict(r), people)
        for r in store.db.query(
            f"SELECT * FROM school_plan_rows WHERE school_year_id = ? AND removed_at {cond} "
            "ORDER BY kind = 'task', sort_order, id",
            [school_year_id],
        )
    ]


def get_row(store: Store, row_id: int) -> PlanRow:
    r = store.row("school_plan_rows", {"id": row_id})
    if r is None:
        raise UserError(f"Không có dòng số {row_id} trong kế hoạch của nhà trường.")
    return _row(r, _people(store))


def _next_code(store: Store, school_year_id: int) -> str:
    n = 0
    for (code,) in store.db.execute("SELECT code FROM school_plan_rows WHERE school_year_id = ?", [school_year_id]):
        if code.startswith("KH") and code[2:].isdigit():
            n = max(n, int(code[2:]))
    return f"KH{n + 1:02d}"


def _clean(name: str, value: Any) -> Any:
    if name == "responsible_id":
        return value
    text = nfc(str(value or "")).strip()
    if len(text) > LIMITS[name]:
        raise UserError(f"«{name}» quá dài (tối đa {LIMITS[name]} ký tự).")
    if name == "deadline" and text:
        try:
            text = parse_deadline_text(text).label or text
        except ValueError as exc:
            raise UserError(f"Thời hạn: {exc}.") from None
    return text


def _check_person(store: Store, person_id: int | None) -> None:
    if person_id is None:
        return
    p = store.row("people", {"id": person_id})
    if p is None or p["removed_at"] is not None:
        raise UserError("Người phụ trách không có trong danh sách người của nhà trường (trang «Hồ sơ nhà trường»).")


def add_row(
    store: Store,
    school_year_id: int,
    *,
    action: str,
    source: str = "school",
    kind: str = "task",
    responsible_id: int | None = None,
    deadline: str = "",
    product: str = "",
    resources: str = "",
    pack_id: str | None = None,
    pack_row_id: str | None = None,
    item_code: str | None = None,
    suggested: tuple[str, ...] | list[str] = (),
) -> int:
    """Add one row (the next free code); returns its id. `suggested`: the fields the program drafted."""
    if source not in SOURCES:
        raise UserError(f"Nguồn dòng kế hoạch không hợp lệ: {source}.")
    if kind not in KINDS:
        raise UserError(f"Loại dòng kế hoạch không hợp lệ: {kind}.")
    values = {n: _clean(n, v) for n, v in (("action", action), ("deadline", deadline), ("product", product))}
    values["resources"] = _clean("resources", resources)
    if not values["action"]:
        raise UserError("Dòng kế hoạch phải có nội dung công việc của nhà trường.")
    _check_person(store, responsible_id)
    now = utcnow()
    with store.tx():
        code = _next_code(store, school_year_id)
        top = store.db.execute(
            "SELECT COALESCE(MAX(sort_order), 0) FROM school_plan_rows WHERE school_year_id = ?", [school_year_id]
        ).fetchone()[0]
        new_id = store.write(
            "school_plan_rows",
            {},
            {
                "school_year_id": school_year_id,
                "code": code,
                "source": source,
                "kind": kind,
                "pack_id": pack_id,
                "pack_row_id": pack_row_id,
                "item_code": item_code,
                "responsible_id": responsible_id,
                "suggested": json.dumps(sorted(f for f in set(suggested) if f in TEXT_FIELDS)),
                "sort_order": top + 1,
                "created_at": now,
                "updated_at": now,
                **values,
            },
            summary=f"Kế hoạch của trường: thêm dòng {code}",
        )
    assert new_id is not None
    return new_id


def update_row(store: Store, row_id: int, **changes: Any) -> PlanRow:
    """Change some of a row's fields (action, deadline, product, resources, responsible_id). An edited field is no
    longer the program's suggestion."""
    row = get_row(store, row_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {n: _clean(n, v) for n, v in changes.items()}
    if "action" in values and not values["action"]:
        raise UserError(f"Dòng {row.code}: nội dung công việc không được để trống.")
    if "responsible_id" in values:
        _check_person(store, values["responsible_id"])
    suggested = [f for f in row.suggested if f not in values]
    values["suggested"] = json.dumps(suggested)
    values["updated_at"] = utcnow()
    store.write("school_plan_rows", {"id": row_id}, values, summary=f"Kế hoạch của trường: sửa dòng {row.code}")
    return get_row(store, row_id)


def accept_rows(store: Store, row_ids: list[int]) -> None:
    """The school takes these rows' drafted values as its own (they are no longer marked as suggestions)."""
    with store.tx():
        for rid in row_ids:
            row = get_row(store, rid)
            if row.suggested:
                store.write(
                    "school_plan_rows",
                    {"id": rid},
                    {"suggested": "[]", "updated_at": utcnow()},
                    summary=f"Kế hoạch của trường: nhận dòng {row.code}",
                )


def remove_row(store: Store, row_id: int) -> None:
    row = get_row(store, row_id)
    store.write(
        "school_plan_rows", {"id": row_id}, {"removed_at": utcnow()}, summary=f"Kế hoạch của trường: bỏ dòng {row.code}"
    )


def restore_row(store: Store, row_id: int) -> None:
    row = get_row(store, row_id)
    store.write(
        "school_plan_rows",
        {"id": row_id},
        {"removed_at": None},
        summary=f"Kế hoạch của trường: lấy lại dòng {row.code}",
    )


# ---- the plan's own fields -----------------------------------------------------------------------------------
PLAN_FIELDS = (
    "doc_number",
    "doc_date",
    "purpose",
    "requirements",
    "organisation",
    "recipients",
    "signer_name",
    "signer_authority",
    "signer_position",
)
DRAFTABLE = ("purpose", "requirements", "organisation")  # texts the program may draft (then marked as a draft)


def get_fields(store: Store, school_year_id: int) -> dict[str, Any]:
    """The plan's own fields; `drafted` lists the texts that are still the program's draft."""
    r = store.row("school_plans", {"school_year_id": school_year_id})
    return json.loads(r["fields"]) if r else {}


def set_fields(store: Store, school_year_id: int, *, drafted: bool = False, **values: Any) -> dict[str, Any]:
    """Set some of the plan's fields. A text set by the user stops being a draft; `drafted=True` records the texts
    as the program's draft."""
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unknown plan fields: {sorted(unknown)}")
    fields = get_fields(store, school_year_id)
    for k, v in values.items():
        if k == "recipients":
            v = [nfc(str(x)).strip() for x in (v or []) if str(x).strip()]
        elif k == "doc_date" and v:
            try:
                v = date.fromisoformat(str(v)).isoformat()
            except ValueError:
                raise UserError(f"Ngày ban hành «{v}» không hợp lệ (dạng YYYY-MM-DD).") from None
        else:
            v = nfc(str(v or "")).strip()
        fields[k] = v
    drafts = set(fields.get("drafted", []))
    touched = {k for k in values if k in DRAFTABLE}
    fields["drafted"] = sorted(drafts | touched if drafted else drafts - touched)
    store.write(
        "school_plans",
        {"school_year_id": school_year_id},
        {"fields": json.dumps(fields, ensure_ascii=False), "updated_at": utcnow()},
        summary="Kế hoạch của trường: sửa thông tin văn bản",
    )
    return fields
