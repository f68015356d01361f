"""A 0-byte data file beside good backups is damage (issue 18, 2): SQLite would take it for a new, empty database
and the school's data would seem gone. Before, it was opened as a new file and `socds recover` called it
"bình thường". With no backup (a file that never held data) it is still a new file."""
from __future__ import annotations

import pytest

from desktop import cli
from desktop.core.errors import DataFileError
from desktop.core.store import Store
from desktop.core.store import backup as backups


def test_empty_file_beside_good_backups_is_damage_and_recover_restores_it(tmp_path, capsys):
    db = tmp_path / "truong.db"
    with Store.open(db) as store:
        store.write("people", {}, {"role": "principal", "full_name": "Nguyễn Văn An"}, summary="thêm")
        good = backups.make_backup(store, kind="auto")
    db.write_bytes(b"")
    with pytest.raises(DataFileError) as err:
        Store.open(db)
    assert "0 byte" in err.value.message and str(good) in err.value.message
    assert db.stat().st_size == 0  # left as it was
    assert cli.main(["recover", "--db", str(db)]) == 0
    assert "bình thường" not in capsys.readouterr().out
    with Store.open(db) as store:
        assert store.db.execute("SELECT full_name FROM people").fetchall() == [("Nguyễn Văn An",)]
    assert [p for p in tmp_path.iterdir() if ".damaged-" in p.name]  # the empty file kept aside, as any damage


def test_empty_file_without_backups_is_a_new_file(tmp_path):
    db = tmp_path / "moi.db"
    db.write_bytes(b"")
    with Store.open(db) as store:
        assert store.db.execute("SELECT count(*) FROM people").fetchone() == (0,)
