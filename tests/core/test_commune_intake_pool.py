"""Intake with worker processes gives the same rows as one file at a time, whatever order the workers finish
in; stopping, a dying worker or a killed run never leave a file reported as taken in without its row and its
kept copy, and a run that stops removes the copies it made for files it never recorded."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import _ExecutorManagerThread as ExecutorManagerThread
from pathlib import Path

import pytest

from desktop.core.commune import inbox, intake_pool, roster
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from tests.helpers import dying_worker
from tests.helpers.pool_checkers import record_pool_checkers

ROOT = Path(__file__).resolve().parents[2]


def _authority(path: Path, commune) -> Store:
    s = Store.open(path)
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    return s


def _inputs(commune, tmp_path) -> list[Path]:
    """Every demo file, with the order problems that need care: v2 before v1, the same file twice, a non-PDF."""
    v1 = next(f for f in commune.files if f.name.startswith(commune.two_versions) and f.stem.endswith("v1"))
    v2 = next(f for f in commune.files if f.name.startswith(commune.two_versions) and f.stem.endswith("v2"))
    other = tmp_path / "ghi-chu.txt"
    other.write_bytes(b"not a pdf")
    rest = [f for f in commune.files if f not in (v1, v2)]
    return [v2, *rest[:3], other, v2, *rest[3:], v1, rest[0]]


def _rows(store: Store) -> list[dict]:
    cols = "id, sha256, size, original_name, stored_path, school_code, kind, period, version, state, reason, " \
           "signature_state, signer, signing_time, late, due_date, superseded_by, data"
    rows = [dict(r) for r in store.db.query(f"SELECT {cols} FROM inbox ORDER BY id")]
    for r in rows:  # the time a duplicate's first copy came in differs between runs (a minute may turn)
        r["reason"] = _RECEIVED_AT.sub("nhận lúc …", r["reason"] or "")
    return rows


_RECEIVED_AT = re.compile(r"nhận lúc \d{4}-\d\d-\d\d \d\d:\d\d")


def _kept(store: Store) -> set[str]:
    folder = store.data_dir / "inbox"
    return {p.relative_to(store.data_dir).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_pool_rows_equal_one_at_a_time(commune, tmp_path):
    files = _inputs(commune, tmp_path)
    results = {}
    for workers in (1, 2):
        with _authority(tmp_path / f"w{workers}.db", commune) as s:
            res = inbox.take_in(s, files, trust=[commune.root_cert_path], workers=workers)
            results[workers] = ([(o.name, o.state, o.reason, o.school_code) for o in res.outcomes], _rows(s))
            assert _kept(s) == {r["stored_path"] for r in _rows(s) if r["stored_path"]}
    assert results[1] == results[2]
    states = [o[1] for o in results[2][0]]
    assert states.count("accepted") == len(commune.files) - 2 and "Trùng tệp" in results[2][0][5][2]


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_keeps_what_was_reported_and_nothing_else(commune, tmp_path, workers):
    seen = []
    with _authority(tmp_path / "xa.db", commune) as s:
        res = inbox.take_in(s, commune.files, trust=[commune.root_cert_path], workers=workers,
                            progress=lambda d, t, n: seen.append(d), cancelled=lambda: len(seen) >= 3)
        assert res.cancelled and len(res.outcomes) == 3 and seen == [1, 2, 3]
        rows = _rows(s)
        assert [r["original_name"] for r in rows] == [f.name for f in commune.files[:3]]
        # files handed out ahead of the stop were kept by the worker(s), then removed again
        assert _kept(s) == {r["stored_path"] for r in rows}


@pytest.mark.parametrize("entry, marker", [
    ("process_or_die", dying_worker.DIE_WHILE_PROCESSING),
    ("process_or_die_sending", dying_worker.DIE_WHILE_SENDING),
], ids=["while-processing", "while-sending-a-result"])
def test_a_dying_worker_does_not_change_any_verdict(commune, tmp_path, monkeypatch, entry, marker):
    made = record_pool_checkers(monkeypatch)
    monkeypatch.setattr(intake_pool, "process_in_worker", getattr(dying_worker, entry))
    # the worker dies on the third file, while files are still waiting to be handed out (the pool works at most
    # 2 x workers + 2 ahead): the file it had and all the rest must be checked in this process
    doomed = tmp_path / f"31000003_{marker}.pdf"
    doomed.write_bytes(commune.files[2].read_bytes())
    inputs = _inputs(commune, tmp_path)
    files = inputs[:2] + [doomed] + inputs[2:] * 2
    with _authority(tmp_path / "a.db", commune) as s:
        inbox.take_in(s, files, trust=[commune.root_cert_path], workers=2)
        after_kill = _rows(s)
        assert _kept(s) == {r["stored_path"] for r in after_kill if r["stored_path"]}
    assert made[0]._fallback is not None  # the pool did break, the rest was checked in this process
    assert multiprocessing.active_children() == []  # no worker left behind
    assert not any(isinstance(t, ExecutorManagerThread) for t in threading.enumerate())  # nor its thread
    assert len(after_kill) == len(files)
    with _authority(tmp_path / "b.db", commune) as s:
        inbox.take_in(s, files, trust=[commune.root_cert_path], workers=1)
        assert _rows(s) == after_kill


@pytest.mark.parametrize("kept_before", [False, True], ids=["new-copy", "copy-kept-before"])
def test_a_run_cancelled_while_a_worker_dies_mid_send_stops(commune, tmp_path, monkeypatch, kept_before):
    made = record_pool_checkers(monkeypatch)
    asked = []

    def cancel_once_a_worker_died() -> bool:  # asked before each file is recorded: the first one goes through
        asked.append(1)
        if len(asked) == 1:
            return False
        deadline = time.monotonic() + 60
        # the checker may already have noticed (waiting for the first file, queued behind the half-sent result)
        while made[0]._fallback is None and not made[0]._a_worker_died() and time.monotonic() < deadline:
            time.sleep(0.05)
        return True

    monkeypatch.setattr(intake_pool, "process_in_worker", dying_worker.process_or_die_sending)
    doomed = tmp_path / f"31000003_{dying_worker.DIE_WHILE_SENDING}.pdf"
    doomed.write_bytes(commune.files[2].read_bytes())
    files = [commune.files[0], doomed, *commune.files[3:]]
    with _authority(tmp_path / "a.db", commune) as s:
        before = set()
        if kept_before:  # e.g. named by a newer data file than the one restored from a backup: never removed
            sha = hashlib.sha256(doomed.read_bytes()).hexdigest()
            (s.data_dir / "inbox" / sha[:2]).mkdir(parents=True)
            (s.data_dir / "inbox" / sha[:2] / sha).write_bytes(doomed.read_bytes())
            before = {f"inbox/{sha[:2]}/{sha}"}
        res = inbox.take_in(s, files, trust=[commune.root_cert_path], workers=2, cancelled=cancel_once_a_worker_died)
        rows = _rows(s)
        assert res.cancelled and [r["original_name"] for r in rows] == [commune.files[0].name]
        # the copy the dying worker kept for a file never recorded is removed, unless it was there before the run
        assert _kept(s) == {rows[0]["stored_path"]} | before
    assert multiprocessing.active_children() == []
    assert not any(isinstance(t, ExecutorManagerThread) for t in threading.enumerate())


def test_a_half_written_copy_left_by_a_dead_worker_is_removed(commune, tmp_path):
    with _authority(tmp_path / "a.db", commune) as s:
        partial = s.data_dir / "inbox" / "ab" / ".~abcdef.x1y2.tmp"  # what fileio.atomic_writer leaves when killed
        partial.parent.mkdir(parents=True)
        partial.write_bytes(b"%PDF-1.7 cut short")
        inbox.take_in(s, commune.files[:2], trust=[commune.root_cert_path], workers=1)
        assert not partial.exists()
        assert _kept(s) == {r["stored_path"] for r in _rows(s) if r["stored_path"]}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name fsynced files")
def test_kept_copy_is_fsynced_before_its_row_is_committed(commune, tmp_path, monkeypatch):
    import desktop.core.fileio as fileio

    events = []
    real_fsync = fileio.os.fsync

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    real_record = inbox._record

    def record(store, path, got, *a):
        out = real_record(store, path, got, *a)
        events.append(("row", got.stored_path))
        return out

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    monkeypatch.setattr(inbox, "_record", record)
    with _authority(tmp_path / "xa.db", commune) as s:
        inbox.take_in(s, commune.files[:4], trust=[commune.root_cert_path], workers=1)
        data_dir = str(s.data_dir)
    for i, (kind, rel) in enumerate(events):
        if kind != "row":
            continue
        before = [p for k, p in events[:i] if k == "fsync"]
        folder = str(Path(data_dir) / rel).rsplit("/", 1)[0]
        assert any(p.startswith(folder + "/") for p in before), f"{rel}: file not fsynced before its row"
        assert folder in before, f"{rel}: folder not fsynced before its row"


CHILD = r"""
import sys
from desktop.core.store import Store
from desktop.core.commune import inbox
db, trust, workers, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def progress(done, total, name):
    print(name, flush=True)   # printed only after the file's row was committed
