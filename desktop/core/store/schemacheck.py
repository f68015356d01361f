"""Is a file's schema exactly what this program's migrations make? Object by object: tables, indexes, triggers,
views, with their SQL text, and the list of applied migrations by name.

A restored file is used as the live data file, so anything extra in it runs with the program's own writes: a
foreign trigger can empty a table on the next edit. SQLite's own objects (sqlite_sequence, sqlite_stat*, the
automatic indexes of UNIQUE/PRIMARY KEY) follow from the tables and are not compared.
"""

from __future__ import annotations

import sqlite3

from desktop.core.store import schema

_OBJECTS = (
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "ORDER BY type, name"
)
_KINDS = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger", "view": "view"}


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The names of the program's migrations recorded in a file, in the order applied; [] for none."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return []
    return [
        r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'socds' ORDER BY rowid")
    ]


def objects(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(t, n): (tbl, sql) for t, n, tbl, sql in conn.execute(_OBJECTS)}


def expected_objects(applied: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The objects the first `applied` migrations make, built in memory by the migrations themselves."""
    import sqlite_utils

    names = schema.migration_names()
    ref = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None), execute_plugins=False)
    try:
        schema.migrations.apply(ref, stop_before=names[applied] if applied < len(names) else None)
        return objects(ref.conn)
    finally:
        ref.close()


def differences(conn: sqlite3.Connection) -> list[str]:
    """[] when the file's schema is exactly what the migrations it records make; else Vietnamese descriptions."""
    names = applied_names(conn)
    known = schema.migration_names()
    if names != known[: len(names)]:
        return ["danh sách bước cập nhật cấu trúc không khớp với chương trình"]
    want, have = expected_objects(len(names)), objects(conn)
    out = []
    for key in sorted(set(want) | set(have)):
        kind = _KINDS.get(key[0], key[0])
        if key not in want:
            out.append(f"có thêm {kind} «{key[1]}» không thuộc chương trình")
        elif key not in have:
            out.append(f"thiếu {kind} «{key[1]}»")
        elif want[key] != have[key]:
            out.append(f"{kind} «{key[1]}» khác định nghĩa của chương trình")
    return out
