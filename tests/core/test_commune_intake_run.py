"""An intake run: stopping or a killed run never leave a file reported as taken in without its row and its kept
copy; a run that stops removes the copies it made for files it never recorded; kept copies are durable first."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.commune import inbox, roster
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled

ROOT = Path(__file__).resolve().parents[2]


def _authority(path: Path, commune) -> Store:
    s = Store.open(path)
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    return s


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


def test_cancel_keeps_what_was_reported_and_nothing_else(commune, tmp_path):
    seen = []
    with _authority(tmp_path / "xa.db", commune) as s:
        res = inbox.take_in(s, commune.files, trust=[commune.root_cert_path],
                            progress=lambda d, t, n: seen.append(d), cancelled=lambda: len(seen) >= 3)
        assert res.cancelled and len(res.outcomes) == 3 and seen == [1, 2, 3]
        rows = _rows(s)
        assert [r["original_name"] for r in rows] == [f.name for f in commune.files[:3]]
        assert _kept(s) == {r["stored_path"] for r in rows}


def test_a_half_written_copy_left_by_a_killed_run_is_removed(commune, tmp_path):
    with _authority(tmp_path / "a.db", commune) as s:
        partial = s.data_dir / "inbox" / "ab" / ".~abcdef.x1y2.tmp"  # what fileio.atomic_writer leaves when killed
        partial.parent.mkdir(parents=True)
        partial.write_bytes(b"%PDF-1.7 cut short")
        inbox.take_in(s, commune.files[:2], trust=[commune.root_cert_path])
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
        inbox.take_in(s, commune.files[:4], trust=[commune.root_cert_path])
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
db, trust, files = sys.argv[1], sys.argv[2], sys.argv[3:]
def progress(done, total, name):
    print(name, flush=True)   # printed only after the file's row was committed
if __name__ == "__main__":
    with Store.open(db) as s:
        inbox.take_in(s, files * 3, trust=[trust], progress=progress)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_run_keeps_every_reported_file(commune, tmp_path):
    db = tmp_path / "xa.db"
    _authority(db, commune).close()
    out = tmp_path / "out.txt"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    with open(out, "wb") as fh:
        proc = subprocess.Popen([sys.executable, str(script), str(db), str(commune.root_cert_path), *map(str, commune.files)], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while len(out.read_bytes().split(b"\n")) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
    os.killpg(proc.pid, signal.SIGKILL)  # the run, mid-stream
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
        res = inbox.take_in(s, demo.files, trust=[demo.root_cert_path])
    states = {o.name.split("_")[0] + o.name[-6:-4]: o.state for o in res.outcomes}
    assert states.pop(demo.tampered + "v1") == "rejected"
    assert set(states.values()) == {"accepted"} and len(states) == len(demo.files) - 1
    assert all("Chữ ký số hợp lệ" in o.reason for o in res.outcomes if o.state == "accepted")
