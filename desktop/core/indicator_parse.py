"""Indicator-set files: parse_set (a set file's dict → IndicatorSet, checking everything), reading a set file and
the bundled sets. The canonical dict of a set and its JSON text are desktop.core.indicators'.

Parsing collects every problem and raises one ValidationError; a located problem names the set/group/criterion/
item and field, and an importer (the spreadsheet form) can pass `locate` to turn that into a sheet, row and
column.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core import jsonin
from desktop.core.bands import Band, check_partition, num_out
from desktop.core.errors import Location, ValidationError, nfc
from desktop.core.indicator_fields import (
    Locate,
    Problems,
    answer_rule,
    bands_field,
    decimal_field,
    one_of,
    status_field,
    text_field,
)
from desktop.core.indicators import (
    _CODE,
    _ID,
    _VERSION,
    FORMAT,
    FORMAT_VERSION,
    MANDATORY_EFFECTS,
    OVERALL_RULES,
    SCHOOL_LEVELS,
    SET_STATUSES,
    Criterion,
    Group,
    IndicatorSet,
    Item,
    LevelName,
    Settings,
    canonical,
)
from desktop.core.paths import resource

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_ITEM_KEYS = {"code", "text", "guidance", "max_points", "answer", "status", "source_note"}
_CRIT_KEYS = _ITEM_KEYS | {"bands", "items"}
_GROUP_KEYS = {"code", "name", "max_points", "known_max", "criteria"}
_TOP_KEYS = {
    "format",
    "format_version",
    "set_id",
    "version",
    "title",
    "status",
    "legal_basis",
    "levels",
    "source_note",
    "settings",
    "groups",
}


def _unknown(p: Problems, d: dict, allowed: set, kind: str, code: str) -> None:
    extra = [str(k) for k in d if k not in allowed]
    if extra:
        p.add(kind, code, "", "có khóa không thuộc định dạng: " + ", ".join(sorted(extra)[:5]))


def _item(p: Problems, d: dict, code: str, crit: str, group: str, seen: set) -> Item | None:
    _check_code(p, "item", code, seen)
    if code != crit:
        _unknown(p, d, _ITEM_KEYS, "item", code)
    answer = d.get("answer")
    is_cond = isinstance(answer, dict) and answer.get("kind") == "condition"
    mx = None
    if is_cond:
        if d.get("max_points") not in (None, 0, ""):
            p.add("item", code, "max_points", "điều kiện bắt buộc không có điểm: để trống điểm tối đa")
        mx = Decimal(0)
    elif d.get("max_points") is None:
        p.add("item", code, "max_points", "thiếu điểm tối đa")
    else:
        mx = decimal_field(p, d["max_points"], "item", code, "max_points")
        if mx == 0:
            p.add("item", code, "max_points", "điểm tối đa phải lớn hơn 0 (mục không có điểm là điều kiện bắt buộc)")
    rule = answer_rule(p, answer, mx, code)
    status = status_field(p, d, "item", code)
    text = text_field(p, d, "text", "item", code)
    if rule is None or mx is None:
        return None
    return Item(
        code,
        text,
        text_field(p, d, "guidance", "item", code, False),
        rule.kind == "condition",
        mx,
        rule,
        status == "verified",
        text_field(p, d, "source_note", "item", code, False),
        crit,
        group,
        status,
    )


def _check_code(p: Problems, kind: str, code: Any, seen: set) -> None:
    if not isinstance(code, str) or not _CODE.match(code):
        p.add(kind, str(code), "code", "mã không hợp lệ (chữ, số, dấu chấm; tối đa 32 ký tự)")
    elif code in seen:
        p.add(kind, code, "code", f"mã «{code}» bị trùng")
    seen.add(code)


def _code(d: dict) -> str:
    """A row's code as text (a number in a hostile file is reported by its text)."""
    v = d.get("code")
    return v if isinstance(v, str) else str(v)


