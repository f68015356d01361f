"""Indicator sets as data: the file format (docs/indicator-set-format.md), parsing, validation, bundled sets.

A set is groups → criteria → items. A criterion either is answered itself (it has an `answer`) or through its
items. Everything that decides a level (thresholds, overall rule, the effect of an unmet mandatory condition) is
a setting of the file, so a corrected set never needs new code. Parsing collects every problem and raises one
ValidationError; a located problem names the set/group/criterion/item and field, and an importer (the
spreadsheet form) can pass `locate` to turn that into a sheet, row and column.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from desktop.core import jsonin
from desktop.core.bands import Band, BandError, band_from_dict, check_partition, num_out, to_decimal
from desktop.core.errors import Location, ValidationError, nfc
from desktop.core.paths import resource

FORMAT = "socds-indicator-set"
FORMAT_VERSION = 1
SET_STATUSES = {"official": "chính thức", "draft": "dự thảo", "incomplete": "chưa đầy đủ"}
ROW_STATUSES = {"verified": "đã đối chiếu văn bản chính thức", "partly_verified": "đối chiếu một phần",
                "unverified": "chưa đối chiếu văn bản chính thức"}
ANSWER_KINDS = {"points": "Nhập điểm", "yes_no": "Có/Không", "percent_bands": "Theo tỉ lệ %",
                "count_bands": "Theo số lượng", "choice": "Theo lựa chọn", "condition": "Điều kiện bắt buộc"}
SCHOOL_LEVELS = ("MN", "TH", "THCS", "THPT", "GDTX")
OVERALL_RULES = {"lowest_group": "mức thấp nhất trong các nhóm", "none": "không xếp mức chung"}
MANDATORY_EFFECTS = {"cap_group_level": "giới hạn mức của nhóm", "none": "không ảnh hưởng đến mức"}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")


@dataclass(frozen=True)
class Choice:
    """One option of a choice item and its points."""
    code: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class AnswerRule:
    """How an item is answered and how its answer turns into points."""
    kind: str                           # one of ANSWER_KINDS
    points_yes: Decimal | None = None   # yes_no: the fixed points for "yes" ("no" gives 0)
    bands: tuple[Band, ...] = ()        # percent_bands / count_bands: points by the measured value
    choices: tuple[Choice, ...] = ()    # choice
    step: Decimal | None = None         # points: entered points must be a multiple of step (None: any)
    suggest: str | None = None          # points: "share_percent" → the product may suggest max × share

    @property
    def label(self) -> str:
        return ANSWER_KINDS[self.kind]


@dataclass(frozen=True)
class Item:
    """One indicator row: the question a school answers, with its points and source."""
    code: str
    text: str
    guidance: str
    mandatory: bool
    max_points: Decimal
    answer: AnswerRule
    verified: bool
    source_note: str
    criterion_code: str
    group_code: str
    status: str = "unverified"


@dataclass(frozen=True)
class Criterion:
    """A criterion: its items, maximum and optional level bands."""
    code: str
    text: str
    mandatory: bool
    max_points: Decimal
    bands: tuple[Band, ...]             # optional criterion level bands, value = level
    items: tuple[Item, ...]
    verified: bool
    guidance: str = ""
    status: str = "unverified"
    source_note: str = ""
    answered_itself: bool = False       # True: the criterion's one item carries the criterion's own code


@dataclass(frozen=True)
class Group:
    """A group of criteria (group 1 or 2 of the Ministry's framework)."""
    code: str
    name: str
    max_points: Decimal
    criteria: tuple[Criterion, ...]
    known_max: Decimal                  # sum of the items' maxima; < max_points when the set is incomplete

    @property
    def gap(self) -> Decimal:
        return self.max_points - self.known_max


@dataclass(frozen=True)
class LevelName:
    """A level's number, short label and name."""
    level: int
    label: str                          # "Mức 1"
    name: str                           # "Chưa đáp ứng"


@dataclass(frozen=True)
class Settings:
    """A set's rules for levels: names, group bands, the overall rule and mandatory conditions."""
    level_names: tuple[LevelName, ...]
    group_level_bands: tuple[Band, ...]
    overall_rule: str
    overall_rule_note: str
    mandatory_unmet_effect: str
    mandatory_unmet_cap: int | None
    mandatory_unmet_note: str

    def level_label(self, level: int | None) -> str:
        for ln in self.level_names:
            if ln.level == level:
                return f"{ln.label} — {ln.name}" if ln.name else ln.label
        return "chưa xác định"


@dataclass(frozen=True)
class IndicatorSet:
    """One version of an indicator set, as loaded and validated."""
    set_id: str
    version: str
    title: str
    status: str
    legal_basis: dict
    levels: tuple[str, ...]
    groups: tuple[Group, ...]
    settings: Settings
    source_note: str = ""
    raw: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.set_id}@{self.version}"

    def items(self) -> list[Item]:
        return [it for g in self.groups for c in g.criteria for it in c.items]

    def item(self, code: str) -> Item:
        for it in self.items():
            if it.code == code:
                return it
        raise KeyError(code)

    def criterion(self, code: str) -> Criterion:
        for g in self.groups:
            for c in g.criteria:
                if c.code == code:
                    return c
        raise KeyError(code)

    def group(self, code: str) -> Group:
        for g in self.groups:
            if g.code == code:
                return g
        raise KeyError(code)

    def gaps(self) -> list[str]:
        """Vietnamese notes for every group whose items do not yet add up to its maximum."""
        return [f"{num_out(g.gap)} điểm của nhóm {g.code} chưa xác định (bộ chỉ số mới biết {num_out(g.known_max)}"
                f"/{num_out(g.max_points)} điểm)." for g in self.groups if g.gap > 0]

    def unverified_codes(self) -> list[str]:
        """Answerable items whose row is not verified against the official text."""
        return [i.code for i in self.items() if i.status != "verified"]

    def to_dict(self) -> dict:
        return dict(self.raw)


