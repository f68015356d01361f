"""The lock is on the data file, not on the name it was opened by (issue 18, 5): a symbolic link to the file, a
link to its folder, or a hard link must meet the first window's lock. Before, each name had its own `.lock`, and
two writers on one file lost an acknowledged edit."""
from __future__ import annotations

import os

import pytest

from desktop.core.errors import DataFileLocked
from desktop.core.store import Store


@pytest.mark.parametrize("how", ["symlink", "folder-symlink", "hardlink", "dotdot"])
def test_a_second_name_meets_the_lock(tmp_path, how):
    real = tmp_path / "a" / "truong.db"
    real.parent.mkdir()
    first = Store.open(real)
    try:
        if how == "symlink":
            other = tmp_path / "lien-ket.db"
            other.symlink_to(real)
        elif how == "folder-symlink":
            (tmp_path / "b").symlink_to(real.parent, target_is_directory=True)
            other = tmp_path / "b" / "truong.db"
        elif how == "hardlink":
            if os.name == "nt":
                pytest.skip("hard links are held by the .lock beside the real path only on POSIX")
            other = tmp_path / "ban-sao.db"
            os.link(real, other)
        else:
            other = tmp_path / "a" / ".." / "a" / "truong.db"
        with pytest.raises(DataFileLocked):
            Store.open(other)
        first.write("people", {}, {"role": "staff", "full_name": "Lê Thị Hoa"}, summary="thêm")
    finally:
        first.close()
    with Store.open(other) as again:  # released: the other name opens, with the edit
        assert again.db.execute("SELECT full_name FROM people").fetchall() == [("Lê Thị Hoa",)]


def test_a_helper_connection_leaves_the_sessions_marker(tmp_path):
    """The intake thread opens the window's file a second time with lock=False. Its close cleared the session
    marker while the window still had the file open, so a -wal lost after that went unnoticed (walcheck)."""
    import shutil

    from desktop.core.store import walcheck

    db = tmp_path / "xa.db"
    with Store.open(db) as window:
        with Store.open(db, lock=False, create=False) as helper:
            helper.set_setting("x", 1)
        window.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        alone = shutil.copy(db, tmp_path / "copied-alone.db")  # the main file without its -wal, mid-session
        assert walcheck.lost_wal(alone) is not None  # the marker says a session had it open
    assert walcheck.lost_wal(db) is None  # the window's own close clears it
