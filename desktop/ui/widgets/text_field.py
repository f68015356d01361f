"""The app's multi-line text field: Tab and Shift+Tab move to the next/previous field, as in every other field
(a keyboard user is never trapped in it); Ctrl+Tab types a tab character when one is really wanted. `min_lines`:
the field is never made shorter than that many lines of its font (on a small screen the pane around it scrolls
instead), also after the text size changes.

Every multi-line field of the app is a TextField (a test fails on a bare QPlainTextEdit/QTextEdit in desktop/ui).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class TextField(QPlainTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_lines: int = 0):
        super().__init__(text, parent)
        self.setTabChangesFocus(True)
        self.min_lines = min_lines
        self._fit_min_height()

    def _fit_min_height(self) -> None:
        if self.min_lines:
            margin = self.document().documentMargin()
            self.setMinimumHeight(int(self.fontMetrics().lineSpacing() * self.min_lines + 2 * margin
                                      + 2 * self.frameWidth() + 2))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_min_height()
        super().changeEvent(event)

    def event(self, event) -> bool:
        # Ctrl+Tab is taken before keyPressEvent (focus chain, a tab widget's next page): claim it first
        if event.type() == QEvent.Type.ShortcutOverride and _is_ctrl_tab(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and _is_ctrl_tab(event) and not self.isReadOnly():
            self.insertPlainText("\t")
            return True
        return super().event(event)


def _is_ctrl_tab(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.ControlModifier
