"""Commune intake run again over the same folder (issue 21): every file was received before, so each is only
hashed and skipped (no verification, no row). Figure: the second run; anchor: the first run over the same files
(full intake), same process, same machine load. Target: the re-run ≤ 0.2× the first, with 0 new rows.

BENCH_REINTAKE_N schools (default 30; the demo commune is generated first with the real export and signing).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, report

sys.path.insert(0, str(ROOT))

N = int(os.environ.get("BENCH_REINTAKE_N", "30"))


def main() -> None:
    from desktop.core.commune import inbox, roster
    from desktop.core.commune.demo import build_commune
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    with tempfile.TemporaryDirectory() as tmp:
        c = build_commune(Path(tmp) / "xa", N)
        folder = c.files[0].parent
        with Store.open(Path(tmp) / "xa.db") as s:
            ensure_bundled(s)
            roster.import_workbook(s, c.roster_path)
            t0 = time.perf_counter()
            first = inbox.take_in(s, [folder], trust=[c.root_cert_path])
            t1 = time.perf_counter()
            rows = s.db.execute("SELECT COUNT(*) FROM inbox").fetchone()[0]
            again = inbox.take_in(s, [folder], trust=[c.root_cert_path])
            t2 = time.perf_counter()
            new_rows = s.db.execute("SELECT COUNT(*) FROM inbox").fetchone()[0] - rows
    ratio = (t2 - t1) / (t1 - t0)
    report("commune re-intake (same folder)",
           f"{len(again.skipped)} files skipped in {t2 - t1:.2f} s, {new_rows} new rows",
           f"first intake of {len(first.outcomes)} files {t1 - t0:.2f} s", ratio, "≤ 0.2×, 0 new rows",
           ratio <= 0.2 and new_rows == 0)


if __name__ == "__main__":
    main()
