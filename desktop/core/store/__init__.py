"""The SQLite data file (through sqlite-utils): schema, migrations, backups, history and queries."""

from desktop.core.store.db import Store, utcnow

__all__ = ["Store", "utcnow"]
