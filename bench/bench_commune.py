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
from _common import PY, ROOT, report

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
        t, c = time.perf_counter(), time.process_time()
        res = inbox.take_in(s, [folder + "/bao-cao"], trust=[folder + "/chung-thu-goc-thu-nghiem.pem"],
                            progress=progress)
        t_in, c_in = time.perf_counter() - t, time.process_time() - c
        t = time.perf_counter()
        ru = build_rollup(s, "self-assessment", "2025-2026")
        t_roll = time.perf_counter() - t
    print(json.dumps({"files": len(res.outcomes), "accepted": res.count("accepted"), "rejected": res.count("rejected"),
                      "intake_s": t_in, "intake_cpu_ms": 1000 * c_in / len(res.outcomes), "rollup_s": t_roll, "schools": len(ru.rows), "peak_mb": rss(),
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


def _pdfsig_loop(files: list[Path]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the pdfsig processes) for one loop over the files."""
    import resource

    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    for f in files:
        subprocess.run(["pdfsig", str(f)], capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)


def _marks(r: dict) -> str:
    return ", ".join(f"{k} files {v:.0f} MB" for k, v in sorted(r["marks"].items(), key=lambda kv: int(kv[0])))


def main() -> None:
    if not shutil.which("pdfsig"):
        print("pdfsig (poppler-utils) is needed for the anchor", file=sys.stderr)
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        from desktop.core.commune.demo import REPORTS_DIR, build_commune, cpu_count

        gen_workers = cpu_count()
        # BENCH_WORK keeps the demo commune between runs (the layout of tests/helpers/authority_file.py)
        work = Path(os.environ.get("BENCH_WORK") or tmp)
        folder = work / f"xa-{N}"
        t = time.perf_counter()
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            build_commune(folder, N, workers=gen_workers)
            (folder / "done").write_text("ok")
            t_gen = time.perf_counter() - t
            made = f"{t_gen:.0f} s ({gen_workers} processes)"
        else:
            made = "kept from an earlier run"
        files = sorted((folder / REPORTS_DIR).glob("*.pdf"))
        print(f"{len(files)} signed report files for {N} schools: {made}", flush=True)
        load = os.getloadavg()[0]
        (anchor_before, cpu_before) = _pdfsig_loop(files)
        r = _intake(folder, Path(tmp) / "one.db")
        (anchor_after, cpu_after) = _pdfsig_loop(files)
        load = max(load, os.getloadavg()[0])
    n = len(files)
    t_anchor = (anchor_before + anchor_after) / 2
    cpu_anchor = 1000 * (cpu_before + cpu_after) / 2 / n
    anchor = (f"pdfsig loop {t_anchor:.1f} s ({1000 * t_anchor / n:.1f} ms/file, CPU {cpu_anchor:.1f} ms/file; "
              f"before {anchor_before:.1f} s, after {anchor_after:.1f} s)")
    per_file = 1000 * r["intake_s"] / r["files"]
    print(f"intake, one process: {r['files']} files ({r['accepted']} accepted, {r['held']} held, {r['rejected']} "
          f"rejected) in {r['intake_s']:.1f} s ({per_file:.1f} ms/file); roll-up of {r['schools']} schools in "
          f"{r['rollup_s']:.2f} s; peak RSS {r['peak_mb']:.0f} MB ({_marks(r)})")
    report(f"commune intake + verify, {r['files']} report files, one process (load average up to {load:.1f})",
           f"{r['intake_s']:.1f} s ({per_file:.1f} ms/file, CPU {r['intake_cpu_ms']:.1f} ms/file), peak RSS "
           f"{r['peak_mb']:.0f} MB ({_marks(r)}); roll-up {r['rollup_s']:.2f} s; demo commune {made}",
           anchor, r["intake_s"] / t_anchor, "≤ 1.5× pdfsig, RSS flat", r["intake_s"] <= 1.5 * t_anchor)


if __name__ == "__main__":
    main()
