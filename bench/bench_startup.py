"""Start-up: launch to the first painted main window with the demo data, vs a bare PySide6 window.

Both are launched the same way (a fresh Python process, offscreen Qt) and timed from just before the process
is spawned to the first complete frame of the main window: the event-loop turn after its first paint event, when
the window and all its children have been painted (noted in the child, see startup_child.py). The app goes
through the `socds` command's own start (desktop.cli.main); its first frame is the real main window with its
navigation and the dashboard filled from the demo school. Also reported, spawned the same way in the same loop: the
"floor", what any start of ours pays before our own code runs (the bare window plus `import sqlite_utils`, the
store's one way into the data, PySide6's `Qt` namespace and a label of Vietnamese text; startup_child.py's `floor`
mode), as a ratio to the bare window: the part of the 2× budget left for our code is 2× less that ratio. Also: the
time until the window takes input after that paint, the time until the start's automatic backup (taken after the
paint, off the UI thread) is written, and the peak RSS with the demo open.

The children run with bytecode writing allowed, so the warm-up launch leaves the .pyc files an installed program
has (a pip install compiles them, the bundle ships them); otherwise PYTHONDONTWRITEBYTECODE would make every
launch compile the whole package from source. Qt's settings live in a throw-away folder (a user's saved font
scale or window size must not change the figure).

Second comparison, what a user really launches: the PyInstaller one-dir bundle (build/dist/socds/socds, built by
`make bundle`; skipped with a message when absent) against a bare PySide6 window bundled the same way (one-dir,
build/socds.spec's filters and options: bundle_filter's exclusions and library/plugin/translation filters,
optimize=2, stripped), built once into build/work/startup-anchor/ and rebuilt only when its spec, PySide6 or
PyInstaller change (~1-2 min, niced). Both are spawned the same way and report the time of their first complete
frame on the file descriptor named by SOCDS_BENCH_PAINT_FD, then quit (desktop/ui/app.py, _bench_report).
`--no-bundle` leaves this comparison out.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, median, report

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


BUNDLE = ROOT / "build" / "dist" / "socds" / "socds"
ANCHOR_DIR = ROOT / "build" / "work" / "startup-anchor"
ANCHOR_APP = """import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):  # the first complete frame: the loop turn after the window's first paint
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, frame_done)
        return False


def frame_done():
    fd = os.environ.get("SOCDS_BENCH_PAINT_FD")
    if fd:
        os.write(int(fd), f"painted {time.time():.6f}\\n".encode())
    app.quit()


app = QApplication(sys.argv)
win = QMainWindow()
win.resize(1280, 720)
spy = FirstPaint()
win.installEventFilter(spy)
win.show()
sys.exit(app.exec())
"""
# The app's spec (build/socds.spec) with the anchor's script: the same filters and options.
ANCHOR_SPEC = """import sys
from pathlib import Path
sys.path.insert(0, {build!r})
import bundle_filter

WINDOWS = sys.platform == "win32"
WORK = Path({work!r})
a = Analysis([{script!r}], excludes=bundle_filter.EXCLUDED_MODULES, noarchive=False, optimize=2)
a.binaries, _ = bundle_filter.filter_toc(a.binaries)
if not WINDOWS:
    a.binaries, _ = bundle_filter.relink_vendored(a.binaries, WORK)
    a.binaries, _ = bundle_filter.prune_unreachable(a.binaries)
a.datas, _ = bundle_filter.filter_toc(a.datas)
if not WINDOWS:
    a.datas, _ = bundle_filter.relink_vendored(a.datas, WORK)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="hello", console=True, strip=not WINDOWS, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, strip=not WINDOWS, upx=False, name="hello")
