"""Soak: the real app (the `socds` entry, one process per data file) driven through every page of both modes for
a set time, with repeated refreshes, intakes, exports and dialogs opened and closed (tests/helpers/soak.py).

It fails on any abort or non-zero exit, any Qt warning about deleted objects, any message box the scenario did not
expect, or the resident memory growing more than 20% from the end of the first round to the end of the last.
SOCDS_SOAK_MINUTES sets the time of each mode's run: 0.75 in `make test`, 10 in `make stress`. `make stress` runs
the authority mode on a 1,000-school file (SOCDS_SOAK_SCHOOLS=1000, generated once into SOCDS_SOAK_WORK); the
short run uses the 8-school demo commune. SOCDS_SOAK_REPORT names a file the figures are appended to.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINUTES = float(os.environ.get("SOCDS_SOAK_MINUTES", "0.75"))
SCHOOLS = int(os.environ.get("SOCDS_SOAK_SCHOOLS", "0"))
BAD = ("deleted", "Destroyed while", "Fatal Python error", "Traceback", "unexpected message", "QObject::",
       "QThread:")
GROWTH = 1.20


def start(scenario: str, db: Path, home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCDS_HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.gui_driver", scenario, str(db), *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def figures(name: str, proc: subprocess.Popen, timeout: float) -> dict:
    out, err = proc.communicate(timeout=timeout)
    rounds = [(int(n), int(kb)) for n, kb in re.findall(r"^round (\d+) rss_kb (\d+)", out, re.M)]
    malloc = [(int(used), int(free)) for used, free in re.findall(r"malloc_used_kb (\d+) malloc_free_kb (\d+)", out)]
    return {"name": name, "code": proc.returncode, "out": out, "err": err, "rounds": rounds, "malloc": malloc,
            "bad": [line for line in err.splitlines() if any(b in line for b in BAD)]}


def malloc_note(malloc: list[tuple[int, int]]) -> str:
    """What glibc says of its heap after round 1 and after the last: in use, and freed but kept (not a leak)."""
    if not malloc:
        return ""
    (used1, free1), (used2, free2) = malloc[0], malloc[-1]
    return (f"; malloc in use {used1 / 1024:.0f} → {used2 / 1024:.0f} MB, freed but kept "
            f"{free1 / 1024:.0f} → {free2 / 1024:.0f} MB")


@pytest.mark.timeout(int(MINUTES * 60) + 1800)  # the run itself, plus building a 1,000-school file
def test_soak_both_modes_stress_or_kill(demo_db, commune, tmp_path, _isolated_home):
    seconds = MINUTES * 60
    school_db = tmp_path / "truong.db"
    shutil.copy(demo_db, school_db)
    if SCHOOLS:
        from tests.helpers.authority_file import build_authority_file

        work = Path(os.environ.get("SOCDS_SOAK_WORK") or tmp_path / "work")
        authority_db = build_authority_file(tmp_path / "xa.db", SCHOOLS, work)
        source = work / f"xa-{SCHOOLS}"
    else:
        from tests.helpers.authority_file import authority_file_from

        source = commune.out_dir
        authority_db = authority_file_from(source, tmp_path / "xa.db")
    intake = tmp_path / "nhan-lai"  # a handful of the files, taken in again every round
    intake.mkdir()
    for f in sorted((source / "bao-cao").iterdir())[:6]:
        shutil.copy(f, intake / f.name)
    procs = [("school", start("soak-school", school_db, _isolated_home / "a", str(seconds), str(tmp_path / "out-a"))),
             ("authority", start("soak-authority", authority_db, _isolated_home / "b", str(seconds),
                                 str(tmp_path / "out-b"), str(intake), str(source / "danh-sach-truong.xlsx")))]
    results = [figures(name, proc, seconds + 900) for name, proc in procs]
    lines = []
    for r in results:
        first, last = (r["rounds"][0][1], r["rounds"][-1][1]) if r["rounds"] else (0, 0)
        lines.append(f"{r['name']}: exit {r['code']}, {len(r['rounds'])} rounds in {MINUTES:g} min, "
                     f"RSS after round 1 {first / 1024:.0f} MB, after the last {last / 1024:.0f} MB "
                     f"({(last / first - 1) * 100 if first else 0:+.1f}%), highest "
                     f"{max((kb for _n, kb in r['rounds']), default=0) / 1024:.0f} MB, warnings {len(r['bad'])}"
                     + malloc_note(r["malloc"]))
    summary = "\n".join(lines)
    print(summary)
    if os.environ.get("SOCDS_SOAK_REPORT"):
        with open(os.environ["SOCDS_SOAK_REPORT"], "a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
    for r in results:
        assert r["code"] == 0, f"{r['name']}: exit status {r['code']}\n{r['err'][-3000:]}"
        assert "exit 0" in r["out"], r["out"][-2000:]
        assert not r["bad"], f"{r['name']}:\n" + "\n".join(r["bad"][:20])
        assert len(r["rounds"]) >= 2, r["out"][-2000:]
        first, last = r["rounds"][0][1], r["rounds"][-1][1]
        assert last <= first * GROWTH, f"{r['name']}: RSS {first} kB after round 1, {last} kB after the last\n{summary}"
