"""The roll-up: one row per school from its accepted data file, counts per level, the average points per
criterion across the commune (weakest first), and the schools with nothing in yet.

Every number is computed here from the schools' data files (their answers re-scored with the indicator set the
school used), never copied from a figure a school typed or a PDF shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desktop.core.commune import scored_files
from desktop.core.commune.inbox import submitted_date
from desktop.core.commune.roster import list_schools
from desktop.core.preschool import NO_LEVEL_MN, NOT_LOADED, preschool_only
from desktop.core.scoring import score
from desktop.core.store import Store
from desktop.core.store.indicator_store import get_set

NO_LEVEL = "Chưa xếp mức"
# School types a roll-up counts levels by; a school teaching more than one level is "liên cấp".
TYPE_ORDER = ("MN", "TH", "THCS", "Liên cấp", "THPT", "GDTX", "Khác")
TYPE_NAMES = {
    "MN": "Mầm non",
    "TH": "Tiểu học",
    "THCS": "Trung học cơ sở",
    "Liên cấp": "Liên cấp",
    "THPT": "Trung học phổ thông",
    "GDTX": "Giáo dục thường xuyên",
    "Khác": "Chưa ghi cấp học",
}


def school_type(levels) -> str:
    """MN / TH / THCS / Liên cấp / THPT / GDTX (Khác when no level is given)."""
    lv = list(dict.fromkeys(levels or ()))
    if len(lv) > 1:
        return "Liên cấp"
    return lv[0] if lv and lv[0] in TYPE_ORDER else "Khác"


@dataclass
class SchoolRow:
    code: str
    name: str
    levels: tuple[str, ...]
    version: int
    received_at: str
    signature_state: str
    late: bool
    set_ref: str = ""
    groups: dict[str, dict] = field(default_factory=dict)  # code → {total, max, level, level_label}
    overall_level: int | None = None
    overall_label: str = NO_LEVEL
    total: Decimal = Decimal(0)
    checklist_done: int = 0
    checklist_total: int = 0
    external: dict | None = None  # {overall_label, total, groups} of the authority's own assessment
    open_requests: int = 0
    note: str = ""
    doc_date: str | None = None  # ISO date printed on the report (its date of issue)
    signing_time: str | None = None  # the signature's time as the verifier reported it
    signed_on: str = ""  # ISO day the report counts as signed/sent; lateness is judged on it, not on received_at
    due_date: str | None = None
    signer_unchecked: bool = False  # accepted with its signer checked against nothing (policy.signer_unchecked)

    @property
    def school_type(self) -> str:
        return school_type(self.levels)

    @property
    def checklist_percent(self) -> Decimal | None:
        if not self.checklist_total:
            return None
        return (Decimal(100) * self.checklist_done / self.checklist_total).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CriterionAverage:
    set_ref: str
    code: str
    text: str
    average: Decimal
    max: Decimal
    schools: int

    @property
    def ratio(self) -> Decimal:
        return self.average / self.max if self.max else Decimal(0)


@dataclass
class RefusedFile:
    """A file taken in but not counted: rejected (or still held for review), with the reason."""

    inbox_id: int
    file_name: str
    school_code: str
    school_name: str  # from the roster when the school is on it
    version: int
    received_at: str
    state: str  # rejected / held
    reason: str


@dataclass
class TypeCount:
    """One school type's line: how many schools, how many reports counted, the levels, late, refused, not sent."""

    type: str
    schools: int = 0  # on the roster (active) or counted without being on it
    received: int = 0
    late: int = 0
    refused: int = 0  # schools with nothing counted whose files were refused or are held
    not_sent: int = 0
    levels: dict[str, int] = field(default_factory=dict)


