"""`make bundle`: build the one-dir bundle with build/socds.spec, check it (build/check_bundle.py), archive it,
and record its figures in build/dist/bundle-report.txt.

Usage: python build/build.py [--no-build] [--no-check] [--no-archive]
The archive is .tar.xz: xz -9 is ~25% smaller than gzip on Qt libraries and ICU data, it unpacks on any Linux
(tar -xJf), and the download size is what matters on a school's weak connection.
"""
from __future__ import annotations

import argparse
import lzma
import os
import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = HERE / "dist"
WORK = HERE / "work"
sys.path.insert(0, str(HERE))

import check_bundle  # noqa: E402
import shrink_icu  # noqa: E402


def du(path: Path) -> int:
    """Apparent size as `du -sb` counts it (the target's measure): files, symlinks and the directories themselves,
    hard links once."""
    seen, total = set(), 0
    for p in [path, *path.rglob("*")]:
        st = p.lstat()
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def build() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(HERE / "socds.spec")], check=True)
    return time.perf_counter() - t0


def archive(bundle: Path) -> Path:
    from desktop import __version__

    arch = platform.machine().lower()
    target = DIST / f"socds-{__version__}-linux-{arch}.tar.xz"
    tmp = target.with_suffix(".part")
    # Sorted, owner-less entries: the same bundle gives the same archive listing.
    with lzma.open(tmp, "wb", preset=9) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            return info

        for path in sorted(bundle.rglob("*")):
            tar.add(path, arcname=str(Path("socds") / path.relative_to(bundle)), recursive=False, filter=clean)
        for extra in ("socds.desktop", "install-linux.sh"):  # menu entry + per-user installer
            tar.add(ROOT / "installer" / extra, arcname=f"socds/{extra}", filter=clean)
    os.replace(tmp, target)
    return target


def dropped_summary() -> list[str]:
    """Sizes of what the spec left out (build/work/dropped.txt, written by build/socds.spec), by kind."""
    path = WORK / "dropped.txt"
    if not path.exists():
        return []
    kinds: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        size, dest = line.split("\t", 1)
        d = dest.replace("\\", "/")
        kind = ("Qt plugins" if "plugins/" in d else "Qt translations" if "translations/" in d
                else "Qt libraries" if "Qt6" in d.rsplit("/", 1)[-1] else "system libraries" if "/" not in d
                else "other files")
        kinds.setdefault(kind, []).append(int(size))
    return [f"  {k}: {len(v)} files, {mb(sum(v))}" for k, v in sorted(kinds.items())]


def biggest(bundle: Path, n: int = 12) -> list[str]:
    files = sorted((p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()),
                   key=lambda p: p.stat().st_size, reverse=True)
    return [f"  {mb(p.stat().st_size):>9}  {p.relative_to(bundle)}" for p in files[:n]]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true", help="reuse build/dist/socds")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--no-archive", action="store_true")
    opts = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    bundle = DIST / "socds"
    lines = []
    if not opts.no_build:
        lines.append(f"build time: {build():.0f} s")
        icu = shrink_icu.shrink(DIST / "socds")
        if icu:
            lines.append(f"ICU data library: {mb(icu[0])} -> {mb(icu[1])}")
    size = du(bundle)
    lines.append(f"one-dir size: {mb(size)} ({size} bytes as du -sb counts, {size / 2**20:.1f} MiB), "
                 f"{sum(1 for _ in bundle.rglob('*'))} entries")
    if not opts.no_check:
        try:
            figures = check_bundle.check(bundle)
        except check_bundle.CheckFailed as err:
            print(f"BUNDLE CHECK FAILED: {err}", file=sys.stderr)
            return 1
        lines += [f"{k}: {v}" for k, v in figures.items()]
    if not opts.no_archive and sys.platform.startswith("linux"):
        t0 = time.perf_counter()
        target = archive(bundle)
        lines.append(f"archive: {target.name} {mb(target.stat().st_size)} ({target.stat().st_size} bytes), "
                     f"{time.perf_counter() - t0:.0f} s to compress")
    if not opts.no_build:
        lines.append("left out by the spec (size at source):")
        lines += dropped_summary()
    lines.append("largest files:")
    lines += biggest(bundle)
    report = "\n".join(lines) + "\n"
    (DIST / "bundle-report.txt").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