"""


def anchor_bundle() -> Path | None:
    """The bare window's one-dir bundle, built (niced) when missing or when its inputs changed."""
    exe = ANCHOR_DIR / "dist" / "hello" / "hello"
    script, spec = ANCHOR_DIR / "hello.py", ANCHOR_DIR / "hello.spec"
    spec_text = ANCHOR_SPEC.format(build=str(ROOT / "build"), work=str(ANCHOR_DIR / "work"), script=str(script))
    versions = subprocess.run([PY, "-c", "import PySide6, PyInstaller; print(PySide6.__version__, PyInstaller.__version__)"],
                              capture_output=True, text=True)
    if versions.returncode != 0:
        print(f"bundled start-up: no anchor — PyInstaller is not in the venv ({PY} -m pip install -r requirements/build.txt)")
        return None
    key = hashlib.sha256((ANCHOR_APP + spec_text + versions.stdout
                          + (ROOT / "build" / "bundle_filter.py").read_text(encoding="utf-8")).encode()).hexdigest()
    stamp = ANCHOR_DIR / "stamp"
    if exe.exists() and stamp.exists() and stamp.read_text() == key:
        return exe
    ANCHOR_DIR.mkdir(parents=True, exist_ok=True)
    script.write_text(ANCHOR_APP, encoding="utf-8")
    spec.write_text(spec_text, encoding="utf-8")
    print("building the bundled anchor: a bare PySide6 window with build/socds.spec's filters and options (~1-2 min)",
          flush=True)
    subprocess.run(["nice", "-n", "10", PY, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(ANCHOR_DIR / "dist"), "--workpath", str(ANCHOR_DIR / "work"), str(spec)],
                   check=True, cwd=ANCHOR_DIR)
    stamp.write_text(key)
    return exe


def launch_bundled(args: list[str], timeout: float = 30) -> float | None:
    """Spawn a bundled program; seconds from spawn to the first complete frame it reports (None: it did not)."""
    read_fd, write_fd = os.pipe()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOCDS_BENCH_PAINT_FD": str(write_fd)}
    t0 = time.time()
    proc = subprocess.Popen(args, env=env, pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    line = b""
    try:
        import select

        while not line.endswith(b"\n") and select.select([read_fd], [], [], timeout)[0]:
            chunk = os.read(read_fd, 200)
            if not chunk:
                break
            line += chunk
    finally:
        os.close(read_fd)
    parts = line.decode().split()
    painted = float(parts[1]) - t0 if len(parts) == 2 and parts[0] == "painted" else None
    try:
        proc.wait(timeout=timeout if painted is not None else 0.1)  # it quits after reporting; else it never will
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return painted


def bundled_comparison(db: str) -> None:
    if not BUNDLE.exists():
        print("bundled start-up: skipped — build/dist/socds is missing (`make bundle` builds it)")
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_bundle import newest_source  # the bundle's sources, as bench_bundle judges staleness

    when, newest = newest_source()
    if BUNDLE.stat().st_mtime < when:
        print(f"note: build/dist/socds is older than {newest}: the figure is for that build (`make bundle` refreshes it)")
    anchor = anchor_bundle()
    if anchor is None:
        return
    ours_args, bare_args = [str(BUNDLE), "--db", db], [str(anchor)]
    if launch_bundled(ours_args) is None:  # warm-up: the OS file cache, as a user's second launch
        print("bundled start-up: skipped — build/dist/socds did not report its first frame (a build from before "
              "SOCDS_BENCH_PAINT_FD: `make bundle`)")
        return
    launch_bundled(bare_args)
    ours, bare = [], []
    for _ in range(RUNS):
        ours.append(launch_bundled(ours_args))
        bare.append(launch_bundled(bare_args))
    if None in ours or None in bare:
        raise SystemExit("a bundled launch did not report its first frame")
    o, b = median(ours), median(bare)
    report("start-up to the first painted window, bundled (PyInstaller one-dir, demo data)", f"{o * 1000:.0f} ms",
           f"bare PySide6 window bundled the same way {b * 1000:.0f} ms", o / b, "≤ 2×", o / b <= 2)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SOCDS_HOME"] = tmp
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = str(Path(tmp) / "demo.db")
        subprocess.run([PY, "-m", "desktop", "demo", "--db", db], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        launch("app", db)  # warm the OS file cache (and the .pyc files) for both, as a user's second launch
        launch("bare", None)
        launch("floor", None)
        ours, bare, floor = [], [], []
        for _ in range(RUNS):
            ours.append(launch("app", db))
            bare.append(launch("bare", None))
            floor.append(launch("floor", None))
        o, b = median([m["painted"] for m in ours]), median([m["painted"] for m in bare])
        report("start-up to the first painted window (demo data)", f"{o * 1000:.0f} ms", f"bare PySide6 window {b * 1000:.0f} ms",
               o / b, "≤ 2×", o / b <= 2)
        f = median([m["painted"] for m in floor])
        report("floor: bare window + import sqlite_utils + Qt namespace + a Vietnamese label (no code of ours)",
               f"{f * 1000:.0f} ms", f"bare PySide6 window {b * 1000:.0f} ms", f / b, "—", None)
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
        if "--no-bundle" not in sys.argv:
            bundled_comparison(db)


if __name__ == "__main__":
    main()
