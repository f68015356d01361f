"""Opening the data file the way the app does on start: open (checked, locked, migrated), then a backup."""
from __future__ import annotations

import logging
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.store.backup import make_backup
from desktop.core.store.db import Store

log = logging.getLogger(__name__)


def open_for_session(path: Path | str | None = None, *, backup: bool = True, accept_wal_loss: bool = False) -> Store:
    store = Store.open(path, accept_wal_loss=accept_wal_loss)
    if backup:
        try:
            make_backup(store, kind="auto")
        except UserError as err:  # a full disk must not stop the school from working: log it, carry on
            log.warning("automatic backup failed: %s", err.message)
    return store
