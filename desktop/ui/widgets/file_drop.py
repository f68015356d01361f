"""Files dropped on a widget from the file manager: one handler for every page and dialog that takes files."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject


class FileDrop(QObject):
    """Makes `widget` accept drops of local files and passes their paths to `on_paths` (the widget owns it).
    `accepts()`: whether a drop is welcome now (default: always)."""

    def __init__(self, widget, on_paths: Callable[[list[str]], None], accepts: Callable[[], bool] = lambda: True):
        super().__init__(widget)
        self.on_paths, self.accepts = on_paths, accepts
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.DragEnter:
            if event.mimeData().hasUrls() and self.accepts():
                event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.on_paths(paths)
            return True
        return False