if __name__ == "__main__":
    with Store.open(db) as s:
        inbox.take_in(s, files * 3, trust=[trust], workers=workers, progress=progress)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("workers", [1, 2])
def test_killed_run_keeps_every_reported_file(commune, tmp_path, workers):
    db = tmp_path / "xa.db"
    _authority(db, commune).close()
    out = tmp_path / "out.txt"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    with open(out, "wb") as fh:
        proc = subprocess.Popen([sys.executable, str(script), str(db), str(commune.root_cert_path), str(workers),
                                 *map(str, commune.files)], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while len(out.read_bytes().split(b"\n")) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-stream
    proc.wait(timeout=20)
    proc.stderr.close()
    reported = out.read_text().split("\n")[:-1]
    assert len(reported) >= 4
    with Store.open(db) as s:
        assert s.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = _rows(s)
        assert [r["original_name"] for r in rows[:len(reported)]] == reported
        for r in rows:
            assert r["stored_path"] is None or (s.data_dir / r["stored_path"]).is_file()
        json.dumps(rows)


def test_demo_files_signed_in_worker_processes_are_real_signed_reports(tmp_path):
    from desktop.core.commune.demo import build_commune

    demo = build_commune(tmp_path / "xa", 5, workers=2)
    assert [f.name for f in demo.files] == sorted(f.name for f in demo.files)  # in school order
    with _authority(tmp_path / "xa.db", demo) as s:
        res = inbox.take_in(s, demo.files, trust=[demo.root_cert_path], workers=1)
    states = {o.name.split("_")[0] + o.name[-6:-4]: o.state for o in res.outcomes}
    assert states.pop(demo.tampered + "v1") == "rejected"
    assert set(states.values()) == {"accepted"} and len(states) == len(demo.files) - 1
    assert all("Chữ ký số hợp lệ" in o.reason for o in res.outcomes if o.state == "accepted")
