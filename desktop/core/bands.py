"""Numeric bands ("below 50 → Mức 1", "from 50 to 75 → Mức 2", "above 75 → Mức 3") and exact decimals.

A band has an optional lower and upper bound, each inclusive or not, and a value (points or a level). The same
band is written in JSON as {"at_least"|"above": n, "at_most"|"below": n, "<value key>": v} and in a spreadsheet
cell as text: `<50: 1; >=50 & <=75: 2; >75: 3` (one band per `;` or line, conditions joined by `&`, then `:` and
the value). Both forms round-trip exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_ABS = 10**9
MAX_DECIMALS = 6


class BandError(ValueError):
    """A band or number that cannot be read; the message is Vietnamese and names what is wrong."""


def to_decimal(value, what: str = "giá trị") -> Decimal:
    """An exact Decimal from an int, Decimal, finite float or plain decimal string; BandError otherwise."""
    if isinstance(value, bool):
        raise BandError(f"{what} phải là một số, không phải đúng/sai")
    if isinstance(value, int):
        return _bounded(Decimal(value), what)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise BandError(f"{what} phải là một số hữu hạn")
        return _bounded(value, what)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BandError(f"{what} phải là một số hữu hạn")
        return _bounded(Decimal(repr(value)), what)  # shortest repr: 49.5 stays 49.5, never 49.49999…
    if isinstance(value, str) and _NUM.match(value.strip()) and len(value) < 40:
        return _bounded(Decimal(value.strip()), what)
    raise BandError(f"{what} phải là một số (ví dụ 6 hoặc 2.5), không phải «{str(value)[:40]}»")


def _bounded(d: Decimal, what: str) -> Decimal:
    # Bounded size and precision keep every value exact through JSON numbers and spreadsheet cells.
    if abs(d) >= MAX_ABS:
        raise BandError(f"{what} quá lớn (phải nhỏ hơn {MAX_ABS})")
    exponent = d.normalize().as_tuple().exponent  # an int: every caller passes a finite number
    if d != 0 and isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise BandError(f"{what} có quá nhiều chữ số thập phân (tối đa {MAX_DECIMALS})")
    return d


def num_out(d: Decimal) -> int | float:
    """A Decimal as a JSON number: int when whole, else the float whose repr is the same decimal."""
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    if Decimal(repr(f)) != d:
        raise BandError(f"số {d} có quá nhiều chữ số thập phân")
    return f


def num_text(d: Decimal) -> str:
    """Plain decimal text with a dot, no exponent: files and spreadsheet cells."""
    return format(d.normalize(), "f")


def vn_number(d: Decimal) -> str:
    """A number as Vietnamese readers write it on screen and paper: decimal comma (49,5)."""
    return num_text(d).replace(".", ",")


@dataclass(frozen=True)
class Band:
    """A range of measured values (each end open or closed, or unbounded) and the value it gives."""

    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool
    value: Decimal

    def contains(self, x: Decimal) -> bool:
        if self.lower is not None and (x < self.lower or (x == self.lower and not self.lower_inclusive)):
            return False
        if self.upper is not None and (x > self.upper or (x == self.upper and not self.upper_inclusive)):
            return False
        return True

    def to_dict(self, value_key: str) -> dict:
        out: dict = {}
        if self.lower is not None:
            out["at_least" if self.lower_inclusive else "above"] = num_out(self.lower)
        if self.upper is not None:
            out["at_most" if self.upper_inclusive else "below"] = num_out(self.upper)
        out[value_key] = num_out(self.value)
        return out

    def range_text(self) -> str:
        parts = []
        if self.lower is not None:
            parts.append((">=" if self.lower_inclusive else ">") + num_text(self.lower))
        if self.upper is not None:
            parts.append(("<=" if self.upper_inclusive else "<") + num_text(self.upper))
        return " & ".join(parts) or "*"

    def to_text(self) -> str:
        return f"{self.range_text()}: {num_text(self.value)}"


def band_from_dict(d, value_key: str) -> Band:
    if not isinstance(d, dict):
        raise BandError("mỗi khoảng phải là một đối tượng {at_least/above, at_most/below, giá trị}")
    unknown = set(d) - {"at_least", "above", "at_most", "below", value_key}
    if unknown:
        raise BandError(f"khoảng có khóa không hợp lệ: {', '.join(sorted(map(str, unknown)))}")
    if "at_least" in d and "above" in d or "at_most" in d and "below" in d:
        raise BandError("một khoảng chỉ có một cận dưới (at_least hoặc above) và một cận trên (at_most hoặc below)")
    if value_key not in d:
        raise BandError(f"khoảng thiếu «{value_key}»")
    lo_key = "at_least" if "at_least" in d else "above" if "above" in d else None
    hi_key = "at_most" if "at_most" in d else "below" if "below" in d else None
    lower = to_decimal(d[lo_key], "cận dưới") if lo_key else None
    upper = to_decimal(d[hi_key], "cận trên") if hi_key else None
    return Band(lower, lo_key == "at_least", upper, hi_key == "at_most", to_decimal(d[value_key], value_key))


_COND = re.compile(r"^(>=|<=|>|<|≥|≤)\s*(\S+)$")


def bands_from_text(text: str) -> list[Band]:
    """Parse `<50: 1; >=50 & <=75: 2; >75: 3` (also one band per line)."""
    bands = []
    for chunk in re.split(r"[;\n]", str(text)):
        chunk = chunk.strip()
        if not chunk:
            continue
        if ":" not in chunk:
            raise BandError(f"khoảng «{chunk[:40]}» thiếu dấu «:» trước giá trị (ví dụ «>=50 & <=75: 2»)")
        rng, val = chunk.rsplit(":", 1)
        lower = upper = None
        lo_inc = hi_inc = False
        conds = [c.strip() for c in rng.split("&") if c.strip()]
        if conds == ["*"]:
            conds = []
        for cond in conds:
            m = _COND.match(cond)
            if not m:
                raise BandError(f"điều kiện «{cond[:30]}» không hợp lệ; dùng <, <=, >, >= và một số")
            op, n = m.group(1).replace("≥", ">=").replace("≤", "<="), to_decimal(m.group(2), "cận")
            if op.startswith(">"):
                if lower is not None:
                    raise BandError(f"khoảng «{chunk[:40]}» có hai cận dưới")
                lower, lo_inc = n, op == ">="
            else:
                if upper is not None:
                    raise BandError(f"khoảng «{chunk[:40]}» có hai cận trên")
                upper, hi_inc = n, op == "<="
        bands.append(Band(lower, lo_inc, upper, hi_inc, to_decimal(val, "giá trị của khoảng")))
    if not bands:
        raise BandError("chưa có khoảng nào")
    return bands


def bands_text(bands: list[Band]) -> str:
    return "; ".join(b.to_text() for b in bands)


def check_partition(bands: list[Band], lo: Decimal, hi: Decimal | None) -> str | None:
    """None when the bands, in order, cover [lo, hi] (hi None: unbounded) without gaps or overlaps."""
    if not bands:
        return "chưa có khoảng nào"
    first, last = bands[0], bands[-1]
    if first.lower is not None and (first.lower > lo or (first.lower == lo and not first.lower_inclusive)):
        return f"các khoảng không bao gồm giá trị nhỏ nhất {num_text(lo)}"
    for a, b in zip(bands, bands[1:]):
        if a.upper is None or b.lower is None or a.upper != b.lower or a.upper_inclusive == b.lower_inclusive:
            return (
                f"khoảng «{a.range_text()}» và khoảng tiếp theo «{b.range_text()}» phải nối liền nhau, "
                "không hở và không chồng lên nhau (xếp từ nhỏ đến lớn)"
            )
    if hi is None:
        if last.upper is not None:
            return "khoảng cuối cùng phải không có cận trên"
    elif last.upper is not None and (last.upper < hi or (last.upper == hi and not last.upper_inclusive)):
        return f"các khoảng không bao gồm giá trị lớn nhất {num_text(hi)}"
    return None
