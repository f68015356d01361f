"""Commune intake: time to take in and verify 1,000 demo report files, and peak memory, vs poppler's `pdfsig`
run over the same files in a loop (the anchor: an independent C verifier, one process per file).

The demo commune is generated first with the real report and signing code (its time is printed too). The
intake runs in a child process so its peak RSS is its own; RSS is also sampled after 10% and 100% of the files
to show that memory stays flat.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, report  # noqa: E402

N = int(os.environ.get("BENCH_COMMUNE_N", "1000"))

CHILD = r"""
import json, resource, sys, time
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.core.commune import inbox, roster
from desktop.core.commune.rollup import build_rollup
folder, db = sys.argv[1], sys.argv[2]
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with Store.open(db) as s:
    ensure_bundled(s)
    roster.import_workbook(s, folder + "/danh-sach-truong.xlsx")
    marks = {}
    def progress(done, total, name):
        if done in (max(1, total // 10), total):
            marks[done] = rss()
    t = time.perf_counter()
    res = inbox.take_in(s, [folder + "/bao-cao"], trust=[folder + "/chung-thu-goc-thu-nghiem.pem"], progress=progress)
    t_in = time.perf_counter() - t
    t = time.perf_counter()
    ru = build_rollup(s, "self-assessment", "2025-2026")
    t_roll = time.perf_counter() - t
print(json.dumps({"files": len(res.outcomes), "accepted": res.count("accepted"), "rejected": res.count("rejected"),
                  "intake_s": t_in, "rollup_s": t_roll, "schools": len(ru.rows), "peak_mb": rss(),
                  "marks": marks}))
"""


def main() -> None:
    if not shutil.which("pdfsig"):
        print("pdfsig (poppler-utils) is needed for the anchor", file=sys.stderr)
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        from desktop.core.commune.demo import build_commune

        t = time.perf_counter()
        demo = build_commune(Path(tmp) / "xa", N)
        t_gen = time.perf_counter() - t
        print(f"generated {len(demo.files)} signed report files for {N} schools in {t_gen:.1f} s", flush=True)
        out = subprocess.run([PY, "-c", CHILD, str(demo.out_dir), str(Path(tmp) / "xa.db")], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        t = time.perf_counter()
        for f in demo.files:
            subprocess.run(["pdfsig", str(f)], capture_output=True)
        t_anchor = time.perf_counter() - t
    marks = ", ".join(f"{k} files {v:.0f} MB" for k, v in sorted(r["marks"].items(), key=lambda kv: int(kv[0])))
    print(f"intake: {r['files']} files ({r['accepted']} accepted, {r['rejected']} rejected) in {r['intake_s']:.1f} s; "
          f"roll-up of {r['schools']} schools in {r['rollup_s']:.2f} s; peak RSS {r['peak_mb']:.0f} MB ({marks})")
    report(f"commune intake + verify, {r['files']} report files",
           f"{r['intake_s']:.1f} s ({1000 * r['intake_s'] / r['files']:.0f} ms/file), peak RSS {r['peak_mb']:.0f} MB "
           f"({marks}); roll-up {r['rollup_s']:.2f} s; demo generation {t_gen:.0f} s",
           f"pdfsig loop {t_anchor:.1f} s ({1000 * t_anchor / len(demo.files):.0f} ms/file)",
           r["intake_s"] / t_anchor, "≤ 10 min for 1,000 files, RSS flat", r["intake_s"] <= 600)


if __name__ == "__main__":
    main()
