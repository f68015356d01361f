"""One way into the data file: `store.db` (sqlite-utils' Database over the store's own connection). The Qt layer
asks core functions for what it shows and runs no SQL of its own; the store package has no import circle."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+\S")


def _sql_in_ui() -> list[str]:
    found = []
    for py in sorted((ROOT / "desktop" / "ui").rglob("*.py")):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{py.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executescript", "query", "conn"):
                found.append(f"{where} .{node.attr}")
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "db":
                found.append(f"{where} .db[…]")
            elif isinstance(node, ast.Attribute) and node.attr == "db" and isinstance(getattr(node, "ctx", None), ast.Load):
                found.append(f"{where} .db")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value) \
                    and " FROM " in node.value.upper():
                found.append(f"{where} SQL text")
    return found


def test_the_ui_runs_no_sql():
    assert _sql_in_ui() == []


def test_the_check_sees_sql(tmp_path, monkeypatch):
    """The scan above is not blind: a page that queries the store is caught."""
    fake = tmp_path / "desktop" / "ui" / "pages"
    fake.mkdir(parents=True)
    (fake / "p.py").write_text('def f(self):\n    return self.store.db.execute("SELECT id FROM inbox").fetchone()\n')
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(_sql_in_ui()) >= 2


def test_store_db_is_sqlite_utils_over_the_stores_connection(tmp_path):
    with Store.open(tmp_path / "a.db") as s:
        assert type(s.db) is sqlite_utils.Database
        assert not hasattr(s, "conn")
        s.write("people", {}, {"role": "staff", "full_name": "Trần Thị Bình"}, summary="x")
        assert list(s.db.query("SELECT full_name FROM people")) == [{"full_name": "Trần Thị Bình"}]
        assert s.db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_store_modules_import_in_any_order():
    """db.py and backup.py no longer import each other: either can be imported first in a fresh interpreter."""
    for first in ("backup", "db", "filecheck", "lock", "startup"):
        code = f"import desktop.core.store.{first}, desktop.core.store.backup, desktop.core.store.db"
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    for py in ("db.py", "filecheck.py", "schemacheck.py"):
        text = (ROOT / "desktop" / "core" / "store" / py).read_text(encoding="utf-8")
        assert "store.backup" not in text and "import backup" not in text, py


def test_schema_version_counts_the_migrations():
    from desktop.core.store import schema

    assert schema.SCHEMA_VERSION == len(schema.migration_names())
    assert [m.name for m in schema.migrations.pending(sqlite_utils.Database(memory=True))] == schema.migration_names()


def test_sqlite_utils_plugins_do_not_touch_the_schools_connection(tmp_path):
    """A sqlite-utils plugin installed beside the program must not prepare the store's connection (and the start
    does not scan every installed package for plugins)."""
    import sqlite3

    import pytest
    from sqlite_utils import hookimpl
    from sqlite_utils.plugins import pm

    class Plugin:
        __name__ = "socds-test-plugin"

        @hookimpl
        def prepare_connection(self, conn):
            conn.create_function("from_a_plugin", 0, lambda: 1)

    plugin = Plugin()
    pm.register(plugin, name="socds-test-plugin")
    try:
        with Store.open(tmp_path / "a.db") as store:
            with pytest.raises(sqlite3.OperationalError, match="from_a_plugin"):
                store.db.execute("SELECT from_a_plugin()")
    finally:
        pm.unregister(plugin)
