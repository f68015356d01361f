"""What an official report prints for a plan row's product and deadline (issues 19 and 20).

The signed report is the school's text. A row's product or deadline is printed when the plan's document gives it
(the province's words), or when the school made it its own: the school's plan row carrying the province row (issue
24) has that field edited or accepted. A value Sổ CĐS only suggested (the pack's `inferred`, or a school plan row's
drafted field not yet reviewed) is not printed: the checklist and the calendar show it, tagged as the suggestion.
A deadline that is not printed does not make the row late or due in the report either.
"""

from __future__ import annotations

from typing import Any

from desktop.core.deadlines import Deadline, parse_deadline_text
from desktop.core.errors import nfc
from desktop.core.school_plan.rows import PlanRow, list_rows
from desktop.core.store import Store

FIELDS = ("product", "deadline")


def school_rows(store: Store, school_year_id: int) -> dict[str, PlanRow]:
    """The school plan's rows by code ("KH03"), as the checklist's `in_school_plan` names them."""
    return {r.code: r for r in list_rows(store, school_year_id)}


def printed(row: dict[str, Any], field: str, own: dict[str, PlanRow]) -> str:
    """The value of `field` ("product" / "deadline") of a frozen checklist row as the report prints it."""
    value = nfc(str(row.get(field) or (row.get("due") if field == "deadline" else "") or ""))
    if not value or field not in (row.get("suggested") or ()):
        return value
    mine = own.get(str(row.get("in_school_plan") or ""))
    if mine is None or field in mine.suggested:
        return ""  # Sổ CĐS's suggestion, not adopted: not the province's requirement, not the school's text
    return nfc(str(getattr(mine, field) or ""))


def deadline_of(pack_deadline: Deadline, row: dict[str, Any], shown: str) -> Deadline | None:
    """The deadline the report counts lateness and the next period's work from: the plan's own, the school's
    adopted one (`shown`, parsed), or None when the report prints none."""
    if "deadline" not in (row.get("suggested") or ()):
        return pack_deadline
    if not shown:
        return None
    try:
        return parse_deadline_text(shown)
    except ValueError:
        return Deadline("other", text=shown)
