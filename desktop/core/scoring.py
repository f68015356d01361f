"""The scoring engine: pure functions of (indicator set, answers) → ScoreResult. Exact decimals, no rounding.

Answers map item codes to values: true/false (yes_no, condition), a number (points, percent_bands,
count_bands) or a choice code (choice); None or a missing code means "not answered yet". Every rule that is
not in the Ministry's text (overall level, effect of an unmet mandatory condition) comes from the set's
settings, and the result carries the set's label for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any, Mapping

from desktop.core.bands import Band, BandError, num_out, num_text, to_decimal, vn_number
from desktop.core.errors import Location, ValidationError
from desktop.core.indicators import IndicatorSet, Item

ZERO = Decimal(0)


@dataclass(frozen=True)
class ItemScore:
    """One item's points and state in a scoring result."""

    points: Decimal
    max: Decimal
    answered: bool
    state: str  # unanswered | full | partial | zero | met | unmet


@dataclass(frozen=True)
class CriterionScore:
    """One criterion's points and its own level, if it has bands."""

    total: Decimal
    max: Decimal
    level: int | None  # from the criterion's own bands; None when it has none


@dataclass(frozen=True)
class GroupScore:
    """One group's points and level, with the mandatory conditions that cap it."""

    total: Decimal
    max: Decimal
    level: int
    level_label: str
    mandatory_met: bool
    known_max: Decimal
    level_before_cap: int = 0
    capped: bool = False
    unmet: tuple[str, ...] = ()  # mandatory conditions unmet or not yet answered


@dataclass(frozen=True)
class NextStep:
    """An item worth doing next: the points it adds and the level it may unlock."""

    item_code: str
    gain: Decimal  # points added to the group if the item reaches its maximum
    unlocks: int | None  # the group level this step alone reaches, when higher than now
    text: str
    group_code: str = ""


@dataclass(frozen=True)
class ScoreResult:
    """Everything scoring gives for one set of answers: items, criteria, groups, overall level, next steps."""

    set_ref: str
    items: dict[str, ItemScore]
    criteria: dict[str, CriterionScore]
    groups: dict[str, GroupScore]
    overall_level: int | None
    overall_label: str
    overall_rule_note: str
    mandatory: dict[str, bool | None]
    max_reachable: dict[str, Decimal]
    notes: tuple[str, ...] = ()  # gaps of an incomplete set, caps applied, unverified rows
    iset: IndicatorSet | None = field(default=None, repr=False, compare=False)  # for next_steps

    @cached_property
    def next_steps(self) -> list[NextStep]:
        """The items worth doing next (_next_steps), worked out when first asked for: ranking them is 40% of a
        scoring, and the commune's roll-up scores every school's file without asking."""
        return _next_steps(self.iset, self.items, self.groups, self.overall_level) if self.iset else []

    def to_dict(self) -> dict:
        """Plain JSON-able form (numbers as JSON numbers, exact)."""
        return {
            "indicators": self.set_ref,
            "items": {
                c: {"points": num_out(s.points), "max": num_out(s.max), "answered": s.answered, "state": s.state}
                for c, s in self.items.items()
            },
            "criteria": {
                c: {"total": num_out(s.total), "max": num_out(s.max), "level": s.level}
                for c, s in self.criteria.items()
            },
            "groups": {
                c: {
                    "total": num_out(g.total),
                    "max": num_out(g.max),
                    "known_max": num_out(g.known_max),
                    "level": g.level,
                    "level_label": g.level_label,
                    "level_before_cap": g.level_before_cap,
                    "capped": g.capped,
                    "mandatory_met": g.mandatory_met,
                    "unmet_mandatory": list(g.unmet),
                    "max_reachable": num_out(self.max_reachable[c]),
                }
                for c, g in self.groups.items()
            },
            "overall_level": self.overall_level,
            "overall_label": self.overall_label,
            "overall_rule_note": self.overall_rule_note,
            "mandatory": dict(self.mandatory),
            "next_steps": [
                {
                    "item": n.item_code,
                    "group": n.group_code,
                    "gain": num_out(n.gain),
                    "unlocks": n.unlocks,
                    "text": n.text,
                }
                for n in self.next_steps
            ],
            "notes": list(self.notes),
        }


