"""store.db reads SELECTs straight through sqlite3 (the same rows sqlite-utils gives) and creates sqlite-utils'
Database only when something else is asked for, so opening a current file does not import sqlite-utils."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlite_utils

from desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_selects_match_sqlite_utils(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        s.write("people", {}, {"role": "staff", "full_name": "Trần Thị Bình"}, summary="x")
        s.write("people", {}, {"role": "principal", "full_name": "Lê Văn Cường"}, summary="y")
        real = sqlite_utils.Database(s.conn)
        for sql, params in [("SELECT * FROM people ORDER BY id", None),
                            ("select id, full_name FROM people WHERE role = ?", ["staff"]),
                            ("SELECT\n  full_name FROM people WHERE role = :r", {"r": "principal"}),
                            ("SELECT 1 AS a, 2 AS a, 3 AS a_2", None),  # repeated names: sqlite-utils renames
                            ("  SELECT count(*) FROM history", [])]:
            assert list(s.db.query(sql, params)) == list(real.query(sql, params))
        assert s.db.execute("SELECT full_name FROM people WHERE id = ?", [1]).fetchone() == ("Trần Thị Bình",)
        assert s.row("people", {"id": 2})["full_name"] == "Lê Văn Cường"
        assert s.row("people", {"id": 99}) is None


def test_everything_else_is_sqlite_utils(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        assert "settings" in s.db.table_names()
        assert s.db["people"].pks == ["id"]
        assert [r["name"] for r in s.db.query("PRAGMA table_info(settings)")] == ["key", "value"]
        s.db.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
        assert s.get_setting("k") == 1


def _imports_sqlite_utils(code: str) -> bool:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('sqlite_utils' in sys.modules)"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_opening_a_current_file_does_not_import_sqlite_utils(tmp_path):
    db = tmp_path / "a.db"
    open_and_read = (f"from desktop.core.store import Store, profile\ns = Store.open({str(db)!r})\n"
                     "profile.current_school_year(s); s.row('settings', {'key': 'x'}); s.close()")
    assert _imports_sqlite_utils(open_and_read)  # a new file: the migrations run through sqlite-utils
    assert not _imports_sqlite_utils(open_and_read)  # up to date: plain sqlite3
