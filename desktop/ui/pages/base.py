"""What every page shares: a `changed` signal after each autosaved edit, and a `refresh()` from the store."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.ui.errors import show_user_error


class Page(QWidget):
    changed = Signal()           # an edit was committed to the data file
    title = ""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.stale = True
        self.last_failed = False  # the last commit() was refused with a message

    def refresh(self) -> None:  # re-read from the store
        self.stale = False

    def commit(self, fn, *args, **kwargs):
        """Run one core edit; show a Vietnamese message on bad input (nothing changed), else announce it."""
        self.last_failed = False
        try:
            result = fn(*args, **kwargs)
        except UserError as err:
            self.last_failed = True
            show_user_error(self, err)
            return None
        self.changed.emit()
        return result
