"""Share answers ("Tỉ lệ…" items 1.6.x, 1.7.1): a share typed as "85%" or "17/20", and how it becomes points.

Two kinds of item take a share:
- `percent_bands`: the set file gives the bands (the rule is the set's own); the answer stored is the percent and
  the scoring engine turns it into points.
- `points` with `suggest: share_percent`: the official bands are not known (docs/indicator-sets.md), so the
  product only *suggests* max × share and says so; the school sets the points itself. The share the points were
  based on is kept beside the answer (its "basis"), so a later change of the staff/room lists can be flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop.core.bands import num_text, vn_number
from desktop.core.errors import UserError
from desktop.core.indicators import Item

_PERCENT = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*%$")
_FRACTION = re.compile(r"^([0-9]+)\s*/\s*([0-9]+)$")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ShareValue:
    """A share as the school gave it: a percent, and the counts when given as "a/b"."""

    percent: Decimal  # 0–100, 2 decimals
    counted: int | None = None
    total: int | None = None

    def text(self) -> str:
        pct = f"{vn_number(self.percent)}%"
        return f"{self.counted}/{self.total} = {pct}" if self.total else pct

    def to_basis(self, source: str) -> dict:
        out: dict[str, Any] = {"percent": num_text(self.percent), "source": source}
        if self.total:
            out.update(counted=self.counted, total=self.total)
        return out


@dataclass(frozen=True)
class Conversion:
    """How a share becomes points for one item."""

    share: ShareValue
    points: Decimal
    verified_rule: bool  # True: the set's own bands decide; False: a suggestion the school checks
    rule_text: str  # Vietnamese, one sentence


def takes_share(item: Item) -> bool:
    return item.answer.kind == "percent_bands" or item.answer.suggest == "share_percent"


def looks_like_share(text: str) -> bool:
    t = text.strip()
    return t.endswith("%") or "/" in t


def parse_share(text: str) -> ShareValue | None:
    """ "85%", "85,5 %", "17/20" → a ShareValue; blank → None. Anything else raises UserError (Vietnamese)."""
    t = " ".join(str(text).split())
    if not t:
        return None
    m = _FRACTION.match(t)
    if m:
        counted, total = int(m.group(1)), int(m.group(2))
        if total == 0:
            raise UserError(f"«{t}»: số mẫu (sau dấu /) phải lớn hơn 0.")
        if counted > total:
            raise UserError(f"«{t}»: số đạt ({counted}) lớn hơn tổng số ({total}).")
        pct = (Decimal(counted) * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP)
        return ShareValue(pct, counted, total)
    m = _PERCENT.match(t) or re.match(r"^([0-9]+(?:[.,][0-9]+)?)$", t)
    if not m:
        raise UserError(f"«{t}» không phải là tỉ lệ: ghi dạng «85%» hoặc «17/20» (số đạt/tổng số).")
    try:
        pct = Decimal(m.group(1).replace(",", "."))
    except InvalidOperation:
        raise UserError(f"«{t}» không phải là tỉ lệ.") from None
    if pct > HUNDRED:
        raise UserError(f"Tỉ lệ {vn_number(pct)}% lớn hơn 100%.")
    return ShareValue(pct.quantize(CENT, rounding=ROUND_HALF_UP))


def convert(item: Item, share: ShareValue) -> Conversion:
    """Points for a share under the set's rule (bands), or the proportional suggestion when the rule is unknown."""
    from desktop.core.scoring import item_points, suggest_points

    if item.answer.kind == "percent_bands":
        pts = item_points(item, share.percent)
        verified = item.verified
        text = "theo thang điểm tỉ lệ của bộ chỉ số" + ("" if verified else " (bộ chỉ số ghi: chưa đối chiếu văn bản)")
        return Conversion(share, pts, verified, text)
    pts = suggest_points(item, share.percent)
    text = (
        f"gợi ý = tỉ lệ × {vn_number(item.max_points)} điểm tối đa; thang điểm chính thức theo tỉ lệ chưa xác định, "
        "nhà trường kiểm tra và tự đặt điểm"
    )
    return Conversion(share, pts, False, text)


def answer_problem(item: Item, value: Any) -> str | None:
    """What is wrong with an answer (scoring.check_value); for a share item whose points field got a bare number
    that cannot be points but can be a percentage ("85" of 7 points), the message also says how to give it."""
    from desktop.core.scoring import check_value

    msg = check_value(item, value)
    if msg and item.answer.kind == "points" and takes_share(item) and isinstance(value, (int, Decimal)):
        d = Decimal(value)
        if item.max_points < d <= HUNDRED:
            msg += f"; nếu {vn_number(d)} là tỉ lệ phần trăm, hãy gõ «{vn_number(d)}%» để có điểm gợi ý"
    return msg


def basis_share(basis: dict | None) -> ShareValue | None:
    """The ShareValue recorded with an answer (None when the points were typed without a share)."""
    if not basis or "percent" not in basis:
        return None
    try:
        return ShareValue(Decimal(str(basis["percent"])), basis.get("counted"), basis.get("total"))
    except (InvalidOperation, TypeError, ValueError):
        return None


def mismatch(
    item: Item, value: Any, basis: dict | None, counted: int, total: int, list_label: str = "danh sách"
) -> str | None:
    """A Vietnamese warning when a stored answer no longer matches the school's list (counted/total), else None.

    The list only speaks when it has rows. An answer based on a share is compared by share; an answer typed as
    points alone is compared with the list's suggestion."""
    if value is None or total <= 0 or not takes_share(item):
        return None
    now = ShareValue((Decimal(counted) * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP), counted, total)
    conv = convert(item, now)
    was = basis_share(basis)
    if item.answer.kind == "percent_bands":
        if Decimal(str(value)).quantize(CENT) != now.percent:
            return (
                f"Tỉ lệ đã ghi ({vn_number(Decimal(str(value)))}%) khác {list_label} hiện tại ({now.text()}, "
                f"→ {vn_number(conv.points)} điểm)."
            )
        return None
    if was is not None:
        if was.percent != now.percent:
            return (
                f"Điểm đã ghi dựa trên tỉ lệ {was.text()}, nhưng {list_label} hiện tại là {now.text()} "
                f"(gợi ý {vn_number(conv.points)} điểm)."
            )
        return None
    if Decimal(str(value)) != conv.points:
        return (
            f"Điểm đã ghi ({vn_number(Decimal(str(value)))}) khác gợi ý theo {list_label} hiện tại "
            f"({now.text()} → {vn_number(conv.points)} điểm)."
        )
    return None
