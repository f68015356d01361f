"""Child of the kill test: commits edits through the store API forever, printing each acknowledged one.

Usage: python -m tests.helpers.kill_child DB START [COUNT]   (COUNT: stop and close after that many edits)
Each edit n (from START on) is one Store.write, on a table chosen by n: settings, task_progress or history-only
profile rows. "n" is printed and flushed only after COMMIT has returned, so whatever the parent read is a promise
the store made: it must survive a SIGKILL at any instant.
"""
from __future__ import annotations

import json
import sys

from desktop.core.store import Store


def table_for(n: int) -> str:
    return ("settings", "task_progress", "people")[n % 3]


def edit(store: Store, n: int) -> None:
    table = table_for(n)
    if table == "settings":
        store.write("settings", {"key": f"kill.{n}"}, {"value": json.dumps(n)}, summary=f"edit {n}")
    elif table == "task_progress":
        store.write("task_progress", {}, {"school_year_id": 1, "pack_id": "kill", "task_id": f"t{n}", "period": "2026",
                                          "status": "doing", "progress": n % 101, "updated_at": "2026-01-01"},
                    summary=f"edit {n}")
    else:
        store.write("people", {}, {"role": "staff", "full_name": f"Người {n}", "sort_order": n}, summary=f"edit {n}")


def main(db: str, start: int, count: int | None = None) -> None:
    store = Store.open(db)
    with store.tx():
        store.db.execute("INSERT OR IGNORE INTO school_years (id, label, start_date, end_date) "
                           "VALUES (1, '2025-2026', '2025-09-01', '2026-05-31')")
    n = start
    while count is None or n < start + count:
        edit(store, n)
        sys.stdout.write(f"{n}\n")
        sys.stdout.flush()
        n += 1
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