# ---- one value ---------------------------------------------------------------------------------------------
def check_value(item: Item, value: Any) -> str | None:
    """None when `value` is a valid answer for `item` (None = unanswered), else one Vietnamese message."""
    if value is None:
        return None
    kind = item.answer.kind
    if kind in ("yes_no", "condition"):
        return None if isinstance(value, bool) else f"cần trả lời đúng/sai (true/false), không phải «{str(value)[:40]}»"
    if kind == "choice":
        codes = [c.code for c in item.answer.choices]
        if not isinstance(value, str):
            return f"cần một mã lựa chọn ({', '.join(codes)}), không phải «{str(value)[:40]}»"
        return None if value in codes else f"mã lựa chọn «{value[:40]}» không có; chọn một trong: {', '.join(codes)}"
    if isinstance(value, str):
        return f"cần một số, không phải chữ «{value[:40]}»"
    try:
        d = to_decimal(value, "câu trả lời")
    except BandError as exc:
        return str(exc)
    if kind == "points":
        if d < 0 or d > item.max_points:
            return f"điểm {num_text(d)} ngoài khoảng cho phép 0–{num_text(item.max_points)}"
        step = item.answer.step
        if step is not None and d % step != 0:
            return f"điểm {num_text(d)} phải là bội số của {num_text(step)}"
        return None
    if kind == "percent_bands":
        return None if 0 <= d <= 100 else f"tỉ lệ {num_text(d)}% ngoài khoảng 0–100"
    if d < 0 or d != d.to_integral_value():
        return f"số lượng phải là số nguyên không âm, không phải {num_text(d)}"
    return None


def item_points(item: Item, value: Any) -> Decimal:
    """Points of a valid answer (0 for conditions and unanswered items)."""
    if value is None:
        return ZERO
    rule = item.answer
    if rule.kind == "condition":
        return ZERO
    if rule.kind == "yes_no":
        return (rule.points_yes or ZERO) if value else ZERO
    if rule.kind == "choice":
        return next(c.points for c in rule.choices if c.code == value)
    d = to_decimal(value)
    if rule.kind == "points":
        return min(max(d, ZERO), item.max_points)  # cap: never above the item's maximum
    band = band_for(rule.bands, d)
    return min(band, item.max_points) if band is not None else ZERO


def band_for(bands: tuple[Band, ...], x: Decimal) -> Decimal | None:
    for b in bands:
        if b.contains(x):
            return b.value
    return None


def level_of(bands: tuple[Band, ...], total: Decimal) -> int | None:
    v = band_for(bands, total)
    return int(v) if v is not None else None


