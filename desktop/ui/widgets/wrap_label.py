"""A word-wrapped QLabel that remembers its height for each width it was asked about.

While a window is laid out, Qt's nested layouts ask a word-wrapped label for its height at the same few widths
over and over (the dashboard's heading: 21 times for 3 widths at start-up), and QLabel lays its text out again
every time; for a long or rich-text label that is most of the first layout's cost (issue 11). The answers are
forgotten when the text, font or style changes.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

_FORGET = (QEvent.FontChange, QEvent.StyleChange, QEvent.ContentsRectChange)


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() in _FORGET:
            self._heights.clear()
        super().changeEvent(event)
