"""Deadlines of plan rows and report schedules: a date, a month, a recurring rule, or words ("Thường xuyên").

In a pack file a deadline is an object ({"kind": "monthly", "day": 20}); on screen and in the spreadsheet it is
its label ("Hằng tháng, trước ngày 20"), which parse_deadline_text reads back exactly (docs/plan-pack-format.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.core.errors import nfc

DEADLINE_KINDS = (
    "date",
    "month",
    "monthly",
    "quarterly",
    "yearly",
    "ongoing",
    "ministry_plan",
    "on_request",
    "on_event",
    "none",
    "other",
)


@dataclass(frozen=True)
class Deadline:
    """When a row is due. `kind` is one of DEADLINE_KINDS; only the fields that kind uses are set."""

    kind: str
    date: date | None = None  # date
    month: str | None = None  # month: "2025-12" (due by the end of that month)
    day: int | None = None  # monthly / quarterly / yearly: before this day
    in_month: int | None = None  # yearly: of this month
    text: str = ""  # other: the document's own words

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"kind": self.kind}
        if self.kind == "date" and self.date:
            d["date"] = self.date.isoformat()
        elif self.kind == "month":
            d["month"] = self.month
        elif self.kind in ("monthly", "quarterly"):
            d["day"] = self.day
        elif self.kind == "yearly":
            d["day"], d["month"] = self.day, self.in_month
        elif self.kind == "other":
            d["text"] = self.text
        return d

    @property
    def label(self) -> str:
        """The Vietnamese text shown on screen and written in the spreadsheet (parse_deadline_text reads it back)."""
        k = self.kind
        if k == "date":
            return f"{self.date:%d/%m/%Y}"
        if k == "month" and self.month:
            return f"Tháng {self.month[5:]}/{self.month[:4]}"
        if k == "monthly":
            return f"Hằng tháng, trước ngày {self.day}"
        if k == "quarterly":
            return f"Hằng quý, trước ngày {self.day} tháng cuối quý"
        if k == "yearly":
            return f"Hằng năm, trước ngày {self.day}/{self.in_month}"
        return {
            "ongoing": "Thường xuyên",
            "ministry_plan": "Theo kế hoạch của Bộ",
            "on_request": "Khi có yêu cầu",
            "on_event": "Khi phát sinh",
            "none": "",
        }.get(k, self.text)


_FIXED_LABELS = {
    "thường xuyên": "ongoing",
    "theo kế hoạch của bộ": "ministry_plan",
    "khi có yêu cầu": "on_request",
    "khi phát sinh": "on_event",
    "không ghi thời hạn": "none",
}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip().casefold()


def parse_deadline_text(text: str | None) -> Deadline:
    """The inverse of Deadline.label. Raises ValueError (Vietnamese) for a date-like text that is not a date."""
    t = _fold(text or "")
    if not t:
        return Deadline("none")
    if t in _FIXED_LABELS:
        return Deadline(_FIXED_LABELS[t])
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t):
        return Deadline("date", date=_date(int(m[3]), int(m[2]), int(m[1])))
    if m := re.fullmatch(r"tháng (\d{1,2})/(\d{4})", t):
        if not 1 <= int(m[1]) <= 12:
            raise ValueError(f"tháng {m[1]} không hợp lệ")
        return Deadline("month", month=f"{m[2]}-{int(m[1]):02d}")
    if m := re.fullmatch(r"hằng tháng, trước ngày (\d{1,2})", t):
        return Deadline("monthly", day=_day(int(m[1]), 28))
    if m := re.fullmatch(r"hằng quý, trước ngày (\d{1,2}) tháng cuối quý", t):
        return Deadline("quarterly", day=_day(int(m[1]), 28))
    if m := re.fullmatch(r"hằng năm, trước ngày (\d{1,2})/(\d{1,2})", t):
        _date(2024, int(m[2]), int(m[1]))
        return Deadline("yearly", day=int(m[1]), in_month=int(m[2]))
    if re.fullmatch(r"[\d/ .-]+", t) or t.startswith(("hằng tháng", "hằng quý", "hằng năm")):
        raise ValueError(
            f"thời hạn «{text}» không đúng mẫu (ví dụ: 10/10/2025; Tháng 12/2025; Hằng tháng, trước ngày "
            "20; Hằng quý, trước ngày 20 tháng cuối quý; Hằng năm, trước ngày 10/12; Thường xuyên)"
        )
    return Deadline("other", text=nfc(str(text).strip()))


def _date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"ngày {d:02d}/{m:02d}/{y} không có thật") from None


def _day(d: int, top: int) -> int:
    if not 1 <= d <= top:
        raise ValueError(f"ngày {d} không hợp lệ (từ 1 đến {top})")
    return d


def deadline_from(raw: Any) -> Deadline:
    """A deadline from its JSON form (an object) or its label text."""
    if isinstance(raw, str) or raw is None:
        return parse_deadline_text(raw)
    if not isinstance(raw, dict) or raw.get("kind") not in DEADLINE_KINDS:
        raise ValueError(f"loại thời hạn không hợp lệ; các loại: {', '.join(DEADLINE_KINDS)}")
    k = raw["kind"]
    extra = set(raw) - {
        "kind",
        {"date": "date", "month": "month", "other": "text"}.get(k, ""),
        *(("day",) if k in ("monthly", "quarterly", "yearly") else ()),
        *(("month",) if k == "yearly" else ()),
    }
    if extra:
        raise ValueError(f"thời hạn loại «{k}» không có trường {', '.join(sorted(extra))}")
    try:
        if k == "date":
            return Deadline("date", date=date.fromisoformat(str(raw.get("date"))))
        if k == "month":
            m = str(raw.get("month", ""))
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", m):
                raise ValueError
            return Deadline("month", month=m)
        if k in ("monthly", "quarterly"):
            return Deadline(k, day=_day(int(raw["day"]), 28))
        if k == "yearly":
            _date(2024, int(raw["month"]), int(raw["day"]))
            return Deadline(k, day=int(raw["day"]), in_month=int(raw["month"]))
        if k == "other":
            text = str(raw.get("text") or "").strip()
            if not text:
                raise ValueError("thời hạn loại «other» cần có «text»")
            return Deadline("other", text=nfc(text))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(str(exc) or f"giá trị của thời hạn loại «{k}» không hợp lệ") from None
    return Deadline(k)