def suggest_points(item: Item, share_percent: Any) -> Decimal:
    """Suggested points for a share-based item: maximum × share, to 2 decimals (the school still decides)."""
    share = min(max(to_decimal(share_percent), ZERO), Decimal(100))
    pts = (item.max_points * share / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    step = item.answer.step
    return (pts // step) * step if step else pts


def validate_answers(iset: IndicatorSet, answers: Mapping[str, Any], origin: str = "") -> None:
    """Raise one ValidationError listing every bad answer: unknown code, wrong type, out of range."""
    if not isinstance(answers, Mapping):
        raise ValidationError(
            [(Location(file=origin or None), "phần «answers» phải là một đối tượng {mã mục: giá trị}")],
            title="Câu trả lời không hợp lệ",
        )
    known = {it.code: it for it in iset.items()}
    problems = []
    for code, value in answers.items():
        loc = Location(file=origin or None, path=f"answers › {code}")
        if code not in known:
            problems.append((loc, f"mã mục «{str(code)[:40]}» không có trong bộ chỉ số {iset.ref}"))
            continue
        msg = check_value(known[code], value)
        if msg:
            problems.append((loc, f"mục {code}: {msg}"))
    if problems:
        raise ValidationError(problems, title="Câu trả lời không hợp lệ")


# ---- the whole set -----------------------------------------------------------------------------------------
def _state(item: Item, value: Any, pts: Decimal) -> str:
    if value is None:
        return "unanswered"
    if item.mandatory:
        return "met" if value is True else "unmet"
    return "full" if pts == item.max_points else "zero" if pts == 0 else "partial"


def _group_level(iset: IndicatorSet, total: Decimal, unmet: bool) -> tuple[int, int]:
    st = iset.settings
    raw = level_of(st.group_level_bands, total) or st.level_names[0].level
    if unmet and st.mandatory_unmet_effect == "cap_group_level" and st.mandatory_unmet_cap is not None:
        return raw, min(raw, st.mandatory_unmet_cap)
    return raw, raw


def score(iset: IndicatorSet, answers: Mapping[str, Any]) -> ScoreResult:
    validate_answers(iset, answers)
    st = iset.settings
    items, criteria, groups, mandatory, reach = {}, {}, {}, {}, {}
    notes = list(iset.gaps())
    for g in iset.groups:
        total = reachable = ZERO
        unmet = []
        for c in g.criteria:
            ctotal = ZERO
            for it in c.items:
                value = answers.get(it.code)
                pts = item_points(it, value)
                items[it.code] = ItemScore(pts, it.max_points, value is not None, _state(it, value, pts))
                ctotal += pts
                reachable += it.max_points if value is None else pts
                if it.mandatory:
                    mandatory[it.code] = value if value is None else bool(value)
                    if value is not True:
                        unmet.append(it.code)
            criteria[c.code] = CriterionScore(ctotal, c.max_points, level_of(c.bands, ctotal) if c.bands else None)
            total += ctotal
        raw, level = _group_level(iset, total, bool(unmet))
        groups[g.code] = GroupScore(
            total, g.max_points, level, st.level_label(level), not unmet, g.known_max, raw, level < raw, tuple(unmet)
        )
        reach[g.code] = reachable
        if level < raw:
            notes.append(
                f"Nhóm {g.code}: tổng điểm đạt {st.level_label(raw)} nhưng còn điều kiện bắt buộc chưa đạt "
                f"({', '.join(unmet)}), nên xếp {st.level_label(level)}. {st.mandatory_unmet_note}".strip()
            )
    overall = min(gs.level for gs in groups.values()) if st.overall_rule == "lowest_group" and groups else None
    unverified = iset.unverified_codes()
    if unverified:
        notes.append(f"{len(unverified)} dòng của bộ chỉ số chưa được đối chiếu với văn bản chính thức.")
    return ScoreResult(
        iset.ref,
        items,
        criteria,
        groups,
        overall,
        st.level_label(overall) if overall is not None else "không xếp mức chung",
        st.overall_rule_note,
        mandatory,
        reach,
        tuple(notes),
        iset,
    )


def _next_steps(
    iset: IndicatorSet, items: dict[str, ItemScore], groups: dict[str, GroupScore], overall: int | None
) -> list[NextStep]:
    """Unanswered, partial and unmet items, ranked: those that alone unlock a higher level first (highest level
    first), then unmet mandatory conditions, then by points gained, then in the set's order."""
    ranked = []
    for order, it in enumerate(iset.items()):
        s, gs = items[it.code], groups[it.group_code]
        if it.mandatory:
            if s.state == "met":
                continue
            gain, still_unmet = ZERO, len(gs.unmet) > 1
        else:
            if s.points >= s.max:
                continue
            gain, still_unmet = s.max - s.points, bool(gs.unmet)
        _, new_level = _group_level(iset, gs.total + gain, still_unmet)
        unlocks = new_level if new_level > gs.level else None
        ranked.append(
            (
                (unlocks is None, -(unlocks or 0), not it.mandatory, -gain, order),
                _step(iset, it, s, groups, gain, unlocks, overall),
            )
        )
    ranked.sort(key=lambda r: r[0])
    return [step for _, step in ranked]


def _step(
    iset: IndicatorSet,
    it: Item,
    s: ItemScore,
    groups: dict[str, GroupScore],
    gain: Decimal,
    unlocks: int | None,
    overall: int | None,
) -> NextStep:
    st = iset.settings
    if it.mandatory:
        head = (
            f"Đáp ứng điều kiện bắt buộc {it.code}"
            if s.state == "unmet"
            else f"Xác nhận điều kiện bắt buộc {it.code} (chưa trả lời)"
        )
    elif s.answered:
        head = f"Nâng mục {it.code} từ {vn_number(s.points)} lên {vn_number(s.max)} điểm (+{vn_number(gain)})"
    else:
        head = f"Trả lời mục {it.code} (tối đa {vn_number(s.max)} điểm)"
    tail = ""
    if unlocks is not None:
        tail = f": nhóm {it.group_code} lên {st.level_label(unlocks)}"
        others = [g.level for code, g in groups.items() if code != it.group_code]
        if overall is not None and st.overall_rule == "lowest_group" and min([unlocks, *others]) > overall:
            tail += f", mức chung của nhà trường lên {st.level_label(min([unlocks, *others]))}"
    elif it.mandatory:
        tail = (
            f": cần để nhóm {it.group_code} được xếp trên {st.level_label(st.mandatory_unmet_cap)}"
            if st.mandatory_unmet_effect == "cap_group_level"
            else ""
        )
    text = f"{head}{tail}. {it.text}".strip()
    return NextStep(it.code, gain, unlocks, text, it.group_code)
