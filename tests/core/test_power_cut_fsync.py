"""What a power cut keeps, checked at the system-call level (issue 18, 7).

The SIGKILL test (test_kill_stress_or_kill.py) proves the transaction grouping, but a killed process loses
nothing the kernel already has, so it passes even with synchronous=OFF. A power cut also loses what the kernel
had not yet written to the disk: every write not followed by an fsync of its file, and every new file whose
folder was not fsynced. Here the store's writer runs under an LD_PRELOAD shim (tests/helpers/fsync_log.c) that
logs, in order, writes, fsyncs, file creations and the writer's acknowledgements on stdout; the log is then
replayed as a power cut at the instant of each acknowledgement. The self-test shows the check tells
synchronous=OFF and NORMAL (both lose acknowledged commits at a power cut in WAL mode) from FULL.

Proven: every acknowledged edit had reached fsync() for the data file and its -wal (and their folder entries)
before it was acknowledged. Assumed: fsync() means the disk has it (a drive or USB stick that lies about its
write cache, or a filesystem mounted to ignore flushes, defeats any program)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.store import Store, startup
from desktop.core.store.db import connect

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    if not sys.platform.startswith("linux") or not shutil.which("gcc"):
        pytest.skip("the fsync log needs Linux and gcc (LD_PRELOAD shim)")
    out = tmp_path_factory.mktemp("shim") / "fsync_log.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(out), str(ROOT / "tests/helpers/fsync_log.c"),
                    "-ldl", "-lpthread"], check=True, capture_output=True)
    return out


def _run_logged(shim: Path, folder: Path, argv: list[str]) -> list[tuple[str, str]]:
    log = folder.parent / "fsync-log.txt"
    env = {**os.environ, "LD_PRELOAD": str(shim), "FSYNC_LOG": str(log), "FSYNC_LOG_MATCH": str(folder)}
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return [tuple(line.split(" ", 1)) for line in log.read_text().splitlines()]


def power_cut_losses(events: list[tuple[str, str]], db: Path) -> tuple[int, list[tuple[int, set[str]]]]:
    """(acknowledgements seen, [(ack number, files whose acknowledged content a power cut then could lose)])."""
    keep = {str(db), str(db) + "-wal"}  # -shm is rebuilt from the -wal; .lock holds no data
    dirty: set[str] = set()
    unlinked_new: set[str] = set()  # created, folder entry not yet fsynced
    acks, losses = 0, []
    for kind, path in events:
        if kind == "C":
            unlinked_new.add(path)
        elif kind == "W":
            dirty.add(path)
        elif kind == "S":
            dirty.discard(path)
            unlinked_new = {p for p in unlinked_new if os.path.dirname(p) != path.rstrip("/")}
        elif kind == "A":
            acks += 1
            at_risk = (dirty | unlinked_new) & keep
            if at_risk:
                losses.append((acks, {Path(p).name for p in at_risk}))
    return acks, losses


SQLITE_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = " + sys.argv[2])
conn.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
for n in range(20):
    conn.execute("INSERT INTO t VALUES (?)", (n,))
    sys.stdout.write(f"{n}\\n"); sys.stdout.flush()
conn.close()
"""


@pytest.mark.parametrize("mode, loses", [("OFF", True), ("NORMAL", True), ("FULL", False)])
def test_the_check_tells_synchronous_off_and_normal_from_full(shim, tmp_path, mode, loses):
    folder = tmp_path / "d"
    folder.mkdir()
    db = folder / "t.db"
    events = _run_logged(shim, folder, [sys.executable, "-c", SQLITE_WRITER, str(db), mode])
    acks, losses = power_cut_losses(events, db)
    assert acks == 20
    assert bool(losses) is loses, losses[:3]


def test_every_acknowledged_edit_was_fsynced_before_it_was_acknowledged(shim, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    db = folder / "truong.db"
    events = _run_logged(shim, folder, [sys.executable, "-m", "tests.helpers.kill_child", str(db), "0", "60"])
    acks, losses = power_cut_losses(events, db)
    assert acks == 60 and losses == []
    assert sum(1 for k, p in events if k == "S" and p == str(db) + "-wal") >= 60  # one fsync per commit at least


def test_every_connection_the_store_opens_has_the_durable_pragmas(tmp_path):
    """The writer's connection and the automatic backup's own read connection (the program's two kinds)."""
    with Store.open(tmp_path / "a.db") as store:
        backup_conn = connect(store.path, readonly=True)
        try:
            for conn in (store.db.conn, backup_conn):
                assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
                assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
                assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        finally:
            backup_conn.close()
        auto = startup.AutoBackup(store)
        assert auto.wait(60) and auto.path is not None
        with sqlite3.connect(f"file:{auto.path.as_posix()}?immutable=1", uri=True) as conn:  # a closed, whole file
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
