"""Autosave: the latency of one answer's commit (synchronous=FULL, WAL), p50 and p99 over 1,000 edits.

Each edit goes through the same call the GUI makes (`assessments.set_answer`: validation, history, commit).
The anchor is a bare sqlite3 INSERT OR REPLACE + COMMIT of one row with the same pragmas on the same disk —
the floor set by fsync, which nothing above it can beat.
"""
from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import percentile, report

EDITS = 1000


def ours(folder: Path) -> list[float]:
    from desktop.core.demo import build_demo
    from desktop.core.store import Store
    from desktop.core.store import assessments as asm

    db = build_demo(folder / "demo.db")
    lat = []
    with Store.open(db) as store:
        a = asm.current_assessment(store)
        iset = asm.assessment_set(store, a["id"])
        scored = [it for it in iset.items() if it.answer.kind == "points"]
        for i in range(EDITS):
            it = scored[i % len(scored)]
            value = Decimal(i % int(it.max_points) + 1) if it.max_points else Decimal(0)
            t = time.perf_counter()
            asm.set_answer(store, a["id"], it.code, min(value, it.max_points))
            lat.append(time.perf_counter() - t)
    return lat


def anchor(folder: Path) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answers (k TEXT PRIMARY KEY, v TEXT)")
    lat = []
    for i in range(EDITS):
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (f"1.{i % 20}", str(i)))
        conn.execute("COMMIT")
        lat.append(time.perf_counter() - t)
    conn.close()
    return lat


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["SOCDS_HOME"] = tmp
        o = ours(Path(tmp))
        b = anchor(Path(tmp))
    p50, p99 = percentile(o, 50) * 1000, percentile(o, 99) * 1000
    b50, b99 = percentile(b, 50) * 1000, percentile(b, 99) * 1000
    report("autosave one answer (synchronous=FULL), 1,000 edits", f"p50 {p50:.2f} ms, p99 {p99:.2f} ms",
           f"bare sqlite3 commit p50 {b50:.2f} ms, p99 {b99:.2f} ms", p99 / b99, "p99 ≤ 15 ms", p99 <= 15)


if __name__ == "__main__":
    main()
