"""Indicator sets as data: the values a set is made of (docs/indicator-set-format.md) and a set's canonical dict
and JSON text. Reading set files (parsing, validation, the bundled sets) is desktop.core.indicator_parse.

The canonical dict is what the store keeps and what the spreadsheet round trip is compared with: every key always
present, numbers exact.

A set is groups → criteria → items. A criterion either is answered itself (it has an `answer`) or through its
items. Everything that decides a level (thresholds, overall rule, the effect of an unmet mandatory condition) is
a setting of the file, so a corrected set never needs new code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.bands import Band, num_out

FORMAT = "socds-indicator-set"
FORMAT_VERSION = 1
SET_STATUSES = {"official": "chính thức", "draft": "dự thảo", "incomplete": "chưa đầy đủ"}
ROW_STATUSES = {
    "verified": "đã đối chiếu văn bản chính thức",
    "partly_verified": "đối chiếu một phần",
    "unverified": "chưa đối chiếu văn bản chính thức",
}
ANSWER_KINDS = {
    "points": "Nhập điểm",
    "yes_no": "Có/Không",
    "percent_bands": "Theo tỉ lệ %",
    "count_bands": "Theo số lượng",
    "choice": "Theo lựa chọn",
    "condition": "Điều kiện bắt buộc",
}
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

    kind: str  # one of ANSWER_KINDS
    points_yes: Decimal | None = None  # yes_no: the fixed points for "yes" ("no" gives 0)
    bands: tuple[Band, ...] = ()  # percent_bands / count_bands: points by the measured value
    choices: tuple[Choice, ...] = ()  # choice
    step: Decimal | None = None  # points: entered points must be a multiple of step (None: any)
    suggest: str | None = None  # points: "share_percent" → the product may suggest max × share

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
    bands: tuple[Band, ...]  # optional criterion level bands, value = level
    items: tuple[Item, ...]
    verified: bool
    guidance: str = ""
    status: str = "unverified"
    source_note: str = ""
    answered_itself: bool = False  # True: the criterion's one item carries the criterion's own code


@dataclass(frozen=True)
class Group:
    """A group of criteria (group 1 or 2 of the Ministry's framework)."""

    code: str
    name: str
    max_points: Decimal
    criteria: tuple[Criterion, ...]
    known_max: Decimal  # sum of the items' maxima; < max_points when the set is incomplete

    @property
    def gap(self) -> Decimal:
        return self.max_points - self.known_max


@dataclass(frozen=True)
class LevelName:
    """A level's number, short label and name."""

    level: int
    label: str  # "Mức 1"
    name: str  # "Chưa đáp ứng"


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
        return [
            f"{num_out(g.gap)} điểm của nhóm {g.code} chưa xác định (bộ chỉ số mới biết {num_out(g.known_max)}"
            f"/{num_out(g.max_points)} điểm)."
            for g in self.groups
            if g.gap > 0
        ]

    def unverified_codes(self) -> list[str]:
        """Answerable items whose row is not verified against the official text."""
        return [i.code for i in self.items() if i.status != "verified"]

    def to_dict(self) -> dict:
        return dict(self.raw)


# ---- the canonical dict: every key always present, numbers exact -----------------------------------------
def _band_list(bands, key: str) -> list[dict]:
    return [b.to_dict(key) for b in bands]


def _rule_dict(r: AnswerRule) -> dict:
    out: dict = {"kind": r.kind}
    if r.kind == "yes_no" and r.points_yes is not None:  # the parser always sets it for yes_no
        out["points_yes"] = num_out(r.points_yes)
    elif r.kind in ("percent_bands", "count_bands"):
        out["bands"] = _band_list(r.bands, "points")
    elif r.kind == "choice":
        out["choices"] = [{"code": c.code, "label": c.label, "points": num_out(c.points)} for c in r.choices]
    elif r.kind == "points":
        if r.step is not None:
            out["step"] = num_out(r.step)
        if r.suggest:
            out["suggest"] = r.suggest
    return out


def _item_dict(i: Item) -> dict:
    d: dict = {"code": i.code, "text": i.text, "guidance": i.guidance}
    if not i.mandatory:
        d["max_points"] = num_out(i.max_points)
    d.update(answer=_rule_dict(i.answer), status=i.status, source_note=i.source_note)
    return d


def _criterion_dict(c: Criterion) -> dict:
    if c.answered_itself:
        d = _item_dict(c.items[0])
    else:
        d = {
            "code": c.code,
            "text": c.text,
            "guidance": c.guidance,
            "max_points": num_out(c.max_points),
            "status": c.status,
            "source_note": c.source_note,
            "items": [_item_dict(i) for i in c.items],
        }
    if c.bands:
        d["bands"] = _band_list(c.bands, "level")
    return d


def canonical(s: IndicatorSet) -> dict:
    st = s.settings
    groups = []
    for g in s.groups:
        gd: dict = {"code": g.code, "name": g.name, "max_points": num_out(g.max_points)}
        if g.gap:
            gd["known_max"] = num_out(g.known_max)
        gd["criteria"] = [_criterion_dict(c) for c in g.criteria]
        groups.append(gd)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "set_id": s.set_id,
        "version": s.version,
        "title": s.title,
        "status": s.status,
        "legal_basis": dict(s.legal_basis),
        "levels": list(s.levels),
        "source_note": s.source_note,
        "settings": {
            "level_names": [{"level": n.level, "label": n.label, "name": n.name} for n in st.level_names],
            "group_level_bands": _band_list(st.group_level_bands, "level"),
            "overall_rule": st.overall_rule,
            "overall_rule_note": st.overall_rule_note,
            "mandatory_unmet_effect": st.mandatory_unmet_effect,
            "mandatory_unmet_cap": st.mandatory_unmet_cap,
            "mandatory_unmet_note": st.mandatory_unmet_note,
        },
        "groups": groups,
    }


def dumps(iset: IndicatorSet) -> str:
    return json.dumps(iset.to_dict(), ensure_ascii=False, indent=2) + "\n"