_RULE_KEYS = {"points": {"step", "suggest"}, "yes_no": {"points_yes"}, "percent_bands": {"bands"},
              "count_bands": {"bands"}, "choice": {"choices"}, "condition": set()}


def _one_of(value: Any, options) -> bool:
    """Membership that tolerates unhashable junk from a hostile file."""
    return isinstance(value, str) and value in options


Locate = Callable[[str, str, str], Location | None]


class _Problems:
    def __init__(self, origin: str, locate: Locate | None):
        self.origin, self.locate, self.items = origin, locate, []

    def add(self, kind: str, code: str, fieldname: str, msg: str) -> None:
        loc = self.locate(kind, code, fieldname) if self.locate else None
        if loc is None:
            where = {"set": "thông tin bộ chỉ số", "group": f"nhóm {code}", "criterion": f"tiêu chí {code}",
                     "item": f"mục {code}", "settings": "thiết lập"}[kind]
            loc = Location(file=self.origin, path=f"{where} › {fieldname}" if fieldname else where)
        self.items.append((loc, msg))


def _text(p: _Problems, d: dict, key: str, kind: str, code: str, required: bool = True, limit: int = 4000) -> str:
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


def _dec(p: _Problems, v: Any, kind: str, code: str, key: str, minimum: Decimal = Decimal(0)) -> Decimal | None:
    try:
        d = to_decimal(v, key)
    except BandError as exc:
        p.add(kind, code, key, str(exc))
        return None
    if d < minimum or d > 10000:
        p.add(kind, code, key, f"phải từ {minimum} đến 10000")
        return None
    return d


def _bands(p: _Problems, raw: Any, value_key: str, kind: str, code: str, key: str) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        p.add(kind, code, key, "phải là một danh sách khoảng, không rỗng")
        return ()
    try:
        return tuple(band_from_dict(b, value_key) for b in raw)
    except BandError as exc:
        p.add(kind, code, key, str(exc))
        return ()