def _criterion(p: Problems, d: Any, group: str, seen: set, levels: set[int]) -> Criterion | None:
    if not isinstance(d, dict):
        p.add("group", group, "criteria", "mỗi tiêu chí phải là một đối tượng")
        return None
    code = d.get("code")
    code = code if isinstance(code, str) else str(code)
    status = status_field(p, d, "criterion", code)
    _unknown(p, d, _CRIT_KEYS, "criterion", code)
    has_items, has_answer = "items" in d, "answer" in d
    if has_items == has_answer:
        p.add(
            "criterion",
            code,
            "items",
            "tiêu chí cần hoặc danh sách mục (items), hoặc cách tính điểm (answer), không cả hai",
        )
        _check_code(p, "criterion", code, seen)
        return None
    if has_answer:
        it = _item(p, d, code, code, group, seen)
        items: tuple[Item, ...] = (it,) if it else ()
        mx = it.max_points if it else Decimal(0)
        text = it.text if it else ""
    else:
        _check_code(p, "criterion", code, seen)
        text = text_field(p, d, "text", "criterion", code, required=False)
        raw_items = d["items"]
        if not isinstance(raw_items, list) or not raw_items:
            p.add("criterion", code, "items", "danh sách mục không được rỗng")
            raw_items = []
        found: list[Item] = []
        for ri in raw_items:
            if not isinstance(ri, dict):
                p.add("criterion", code, "items", "mỗi mục phải là một đối tượng")
                continue
            it = _item(p, ri, _code(ri), code, group, seen)
            if it:
                found.append(it)
        items = tuple(found)
        mx = sum((i.max_points for i in items), Decimal(0))
        if d.get("max_points") is not None:
            declared = decimal_field(p, d["max_points"], "criterion", code, "max_points")
            if declared is not None and declared != mx and len(items) == len(raw_items):
                p.add("criterion", code, "max_points", f"điểm tối đa {declared} khác tổng điểm các mục ({num_out(mx)})")
    bands: tuple[Band, ...] = ()
    if d.get("bands") is not None:
        bands = bands_field(p, d["bands"], "level", "criterion", code, "bands")
        problem = check_partition(list(bands), Decimal(0), mx) if bands else None
        if problem:
            p.add("criterion", code, "bands", problem)
        for b in bands:
            if b.value not in levels:
                p.add("criterion", code, "bands", f"mức {b.value} không có trong danh sách mức của bộ chỉ số")
    mandatory = bool(items) and all(i.mandatory for i in items)
    return Criterion(
        code,
        text,
        mandatory,
        mx,
        bands,
        items,
        status == "verified",
        text_field(p, d, "guidance", "criterion", code, False),
        status,
        text_field(p, d, "source_note", "criterion", code, False),
        has_answer,
    )


