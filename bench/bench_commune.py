"""Commune intake: time to take in and verify 1,000 demo report files, and peak memory, vs poppler's `pdfsig`
run over the same files in a loop (the anchor: an independent C verifier, one process per file, one after the
other as a user would run it).

The demo commune is generated first with the real report and signing code (its time is printed too). The
intake runs in a child process on a fresh data file, so its peak RSS is its own; it checks every file in one
process, one after the other (issue 16: no worker pool). RSS is sampled after 10% and 100% of the files to show
that memory stays flat. The pdfsig loop runs before and after the intake and their mean is the anchor (the
machine is shared; the two loops show how much the load moved meanwhile). Target (issue 17): ≤ 1.5× the loop.
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

def main():
    folder, db = sys.argv[1], sys.argv[2]
    rss = lambda who=resource.RUSAGE_SELF: resource.getrusage(who).ru_maxrss / 1024
    with Store.open(db) as s:
        ensure_bundled(s)
        roster.import_workbook(s, folder + "/danh-sach-truong.xlsx")
        marks = {}
        def progress(done, total, name):
            if done in (max(1, total // 10), total):
                marks[done] = rss()
        t = time.perf_counter()
        res = inbox.take_in(s, [folder + "/bao-cao"], trust=[folder + "/chung-thu-goc-thu-nghiem.pem"],
                            progress=progress)
        t_in = time.perf_counter() - t
        t = time.perf_counter()
        ru = build_rollup(s, "self-assessment", "2025-2026")
        t_roll = time.perf_counter() - t
    print(json.dumps({"files": len(res.outcomes), "accepted": res.count("accepted"), "rejected": res.count("rejected"),
                      "intake_s": t_in, "rollup_s": t_roll, "schools": len(ru.rows), "peak_mb": rss(),
                      "held": res.count("held"), "marks": marks}))

if __name__ == "__main__":
    main()
"""


def _intake(folder: Path, db: Path) -> dict:
    script = db.with_suffix(".py")
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([PY, str(script), str(folder), str(db)], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pdfsig_loop(files: list[Path]) -> float:
    t = time.perf_counter()
    for f in files:
        subprocess.run(["pdfsig", str(f)], capture_output=True)
    return time.perf_counter() - t


def _marks(r: dict) -> str:
    return ", ".join(f"{k} files {v:.0f} MB" for k, v in sorted(r["marks"].items(), key=lambda kv: int(kv[0])))


def main() -> None:
    if not shutil.which("pdfsig"):
        print("pdfsig (poppler-utils) is needed for the anchor", file=sys.stderr)
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        from desktop.core.commune.demo import build_commune, cpu_count

        gen_workers = cpu_count()
        t = time.perf_counter()
        demo = build_commune(Path(tmp) / "xa", N, workers=gen_workers)
        t_gen = time.perf_counter() - t
        print(f"generated {len(demo.files)} signed report files for {N} schools in {t_gen:.1f} s "
              f"({gen_workers} processes, {1000 * t_gen / len(demo.files):.0f} ms/file)", flush=True)
        anchor_before = _pdfsig_loop(demo.files)
        r = _intake(demo.out_dir, Path(tmp) / "one.db")
        anchor_after = _pdfsig_loop(demo.files)
    n = len(demo.files)
    t_anchor = (anchor_before + anchor_after) / 2
    anchor = (f"pdfsig loop {t_anchor:.1f} s ({1000 * t_anchor / n:.1f} ms/file; before {anchor_before:.1f} s, "
              f"after {anchor_after:.1f} s)")
    per_file = 1000 * r["intake_s"] / r["files"]
    print(f"intake, one process: {r['files']} files ({r['accepted']} accepted, {r['held']} held, {r['rejected']} "
          f"rejected) in {r['intake_s']:.1f} s ({per_file:.1f} ms/file); roll-up of {r['schools']} schools in "
          f"{r['rollup_s']:.2f} s; peak RSS {r['peak_mb']:.0f} MB ({_marks(r)})")
    report(f"commune intake + verify, {r['files']} report files, one process",
           f"{r['intake_s']:.1f} s ({per_file:.1f} ms/file), peak RSS {r['peak_mb']:.0f} MB ({_marks(r)}); "
           f"roll-up {r['rollup_s']:.2f} s; demo generation {t_gen:.0f} s ({gen_workers} processes)",
           anchor, r["intake_s"] / t_anchor, "≤ 1.5× pdfsig, RSS flat", r["intake_s"] <= 1.5 * t_anchor)


if __name__ == "__main__":
    main()
