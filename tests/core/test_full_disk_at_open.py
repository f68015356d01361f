"""A full disk is not a damaged file (issue 18, 1 and 4). On a real small filesystem (tmpfs): a healthy data file
opened with 8 KB or 0 bytes free, and `socds recover` run then, must say the disk is full, exit 1 and leave the
file exactly as it was (same bytes). Before: exit 4 "bị hỏng (disk I/O error)"; recover then moved the file
aside, failed inside the restore (exit 70) and left a 0-byte data file. A restore that runs out of space must
leave the damaged file in place, not shorter."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.errors import DataFileError, UserError
from desktop.core.store import Store
from desktop.core.store import backup as backups
from tests.helpers import smallfs


# The small disk holds the data file, its -wal while it is written and one backup: 1 MB stopped being enough when
# the schema grew (migration m007's stamp table and triggers add 12 KB to each copy). It is filled up anyway.
DISK_KB = 2048


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _school_file(db: Path, people: int = 40) -> None:
    with Store.open(db) as store:
        for i in range(people):
            store.write("people", {}, {"role": "staff", "full_name": f"Giáo viên {i} " + "x" * 200}, summary="thêm")
        backups.make_backup(store, kind="auto")


def _state(folder: Path) -> dict:
    """Every file's size and bytes, but SQLite's own empty -wal and its -shm index (rebuilt from the -wal)."""
    return {p.name: (p.stat().st_size, _sha(p)) for p in folder.iterdir()
            if p.is_file() and p.name != "filler.bin" and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


@pytest.mark.parametrize("leave", [8 * 1024, 0])
def test_open_on_a_full_disk_says_so_and_changes_nothing(tmp_path, capsys, leave):
    with smallfs.tmpfs(tmp_path, DISK_KB) as mnt:
        db = mnt / "truong.db"
        _school_file(db)
        before = _state(mnt)
        smallfs.fill(mnt, leave)
        assert smallfs.free(mnt) <= max(leave, 4096)
        with pytest.raises(UserError) as err:
            Store.open(db).close()
        assert not isinstance(err.value, DataFileError)
        assert "đĩa" in err.value.message and "không bị hỏng" in err.value.message
        assert cli.main(["mode", "--db", str(db)]) == 1
        assert cli.main(["recover", "--db", str(db)]) == 1
        out = capsys.readouterr()
        assert "bị hỏng (" not in out.err and "Lỗi không mong đợi" not in out.err
        assert _state(mnt) == before  # same files, same bytes: nothing moved aside, nothing cut
        (mnt / "filler.bin").unlink()
        with Store.open(db) as store:  # space freed: the same data opens
            assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 40


def test_recover_on_a_full_disk_never_leaves_the_data_file_shorter(tmp_path, capsys):
    with smallfs.tmpfs(tmp_path, DISK_KB) as mnt:
        db = mnt / "truong.db"
        _school_file(db)
        with open(db, "r+b") as fh:  # damage: a header that is not SQLite's
            fh.write(b"NOT SQLITE AT ALL")
        size, sha = db.stat().st_size, _sha(db)
        smallfs.fill(mnt, 8 * 1024)
        assert cli.main(["recover", "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert "dung lượng" in err and "Lỗi không mong đợi" not in err
        assert db.stat().st_size == size and _sha(db) == sha
        assert not [p for p in mnt.iterdir() if p.name.startswith(".~")]  # no staged copy left behind
        (mnt / "filler.bin").unlink()
        assert cli.main(["recover", "--db", str(db)]) == 0  # with room, the restore goes through
        with Store.open(db) as store:
            assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 40
        kept = [p for p in mnt.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and _sha(kept[0]) == sha


def test_read_only_medium_gets_a_message_not_exit_70(tmp_path, capsys):
    with smallfs.tmpfs(tmp_path, DISK_KB) as mnt:
        db = mnt / "truong.db"
        _school_file(db)
        (mnt / "truong.db.lock").unlink()
        before = _state(mnt)
        smallfs.remount(mnt, "ro")
        try:
            assert cli.main(["mode", "--db", str(db)]) == 1
            err = capsys.readouterr().err
            assert "chỉ đọc" in err and "Lỗi không mong đợi" not in err
        finally:
            smallfs.remount(mnt, "rw")
        assert _state(mnt) == before
