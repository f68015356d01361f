"""The change history: list what changed, undo the last user actions.

Each `Store.write` records the row before and after; one user action is one batch. Undo puts the before-images
back in reverse order, in one transaction, and marks the batch undone (the undo itself is not a new batch, so
undoing twice walks further back, like an editor).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from desktop.core.errors import UserError
from desktop.core.store.db import Store, utcnow


@dataclass(frozen=True)
class Change:
    id: int
    at: str
    batch: str
    table: str
    summary: str
    undone: bool


def recent(store: Store, limit: int = 200, include_undone: bool = True) -> list[Change]:
    sql = "SELECT id, at, batch, table_name, summary, undone_at FROM history"
    if not include_undone:
        sql += " WHERE undone_at IS NULL"
    sql += " ORDER BY id DESC LIMIT ?"
    return [Change(r[0], r[1], r[2], r[3], r[4], r[5] is not None) for r in store.db.execute(sql, (limit,))]


@dataclass(frozen=True)
class Action:
    """One line of the history: a user action, or several identical ones in a row folded into one."""

    summary: str
    at: str  # the newest action's time
    count: int  # how many identical actions in a row (×count)
    more: int  # further changes inside one action ("và N thay đổi khác")
    undone: bool
    batches: tuple[str, ...]


def actions(changes: list[Change]) -> list[Action]:
    """The changes (newest first, as `recent` gives them) as user actions; identical consecutive actions (same
    summary, same size, same undone state) fold into one line with a count, newest first."""
    batches: dict[str, list[Change]] = {}
    for c in changes:
        batches.setdefault(c.batch, []).append(c)
    out: list[Action] = []
    for batch, cs in batches.items():
        first = cs[-1]  # the change an action started with names it best
        summary = first.summary or first.table
        prev = out[-1] if out else None
        if prev and (prev.summary, prev.more, prev.undone) == (summary, len(cs) - 1, first.undone):
            out[-1] = Action(summary, prev.at, prev.count + 1, prev.more, prev.undone, (*prev.batches, batch))
        else:
            out.append(Action(summary, first.at, 1, len(cs) - 1, first.undone, (batch,)))
    return out


def undo_last(store: Store) -> str | None:
    """Undo the newest batch not yet undone; return its summary, or None when there is nothing to undo."""
    row = store.db.execute("SELECT batch FROM history WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    if not row:
        return None
    return undo_batch(store, row[0])


def undo_batch(store: Store, batch: str) -> str:
    changes = store.db.execute(
        "SELECT id, table_name, row_key, before, after, summary FROM history WHERE batch = ? AND undone_at IS NULL "
        "ORDER BY id DESC",
        (batch,),
    ).fetchall()
    if not changes:
        raise UserError("Thay đổi này đã được hoàn tác rồi.")
    summaries = [c[5] for c in reversed(changes) if c[5]]
    said = "; ".join(dict.fromkeys(summaries)) or "thay đổi"
    try:
        with store.tx():
            for _id, table, key_json, before_json, _after, _summary in changes:
                _put_back(store, table, json.loads(key_json), before_json)
            store.db.execute("UPDATE history SET undone_at = ? WHERE batch = ?", (utcnow(), batch))
    except sqlite3.IntegrityError as exc:  # a trigger or constraint of the schema refuses: nothing was changed
        if "report version is locked" in str(exc):
            raise UserError(
                f"Không hoàn tác được «{said}»: phiên bản báo cáo đó đã khóa (đã ký hoặc đã gửi) nên không sửa được "
                "nữa. Muốn sửa, hãy tạo phiên bản mới ở trang «Báo cáo»."
            ) from None
        raise UserError(f"Không hoàn tác được «{said}»: dữ liệu liên quan đã thay đổi sau đó.") from None
    return said


def _put_back(store: Store, table: str, key: dict, before_json: str | None) -> None:
    """One row back to its before-image; only the columns that differ are written (a locked report version's
    frozen columns, unchanged, are not rewritten: the schema's trigger would refuse even the same value)."""
    where = " AND ".join(f"[{k}] = ?" for k in key)
    args = list(key.values())
    if before_json is None:
        store.db.execute(f"DELETE FROM [{table}] WHERE {where}", args)
        return
    before = json.loads(before_json)
    current = store.row(table, key)
    if current is None:
        cols = ", ".join(f"[{c}]" for c in before)
        marks = ", ".join("?" for _ in before)
        store.db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(before.values()))
        return
    changed = {c: v for c, v in before.items() if c not in current or current[c] != v}
    if changed:
        sets = ", ".join(f"[{c}] = ?" for c in changed)
        store.db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*changed.values(), *args])
