"""Which versions of one school's report there are — in a folder of PDFs or in the inbox — and which two to
compare: any pair the officer names (`socds compare --school CODE --from v1 --to v3`, the two lists of the
comparison window), by default the latest version and the one before it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.periods import report_title


@dataclass(frozen=True)
class Version:
    """One version of a school's report: where it is (a file of a folder, or an inbox row) and which it is."""

    version: int
    kind: str
    period: str
    source: str  # the file's name, or "mục số N"
    path: Path | None = None
    inbox_id: int | None = None
    state: str = ""  # the inbox state (accepted, held, superseded), for a version in the inbox

    @property
    def label(self) -> str:
        from desktop.core.commune.policy import STATE_LABELS

        state = f", {STATE_LABELS[self.state].lower()}" if self.state in STATE_LABELS else ""
        return f"v{self.version} — {self.source}{state}"

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "kind": self.kind,
            "period": self.period,
            "source": self.source,
            "path": str(self.path) if self.path else None,
            "inbox_id": self.inbox_id,
            "state": self.state,
        }


def parse_version(text: str | None, what: str) -> int | None:
    """ "v3" or "3" → 3; None stays None."""
    if text is None:
        return None
    t = text.strip().lower().removeprefix("v")
    if not t.isdigit() or int(t) < 1:
        raise UserError(f"{what}: «{text}» không phải số phiên bản (ví dụ v1, v2).")
    return int(t)


def versions_in_folder(folder: Path | str, school_code: str) -> list[Version]:
    """Every version of the school's report among the PDFs of a folder (its data file read, its signature not yet
    checked: the two chosen are read again with it). Files whose name starts with the school's code are read
    first; the others only if fewer than two of those are the school's."""
    from desktop.core.commune.compare import _read_unverified
    from desktop.core.commune.inbox import expand_inputs
    from desktop.core.commune.policy import file_name_code

    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"Không tìm thấy thư mục {folder}.")
    pdfs = [p for p in expand_inputs([folder]) if p.suffix.lower() == ".pdf"]
    named = [p for p in pdfs if file_name_code(p.name) == school_code]
    found: list[Version] = []
    for group in (named, [p for p in pdfs if p not in named]):
        for p in group:
            try:
                rd = _read_unverified(p)
            except UserError:
                continue
            if rd.school.code == school_code:
                found.append(Version(rd.report_version, rd.kind, rd.period, p.name, path=p))
        if len(found) >= 2:
            break
    if not found:
        raise UserError(f"Thư mục {folder} không có báo cáo nào của trường mã {school_code}.")
    return sorted(found, key=lambda v: (v.kind, v.period, v.version, v.source))


def versions_in_inbox(store, school_code: str, kind: str | None = None, period: str | None = None) -> list[Version]:
    """The school's versions in the inbox that have a usable data file (not rejected), oldest first; of two rows
    of one version, the accepted one is listed last (chosen by default)."""
    sql = (
        "SELECT id, version, kind, period, state FROM inbox WHERE school_code = ? AND data IS NOT NULL "
        "AND state != 'rejected'"
    )
    args: list = [school_code]
    if kind:
        sql, args = sql + " AND kind = ?", [*args, kind]
    if period:
        sql, args = sql + " AND period = ?", [*args, period]
    rows = store.db.execute(sql + " ORDER BY kind, period, version, state != 'held', id", args).fetchall()
    if not rows:
        raise UserError(f"Hộp thư chưa có báo cáo nào dùng được của trường mã {school_code}.")
    return [Version(r[1], r[2], r[3], f"mục số {r[0]}", inbox_id=r[0], state=r[4]) for r in rows]


def versions_like(store, inbox_id: int) -> list[Version]:
    """The versions of the report that inbox row `inbox_id` is a version of (same school, kind and period)."""
    row = store.db.execute("SELECT school_code, kind, period FROM inbox WHERE id = ?", [inbox_id]).fetchone()
    if row is None or not row[0]:
        raise UserError(f"Không có báo cáo nào ở mục số {inbox_id} của hộp thư.")
    return versions_in_inbox(store, row[0], row[1], row[2])


def listing(versions: list[Version]) -> list[str]:
    """The versions as lines of text (`socds compare --list`)."""
    return [f"{v.label} ({report_title(v.kind, v.period)})" for v in versions]


def choose(
    versions: list[Version],
    old: int | None = None,
    new: int | None = None,
    kind: str | None = None,
    period: str | None = None,
) -> tuple[Version, Version]:
    """The two versions to compare among `versions` (of one school): `new` (default: the latest) and `old`
    (default: the version before `new`), of the kind and period given, else of the latest version's."""
    pool = [v for v in versions if (not kind or v.kind == kind) and (not period or v.period == period)]
    if not pool:
        raise UserError("Không có phiên bản nào của loại báo cáo và kỳ đã chọn.")
    latest = max(pool, key=lambda v: (v.version, v.source))
    same = [v for v in pool if (v.kind, v.period) == (latest.kind, latest.period)]
    what = report_title(latest.kind, latest.period)
    have = ", ".join(sorted({f"v{v.version}" for v in same}, key=lambda s: int(s[1:])))

    def pick(n: int) -> Version:
        match = [v for v in same if v.version == n]
        if not match:
            raise UserError(f"Không có phiên bản v{n} của {what} (có: {have}).")
        return match[-1]

    after = pick(new) if new is not None else latest
    if old is not None:
        before = pick(old)
    else:
        older = [v for v in same if v.version < after.version]
        if not older:
            raise UserError(
                f"Chỉ có {'một phiên bản' if len(same) < 2 else 'các phiên bản ' + have} của {what} "
                f"({after.source}): chưa có phiên bản nào trước v{after.version} để so sánh."
            )
        before = older[-1]
    if before.version == after.version:
        raise UserError(f"Hai phiên bản cần so sánh trùng nhau (v{after.version}); chọn hai phiên bản khác nhau.")
    return before, after