@dataclass
class Rollup:
    kind: str | None
    period: str | None
    rows: list[SchoolRow]
    level_counts: dict[str, int]  # overall label → schools
    criteria: list[CriterionAverage]  # weakest first
    missing: list[tuple[str, str]]  # (code, name) of active roster schools with no accepted report
    refused: list[RefusedFile] = field(default_factory=list)  # rejected or held files of the kind/period
    not_sent: list[tuple[str, str]] = field(default_factory=list)  # missing schools that sent no file at all
    refused_schools: list[tuple[str, str]] = field(default_factory=list)  # missing schools whose files were refused
    by_type: list[TypeCount] = field(default_factory=list)  # in TYPE_ORDER, only the types present

    def to_dict(self) -> dict:
        def num(d: Decimal) -> str:
            return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")

        return {
            "kind": self.kind,
            "period": self.period,
            "schools": [
                {
                    "code": r.code,
                    "name": r.name,
                    "levels": list(r.levels),
                    "version": r.version,
                    "received_at": r.received_at,
                    "signature_state": r.signature_state,
                    "late": r.late,
                    "indicators": r.set_ref,
                    "overall_level": r.overall_level,
                    "overall_label": r.overall_label,
                    "total": num(r.total),
                    "groups": {c: {**g, "total": num(g["total"]), "max": num(g["max"])} for c, g in r.groups.items()},
                    "checklist_done": r.checklist_done,
                    "checklist_total": r.checklist_total,
                    "external": r.external,
                    "open_requests": r.open_requests,
                    "note": r.note,
                    "school_type": r.school_type,
                    "doc_date": r.doc_date,
                    "signing_time": r.signing_time,
                    "signed_on": r.signed_on,
                    "due_date": r.due_date,
                }
                for r in self.rows
            ],
            "level_counts": self.level_counts,
            "criteria": [
                {
                    "indicators": c.set_ref,
                    "code": c.code,
                    "text": c.text,
                    "average": num(c.average),
                    "max": num(c.max),
                    "schools": c.schools,
                }
                for c in self.criteria
            ],
            "missing": [{"code": c, "name": n} for c, n in self.missing],
            "not_sent": [{"code": c, "name": n} for c, n in self.not_sent],
            "refused_schools": [{"code": c, "name": n} for c, n in self.refused_schools],
            "refused": [dict(f.__dict__) for f in self.refused],
            "by_type": [dict(t.__dict__) for t in self.by_type],
        }


def external_scores(store: Store, cache: dict) -> dict[str, dict]:
    """school code → summary of the newest external assessment of it."""
    from desktop.core.store.assessments import get_answers

    out = {}
    for a in store.db.query("SELECT * FROM assessments WHERE kind = 'external' ORDER BY id"):
        key = (a["set_id"], a["set_version"])
        if key not in cache:
            cache[key] = get_set(store, *key)
        res = score(cache[key], get_answers(store, a["id"]))
        out[a["subject_code"]] = {
            "assessment_id": a["id"],
            "overall_label": res.overall_label,
            "total": str(sum((g.total for g in res.groups.values()), Decimal(0))),
            "groups": {c: {"total": str(g.total), "level_label": g.level_label} for c, g in res.groups.items()},
        }
    return out


