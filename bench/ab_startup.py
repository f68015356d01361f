"""A/B of the start-up: source trees (and the bare/floor windows) launched alternately, to compare changes.

    python bench/ab_startup.py [--rounds N] TREE [TREE ...]

TREE is a folder holding a checkout (`.` for this one) or a git revision of this repository (exported once with
`git archive` into a cache folder under the system's temporary folder). Each round launches every tree and then
the bare window and the floor (bench_startup.py's `bare` and `floor` children) in turn, so a change in the
machine's load hits all of them alike. Each tree starts on its own demo data file (made by that tree's
`socds demo`), through this tree's bench/startup_child.py. Printed per variant: the median wall time from spawn
to the first complete frame and the median CPU time of the child until its window takes input, each also as a
ratio to the bare window; and the load average before and after. Nothing is written to bench/results.md: the
figures worth keeping are copied there by hand, with their load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT

CHILD = ROOT / "bench" / "startup_child.py"


def tree_dir(spec: str, cache: Path) -> Path:
    """A folder for `spec`: itself when it is one, else the git revision exported into the cache."""
    if Path(spec).is_dir():
        return Path(spec).resolve()
    rev = subprocess.run(["git", "rev-parse", "--short", spec], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    out = cache / rev
    if not (out / "desktop").is_dir():
        out.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def launch(mode: str, tree: Path | None, db: str | None, env: dict) -> tuple[float, float]:
    """One child: (seconds to the first complete frame, CPU seconds until it takes input)."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    args = [PY, str(CHILD), mode, repr(t0)] + ([db] if db else [])
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    marks = {p[0]: float(p[1]) for p in (ln.split() for ln in out.stdout.splitlines()) if len(p) >= 2}
    if "painted" not in marks:
        raise SystemExit(f"{mode} {tree} did not paint: {out.stderr[-2000:]}")
    return marks["painted"], marks["cpu"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trees", nargs="+")
    ap.add_argument("--rounds", type=int, default=11)
    opts = ap.parse_args()
    cache = Path(tempfile.gettempdir()) / "socds-ab-trees"
    trees = [(spec, tree_dir(spec, cache)) for spec in opts.trees]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SOCDS_HOME": tmp, "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        variants = []
        for i, (spec, tree) in enumerate(trees):
            db = str(Path(tmp) / f"demo{i}.db")
            subprocess.run([PY, "-m", "desktop", "demo", "--db", db], check=True, capture_output=True,
                           env={**env, "PYTHONPATH": str(tree)})
            variants.append((spec, "app", tree, db))
        variants += [("bare", "bare", None, None), ("floor", "floor", None, None)]
        load = os.getloadavg()[0]
        for _, mode, tree, db in variants:  # warm-up: the OS file cache and the .pyc files
            launch(mode, tree, db, env)
        runs: dict[str, list[tuple[float, float]]] = {v[0]: [] for v in variants}
        for _ in range(opts.rounds):
            for name, mode, tree, db in variants:
                runs[name].append(launch(mode, tree, db, env))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"{opts.rounds} rounds, load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'variant':<24} {'first frame':>12} {'ratio':>6} {'CPU to input':>13} {'ratio':>6}")
    for name in runs:
        print(f"{name:<24} {wall[name] * 1000:>9.0f} ms {wall[name] / wall['bare']:>5.2f}× "
              f"{cpu[name] * 1000:>10.0f} ms {cpu[name] / cpu['bare']:>5.2f}×")


if __name__ == "__main__":
    main()
