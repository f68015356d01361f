"""Plan packs as data: a yearly CĐS plan's targets, tasks and reporting schedule (docs/plan-pack-format.md), and
the pack's canonical JSON form. Reading pack files (parsing, validation, the bundled packs) is
desktop.core.plan_parse.

A pack is one source document (a Sở plan, a commune letter) turned into rows a school can act on. Every row
carries the section of the document it comes from, so a reader can check the pack against the paper.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from desktop.core.deadlines import Deadline
from desktop.core.errors import nfc
from desktop.core.periods import Period

FORMAT = "socds-plan-pack"
FORMAT_VERSION = 1
SCHOOL_LEVELS = ("MN", "TH", "THCS", "THPT", "GDTX")
REPORT_KINDS = ("month", "quarter", "year", "other")
# the fields of each part of a pack file
PACK_KEYS = {
    "format",
    "format_version",
    "pack_id",
    "version",
    "issuer",
    "doc_number",
    "doc_date",
    "title",
    "year",
    "levels",
    "receiver",
    "based_on",
    "indicator_set",
    "source_note",
    "targets",
    "tasks",
    "reports",
}
ROW_EXTRA_KEYS = {"source_text", "inferred", "link_reasons", "same_as"}
TARGET_KEYS = {
    "target_id",
    "source_section",
    "text",
    "value",
    "unit",
    "deadline",
    "indicator_links",
    "levels",
    "note",
    *ROW_EXTRA_KEYS,
}
TASK_KEYS = {
    "task_id",
    "source_section",
    "section",
    "text",
    "product",
    "deadline",
    "indicator_links",
    "levels",
    "note",
    *ROW_EXTRA_KEYS,
}
REPORT_KEYS = {
    "report_id",
    "source_section",
    "text",
    "schedule",
    "report_kind",
    "period",
    "to",
    "levels",
    "note",
    "source_text",
    "inferred",
}
# the fields whose value the encoder may add where the document is silent (each with its reason in `inferred`)
INFERABLE = {
    "target": ("value", "unit", "deadline", "levels"),
    "task": ("section", "product", "deadline", "levels"),
    "report": ("schedule", "report_kind", "period", "to", "levels"),
}
SOURCE_PIECES = " … "  # joins non-adjacent pieces of the document in one source_text
SUGGESTED = "gợi ý của Sổ CĐS"  # how an inferred value is labelled wherever it is shown or printed


# ---- rows and the pack ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """A measurable target of a plan, with its deadline."""

    target_id: str
    source_section: str
    text: str
    value: Decimal | None
    unit: str
    deadline: Deadline
    indicator_links: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # empty: every level of the pack
    note: str = ""  # the encoder's remark (Sổ CĐS's, never the province's words)
    source_text: str = ""  # the document's own sentence(s), verbatim; pieces joined by " … "
    inferred: tuple[tuple[str, str], ...] = ()  # (field, why): values the encoder added, not the document
    link_reasons: tuple[tuple[str, str], ...] = ()  # (indicator code, why the row serves it)
    same_as: tuple[str, ...] = ()  # other rows of the pack stating the same obligation (one checklist item)


@dataclass(frozen=True)
class Task:
    """A task of a plan, with its expected product and deadline."""

    task_id: str
    source_section: str
    section: str  # the task area it belongs to, as the document names it
    text: str
    product: str  # the product or evidence expected
    deadline: Deadline
    indicator_links: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    note: str = ""
    source_text: str = ""
    inferred: tuple[tuple[str, str], ...] = ()
    link_reasons: tuple[tuple[str, str], ...] = ()
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportRule:
    """A report the plan asks for, and its schedule."""

    report_id: str
    source_section: str
    text: str
    schedule: Deadline  # monthly / quarterly / yearly / date / on_request / on_event / other
    report_kind: str  # month / quarter / year / other: the report kind it asks for
    period: str  # for a date schedule: the period it reports on ("2026"); else ""
    to: str
    levels: tuple[str, ...] = ()  # empty: every level of the pack
    note: str = ""
    source_text: str = ""
    inferred: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlanPack:
    """One version of a plan pack (a province's or commune's yearly plan), as loaded and validated."""

    pack_id: str
    version: str
    issuer: str
    doc_number: str
    doc_date: str  # ISO, possibly partial ("2026-04") when the copy leaves the day blank
    title: str
    year: str  # "2026" or "2025-2026"
    levels: tuple[str, ...]
    receiver: str
    based_on: str
    indicator_set: str
    source_note: str
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    reports: tuple[ReportRule, ...]
    raw: dict

    @property
    def ref(self) -> str:
        return f"{self.pack_id}@{self.version}"

    def rows(self) -> tuple[Target | Task, ...]:
        """The targets, then the tasks."""
        return (*self.targets, *self.tasks)

    def row(self, row_id: str) -> Target | Task | None:
        return self._rows_by_id.get(row_id)

    @cached_property
    def _rows_by_id(self) -> dict[str, Target | Task]:
        """Each row by its id (the first, should two share one), built once: the checklist looks every row up."""
        by_id: dict[str, Target | Task] = {}
        for r in self.rows():
            by_id.setdefault(row_id_of(r), r)
        return by_id

    @property
    def life(self) -> tuple[date | None, date | None]:
        """From the plan's effective date (its doc_date; a date without its day counts from the first day of the
        month or year) to the last day of its year or school year. None where the pack does not say."""
        begin = None
        if self.doc_date:
            parts = [int(x) for x in self.doc_date.split("-")]
            begin = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        try:
            end = Period.parse(self.year).last
        except ValueError:
            end = None
        return begin, end

    def primary(self, row_id: str) -> str:
        """The row that stands for an obligation the document states twice (a task `same_as` its target)."""
        row = self.row(row_id)
        return row.same_as[0] if row is not None and row.same_as and self.row(row.same_as[0]) else row_id

    def folded(self, row_id: str) -> tuple[str, ...]:
        """The other rows that state the same obligation as `row_id` and are shown as one item with it."""
        return self._folded_by_primary.get(row_id, ())

    @cached_property
    def _folded_by_primary(self) -> dict[str, tuple[str, ...]]:
        """Each primary row's id → the ids of the rows folded into it, in the pack's order, built once."""
        folded: dict[str, list[str]] = {}
        for r in self.rows():
            rid = row_id_of(r)
            if (primary := self.primary(rid)) != rid:
                folded.setdefault(primary, []).append(rid)
        return {k: tuple(v) for k, v in folded.items()}

    def to_dict(self) -> dict:
        return canonical(self)


def row_id_of(r: Target | Task) -> str:
    return r.target_id if isinstance(r, Target) else r.task_id


# ---- writing ------------------------------------------------------------------------------------------------
def _num(v: Decimal | None):
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else v


def _opt(d: dict, **kv) -> dict:
    """d with the given fields added, leaving out the empty ones."""
    d.update({k: v for k, v in kv.items() if v not in ("", (), [], None)})
    return d


def _row_tail(t: Target | Task) -> dict:
    """The fields a target and a task write alike: deadline, links and what the encoder added."""
    return _opt(
        {"deadline": t.deadline.to_dict()},
        indicator_links=list(t.indicator_links),
        link_reasons=dict(t.link_reasons),
        levels=list(t.levels),
        same_as=list(t.same_as),
        note=t.note,
        inferred=dict(t.inferred),
    )


def canonical(pack: PlanPack) -> dict:
    """The pack's JSON form; the same pack always gives the same dict (round trips compare these)."""

    return (
        _opt(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "pack_id": pack.pack_id,
                "version": pack.version,
                "issuer": pack.issuer,
                "doc_number": pack.doc_number,
            },
            doc_date=pack.doc_date,
        )
        | _opt(
            {"title": pack.title, "year": pack.year, "levels": list(pack.levels), "receiver": pack.receiver},
            based_on=pack.based_on,
            indicator_set=pack.indicator_set,
            source_note=pack.source_note,
        )
        | {
            "targets": [
                _opt({"target_id": t.target_id, "source_section": t.source_section}, source_text=t.source_text)
                | _opt({"text": t.text}, value=_num(t.value), unit=t.unit)
                | _row_tail(t)
                for t in pack.targets
            ],
            "tasks": [
                _opt({"task_id": t.task_id, "source_section": t.source_section}, source_text=t.source_text)
                | _opt({"section": t.section, "text": t.text}, product=t.product)
                | _row_tail(t)
                for t in pack.tasks
            ],
            "reports": [
                _opt({"report_id": r.report_id, "source_section": r.source_section}, source_text=r.source_text)
                | _opt(
                    {"text": r.text, "schedule": r.schedule.to_dict(), "report_kind": r.report_kind}, period=r.period
                )
                | _opt({}, to=r.to, levels=list(r.levels), note=r.note, inferred=dict(r.inferred))
                for r in pack.reports
            ],
        }
    )


