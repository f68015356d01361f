import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.core.errors import DataFileError
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store import profile as prof


def _integrity(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_backup_restore_round_trip(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        prof.save_school(s, prof.School(name="Trường Một", levels=["TH"]))
        bak = backups.make_backup(s, target=tmp_path / "copy.db")
        assert _integrity(bak) == "ok"
        prof.save_school(s, prof.School(name="Trường Hai", levels=["TH"]))
        safety = backups.restore(s, bak)
        assert prof.get_school(s).name == "Trường Một"
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the data that was replaced is kept as a backup
    with Store.open(safety, lock=False) as old:
        assert prof.get_school(old).name == "Trường Hai"


def test_restore_of_damaged_file_is_refused_and_data_untouched(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        prof.save_school(s, prof.School(name="Trường Một"))
        good = backups.make_backup(s, target=tmp_path / "good.db")
        raw = bytearray(good.read_bytes())
        raw[4096:4096 + 512] = b"\xff" * 512  # trash page 2
        bad = tmp_path / "bad.db"
        bad.write_bytes(bytes(raw))
        truncated = tmp_path / "cut.db"
        truncated.write_bytes(good.read_bytes()[:50])
        for f in (bad, truncated, tmp_path / "missing.db"):
            with pytest.raises(DataFileError):
                backups.restore(s, f)
        assert prof.get_school(s).name == "Trường Một"
        assert backups.list_backups(s) == []  # nothing was even started


def test_retention_keeps_ten_recent_and_one_per_day(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        start = datetime(2026, 1, 1, 8, 0, 0)
        for day in range(40):
            for k in range(3):
                backups.make_backup(s, kind="auto", now=start + timedelta(days=day, hours=k))
        kept = backups.list_backups(s)
    now = start + timedelta(days=39, hours=2)
    assert kept[0].taken == now
    # newest 10: all of days 39, 38, 37 and the last of day 36; then the last of each day back to day 9
    # (exactly 30 days before the last run): 31 days, 4 of them already among the newest 10.
    assert len(kept) == 37
    days = sorted({b.taken.date() for b in kept})
    assert len(days) == 31 and days[0] == (start + timedelta(days=9)).date()
    older = [b for b in kept[10:]]
    assert all(b.taken.hour == 10 for b in older)


def test_latest_good_backup_skips_damaged_ones(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path) as s:
        prof.save_school(s, prof.School(name="Trường Một"))
        first = backups.make_backup(s, kind="auto", now=datetime(2026, 3, 1, 9))
        second = backups.make_backup(s, kind="auto", now=datetime(2026, 3, 2, 9))
    second.write_bytes(b"broken")
    assert backups.latest_good_backup(path) == first


def test_restore_over_damaged_data_keeps_damaged_file(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path) as s:
        prof.save_school(s, prof.School(name="Trường Một"))
        good = backups.make_backup(s, kind="auto")
    path.write_bytes(b"\x00" * 8192)
    with pytest.raises(DataFileError):
        Store.open(path)
    kept = backups.restore_damaged(path, good)
    assert kept.read_bytes() == b"\x00" * 8192
    with Store.open(path) as s:
        assert prof.get_school(s).name == "Trường Một"
