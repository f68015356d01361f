"""Opening the data file the way the app does on start: open (checked, locked, migrated), then a backup.

The command line takes the automatic backup at once (`open_for_session`). The window takes it after its first
paint, on a worker thread with a connection of its own (`AutoBackup`): the online backup API copies one
consistent snapshot inside a read transaction, which in WAL mode never blocks the window's writes, and the copy is
checked and pruned there too. Either way every start makes one, and a failure is logged, never fatal.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.store.backup import make_backup
from desktop.core.store.db import Store, connect

log = logging.getLogger(__name__)


def open_for_session(path: Path | str | None = None, *, backup: bool = True, accept_wal_loss: bool = False) -> Store:
    """Open the data file; with `backup`, take the automatic backup now (else the caller starts an AutoBackup)."""
    store = Store.open(path, accept_wal_loss=accept_wal_loss)
    if backup:
        take_auto_backup(store)
    return store


def take_auto_backup(store: Store, *, own_connection: bool = False) -> Path | None:
    """The automatic backup of a start; a failure (full disk…) is logged and must not stop the school's work."""
    source = connect(store.path, readonly=True) if own_connection else None
    try:
        return make_backup(store, kind="auto", source=source)
    except UserError as err:
        log.warning("automatic backup failed: %s", err.message)
        return None
    finally:
        if source is not None:
            source.close()


class AutoBackup:
    """The automatic backup taken off the UI thread: `start()` once the window is up, `wait()` before closing."""

    def __init__(self, store: Store):
        self.store = store
        self.path: Path | None = None  # the backup written, None until done or if it failed
        self.finished_at: float | None = None  # time.time() when done (start-up benchmark)
        self._thread = threading.Thread(target=self._run, name="socds-auto-backup")

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def start(self) -> "AutoBackup":
        if not self.started:
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.path = take_auto_backup(self.store, own_connection=True)
        except Exception:
            log.exception("automatic backup failed")
        finally:
            self.finished_at = time.time()

    def wait(self, timeout: float | None = None) -> bool:
        """Start it if it was not (a start must always back up), then wait; True when it has finished."""
        self.start()
        self._thread.join(timeout)
        return not self._thread.is_alive()
