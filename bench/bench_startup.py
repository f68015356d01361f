"""Start-up: launch to the first painted main window with the demo data, vs a bare PySide6 window.

Both are launched the same way (a fresh Python process, offscreen Qt) and timed from just before the process
is spawned to the first complete frame of the main window: the event-loop turn after its first paint event, when
the window and all its children have been painted (noted in the child, see startup_child.py). The app goes
through the `socds` command's own start (desktop.cli.main); its first frame is the real main window with its
navigation and the dashboard filled from the demo school. Also reported: the time until the window takes input
after that paint, the time until the start's automatic backup (taken after the paint, off the UI thread) is
written, and the peak RSS with the demo open.

The children run with bytecode writing allowed, so the warm-up launch leaves the .pyc files an installed program
has (a pip install compiles them, the bundle ships them); otherwise PYTHONDONTWRITEBYTECODE would make every
launch compile the whole package from source. Qt's settings live in a throw-away folder (a user's saved font
scale or window size must not change the figure).
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


def launch(mode: str, db: str | None, settle: float = 0) -> dict[str, float]:
    """One child: {'painted': s, 'rss': kB, and for the app 'ready': s, 'backup': s}."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if settle:
        env["BENCH_SETTLE"] = str(settle)
    t0 = time.time()
    args = [PY, str(ROOT / "bench" / "startup_child.py"), mode, repr(t0)] + ([db] if db else [])
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    marks = {}
    for ln in out.stdout.splitlines():
        parts = ln.split()
        if parts and parts[0] == "painted":
            marks["painted"], marks["rss"] = float(parts[1]), int(parts[2])
        elif len(parts) == 2 and parts[0] in ("ready", "backup"):
            marks[parts[0]] = float(parts[1])
    if "painted" not in marks:
        raise SystemExit(f"{mode} did not paint: {out.stderr[-2000:]}")
    return marks


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = str(Path(tmp) / "demo.db")
        subprocess.run([PY, "-m", "desktop", "demo", "--db", db], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        launch("app", db)  # warm the OS file cache (and the .pyc files) for both, as a user's second launch
        launch("bare", None)
        ours, bare = [], []
        for _ in range(RUNS):
            ours.append(launch("app", db))
            bare.append(launch("bare", None))
        o, b = median([m["painted"] for m in ours]), median([m["painted"] for m in bare])
        report("start-up to the first painted window (demo data)", f"{o * 1000:.0f} ms", f"bare PySide6 window {b * 1000:.0f} ms",
               o / b, "≤ 1.5×", o / b <= 1.5)
        r = median([m["ready"] for m in ours])
        report("start-up until the dashboard takes input", f"{r * 1000:.0f} ms", f"bare PySide6 window {b * 1000:.0f} ms",
               r / b, "—", None)
        k = median([m["backup"] for m in ours])
        report("start-up until its automatic backup is written", f"{k * 1000:.0f} ms",
               f"bare PySide6 window {b * 1000:.0f} ms", k / b, "—", None)
        rss = launch("app", db, settle=1.0)["rss"]
        bare_rss = launch("bare", None)["rss"]
        report("peak RSS, demo open on the first screen", f"{rss / 1024:.0f} MB", f"bare window {bare_rss / 1024:.0f} MB",
               rss / bare_rss, "≤ 200 MB", rss / 1024 <= 200)


if __name__ == "__main__":
    main()