def _settings(p: Problems, d: Any, top: Decimal) -> Settings | None:
    if not isinstance(d, dict):
        p.add("settings", "", "", "thiếu phần thiết lập (settings)")
        return None
    _unknown(
        p,
        d,
        {
            "level_names",
            "group_level_bands",
            "overall_rule",
            "overall_rule_note",
            "mandatory_unmet_effect",
            "mandatory_unmet_cap",
            "mandatory_unmet_note",
        },
        "settings",
        "",
    )
    names = []
    raw_names = d.get("level_names")
    if not isinstance(raw_names, list) or not raw_names:
        p.add("settings", "", "level_names", "cần danh sách mức (ví dụ Mức 1, Mức 2, Mức 3)")
        raw_names = []
    for ln in raw_names:
        if (
            not isinstance(ln, dict)
            or type(ln.get("level")) is not int
            or not isinstance(ln.get("label"), str)
            or not isinstance(ln.get("name", ""), str)
        ):
            p.add("settings", "", "level_names", "mỗi mức cần số thứ tự (level), nhãn (label) và tên (name)")
            continue
        if ":" in ln["label"] or any(ch in ln["label"] + ln.get("name", "") for ch in ";\n"):
            p.add("settings", "", "level_names", "nhãn và tên mức không chứa «;» hay xuống dòng (nhãn không chứa «:»)")
        names.append(LevelName(ln["level"], nfc(ln["label"].strip()), nfc(ln.get("name", "").strip())))
    if [n.level for n in names] != sorted({n.level for n in names}):
        p.add("settings", "", "level_names", "các mức phải xếp tăng dần và không trùng")
    known = {n.level for n in names}
    bands = bands_field(p, d.get("group_level_bands"), "level", "settings", "", "group_level_bands")
    problem = check_partition(list(bands), Decimal(0), top) if bands else None
    if problem:
        p.add("settings", "", "group_level_bands", problem)
    for b in bands:
        if b.value not in known:
            p.add("settings", "", "group_level_bands", f"mức {b.value} không có trong danh sách mức")
    rule, effect, cap = d.get("overall_rule"), d.get("mandatory_unmet_effect"), d.get("mandatory_unmet_cap")
    if not one_of(rule, OVERALL_RULES):
        p.add("settings", "", "overall_rule", "phải là: " + ", ".join(OVERALL_RULES))
        rule = ""
    if not one_of(effect, MANDATORY_EFFECTS):
        p.add("settings", "", "mandatory_unmet_effect", "phải là: " + ", ".join(MANDATORY_EFFECTS))
        effect = ""
    if effect == "cap_group_level" and (type(cap) is not int or cap not in known):
        p.add("settings", "", "mandatory_unmet_cap", "phải là một mức có trong danh sách mức")
    if effect != "cap_group_level":
        cap = None
    return Settings(
        tuple(names),
        bands,
        rule,
        text_field(p, d, "overall_rule_note", "settings", "", False),
        effect,
        cap if type(cap) is int else None,
        text_field(p, d, "mandatory_unmet_note", "settings", "", False),
    )


