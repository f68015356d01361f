"""The roll-up, built again only when something it reads has changed.

build_rollup re-scores every accepted data file: about a second of work for 1,000 schools, paid on every opening
of the overview. `rollup()` gives the roll-up of the last call instead, as long as the data file's roll-up stamp
(store schema m007: a random token redrawn by triggers on every insert, update and delete on the tables in
WATCHED, in the same transaction, whatever connection or program writes) is the one it was built under. A change
of the inbox (a file taken in, an officer's decision), of the roster, of the requests, of an external assessment
or of the installed indicator sets therefore rebuilds it; nothing else can make it stale. A restored older copy
carries an older token, never the current one.

The cached Rollup is shared between callers: read it, never change it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.commune.rollup import Rollup, build_rollup
from desktop.core.store import Store

# The tables build_rollup reads (tests/core/test_rollup_cache.py checks it with SQLite's authorizer): each has the
# stamp triggers of store/schema.py m007. A roll-up reading another table needs a migration adding its triggers.
WATCHED = ("inbox", "roster", "return_requests", "assessments", "answers", "indicator_sets")
KEEP = 8  # roll-ups kept (data files × kinds × periods): the overview shows one at a time

_lock = threading.Lock()
_cache: dict[tuple[str, str | None, str | None], tuple[str, Rollup]] = {}


def stamp(store: Store) -> str | None:
    """The data file's roll-up stamp; None when it has none (nothing is then cached)."""
    row = store.db.execute("SELECT token FROM change_stamps WHERE name = 'rollup'").fetchone()
    return row[0] if row else None


def rollup(store: Store, kind: str | None = None, period: str | None = None) -> Rollup:
    """build_rollup(store, kind, period), or the same roll-up built earlier under the current stamp."""
    key = (str(Path(store.path).resolve()), kind, period)
    now = stamp(store)  # read before building: a change landing meanwhile leaves a stamp this build never matches
    with _lock:
        hit = _cache.get(key)
        if now is not None and hit is not None and hit[0] == now:
            _cache[key] = _cache.pop(key)  # most recently used last
            return hit[1]
    built = build_rollup(store, kind, period)
    if now is not None:
        with _lock:
            _cache.pop(key, None)
            _cache[key] = (now, built)
            while len(_cache) > KEEP:
                del _cache[next(iter(_cache))]
    return built


def forget() -> None:
    """Drop every cached roll-up (tests; nothing in the program needs it for correctness)."""
    with _lock:
        _cache.clear()
