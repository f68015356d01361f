"""Shared bits of the benchmarks: timing, the results file, the machine line."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# BENCH_RESULTS points development runs elsewhere, so trial runs do not land in the committed table.
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results.md")
PY = sys.executable


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def median(xs):
    return statistics.median(xs)


def percentile(xs, p):
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def report(name: str, figure: str, anchor: str, ratio: float | None, target: str, met: bool | None) -> str:
    """Print one benchmark's line and append it to bench/results.md."""
    verdict = "" if met is None else (" ✔" if met else " ✘")
    ratio_s = "—" if ratio is None else f"{ratio:.2f}×"
    line = f"| {datetime.now():%Y-%m-%d %H:%M} | {name} | {figure} | {anchor} | {ratio_s} | {target}{verdict} |"
    print(f"{name}: {figure}  (anchor: {anchor}; ratio {ratio_s}; target {target}{verdict})")
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nEach run appends its rows; the machine is named above each run.\n\n",
                           encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return line


def start_run() -> None:
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nEach run appends its rows; the machine is named above each run.\n\n",
                           encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(f"\n## Run {datetime.now():%Y-%m-%d %H:%M} — {machine()}\n\n"
                 "| when | benchmark | ours | anchor | ratio | target |\n|---|---|---|---|---|---|\n")


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)
