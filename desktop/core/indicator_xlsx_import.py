"""Reading an indicator set's workbook (the layout and writing are desktop.core.indicator_xlsx).

import_xlsx reads a workbook written by export_xlsx (or filled from the template) back into the same IndicatorSet.
Every problem is reported with its sheet, row and column, and an import with errors returns nothing (callers
install only what import_xlsx returned).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.bands import BandError, bands_from_text
from desktop.core.errors import Location
from desktop.core.indicator_parse import parse_set
from desktop.core.indicator_xlsx import (
    EFFECT,
    GROUP_COLS,
    INFO_COLS,
    INFO_FIELDS,
    KINDS,
    OVERALL,
    ROW_COLS,
    ROW_STATUS,
    S_GROUPS,
    S_INFO,
    S_ROWS,
    SET_STATUS,
    TYPES,
)
from desktop.core.indicators import FORMAT, FORMAT_VERSION, IndicatorSet
from desktop.core.sheets import Problems, Table, info_rows, open_workbook, read_table

_ITEM_FIELD_COL = {
    "code": "code",
    "text": "text",
    "guidance": "guidance",
    "max_points": "max_points",
    "answer": "kind",
    "step": "scale",
    "suggest": "scale",
    "points_yes": "scale",
    "bands": "scale",
    "choices": "scale",
    "status": "status",
    "source_note": "source_note",
    "": "code",
    "items": "type",
}


def _fold(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().casefold()


def _pick(value: Any, mapping: dict[str, str]) -> str | None:
    """A code from its Vietnamese display text or the code itself (case and spacing ignored)."""
    f = _fold(value)
    for code, shown in mapping.items():
        if f in (_fold(shown), code):
            return code
    return None


def _entries(text: str) -> list[str]:
    return [e.strip() for e in re.split(r"\n" if "\n" in text else ";", text) if e.strip()]


def _num(v: Any) -> Any:
    if isinstance(v, str) and re.fullmatch(r"\d+,\d+", v):
        return v.replace(",", ".")  # "6,5" typed as text in a Vietnamese-locale sheet
    return v


def _str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal) and v.is_finite():
        return format(v.normalize(), "f")  # a code or version that Excel stored as a number (1.3, 2022.1)
    return str(v)


def import_xlsx(path: Path | str) -> IndicatorSet:
    path = Path(path)
    name = path.name
    wb = open_workbook(path, name)
    try:
        pr = Problems(name)
        info = read_table(wb, S_INFO, INFO_COLS, {"label", "value"}, pr)
        groups = read_table(wb, S_GROUPS, GROUP_COLS, {"code", "name", "max_points"}, pr)
        rows = read_table(wb, S_ROWS, ROW_COLS, {"group", "type", "code", "text", "max_points", "kind"}, pr)
    finally:
        wb.close()
    pr.raise_if_any("Tệp bộ chỉ số có lỗi, chưa nạp gì")
    locs: dict[tuple[str, str, str], Location] = {}
    data = _info(info, pr, locs)
    data["groups"] = _groups(groups, pr, locs)
    _rows(rows, data["groups"], pr, locs)
    pr.raise_if_any("Tệp bộ chỉ số có lỗi, chưa nạp gì")

    def locate(kind: str, code: str, fieldname: str) -> Location | None:
        if kind in ("set", "settings"):
            key = {"title": "title", "legal_basis": "number", "format": "set_id", "": "set_id"}.get(
                fieldname, fieldname
            )
            return locs.get(("info", "", "groups" if key == "groups" else key)) or locs.get(("info", "", "set_id"))
        if kind == "group":
            return locs.get(("group", code, fieldname)) or locs.get(("group", code, "code"))
        col = (
            _ITEM_FIELD_COL.get(fieldname, "code")
            if kind == "item"
            else {"bands": "bands", "items": "type", "": "code"}.get(fieldname, fieldname)
        )
        return locs.get((kind, code, col)) or locs.get((kind, code, "code"))

    return parse_set(data, name, locate)


def _remember(locs, pr: Problems, table: Table, number: int, kind: str, code: str) -> None:
    for key in table.headers:
        locs[(kind, code, key)] = pr.where(table, number, key)


def _info(t: Table, pr: Problems, locs) -> dict:
    got: dict[str, Any] = {}
    for key, value, where in info_rows(t, INFO_FIELDS, pr):
        got[key] = value
        locs[("info", "", key)] = where
    settings: dict[str, Any] = {}
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, "settings": settings}

    def bad(key: str, msg: str) -> None:
        loc = locs.get(("info", "", key))
        pr.items.append(
            (loc or pr.at(t.sheet, None, None), f"«{dict((k, label) for label, k in INFO_FIELDS)[key]}»: {msg}")
        )

    for key in ("set_id", "version", "title", "source_note"):
        data[key] = _str(got.get(key))
    status = got.get("status")
    data["status"] = _pick(status, SET_STATUS) if status is not None else None
    if data["status"] is None:
        bad("status", "phải là một trong: " + ", ".join(SET_STATUS.values()))
    d = got.get("date")
    iso: str | None
    if isinstance(d, date):
        iso = d.isoformat()
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", _str(d))
        try:
            iso = date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat() if m else None
        except ValueError:
            iso = None
        if iso is None:
            bad("date", "cần ngày dạng dd/mm/yyyy, ví dụ 30/12/2022")
    data["legal_basis"] = {
        "number": _str(got.get("number")),
        "date": iso or "",
        "issuer": _str(got.get("issuer")),
        "title": _str(got.get("lb_title")),
    }
    data["levels"] = [x for x in re.split(r"[,;\s]+", _str(got.get("levels")).upper()) if x]
    names = []
    for e in _entries(_str(got.get("level_names"))):
        parts = [p.strip() for p in e.split(":", 2)]
        if len(parts) < 2 or not parts[0].isdigit():
            bad("level_names", f"mục «{e[:40]}» cần dạng «1: Mức 1: Chưa đáp ứng»")
            continue
        names.append({"level": int(parts[0]), "label": parts[1], "name": parts[2] if len(parts) > 2 else ""})
    settings["level_names"] = names
    try:
        settings["group_level_bands"] = [
            b.to_dict("level") for b in bands_from_text(_str(got.get("group_level_bands")))
        ]
    except BandError as exc:
        bad("group_level_bands", str(exc))
    for key, mapping in (("overall_rule", OVERALL), ("mandatory_unmet_effect", EFFECT)):
        settings[key] = _pick(got.get(key) or "", mapping)
        if settings[key] is None:
            bad(key, "phải là một trong: " + ", ".join(mapping.values()))
    cap = got.get("mandatory_unmet_cap")
    if cap is not None and type(cap) is not int:
        bad("mandatory_unmet_cap", "phải là một số nguyên (ví dụ 1)")
    settings["mandatory_unmet_cap"] = cap if type(cap) is int else None
    settings["overall_rule_note"] = _str(got.get("overall_rule_note"))
    settings["mandatory_unmet_note"] = _str(got.get("mandatory_unmet_note"))
    return data


def _groups(t: Table, pr: Problems, locs) -> list[dict]:
    out = []
    for r in t.rows:
        code = _str(r.values["code"])
        _remember(locs, pr, t, r.number, "group", code)
        g = {
            "code": code,
            "name": _str(r.values.get("name")),
            "max_points": _num(r.values.get("max_points")),
            "criteria": [],
        }
        if r.values.get("known_max") is not None:
            g["known_max"] = _num(r.values["known_max"])
        out.append(g)
    return out


def _rows(t: Table, groups: list[dict], pr: Problems, locs) -> None:
    by_code = {g["code"]: g for g in groups}
    crit = None
    for r in t.rows:
        v = r.values
        code, gcode = _str(v["code"]), _str(v.get("group"))
        typ = _pick(v.get("type") or "", TYPES)
        group = by_code.get(gcode)
        if typ is None:
            pr.cell(t, r.number, "type", "loại dòng phải là «Tiêu chí» hoặc «Mục»")
            continue
        if group is None:
            pr.cell(t, r.number, "group", f"nhóm «{gcode}» không có trong trang «{S_GROUPS}»")
            continue
        _remember(locs, pr, t, r.number, typ, code)
        row: dict[str, Any] = {"code": code, "text": _str(v.get("text")), "guidance": _str(v.get("guidance"))}
        if v.get("max_points") is not None:
            row["max_points"] = _num(v["max_points"])
        status = _pick(v.get("status") or "Chưa đối chiếu", ROW_STATUS)
        if status is None:
            pr.cell(t, r.number, "status", "phải là một trong: " + ", ".join(ROW_STATUS.values()))
        row.update(status=status or "unverified", source_note=_str(v.get("source_note")))
        if typ == "criterion":
            if v.get("kind") is not None:
                _remember(locs, pr, t, r.number, "item", code)
                row["answer"] = _answer(t, r, pr)
            else:
                row["items"] = []
                if v.get("scale") is not None:
                    pr.cell(t, r.number, "scale", "tiêu chí có các mục thì để trống ô này (điền ở từng mục)")
            if v.get("bands") is not None:
                try:
                    row["bands"] = [b.to_dict("level") for b in bands_from_text(_str(v["bands"]))]
                except BandError as exc:
                    pr.cell(t, r.number, "bands", str(exc))
            group["criteria"].append(row)
            crit = (gcode, row)
            continue
        if v.get("bands") is not None:
            pr.cell(t, r.number, "bands", "chỉ ghi mức ở dòng tiêu chí")
        if crit is None or crit[0] != gcode or "items" not in crit[1]:
            pr.cell(
                t,
                r.number,
                "type",
                "dòng «Mục» phải nằm dưới một dòng «Tiêu chí» cùng nhóm (tiêu chí không có cách tính điểm riêng)",
            )
            continue
        if v.get("kind") is None:
            pr.cell(t, r.number, "kind", "thiếu cách tính điểm")
            continue
        row["answer"] = _answer(t, r, pr)
        crit[1]["items"].append(row)


def _answer(t: Table, r, pr: Problems) -> dict:
    kind = _pick(r.values.get("kind"), KINDS)
    scale = _str(r.values.get("scale"))
    if kind is None:
        pr.cell(t, r.number, "kind", "phải là một trong: " + ", ".join(KINDS.values()))
        return {"kind": "points"}
    out: dict[str, Any] = {"kind": kind}
    try:
        if kind == "points":
            for tok in _entries(scale):
                k, _, val = tok.partition("=")
                if _fold(k) == "bước":
                    out["step"] = _num(val.strip())
                elif _fold(k) == "gợi ý" and _fold(val) == "tỉ lệ":
                    out["suggest"] = "share_percent"
                else:
                    raise BandError(f"«{tok[:30]}» không hợp lệ; dùng «bước=0.5» hoặc «gợi ý=tỉ lệ»")
        elif kind == "yes_no" and scale:
            out["points_yes"] = _num(scale)
        elif kind in ("percent_bands", "count_bands"):
            out["bands"] = [b.to_dict("points") for b in bands_from_text(scale)]
        elif kind == "choice":
            out["choices"] = []
            for e in _entries(scale):
                parts = [p.strip() for p in e.split(":", 2)]
                if len(parts) < 2:
                    raise BandError(f"lựa chọn «{e[:30]}» cần dạng «MÃ: ĐIỂM: nhãn»")
                out["choices"].append(
                    {"code": parts[0], "points": _num(parts[1]), "label": parts[2] if len(parts) > 2 else ""}
                )
        elif scale:
            raise BandError("điều kiện bắt buộc không có thang điểm: để trống ô này")
    except BandError as exc:
        pr.cell(t, r.number, "scale", str(exc))
    return out
