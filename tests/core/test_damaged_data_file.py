"""Damaged data files: truncated, garbage header, a trashed b-tree page, a lost or cut `-wal` companion.

For each: the store's open path, `socds --smoke` and `socds backups` detect it, name the latest good automatic
backup, never change a byte of the damaged file, and `socds recover` restores that backup keeping the damaged
file aside. The lost-wal files are made the way it happens: a writer dies with committed changes only in its
-wal (process exit without close), then the -wal is deleted or cut.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.errors import DataFileError
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store.db import WalLostError
from desktop.core.store.startup import open_for_session

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


def _build(db: Path) -> Path:
    """A file with an automatic backup holding 'before-backup' and 300 settings rows written after it."""
    store = open_for_session(db)  # the app's start: takes the automatic backup
    store.close()
    with Store.open(db) as s:
        s.set_setting("marker", "before-backup")
        good = backups.make_backup(s, kind="auto")
        with s.tx():
            for i in range(300):
                s.set_setting(f"later.{i}", "x" * 300)
    return good


def _die_with_wal(db: Path) -> None:
    """A writer commits 50 edits then dies without closing: they live only in the -wal."""
    code = ("import os, sys\nfrom desktop.core.store import Store\ns = Store.open(sys.argv[1])\n"
            "for i in range(50):\n    s.set_setting(f'wal.{i}', i)\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, check=True, timeout=60)
    assert Path(f"{db}-wal").stat().st_size > 0


def _truncate_half(db):
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def _truncate_tiny(db):
    db.write_bytes(db.read_bytes()[:60])


def _garbage_header(db):
    raw = bytearray(db.read_bytes())
    raw[:100] = os.urandom(100)
    db.write_bytes(bytes(raw))


def _flip_middle_page(db):
    raw = bytearray(db.read_bytes())
    mid = (len(raw) // PAGE) // 2 * PAGE
    raw[mid:mid + PAGE] = bytes(x ^ 0xFF for x in raw[mid:mid + PAGE])  # a rotten sector: every bit flipped
    db.write_bytes(bytes(raw))


def _lost_wal_shm_kept(db):
    _die_with_wal(db)
    Path(f"{db}-wal").unlink()


def _lost_wal_and_shm(db):
    _die_with_wal(db)
    Path(f"{db}-wal").unlink()
    Path(f"{db}-shm").unlink()


def _cut_wal(db):
    _die_with_wal(db)
    wal = Path(f"{db}-wal")
    os.truncate(wal, wal.stat().st_size // 2)


CASES = {
    "truncated-half": _truncate_half, "truncated-60-bytes": _truncate_tiny, "garbage-header": _garbage_header,
    "flipped-middle-page": _flip_middle_page, "lost-wal-shm-kept": _lost_wal_shm_kept,
    "lost-wal-and-shm": _lost_wal_and_shm, "cut-wal": _cut_wal,
}


def _snapshot(db: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in db.parent.iterdir() if p.is_file() and p.name.startswith(db.name) and not p.name.endswith(".lock")}


def _socds(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_file_detected_kept_and_recoverable(tmp_path, case, capsys):
    db = tmp_path / "school.db"
    good = _build(db)
    CASES[case](db)
    before = _snapshot(db)

    with pytest.raises(DataFileError) as err:
        Store.open(db)
    assert str(good) in err.value.message and "socds recover" in err.value.message
    assert _snapshot(db) == before

    smoke = _socds("--smoke", "--db", str(db))
    assert smoke.returncode == DataFileError.exit_code, smoke.stderr
    assert "Lỗi:" in smoke.stderr and str(good) in smoke.stderr and "Traceback" not in smoke.stderr

    assert cli.main(["backups", "--db", str(db)]) == DataFileError.exit_code
    out = capsys.readouterr()
    assert "hỏng" in out.err or "mất" in out.err
    assert str(good) in out.out  # the list of what can be restored is still shown
    assert _snapshot(db) == before  # detection wrote nothing

    assert cli.main(["recover", "--db", str(db)]) == 0
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("school.db.damaged-") and "-" not in p.name[-4:]]
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == before["school.db"]
    with Store.open(db) as s:
        assert s.get_setting("marker") == "before-backup"
        assert s.get_setting("later.0") is None
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_lost_wal_is_certain_with_shm_and_possible_without(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db, lose in ((a, _lost_wal_shm_kept), (b, _lost_wal_and_shm)):
        _build(db)
        lose(db)
    with pytest.raises(WalLostError) as certain:
        Store.open(a)
    with pytest.raises(WalLostError) as maybe:
        Store.open(b)
    assert certain.value.certain and not maybe.value.certain
    assert "đã bị mất" in certain.value.message and "có thể đã mất" in maybe.value.message


def test_no_false_alarm_after_clean_close_crash_or_backup_restore(tmp_path):
    db = tmp_path / "a.db"
    _build(db)
    Store.open(db).close()  # clean close: -wal gone, nothing lost
    assert not Path(f"{db}-wal").exists()
    Store.open(db).close()
    _die_with_wal(db)  # a crash with the -wal intact: SQLite replays it, nothing lost
    with Store.open(db) as s:
        assert s.get_setting("wal.49") == 49
    # a raw copy of a closed file, and a file restored from a backup, open without complaint
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    Store.open(copy).close()
    with Store.open(db) as s:
        bak = backups.make_backup(s, target=tmp_path / "bak.db")
    fresh = tmp_path / "fresh.db"
    Store.open(fresh).close()
    with Store.open(fresh) as s:
        backups.restore(s, bak)
    Store.open(fresh).close()


def test_keep_current_accepts_a_lost_wal_file_once(tmp_path, capsys):
    db = tmp_path / "a.db"
    _build(db)
    _lost_wal_and_shm(db)
    assert cli.main(["recover", "--keep-current", "--db", str(db)]) == 0
    with Store.open(db) as s:  # accepted: opens normally from now on, with what the main file holds
        assert s.get_setting("wal.0") is None and s.get_setting("later.299") == "x" * 300


def test_keep_current_refused_for_a_damaged_file(tmp_path, capsys):
    db = tmp_path / "a.db"
    _build(db)
    _garbage_header(db)
    before = _snapshot(db)
    assert cli.main(["recover", "--keep-current", "--db", str(db)]) != 0
    assert "khôi phục" in capsys.readouterr().err
    assert _snapshot(db) == before
