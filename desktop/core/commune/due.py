"""When a school's report of a given kind and period is due, to flag late files.

The default rhythm is the one seen in the provincial plans (reference: report-and-signature.md): the yearly
self-assessment before 31/5 of the school year's second calendar year, a monthly report before the 20th of the
month, a quarterly one before the 20th of the quarter's last month, a yearly one before 10/12. A plan pack that
sets its own dates overrides these through `overrides` {(kind, period): date}.
"""
from __future__ import annotations

import re
from datetime import date


def due_date(kind: str, period: str, overrides: dict[tuple[str, str], date] | None = None) -> date | None:
    if overrides and (kind, period) in overrides:
        return overrides[(kind, period)]
    if m := re.fullmatch(r"(\d{4})-(\d{4})", period):                       # school year
        return date(int(m[2]), 5, 31) if kind == "self-assessment" else date(int(m[2]), 6, 15)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return date(int(m[1]), int(m[2]) * 3, 20)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return date(int(m[1]), int(m[2]), 20) if 1 <= int(m[2]) <= 12 else None
    if m := re.fullmatch(r"(\d{4})", period):
        return date(int(m[1]), 12, 10)
    return None
