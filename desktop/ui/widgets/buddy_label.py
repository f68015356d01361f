"""A label that names the field beside it: a screen reader says the label's text when the field gets focus,
and the label's &-mnemonic (Alt+letter) moves the focus to the field."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def label_for(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label
