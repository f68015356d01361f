"""The fields of an indicator-set file, each read with its checks: text, exact decimals, bands, an item's answer
rule and status. Every problem is collected (located by kind, code and field; an importer passes `locate` to turn
that into a sheet, row and column), never raised one at a time. desktop.core.indicator_parse builds the set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, TypeGuard

from desktop.core.bands import Band, BandError, band_from_dict, check_partition, to_decimal
from desktop.core.errors import Location, nfc
from desktop.core.indicators import _CODE, ANSWER_KINDS, ROW_STATUSES, AnswerRule, Choice

_RULE_KEYS = {
    "points": {"step", "suggest"},
    "yes_no": {"points_yes"},
    "percent_bands": {"bands"},
    "count_bands": {"bands"},
    "choice": {"choices"},
    "condition": set(),
}


def one_of(value: Any, options) -> TypeGuard[str]:
    """Membership that tolerates unhashable junk from a hostile file."""
    return isinstance(value, str) and value in options


Locate = Callable[[str, str, str], Location | None]


class Problems:
    def __init__(self, origin: str, locate: Locate | None):
        self.origin, self.locate = origin, locate
        self.items: list[tuple[Location | None, str]] = []

    def add(self, kind: str, code: str, fieldname: str, msg: str) -> None:
        loc = self.locate(kind, code, fieldname) if self.locate else None
        if loc is None:
            where = {
                "set": "thông tin bộ chỉ số",
                "group": f"nhóm {code}",
                "criterion": f"tiêu chí {code}",
                "item": f"mục {code}",
                "settings": "thiết lập",
            }[kind]
            loc = Location(file=self.origin, path=f"{where} › {fieldname}" if fieldname else where)
        self.items.append((loc, msg))


def text_field(p: Problems, d: dict, key: str, kind: str, code: str, required: bool = True, limit: int = 4000) -> str:
    v = d.get(key, "")
    if v is None:
        v = ""
    if not isinstance(v, str):
        p.add(kind, code, key, "phải là chữ")
        return ""
    v = nfc(v.strip())
    if required and not v:
        p.add(kind, code, key, "không được để trống")
    if len(v) > limit:
        p.add(kind, code, key, f"quá dài (tối đa {limit} ký tự)")
    return v


def decimal_field(p: Problems, v: Any, kind: str, code: str, key: str, minimum: Decimal = Decimal(0)) -> Decimal | None:
    try:
        d = to_decimal(v, key)
    except BandError as exc:
        p.add(kind, code, key, str(exc))
        return None
    if d < minimum or d > 10000:
        p.add(kind, code, key, f"phải từ {minimum} đến 10000")
        return None
    return d


def bands_field(p: Problems, raw: Any, value_key: str, kind: str, code: str, key: str) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        p.add(kind, code, key, "phải là một danh sách khoảng, không rỗng")
        return ()
    try:
        return tuple(band_from_dict(b, value_key) for b in raw)
    except BandError as exc:
        p.add(kind, code, key, str(exc))
        return ()


def answer_rule(p: Problems, raw: Any, max_points: Decimal | None, code: str) -> AnswerRule | None:
    if not isinstance(raw, dict) or not one_of(raw.get("kind"), ANSWER_KINDS):
        p.add("item", code, "answer", "cách tính điểm phải là một trong: " + ", ".join(ANSWER_KINDS))
        return None
    kind = raw["kind"]
    extra = set(raw) - {"kind"} - _RULE_KEYS[kind]
    if extra:
        p.add(
            "item",
            code,
            "answer",
            f"khóa không dùng cho cách tính «{ANSWER_KINDS[kind]}»: " + ", ".join(sorted(map(str, extra))),
        )
    mx = max_points or Decimal(0)
    if kind == "condition":
        return AnswerRule(kind)
    if kind == "points":
        step = decimal_field(p, raw["step"], "item", code, "step") if raw.get("step") is not None else None
        if step == 0:
            p.add("item", code, "step", "bước điểm phải lớn hơn 0")
        sug = raw.get("suggest")
        if sug not in (None, "share_percent"):
            p.add("item", code, "suggest", "chỉ nhận «share_percent»")
        return AnswerRule(kind, step=step, suggest=sug)
    if kind == "yes_no":
        yes = decimal_field(p, raw.get("points_yes", mx), "item", code, "points_yes")
        if yes is not None and yes > mx:
            p.add("item", code, "points_yes", f"điểm cho «Có» ({yes}) lớn hơn điểm tối đa {mx}")
        return AnswerRule(kind, points_yes=yes)
    if kind in ("percent_bands", "count_bands"):
        bands = bands_field(p, raw.get("bands"), "points", "item", code, "bands")
        top = Decimal(100) if kind == "percent_bands" else None
        problem = check_partition(list(bands), Decimal(0), top) if bands else None
        if problem:
            p.add("item", code, "bands", problem)
        for b in bands:
            if b.value > mx:
                p.add("item", code, "bands", f"khoảng «{b.range_text()}» cho {b.value} điểm, lớn hơn điểm tối đa {mx}")
        return AnswerRule(kind, bands=bands)
    choices, seen = [], set()
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or not raw_choices:
        p.add("item", code, "choices", "phải có ít nhất một lựa chọn")
        return AnswerRule(kind)
    for ch in raw_choices:
        if not isinstance(ch, dict) or not isinstance(ch.get("code"), str) or not _CODE.match(ch["code"]):
            p.add("item", code, "choices", "mỗi lựa chọn cần mã (chữ, số, . _ -) và điểm")
            continue
        if ch["code"] in seen:
            p.add("item", code, "choices", f"mã lựa chọn «{ch['code']}» bị trùng")
        seen.add(ch["code"])
        pts = decimal_field(p, ch.get("points"), "item", code, "choices")
        label = ch.get("label", "")
        if not isinstance(label, str) or "\n" in label or ";" in label:
            p.add(
                "item", code, "choices", f"nhãn của lựa chọn «{ch['code']}» phải là chữ trên một dòng, không có dấu «;»"
            )
            label = ""
        if pts is not None and pts > mx:
            p.add("item", code, "choices", f"lựa chọn «{ch['code']}» cho {pts} điểm, lớn hơn điểm tối đa {mx}")
        choices.append(Choice(ch["code"], nfc(label.strip()), pts or Decimal(0)))
    return AnswerRule(kind, choices=tuple(choices))


def status_field(p: Problems, d: dict, kind: str, code: str) -> str:
    s = d.get("status", "unverified")
    if not one_of(s, ROW_STATUSES):
        p.add(kind, code, "status", "tình trạng xác minh phải là: " + ", ".join(ROW_STATUSES))
        return "unverified"
    return s
