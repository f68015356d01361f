"""The plan checklist (filled in once the plan-pack core is present)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.store import Store
from desktop.ui.pages.base import Page
from desktop.ui.widgets import plans_api


class ChecklistPage(Page):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<h2>Kế hoạch và nhiệm vụ</h2>"))
        self.msg = QLabel()
        lay.addWidget(self.msg)
        lay.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        if plans_api.checklist_api() is None:
            self.msg.setText("Chưa có kế hoạch nào được cài trong chương trình.")
