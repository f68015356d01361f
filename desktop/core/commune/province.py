"""One level up: a Sở sums up its province from the communes' signed roll-ups (taken in by the same intake and
policy as a school's report: rollup_file.py is their data file) and from the reports of the schools it manages
itself (THPT, GDTX). Per commune: its schools, the levels, the late, refused and not sent — every figure read
from the commune's signed data file, none typed again; the communes with nothing accepted are named."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.commune.inbox import accepted_data, submitted_date
from desktop.core.commune.rollup import (
    RefusedFile,
    Rollup,
    build_rollup,
    type_counts,
)
from desktop.core.commune.rollup_file import ROLLUP_FORMAT, UNIT_LEVEL
from desktop.core.commune.roster import list_schools
from desktop.core.store import Store


@dataclass
class CommuneLine:
    """One commune's roll-up as the Sở counts it."""

    code: str
    name: str
    version: int
    received_at: str
    signed_on: str  # the date on the roll-up, else its signing day in Vietnam, else the day received
    signer: str
    signature_state: str
    schools: int = 0  # the schools it manages (counted or not)
    received: int = 0
    late: int = 0
    refused: int = 0
    not_sent: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    by_type: list[dict] = field(default_factory=list)
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, "Chưa gửi" / "Bị từ chối")
    late_schools: list[tuple[str, str]] = field(default_factory=list)  # (code, name) of the schools late


@dataclass
class Province:
    kind: str | None
    period: str | None
    communes: list[CommuneLine]
    missing_communes: list[tuple[str, str]]  # communes on the roster with no accepted roll-up
    refused_communes: list[tuple[str, str]]  # …of which every file sent was refused or is held
    direct: Rollup  # the schools the Sở manages itself (their own reports), roll-ups left out
    refused: list[RefusedFile]  # every refused or held file (communes' and schools')

    @property
    def level_counts(self) -> dict[str, int]:
        """Schools at each level across the province: the communes' schools and the Sở's own."""
        out: dict[str, int] = {}
        for counts in [c.levels for c in self.communes] + [self.direct.level_counts]:
            for k, v in counts.items():
                out[k] = out.get(k, 0) + v
        return dict(sorted(out.items()))

    def totals(self) -> dict[str, int]:
        d = self.direct
        return {
            "communes": len(self.communes) + len(self.missing_communes),
            "communes_received": len(self.communes),
            "schools": sum(c.schools for c in self.communes) + len(d.rows) + len(d.missing),
            "received": sum(c.received for c in self.communes) + len(d.rows),
            "late": sum(c.late for c in self.communes) + sum(1 for r in d.rows if r.late),
            "refused": sum(c.refused for c in self.communes) + len(d.refused_schools),
            "not_sent": sum(c.not_sent for c in self.communes) + len(d.not_sent),
        }

    def to_dict(self) -> dict:
        return {
            "format": "socds-province",
            "kind": self.kind,
            "period": self.period,
            "totals": self.totals(),
            "level_counts": self.level_counts,
            "communes": [
                {**c.__dict__, "missing": [{"code": m[0], "name": m[1], "status": m[2]} for m in c.missing]}
                for c in self.communes
            ],
            "missing_communes": [{"code": c, "name": n} for c, n in self.missing_communes],
            "refused_communes": [{"code": c, "name": n} for c, n in self.refused_communes],
            "direct_schools": self.direct.to_dict(),
            "refused": [dict(f.__dict__) for f in self.refused],
        }


def _line(row: dict, doc: dict) -> CommuneLine:
    from datetime import date

    from desktop.core.commune.datafile import rollup_summary

    s = rollup_summary(doc)
    schools = doc.get("schools") or []
    refused = {m["code"] for m in doc.get("refused_schools") or []}
    levels: dict[str, int] = {}
    for r in schools:
        levels[r["overall_label"]] = levels.get(r["overall_label"], 0) + 1
    return CommuneLine(
        code=s.school_code,
        name=s.school_name,
        version=s.version,
        received_at=row["received_at"],
        signed_on=submitted_date(s, row["signing_time"], date.fromisoformat(row["received_at"][:10])).isoformat(),
        signer=row["signer"],
        signature_state=row["signature_state"],
        schools=len(schools) + len(doc.get("missing") or []),
        received=len(schools),
        late=sum(1 for r in schools if r.get("late")),
        refused=len(refused),
        not_sent=len(doc.get("not_sent") or []),
        levels=dict(sorted(levels.items())),
        by_type=[t for t in doc.get("by_type") or [] if isinstance(t, dict)],
        missing=[
            (m["code"], m["name"], "Bị từ chối" if m["code"] in refused else "Chưa gửi")
            for m in doc.get("missing") or []
        ],
        late_schools=[(r["code"], r["name"]) for r in schools if r.get("late")],
    )


def build_province(store: Store, kind: str | None = None, period: str | None = None) -> Province:
    communes = [
        _line(row, doc) for row, doc in accepted_data(store, kind, period) if doc.get("format") == ROLLUP_FORMAT
    ]
    roster = list_schools(store, active_only=True)
    units = {s.code for s in roster if UNIT_LEVEL in s.levels}
    direct = build_rollup(store, kind, period)  # skips the roll-ups: the schools that report to the Sở itself
    have = {c.code for c in communes}
    missing_communes = [m for m in direct.missing if m[0] in units and m[0] not in have]
    refused_communes = [m for m in direct.refused_schools if m[0] in units and m[0] not in have]
    direct.missing = [m for m in direct.missing if m[0] not in units]
    direct.not_sent = [m for m in direct.not_sent if m[0] not in units]
    direct.refused_schools = [m for m in direct.refused_schools if m[0] not in units]
    direct.by_type = type_counts(direct, {s.code: s.levels for s in roster if s.code not in units})
    return Province(kind, period, communes, missing_communes, refused_communes, direct, direct.refused)


def is_province(store: Store, authority=None) -> bool:
    """This data file is a Sở's: its body is declared as one, or some accepted file is a commune's roll-up."""
    if authority is not None and authority.level == "so":
        return True
    return (
        store.db.execute(
            "SELECT 1 FROM inbox WHERE state = 'accepted' AND data LIKE ? LIMIT 1", [f'%"{ROLLUP_FORMAT}"%']
        ).fetchone()
        is not None
    )
