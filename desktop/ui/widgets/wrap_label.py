"""A word-wrapped QLabel: what long Vietnamese texts on the pages are shown in."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
