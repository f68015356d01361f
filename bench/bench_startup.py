"""Start-up: launch to the first painted main window with the demo data, vs a bare PySide6 window.

Both are launched the same way (a fresh Python process, offscreen Qt) and timed from just before the process
is spawned to the first paint event of the main window. Also reports the peak RSS with the demo open.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, median, report  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def launch(mode: str, db: str | None, settle: float = 0) -> tuple[float, int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    if settle:
        env["BENCH_SETTLE"] = str(settle)
    t0 = time.time()
    args = [PY, str(ROOT / "bench" / "startup_child.py"), mode, repr(t0)] + ([db] if db else [])
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    wall = time.time() - t0
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("painted")]
    if not line:
        raise SystemExit(f"{mode} did not paint: {out.stderr[-2000:]}")
    _, _elapsed, rss = line[0].split()
    return wall, int(rss)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        db = str(Path(tmp) / "demo.db")
        subprocess.run([PY, "-m", "desktop", "demo", "--db", db], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        launch("app", db)  # warm the OS file cache for both, as a user's second launch would be
        launch("bare", None)
        ours, bare = [], []
        for _ in range(RUNS):
            ours.append(launch("app", db)[0])
            bare.append(launch("bare", None)[0])
        o, b = median(ours), median(bare)
        report("start-up to first paint (demo data)", f"{o * 1000:.0f} ms", f"bare PySide6 window {b * 1000:.0f} ms",
               o / b, "≤ 1.5×", o / b <= 1.5)
        _, rss = launch("app", db, settle=1.0)
        _, bare_rss = launch("bare", None)
        report("peak RSS, demo open on the first screen", f"{rss / 1024:.0f} MB", f"bare window {bare_rss / 1024:.0f} MB",
               rss / bare_rss, "≤ 200 MB", rss / 1024 <= 200)


if __name__ == "__main__":
    main()
