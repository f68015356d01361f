"""Plan-pack files: parse_pack (a pack file's dict → PlanPack, checking everything), reading a pack from text or a
file, and the packs shipped with the program.

Parsing collects every problem and raises one ValidationError; `locate` lets the spreadsheet importer turn a
(kind, id, field) into a sheet, row and column.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from desktop.core import jsonin
from desktop.core.deadlines import Deadline, deadline_from
from desktop.core.errors import Location, ValidationError, nfc
from desktop.core.indicator_parse import bundled_sets
from desktop.core.paths import resource
from desktop.core.periods import Period
from desktop.core.plans import (
    FORMAT,
    FORMAT_VERSION,
    INFERABLE,
    PACK_KEYS,
    REPORT_KEYS,
    REPORT_KINDS,
    SCHOOL_LEVELS,
    TARGET_KEYS,
    TASK_KEYS,
    PlanPack,
    ReportRule,
    Target,
    Task,
    canonical,
    row_id_of,
)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_ROW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
_DOC_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
Locate = Callable[[str, str, str], "Location | None"]


class _Problems:
    def __init__(self, origin: str, locate: Locate | None):
        self.origin, self.locate = origin, locate
        self.items: list[tuple[Location, str]] = []

    def add(self, kind: str, rid: str, fieldname: str, msg: str) -> None:
        loc = self.locate(kind, rid, fieldname) if self.locate else None
        if loc is None:
            where = {"pack": "", "target": f"chỉ tiêu {rid}", "task": f"nhiệm vụ {rid}", "report": f"báo cáo {rid}"}[
                kind
            ]
            loc = Location(file=self.origin or None, path=" / ".join(x for x in (where, fieldname) if x) or None)
        self.items.append((loc, msg))


def _s(p: _Problems, d: dict, key: str, kind: str, rid: str, required: bool = True, limit: int = 4000) -> str:
    v = d.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            p.add(kind, rid, key, f"thiếu «{key}»")
        return ""
    if not isinstance(v, str):
        p.add(kind, rid, key, f"«{key}» phải là chữ")
        return ""
    if len(v) > limit:
        p.add(kind, rid, key, f"«{key}» quá dài (tối đa {limit} ký tự)")
    return nfc(v.strip())


def _levels(p: _Problems, d: dict, kind: str, rid: str, allowed: tuple[str, ...], required: bool) -> tuple[str, ...]:
    v = d.get("levels", [])
    if not isinstance(v, list) or any(x not in allowed for x in v) or len(set(v)) != len(v):
        p.add(kind, rid, "levels", f"cấp học phải là danh sách không lặp gồm: {', '.join(allowed)}")
        return ()
    if required and not v:
        p.add(kind, rid, "levels", "thiếu cấp học áp dụng")
    return tuple(v)


def _links(p: _Problems, d: dict, kind: str, rid: str, known: frozenset[str] | None) -> tuple[str, ...]:
    v = d.get("indicator_links", [])
    if not isinstance(v, list) or any(not isinstance(x, str) or not _CODE.match(x) for x in v):
        p.add(kind, rid, "indicator_links", "mã chỉ số liên quan phải là danh sách mã, ví dụ 2.4.3")
        return ()
    for code in v:
        if known is not None and code not in known:
            p.add(kind, rid, "indicator_links", f"mã chỉ số «{code}» không có trong bộ chỉ số của kế hoạch")
    if len(set(v)) != len(v):
        p.add(kind, rid, "indicator_links", "mã chỉ số bị lặp")
    return tuple(v)


def _reasons(
    p: _Problems, d: dict, key: str, kind: str, rid: str, allowed: tuple[str, ...] | None, what: str
) -> tuple[tuple[str, str], ...]:
    """{field or code: why} → sorted pairs; every key must be allowed and every reason a non-empty text."""
    v = d.get(key, {})
    if not isinstance(v, dict):
        p.add(kind, rid, key, f"«{key}» phải là các cặp «{what}: lý do»")
        return ()
    out = []
    for k, why in v.items():
        if allowed is not None and k not in allowed:
            p.add(
                kind, rid, key, f"«{k}» không phải {what}" + (f" (các {what}: {', '.join(allowed)})" if allowed else "")
            )
        elif not isinstance(why, str) or not why.strip():
            p.add(kind, rid, key, f"thiếu lý do cho «{k}»")
        elif len(why) > 1000:
            p.add(kind, rid, key, f"lý do cho «{k}» quá dài (tối đa 1000 ký tự)")
        else:
            out.append((k, nfc(why.strip())))
    return tuple(sorted(out))


def _same_as(p: _Problems, d: dict, kind: str, rid: str) -> tuple[str, ...]:
    v = d.get("same_as", [])
    if not isinstance(v, list) or any(not isinstance(x, str) or not _ROW_ID.match(x) for x in v) or rid in v:
        p.add(kind, rid, "same_as", "«same_as» phải là danh sách mã dòng khác của kế hoạch")
        return ()
    return tuple(v)


def _extras(p: _Problems, d: dict, kind: str, rid: str, links: tuple[str, ...]) -> dict:
    """source_text, inferred, link_reasons, same_as of a target or task."""
    reasons = _reasons(p, d, "link_reasons", kind, rid, links, "mã chỉ số liên quan của dòng")
    return {
        "source_text": _s(p, d, "source_text", kind, rid, required=False, limit=8000),
        "inferred": _reasons(p, d, "inferred", kind, rid, INFERABLE[kind], "trường gợi ý"),
        "link_reasons": reasons,
        "same_as": _same_as(p, d, kind, rid),
    }


def _deadline(p: _Problems, raw: Any, kind: str, rid: str, key: str) -> Deadline:
    try:
        return deadline_from(raw)
    except ValueError as exc:
        p.add(kind, rid, key, f"thời hạn không hợp lệ: {exc}")
        return Deadline("none")


@lru_cache(maxsize=8)
def _known_codes(set_id: str) -> frozenset[str] | None:
    """The criterion and item codes of the first bundled indicator set with this id (None: no such set)."""
    iset = next((s for s in bundled_sets() if s.set_id == set_id), None) if set_id else None
    if iset is None:
        return None
    return frozenset({c.code for g in iset.groups for c in g.criteria} | {i.code for i in iset.items()})


def _unknown(p: _Problems, d: dict, allowed: set, kind: str, rid: str) -> None:
    for k in sorted(set(d) - allowed):
        p.add(kind, rid, k, f"trường «{k}» không thuộc định dạng")


_ROWS = {  # kind: (the pack's key, the row's fields, the row's id field)
    "target": ("targets", TARGET_KEYS, "target_id"),
    "task": ("tasks", TASK_KEYS, "task_id"),
    "report": ("reports", REPORT_KEYS, "report_id"),
}


def _rows(p: _Problems, data: dict, kind: str, seen: set[str]) -> Iterator[tuple[str, dict]]:
    """(row id, row) of each row of one kind, its id and fields checked as it comes (so each row's problems stay
    together); ids are unique across the kinds."""
    key, allowed, idkey = _ROWS[kind]
    rows = data.get(key, [])
    if not isinstance(rows, list):
        p.add("pack", "", key, f"«{key}» phải là danh sách")
        return
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            p.add("pack", "", key, f"dòng thứ {n} của «{key}» phải là một đối tượng")
            continue
        rid = row.get(idkey)
        if not isinstance(rid, str) or not _ROW_ID.match(rid):
            p.add(kind, str(rid or n), idkey, "mã dòng chỉ gồm chữ không dấu, số, «.», «-», «_» (tối đa 32)")
            rid = str(rid or n)
        elif rid in seen:
            p.add(kind, rid, idkey, f"mã «{rid}» bị lặp trong kế hoạch")
        seen.add(rid)
        _unknown(p, row, allowed, kind, rid)
        yield rid, row


def parse_pack(data: Any, origin: str = "", locate: Locate | None = None) -> PlanPack:
    p = _Problems(origin, locate)
    if not isinstance(data, dict):
        raise ValidationError(
            [(Location(file=origin or None), "tệp kế hoạch phải là một đối tượng JSON")], title="Tệp kế hoạch có lỗi"
        )
    if data.get("format") != FORMAT:
        p.add("pack", "", "format", f"«format» phải là «{FORMAT}»")
    if data.get("format_version") != FORMAT_VERSION:
        p.add("pack", "", "format_version", f"«format_version» phải là {FORMAT_VERSION}")
    _unknown(p, data, PACK_KEYS, "pack", "")
    pack_id = _s(p, data, "pack_id", "pack", "")
    if pack_id and not _ID.match(pack_id):
        p.add("pack", "", "pack_id", "mã kế hoạch chỉ gồm chữ thường không dấu, số, «.», «-», «_» (tối đa 64)")
    version = _s(p, data, "version", "pack", "")
    if version and not _VERSION.match(version):
        p.add("pack", "", "version", "phiên bản chỉ gồm chữ không dấu, số, «.», «-», «_»")
    doc_date = _s(p, data, "doc_date", "pack", "", required=False)
    if doc_date and not _valid_doc_date(doc_date):
        p.add(
            "pack",
            "",
            "doc_date",
            "ngày văn bản phải có dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY khi bản gốc để trống ngày)",
        )
    year = _s(p, data, "year", "pack", "")
    if year and not re.fullmatch(r"\d{4}(-\d{4})?", year):
        p.add("pack", "", "year", "năm áp dụng phải có dạng 2026 hoặc năm học 2025-2026")
    levels = _levels(p, data, "pack", "", SCHOOL_LEVELS, True)
    iset = _s(p, data, "indicator_set", "pack", "", required=False)
    known = _known_codes(iset)
    if iset and known is None:
        p.add("pack", "", "indicator_set", f"bộ chỉ số «{iset}» không có sẵn trong chương trình")
    seen: set[str] = set()
    lv = levels or SCHOOL_LEVELS  # no cascade from a bad pack level
    targets = [_target(p, d, rid, lv, known) for rid, d in _rows(p, data, "target", seen)]
    tasks = [_task(p, d, rid, lv, known) for rid, d in _rows(p, data, "task", seen)]
    reports = [_report(p, d, rid, lv, known) for rid, d in _rows(p, data, "report", seen)]
    if not tasks and not targets:
        p.add("pack", "", "tasks", "kế hoạch không có chỉ tiêu hay nhiệm vụ nào")
    rows: list[Target | Task] = [*targets, *tasks]
    row_ids = {row_id_of(r) for r in rows}
    for r in rows:
        for other in r.same_as:
            if other not in row_ids:
                p.add(
                    "target" if isinstance(r, Target) else "task",
                    row_id_of(r),
                    "same_as",
                    f"«same_as»: không có chỉ tiêu hay nhiệm vụ «{other}» trong kế hoạch",
                )
    meta = {
        k: _s(p, data, k, "pack", "", required=k not in ("based_on", "source_note"))
        for k in ("issuer", "doc_number", "title", "receiver", "based_on", "source_note")
    }
    if p.items:
        raise ValidationError(p.items, title="Tệp kế hoạch có lỗi")
    pack = PlanPack(
        pack_id,
        version,
        meta["issuer"],
        meta["doc_number"],
        doc_date,
        meta["title"],
        year,
        levels,
        meta["receiver"],
        meta["based_on"],
        iset,
        meta["source_note"],
        tuple(targets),
        tuple(tasks),
        tuple(reports),
        {},
    )
    object.__setattr__(pack, "raw", canonical(pack))
    return pack


def _valid_doc_date(s: str) -> bool:
    if not _DOC_DATE.match(s):
        return False
    parts = [int(x) for x in s.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _value(p: _Problems, raw: Any, rid: str) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        v = Decimal(str(raw)) if not isinstance(raw, bool) else None
    except InvalidOperation:
        v = None
    if v is None or not v.is_finite() or v < 0:
        p.add("target", rid, "value", f"giá trị chỉ tiêu «{raw}» phải là một số không âm")
        return None
    return v


def _target(p, d, rid, levels, known) -> Target:
    links = _links(p, d, "target", rid, known)
    return Target(
        rid,
        _s(p, d, "source_section", "target", rid),
        _s(p, d, "text", "target", rid),
        _value(p, d.get("value"), rid),
        _s(p, d, "unit", "target", rid, required=False, limit=40),
        _deadline(p, d.get("deadline"), "target", rid, "deadline"),
        links,
        _levels(p, d, "target", rid, levels, False),
        _s(p, d, "note", "target", rid, required=False),
        **_extras(p, d, "target", rid, links),
    )


def _task(p, d, rid, levels, known) -> Task:
    links = _links(p, d, "task", rid, known)
    return Task(
        rid,
        _s(p, d, "source_section", "task", rid),
        _s(p, d, "section", "task", rid),
        _s(p, d, "text", "task", rid),
        _s(p, d, "product", "task", rid, required=False),
        _deadline(p, d.get("deadline"), "task", rid, "deadline"),
        links,
        _levels(p, d, "task", rid, levels, False),
        _s(p, d, "note", "task", rid, required=False),
        **_extras(p, d, "task", rid, links),
    )


def _report(p, d, rid, levels, known) -> ReportRule:
    sched = _deadline(p, d.get("schedule"), "report", rid, "schedule")
    if sched.kind in ("month", "ongoing", "ministry_plan", "none"):
        p.add(
            "report",
            rid,
            "schedule",
            "lịch báo cáo phải là: hằng tháng, hằng quý, hằng năm, một ngày cụ thể, "
            "khi có yêu cầu, khi phát sinh hoặc mô tả khác",
        )
    default_kind = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}.get(sched.kind, "other")
    kind = d.get("report_kind") or default_kind
    if kind not in REPORT_KINDS:
        p.add("report", rid, "report_kind", f"loại báo cáo phải là một trong: {', '.join(REPORT_KINDS)}")
    elif default_kind != "other" and kind != default_kind:
        p.add("report", rid, "report_kind", f"lịch «{sched.label}» đi với loại báo cáo «{default_kind}»")
    period = _s(p, d, "period", "report", rid, required=False, limit=16)
    if period:
        try:
            Period.parse(period)
        except ValueError:
            p.add("report", rid, "period", "kỳ báo cáo phải có dạng 2026, 2026-03, 2026-Q1 hoặc 2025-2026")
    return ReportRule(
        rid,
        _s(p, d, "source_section", "report", rid),
        _s(p, d, "text", "report", rid),
        sched,
        kind,
        period,
        _s(p, d, "to", "report", rid, required=False),
        _levels(p, d, "report", rid, levels, False),
        _s(p, d, "note", "report", rid, required=False),
        _s(p, d, "source_text", "report", rid, required=False, limit=8000),
        _reasons(p, d, "inferred", "report", rid, INFERABLE["report"], "trường gợi ý"),
    )


def loads(text: str, origin: str = "") -> PlanPack:
    try:
        data = jsonin.loads(text)
    except ValueError as exc:
        raise ValidationError(
            [(Location(file=origin or None), f"không phải tệp JSON hợp lệ ({exc})")], title="Tệp kế hoạch có lỗi"
        ) from None
    return parse_pack(data, origin)


def load_file(path: Path | str) -> PlanPack:
    path = Path(path)
    try:
        raw = path.read_bytes()
        if len(raw) > 5 * 1024 * 1024:
            raise ValidationError([(Location(file=path.name), "tệp quá lớn (trên 5 MB), không phải tệp kế hoạch")])
        text = raw.decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ValidationError([(Location(file=str(path)), "không tìm thấy tệp")]) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError([(Location(file=path.name), "tệp không phải chữ UTF-8")]) from exc
    except OSError as exc:
        raise ValidationError([(Location(file=str(path)), f"không đọc được tệp ({exc.strerror})")]) from exc
    return loads(text, path.name)


def bundled_packs() -> list[PlanPack]:
    return list(_bundled())


@lru_cache(maxsize=1)
def _bundled() -> tuple[PlanPack, ...]:
    """The packs shipped with the program (read once: they cannot change while it runs)."""
    folder = resource("plans")
    return tuple(load_file(p) for p in sorted(folder.glob("*.json"))) if folder.is_dir() else ()
