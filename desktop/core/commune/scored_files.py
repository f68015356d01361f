"""Each accepted data file scored once, not on every roll-up.

A roll-up of 1,000 schools reads 1,000 data files (~30 KB of JSON each) and scores each: about a second of work,
paid again after any change (a new intake, an officer's decision, the roster), although one file at most is new.
`accepted(store, kind, period)` gives each accepted inbox row with its FileScore, reading and scoring only the
files not scored before in this program run.

What a FileScore depends on, and what keeps it right: the data file (an inbox row's data is written once, when the
file is taken in; a file taken in later is a new row) and the installed indicator sets. The data file's 'scores'
stamp (store schema m008: a random token redrawn by triggers whenever an inbox row's data is rewritten or a row
deleted, or an indicator set is installed, changed or removed, whatever connection or program writes) is read
first: while it is the one the kept scores were made under, each is still what scoring the file would give now;
when it moves, every kept score is dropped. A score is kept under the row's id, the file's sha256 and its moment of
intake, so a restored older copy that later takes in another file under a reused id never gets another file's
score. Everything else of a roll-up row (signature, lateness, requests, external assessments, the roster) is read
afresh by build_rollup on every build.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from desktop.core.commune import datafile, rollup_file
from desktop.core.commune.inbox import accepted_rows, data_of
from desktop.core.errors import UserError
from desktop.core.scoring import score
from desktop.core.store import Store
from desktop.core.store.indicator_store import get_set


@dataclass(frozen=True)
class FileScore:
    """What a roll-up takes from one accepted data file: its summary and, when the indicator set it names is
    installed, its points. Shared between roll-ups: read it, never change it."""

    summary: datafile.ReportSummary  # without the answers and the checklist (answered and checklist say enough)
    answered: bool  # the file carries answers
    checklist: tuple[int, int]  # (done, applicable)
    problem: str = ""  # why the file could not be scored (the scoring's first line), "" otherwise
    scored: bool = False  # the indicator set it names is installed and the answers were scored with it
    set_ref: str = ""
    groups: dict[str, dict] = field(default_factory=dict)  # code → {total, max, level, level_label}
    total: Decimal = Decimal(0)
    overall_level: int | None = None
    overall_label: str = ""
    criteria: tuple[tuple[str, str, Decimal, Decimal], ...] = ()  # (code, text, points, max) of criteria with points


def score_file(store: Store, sets: dict, data: dict) -> FileScore | None:
    """A data file's FileScore (None for a commune's roll-up). `sets` keeps the indicator sets read meanwhile:
    (set id, version) → set, or None when not installed."""
    if rollup_file.is_rollup(data):  # a commune's roll-up taken in by a Sở: see province.py
        return None
    s = datafile.summarize_checked(data)
    base = FileScore(replace(s, answers={}, checklist=()), bool(s.answers), datafile.checklist_completion(s.checklist))
    if not s.set_id:
        return base
    key = (s.set_id, s.set_version)
    if key not in sets:
        try:
            sets[key] = get_set(store, s.set_id, s.set_version or None)
        except UserError:
            sets[key] = None
    iset = sets[key]
    if iset is None:
        return base
    try:
        res = score(iset, s.answers)
    except UserError as exc:  # a data file taken in before intake re-scored: named, never fatal for the rest
        return replace(base, problem=exc.message.splitlines()[0])
    criteria = []
    for grp in iset.groups:
        for crit in grp.criteria:
            cs = res.criteria[crit.code]
            if cs.max:  # mandatory conditions carry no points: not part of the averages
                criteria.append((crit.code, crit.text or (crit.items[0].text if crit.items else ""), cs.total, cs.max))
    return replace(
        base,
        scored=True,
        set_ref=iset.ref,
        groups={
            c: {"total": g.total, "max": g.max, "level": g.level, "level_label": g.level_label}
            for c, g in res.groups.items()
        },
        total=sum((g.total for g in res.groups.values()), Decimal(0)),
        overall_level=res.overall_level,
        overall_label=res.overall_label,
        criteria=tuple(criteria),
    )


_lock = threading.Lock()
# data file's real path → (its 'scores' stamp, {(inbox id, sha256, received_at): FileScore or None})
_kept: dict[str, tuple[str, dict[tuple, FileScore | None]]] = {}
KEEP_FILES = 4  # data files whose scores are kept (an officer has one open; tests open many)


# what a roll-up shows of an inbox row beside the file's score (and the key of a kept score)
ROW_COLUMNS = ("id", "sha256", "received_at", "signature_state", "late", "signing_time", "due_date", "signer_unchecked")


def stamp(store: Store) -> str | None:
    """The data file's 'scores' stamp; None when it has none (then nothing is kept)."""
    row = store.db.execute("SELECT token FROM change_stamps WHERE name = 'scores'").fetchone()
    return row[0] if row else None


def accepted(store: Store, kind: str | None, period: str | None, sets: dict) -> Iterator[tuple[dict, FileScore]]:
    """(inbox row without its data, FileScore) of each accepted report of `kind`/`period`, by school code; a
    commune's roll-up taken in by a Sở is left out. Files scored earlier under the current stamp are not read."""
    where = str(Path(store.path).resolve())
    now = stamp(store)  # read before the rows: a change landing meanwhile leaves a stamp these scores never match
    with _lock:
        kept = _kept.get(where)
        scores = dict(kept[1]) if kept and now is not None and kept[0] == now else {}
    fresh: dict[tuple, FileScore | None] = {}
    for row in accepted_rows(store, kind, period, ROW_COLUMNS):
        key = (row["id"], row["sha256"], row["received_at"])
        if key in scores:
            f = scores[key]
        else:
            data = data_of(store, row["id"])
            if data is None:  # deleted since the rows were read (by another program: the app deletes none)
                continue
            f = fresh[key] = score_file(store, sets, data)
        if f is not None:
            yield row, f
    if now is not None and fresh:
        with _lock:
            kept = _kept.pop(where, None)
            mine = kept[1] if kept and kept[0] == now else {}
            _kept[where] = (now, {**mine, **fresh})
            while len(_kept) > KEEP_FILES:
                del _kept[next(iter(_kept))]


def forget() -> None:
    """Drop every kept score (tests, benchmarks; nothing in the program needs it for correctness)."""
    with _lock:
        _kept.clear()