def build_rollup(store: Store, kind: str | None = None, period: str | None = None) -> Rollup:
    cache: dict = {}
    rows: list[SchoolRow] = []
    sums: dict[tuple[str, str], list] = {}  # (set_ref, criterion) → [sum, count, max, text]
    externals = external_scores(store, cache)
    open_reqs = {
        r[0]: r[1]
        for r in store.db.execute(
            "SELECT school_code, COUNT(*) FROM return_requests WHERE direction = 'sent' AND answered_by IS NULL "
            "GROUP BY school_code"
        )
    }
    for inbox_row, f in scored_files.accepted(store, kind, period, cache):  # each file scored once (see there)
        s = f.summary
        done, total = f.checklist
        row = SchoolRow(
            s.school_code,
            s.school_name,
            s.levels,
            s.version,
            inbox_row["received_at"],
            inbox_row["signature_state"],
            bool(inbox_row["late"]),
            checklist_done=done,
            checklist_total=total,
            external=externals.get(s.school_code),
            open_requests=open_reqs.get(s.school_code, 0),
            doc_date=s.doc_date,
            signing_time=inbox_row["signing_time"],
            signed_on=submitted_date(
                s, inbox_row["signing_time"], date.fromisoformat(inbox_row["received_at"][:10])
            ).isoformat(),
            due_date=inbox_row["due_date"],
            signer_unchecked=bool(inbox_row["signer_unchecked"]),
        )
        if f.problem:  # a data file taken in before intake re-scored: named, never fatal for the rest
            row.note = f"Không tính được điểm từ tệp dữ liệu: {f.problem}"
            rows.append(row)
            continue
        if not f.scored and preschool_only(s.levels) and not f.answered:
            # QĐ 4725 is not a preschool's, and no preschool set is loaded: say so (issue 19); how to load it is
            # the officer's business, told by the app before export (rollup_checks.py), not the signed roll-up's
            row.overall_label = NO_LEVEL_MN
            row.note = f"{NOT_LOADED}: trường chưa tự đánh giá, chưa xếp mức."
        elif not f.scored:
            row.note = "Báo cáo không có kết quả tự đánh giá theo bộ chỉ số đã cài" if s.set_id or f.answered else ""
        else:
            row.set_ref = f.set_ref
            row.groups = {c: dict(g) for c, g in f.groups.items()}
            row.total = f.total
            row.overall_level, row.overall_label = f.overall_level, f.overall_label
            for code, text, points, mx in f.criteria:
                acc = sums.setdefault((f.set_ref, code), [Decimal(0), 0, mx, text])
                acc[0] += points
                acc[1] += 1
        rows.append(row)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.overall_label] = counts.get(r.overall_label, 0) + 1
    averages = [
        CriterionAverage(ref, code, text, (total / n).quantize(Decimal("0.01"), ROUND_HALF_UP), mx, n)
        for (ref, code), (total, n, mx, text) in sums.items()
    ]
    averages.sort(key=lambda c: (c.ratio, c.code))
    have = {r.code for r in rows}
    roster = list_schools(store, active_only=True)
    missing = [(s.code, s.name) for s in roster if s.code not in have]
    refused = refused_files(store, kind, period, {s.code: s.name for s in roster})
    tried = {f.school_code for f in refused}
    ru = Rollup(
        kind,
        period,
        rows,
        dict(sorted(counts.items())),
        averages,
        missing,
        refused=refused,
        not_sent=[m for m in missing if m[0] not in tried],
        refused_schools=[m for m in missing if m[0] in tried],
    )
    ru.by_type = type_counts(ru, {s.code: s.levels for s in roster})
    return ru


def refused_files(store: Store, kind: str | None, period: str | None, names: dict[str, str]) -> list[RefusedFile]:
    """Rejected and held files of `kind`/`period` (a file refused before its data could be read has neither, and
    is listed too: it may be the very report a school is missing), oldest first. Copies of a file already
    received are left out: the file itself is listed once."""
    sql = (
        "SELECT id, original_name, school_code, version, received_at, state, reason FROM inbox "
        "WHERE state IN ('rejected', 'held') AND reason NOT LIKE 'Trùng tệp%'"
    )
    args: list = []
    if kind:
        sql, args = sql + " AND kind IN (?, '')", [*args, kind]
    if period:
        sql, args = sql + " AND period IN (?, '')", [*args, period]
    return [
        RefusedFile(
            r["id"],
            r["original_name"],
            r["school_code"],
            names.get(r["school_code"], ""),
            r["version"],
            r["received_at"],
            r["state"],
            r["reason"],
        )
        for r in store.db.query(sql + " ORDER BY id", args)
    ]


def type_counts(ru: Rollup, roster_levels: dict[str, list[str]]) -> list[TypeCount]:
    """Schools, reports counted, levels, late, refused and not sent, per school type (TYPE_ORDER)."""
    by: dict[str, TypeCount] = {}

    def line(levels) -> TypeCount:
        t = school_type(levels)
        return by.setdefault(t, TypeCount(t))

    for r in ru.rows:
        tc = line(roster_levels.get(r.code) or r.levels)
        tc.schools += 1
        tc.received += 1
        tc.late += int(r.late)
        tc.levels[r.overall_label] = tc.levels.get(r.overall_label, 0) + 1
    for group, attr in ((ru.refused_schools, "refused"), (ru.not_sent, "not_sent")):
        for code, _name in group:
            tc = line(roster_levels.get(code))
            tc.schools += 1
            setattr(tc, attr, getattr(tc, attr) + 1)
    for tc in by.values():
        tc.levels = dict(sorted(tc.levels.items()))
    return [by[t] for t in TYPE_ORDER if t in by]


def dumps(rollup: Rollup) -> str:
    return json.dumps(rollup.to_dict(), ensure_ascii=False, indent=1)
