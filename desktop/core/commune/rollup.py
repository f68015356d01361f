"""The roll-up: one row per school from its accepted data file, counts per level, the average points per
criterion across the commune (weakest first), and the schools with nothing in yet.

Every number is computed here from the schools' data files (their answers re-scored with the indicator set the
school used), never copied from a figure a school typed or a PDF shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from desktop.core.commune import datafile
from desktop.core.commune.inbox import accepted_data
from desktop.core.commune.roster import list_schools
from desktop.core.errors import UserError
from desktop.core.preschool import COMMUNE_HOW, NO_LEVEL_MN, NOT_LOADED, preschool_only
from desktop.core.scoring import ScoreResult, score
from desktop.core.store import Store
from desktop.core.store.indicator_store import get_set

NO_LEVEL = "Chưa xếp mức"


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
class Rollup:
    kind: str | None
    period: str | None
    rows: list[SchoolRow]
    level_counts: dict[str, int]  # overall label → schools
    criteria: list[CriterionAverage]  # weakest first
    missing: list[tuple[str, str]]  # (code, name) of active roster schools with no accepted report

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
        }


def _score(store: Store, cache: dict, s: datafile.ReportSummary) -> tuple[object, ScoreResult] | None:
    if not s.set_id:
        return None
    key = (s.set_id, s.set_version)
    if key not in cache:
        try:
            cache[key] = get_set(store, s.set_id, s.set_version or None)
        except UserError:
            cache[key] = None
    iset = cache[key]
    return (iset, score(iset, s.answers)) if iset else None


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
    for inbox_row, data in accepted_data(store, kind, period):
        s = datafile.summarize_checked(data)
        done, total = datafile.checklist_completion(s.checklist)
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
        )
        try:
            scored = _score(store, cache, s)
        except UserError as exc:  # a data file taken in before intake re-scored: named, never fatal for the rest
            row.note = f"Không tính được điểm từ tệp dữ liệu: {exc.message.splitlines()[0]}"
            rows.append(row)
            continue
        if scored is None and preschool_only(s.levels) and not s.answers:
            # QĐ 4725 is not a preschool's, and no preschool set is loaded: say so, and how to load it (issue 19)
            row.overall_label = NO_LEVEL_MN
            row.note = f"{NOT_LOADED}: trường chưa tự đánh giá, chưa xếp mức. {COMMUNE_HOW}"
        elif scored is None:
            row.note = "Báo cáo không có kết quả tự đánh giá theo bộ chỉ số đã cài" if s.set_id or s.answers else ""
        else:
            iset, res = scored
            row.set_ref = iset.ref
            row.groups = {
                c: {"total": g.total, "max": g.max, "level": g.level, "level_label": g.level_label}
                for c, g in res.groups.items()
            }
            row.total = sum((g.total for g in res.groups.values()), Decimal(0))
            row.overall_level, row.overall_label = res.overall_level, res.overall_label
            for grp in iset.groups:
                for crit in grp.criteria:
                    cs = res.criteria[crit.code]
                    if not cs.max:  # mandatory conditions carry no points: not part of the averages
                        continue
                    text = crit.text or (crit.items[0].text if crit.items else "")
                    acc = sums.setdefault((iset.ref, crit.code), [Decimal(0), 0, cs.max, text])
                    acc[0] += cs.total
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
    missing = [(s.code, s.name) for s in list_schools(store, active_only=True) if s.code not in have]
    return Rollup(kind, period, rows, dict(sorted(counts.items())), averages, missing)


def dumps(rollup: Rollup) -> str:
    return json.dumps(rollup.to_dict(), ensure_ascii=False, indent=1)
