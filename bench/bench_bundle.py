"""Bundle size: the app's one-dir bundle (size as `du -sb` counts it) and its .tar.xz download, against a plain
PySide6-Essentials hello-world (QApplication + QMainWindow) built one-dir by PyInstaller with default settings from
the same venv in the same run, and archived the same way.

The app's bundle is build/dist/socds as `make bundle` makes it (filtered spec, ICU cut down, checked by running
it). If it is missing or older than any source it is built here first with build/build.py (niced; the check runs
too, so the size measured is that of a bundle that works). `--no-build` only reports, and says how to build.
Linux only: the archive is the Linux .tar.xz and the target is the Linux one.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, report

sys.path[:0] = [str(ROOT / "build"), str(ROOT)]
import build as bundle_build  # noqa: E402  (build/build.py: archive() makes the .tar.xz the same way as make bundle)

DIST = ROOT / "build" / "dist"
BUNDLE = DIST / "socds"
SOURCES = ("desktop", "resources", "build", "requirements", "pyproject.toml")
HELLO = """import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.show()
if "--smoke" not in sys.argv:
    sys.exit(app.exec())
"""
TARGET_DIR, TARGET_XZ = 110_000_000, 45_000_000


def du_sb(path: Path) -> int:
    """Apparent size as `du -sb` gives it (the real `du` when there is one, else build.py's count)."""
    if shutil.which("du"):
        out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True).stdout
        return int(out.split()[0])
    return bundle_build.du(path)


def newest_source() -> tuple[float, str]:
    """(mtime, path) of the most recently changed source the bundle is made of (build outputs left aside)."""
    newest = (0.0, "")
    for name in SOURCES:
        top = ROOT / name
        if top.is_file():
            newest = max(newest, (top.stat().st_mtime, name))
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d != "__pycache__" and Path(folder, d) not in (DIST, ROOT / "build" / "work")]
            for f in files:
                p = Path(folder, f)
                newest = max(newest, (p.stat().st_mtime, str(p.relative_to(ROOT))))
    return newest


def ensure_pyinstaller() -> None:
    if subprocess.run([PY, "-c", "import PyInstaller"], capture_output=True).returncode != 0:
        print("PyInstaller is not in the venv: installing requirements/build.txt (as `make bundle` does)", flush=True)
        subprocess.run([PY, "-m", "pip", "install", "-q", "--require-hashes", "-r",
                        str(ROOT / "requirements" / "build.txt")], check=True)


def ensure_bundle(allow_build: bool) -> str:
    """Build build/dist/socds if it is missing or stale; returns how the bundle measured came to be."""
    exe = BUNDLE / "socds"
    built_at = exe.stat().st_mtime if exe.exists() else None
    when, newest = newest_source()
    if built_at is not None and built_at >= when:
        return "existing build/dist/socds (newer than every source)"
    why = "missing" if built_at is None else f"older than {newest}"
    if not allow_build:
        raise SystemExit(f"build/dist/socds is {why}: run `make bundle` (or `{PY} build/build.py`) first")
    tools = [t for t in ("readelf", "nm", "gcc", "icupkg") if shutil.which(t) is None]
    if tools:  # without them the ICU data stays whole and the figure would not be the shipped bundle's
        raise SystemExit(f"build/dist/socds is {why}, and building it needs {', '.join(tools)}: "
                         "run `make bundle` once (it installs them), then `make bench`")
    print(f"build/dist/socds is {why}: building it with build/build.py (niced, ~1-4 min)", flush=True)
    ensure_pyinstaller()
    t0 = time.perf_counter()
    subprocess.run(["nice", "-n", "10", PY, str(ROOT / "build" / "build.py"), "--no-archive"], check=True, cwd=ROOT)
    return f"built in this run ({time.perf_counter() - t0:.0f} s incl. the bundle check)"


def our_archive() -> Path:
    """The .tar.xz of the current bundle: reuse the one `make bundle` wrote if it is newer than the bundle."""
    exe = BUNDLE / "socds"
    found = sorted(DIST.glob("socds-*-linux-*.tar.xz"), key=lambda p: p.stat().st_mtime)
    if found and found[-1].stat().st_mtime >= exe.stat().st_mtime:
        return found[-1]
    print("archiving build/dist/socds (xz -9, ~1-2 min)", flush=True)
    return bundle_build.archive(BUNDLE)


def anchor(tmp: Path) -> tuple[int, int]:
    """One-dir size and .tar.xz size of the PySide6 hello-world built with PyInstaller's defaults."""
    src = tmp / "hello.py"
    src.write_text(HELLO, encoding="utf-8")
    print("building the anchor: PySide6 hello-world, `pyinstaller --onedir` defaults (~1-2 min)", flush=True)
    subprocess.run(["nice", "-n", "10", PY, "-m", "PyInstaller", "--noconfirm", "--onedir", "--log-level", "WARN",
                    "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "work"), "--specpath", str(tmp),
                    str(src)], check=True, cwd=tmp)
    onedir = tmp / "dist" / "hello"
    smoke = subprocess.run([str(onedir / "hello"), "--smoke"], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if smoke.returncode != 0:
        raise SystemExit(f"the anchor hello-world does not start: {smoke.stderr[-2000:]}")
    print("archiving the anchor the same way (xz -9)", flush=True)
    xz = tmp / "hello.tar.xz"
    archive_dir(onedir, xz)
    return du_sb(onedir), xz.stat().st_size


def archive_dir(folder: Path, target: Path) -> None:
    import lzma
    import tarfile

    with lzma.open(target, "wb", preset=9) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            tar.add(path, arcname=str(Path(folder.name) / path.relative_to(folder)), recursive=False)


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB ({n:,} B)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true", help="do not build build/dist/socds; fail if missing/stale")
    opts = ap.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench_bundle measures the Linux bundle: run it on Linux (Windows sizes: the CI job)")
    how = ensure_bundle(not opts.no_build)
    ours_dir = du_sb(BUNDLE)
    ours_xz = our_archive()
    ensure_pyinstaller()
    with tempfile.TemporaryDirectory(prefix="socds-bench-anchor-") as tmp:
        anchor_dir, anchor_xz = anchor(Path(tmp))
    print(f"bundle measured: {how}")
    report("bundle one-dir size (du -sb)", f"{mb(ours_dir)}, {ours_dir / 2**20:.1f} MiB",
           f"PySide6 hello-world one-dir, PyInstaller defaults {mb(anchor_dir)}", ours_dir / anchor_dir,
           "≤ 110 MB", ours_dir <= TARGET_DIR)
    size_xz = ours_xz.stat().st_size
    report("bundle download (.tar.xz, xz -9)", f"{mb(size_xz)} ({ours_xz.name})",
           f"hello-world one-dir .tar.xz {mb(anchor_xz)}", size_xz / anchor_xz, "≤ 45 MB", size_xz <= TARGET_XZ)


if __name__ == "__main__":
    main()