def parse_set(data: Any, origin: str = "", locate: Locate | None = None) -> IndicatorSet:
    """Validate a set file's content; raise ValidationError listing every problem."""
    p = Problems(origin, locate)
    if not isinstance(data, dict):
        p.add("set", "", "", "nội dung phải là một đối tượng JSON")
        raise ValidationError(p.items, title="Bộ chỉ số không hợp lệ")
    # type first: a signalling-NaN Decimal (xlsx import, callers' own values) raises when compared with a number
    version = data.get("format_version")
    if data.get("format") != FORMAT or type(version) is not int or version != FORMAT_VERSION:
        p.add("set", "", "format", f"không phải tệp bộ chỉ số (cần format «{FORMAT}», format_version {FORMAT_VERSION})")
    _unknown(p, data, _TOP_KEYS, "set", "")
    set_id, version = data.get("set_id"), data.get("version")
    if not isinstance(set_id, str) or not _ID.match(set_id):
        p.add("set", "", "set_id", "mã bộ chỉ số không hợp lệ (chữ thường, số, . _ -)")
        set_id = ""
    if not isinstance(version, str) or not _VERSION.match(version):
        p.add("set", "", "version", "phiên bản không hợp lệ (ví dụ «2022.1»)")
        version = ""
    title = text_field(p, data, "title", "set", "")
    status = data.get("status")
    if not one_of(status, SET_STATUSES):
        p.add("set", "", "status", "trạng thái phải là: " + ", ".join(SET_STATUSES))
        status = ""
    lb = data.get("legal_basis")
    legal = {}
    if not isinstance(lb, dict):
        p.add("set", "", "legal_basis", "thiếu căn cứ pháp lý (số, ngày, cơ quan ban hành)")
    else:
        _unknown(p, lb, {"number", "date", "issuer", "title"}, "set", "legal_basis")
        legal = {k: text_field(p, lb, k, "set", "", k != "title") for k in ("number", "date", "issuer", "title")}
        try:
            if not _DATE.match(legal["date"]):
                raise ValueError
            date.fromisoformat(legal["date"])
        except ValueError:
            p.add("set", "", "date", "ngày ban hành phải theo dạng yyyy-mm-dd (ví dụ 2022-12-30)")
    levels = data.get("levels")
    if (
        not isinstance(levels, list)
        or not levels
        or not all(one_of(lv, SCHOOL_LEVELS) for lv in levels)
        or len(set(levels)) != len(levels)
    ):
        p.add("set", "", "levels", "cấp học áp dụng phải là danh sách không trùng trong: " + ", ".join(SCHOOL_LEVELS))
        levels = []
    raw_groups = data.get("groups")
    if not isinstance(raw_groups, list) or not raw_groups:
        p.add("set", "", "groups", "cần ít nhất một nhóm tiêu chí")
        raw_groups = []
    gmax = [g.get("max_points") for g in raw_groups if isinstance(g, dict)]
    try:
        top = max((Decimal(str(m)) for m in gmax if isinstance(m, (int, Decimal))), default=Decimal(100))
    except ArithmeticError:
        top = Decimal(100)
    settings = _settings(p, data.get("settings"), top)
    level_set = {n.level for n in settings.level_names} if settings else set()
    groups: list[Group] = []
    seen: set[str] = set()
    gseen: set[str] = set()
    for g in raw_groups:
        if not isinstance(g, dict):
            p.add("set", "", "groups", "mỗi nhóm phải là một đối tượng")
            continue
        gc = _code(g)
        before = len(p.items)
        _check_code(p, "group", gc, gseen)
        _unknown(p, g, _GROUP_KEYS, "group", gc)
        name = text_field(p, g, "name", "group", gc)
        mx = decimal_field(p, g.get("max_points"), "group", gc, "max_points")
        raw_criteria = g.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            p.add("group", gc, "criteria", "nhóm cần ít nhất một tiêu chí")
            raw_criteria = []
        criteria = tuple(c for c in (_criterion(p, rc, gc, seen, level_set) for rc in raw_criteria) if c)
        known = sum((c.max_points for c in criteria), Decimal(0))
        declared = g.get("known_max")
        if mx is not None and len(p.items) == before:  # sums only when the rows themselves are sound
            if declared is not None:
                dk = decimal_field(p, declared, "group", gc, "known_max")
                if dk is not None and dk != known:
                    p.add(
                        "group",
                        gc,
                        "known_max",
                        f"số điểm đã xác định ghi {dk} nhưng tổng điểm các mục là {num_out(known)}",
                    )
                if dk is not None and dk >= mx:
                    p.add("group", gc, "known_max", "chỉ ghi «điểm đã xác định» khi nhóm chưa đủ điểm tối đa")
                if status != "incomplete":
                    p.add(
                        "group",
                        gc,
                        "known_max",
                        "nhóm chưa đủ điểm chỉ được chấp nhận khi bộ chỉ số có trạng thái «incomplete»",
                    )
            elif known != mx:
                p.add(
                    "group",
                    gc,
                    "max_points",
                    f"tổng điểm các mục là {num_out(known)}, khác điểm tối đa {num_out(mx)} của nhóm; "
                    "nếu bộ chỉ số chưa đầy đủ, hãy ghi «điểm đã xác định» và trạng thái «incomplete»",
                )
        groups.append(Group(gc, name, mx or Decimal(0), criteria, known))
    if status == "incomplete" and groups and all(gr.gap == 0 for gr in groups) and not p.items:
        p.add(
            "set",
            "",
            "status",
            "bộ chỉ số ghi «incomplete» nhưng mọi nhóm đều đủ điểm; hãy ghi «official» hoặc «draft»",
        )
    if p.items or settings is None:  # no settings is one of the problems
        raise ValidationError(p.items, title="Bộ chỉ số không hợp lệ")
    iset = IndicatorSet(
        set_id,
        version,
        title,
        status,
        legal,
        tuple(levels),
        tuple(groups),
        settings,
        text_field(p, data, "source_note", "set", "", False),
    )
    return dataclasses.replace(iset, raw=canonical(iset))


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