def _answer(p: _Problems, raw: Any, max_points: Decimal | None, code: str) -> AnswerRule | None:
    if not isinstance(raw, dict) or not _one_of(raw.get("kind"), ANSWER_KINDS):
        p.add("item", code, "answer", "cách tính điểm phải là một trong: " + ", ".join(ANSWER_KINDS))
        return None
    kind = raw["kind"]
    extra = set(raw) - {"kind"} - _RULE_KEYS[kind]
    if extra:
        p.add("item", code, "answer", f"khóa không dùng cho cách tính «{ANSWER_KINDS[kind]}»: "
              + ", ".join(sorted(map(str, extra))))
    mx = max_points or Decimal(0)
    if kind == "condition":
        return AnswerRule(kind)
    if kind == "points":
        step = _dec(p, raw["step"], "item", code, "step") if raw.get("step") is not None else None
        if step == 0:
            p.add("item", code, "step", "bước điểm phải lớn hơn 0")
        sug = raw.get("suggest")
        if sug not in (None, "share_percent"):
            p.add("item", code, "suggest", "chỉ nhận «share_percent»")
        return AnswerRule(kind, step=step, suggest=sug)
    if kind == "yes_no":
        yes = _dec(p, raw.get("points_yes", mx), "item", code, "points_yes")
        if yes is not None and yes > mx:
            p.add("item", code, "points_yes", f"điểm cho «Có» ({yes}) lớn hơn điểm tối đa {mx}")
        return AnswerRule(kind, points_yes=yes)
    if kind in ("percent_bands", "count_bands"):
        bands = _bands(p, raw.get("bands"), "points", "item", code, "bands")
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
        pts = _dec(p, ch.get("points"), "item", code, "choices")
        label = ch.get("label", "")
        if not isinstance(label, str) or "\n" in label or ";" in label:
            p.add("item", code, "choices", f"nhãn của lựa chọn «{ch['code']}» phải là chữ trên một dòng, không có dấu «;»")
            label = ""
        if pts is not None and pts > mx:
            p.add("item", code, "choices", f"lựa chọn «{ch['code']}» cho {pts} điểm, lớn hơn điểm tối đa {mx}")
        choices.append(Choice(ch["code"], nfc(label.strip()), pts or Decimal(0)))
    return AnswerRule(kind, choices=tuple(choices))


from desktop.core.indicator_parse import parse_set  # noqa: E402  (the parser uses the classes above)


def load_file(path: Path) -> IndicatorSet:
    """Read a set from a JSON file (numbers exact); located Vietnamese errors on any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if len(raw) > 5 * 1024 * 1024:
            raise ValidationError([(Location(file=path.name), "tệp quá lớn (trên 5 MB), không phải bộ chỉ số")])
        data = jsonin.loads(raw)
    except FileNotFoundError as exc:
        raise ValidationError([(Location(file=str(path)), "không tìm thấy tệp")]) from exc
    except ValueError as exc:
        raise ValidationError([(Location(file=path.name), f"không phải tệp JSON hợp lệ ({exc})")]) from None
    except OSError as exc:
        raise ValidationError([(Location(file=str(path)), f"không đọc được tệp ({exc.strerror})")]) from exc
    return parse_set(data, path.name)


def bundled_sets() -> list[IndicatorSet]:
    folder = resource("indicators")
    return [load_file(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []


def dumps(iset: IndicatorSet) -> str:
    return json.dumps(iset.to_dict(), ensure_ascii=False, indent=2) + "\n"


__all__ = ["AnswerRule", "Choice", "Criterion", "Group", "IndicatorSet", "Item", "LevelName", "Settings",
           "parse_set", "load_file", "bundled_sets", "dumps"]


def preschool_notice() -> str:
    """What a preschool is told: the program ships no QĐ 3276 content, and how to load the set file."""
    from desktop.core.preschool import HOW_TO_LOAD

    return ("Sổ CĐS chưa có sẵn bộ chỉ số chuyển đổi số cho trường mầm non (QĐ 3276/QĐ-BGDĐT): nội dung chính thức "
            "của bộ chỉ số này chưa được công bố ở nơi chúng tôi đọc được, nên chương trình không tự soạn ra. "
            "Bộ chỉ số QĐ 4725 không áp dụng cho trường mầm non. Trường vẫn theo dõi danh mục nhiệm vụ của kế hoạch "
            "và gửi báo cáo định kỳ. " + HOW_TO_LOAD)
