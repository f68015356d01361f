"""`make bench`: run every bench/bench_*.py in its own process, one run header in bench/results.md."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import start_run


def main() -> int:
    start_run()
    failed = []
    only = set(sys.argv[1:])
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        if only and script.stem not in only:
            continue
        print(f"== {script.stem}", flush=True)
        if subprocess.run([sys.executable, str(script)]).returncode != 0:
            failed.append(script.stem)
    if failed:
        print("Benchmarks that failed to run:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
