"""The school profile page: the same forms as the first-run wizard, editable any time (autosaved), or a
first-run prompt when the data file is new."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.pages.base import Page
from desktop.ui.widgets.school_forms import PeopleForm, SchoolForm, YearForm
from desktop.ui.widgets.setup_choices import SetupChoices


class ProfilePage(Page):
    setup_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Hồ sơ nhà trường")
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        has_school = prof.get_school(self.store) is not None
        if has_school and getattr(self, "school_form", None) is not None:
            # same forms, fresh values: rebuilding every widget costs a visible pause on an old PC
            self.school_form.load()
            self.choices.load()
            return
        self.school_form = None
        body = QWidget()
        self._layout = QVBoxLayout(body)
        if prof.get_school(self.store) is None:
            self._show_first_run()
        else:
            self._show_profile()
        self.scroll.setWidget(body)

    def _show_first_run(self) -> None:
        title = QLabel("<h2>Chào mừng đến với Sổ CĐS</h2>")
        text = QLabel(
            "Tệp dữ liệu này chưa có thông tin nhà trường. Hãy khai báo trường, người phụ trách, năm học, "
            "bộ chỉ số và kế hoạch để bắt đầu tự đánh giá mức độ chuyển đổi số.")
        text.setWordWrap(True)
        start = QPushButton("Bắt đầu khai báo")
        start.setObjectName("firstRunStart")
        start.clicked.connect(self.setup_requested)
        for w in (title, text, start):
            self._layout.addWidget(w)
        self._layout.addStretch(1)

    def _show_profile(self) -> None:
        school = prof.get_school(self.store)
        self._layout.addWidget(QLabel(f"<h2>{school.name}</h2>"))
        hint = QLabel("Sửa trực tiếp; mỗi ô được lưu ngay khi bạn rời khỏi ô đó.")
        self._layout.addWidget(hint)
        self.school_form = SchoolForm(self.store)
        self.people_form = PeopleForm(self.store)
        self.year_form = YearForm(self.store)
        self.choices = SetupChoices(self.store)
        for title, form in (("Nhà trường", self.school_form), ("Người phụ trách", self.people_form),
                            ("Năm học", self.year_form), ("Bộ chỉ số và kế hoạch", self.choices)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(form)
            self._layout.addWidget(box)
            form.changed.connect(self.changed)
        self.year_form.changed.connect(self.choices.load)
        self._layout.addStretch(1)

    def focus_field(self, key: str) -> None:
        """Put the cursor in a field of the school form (the dashboard's «Mã trường» warning opens it)."""
        edit = self.school_form.edits.get(key) if self.school_form is not None else None
        if edit is not None:
            self.scroll.ensureWidgetVisible(edit)
            edit.setFocus()