def _default(o):
    if isinstance(o, Decimal):
        return float(o)
    raise TypeError(type(o).__name__)


def dumps(pack: PlanPack) -> str:
    return json.dumps(canonical(pack), ensure_ascii=False, indent=2, default=_default) + "\n"


_PROVINCE_WORDS = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+")


def province_key(text: str) -> str:
    """ "tỉnh Ninh Bình", "Ninh Bình", "TP. Hải Phòng" → the name to compare ("ninh bình", "hải phòng")."""
    return _PROVINCE_WORDS.sub("", re.sub(r"\s+", " ", nfc(text or "")).strip().casefold())


def of_province(issuer: str, province: str) -> bool:
    """Whether a pack's issuer ("Sở Giáo dục và Đào tạo tỉnh Ninh Bình", "UBND xã Tuệ Tĩnh (thành phố Hải Phòng)")
    is of this province; an unknown province matches nothing."""
    key = province_key(province)
    return bool(key) and key in re.sub(r"\s+", " ", nfc(issuer or "")).casefold()


def inferred(row: Target | Task | ReportRule) -> dict[str, str]:
    """{field: why} of the values the encoder added (shown as "gợi ý của Sổ CĐS", never as the province's)."""
    return dict(row.inferred)


def source_pieces(source_text: str) -> list[str]:
    """The pieces of the document a source_text quotes (non-adjacent pieces are joined by " … ")."""
    return [x.strip() for x in source_text.split(SOURCE_PIECES) if x.strip()]


def applies_to(row: Target | Task | ReportRule, pack: PlanPack, school_levels: list[str] | tuple[str, ...]) -> bool:
    """Whether a row concerns a school of these levels (no levels known: every row does)."""
    levels = row.levels or pack.levels
    return not school_levels or any(lv in levels for lv in school_levels)
