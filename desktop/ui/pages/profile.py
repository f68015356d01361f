"""The school profile page: who the school is, or a first-run prompt when the data file is new."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.store import Store
from desktop.core.store import profile as prof


class ProfilePage(QWidget):
    setup_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._layout = QVBoxLayout(self)
        self.refresh()

    def refresh(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        school = prof.get_school(self.store)
        if school is None:
            self._show_first_run()
        else:
            self._show_profile(school)

    def _show_first_run(self) -> None:
        title = QLabel("<h2>Chào mừng đến với Sổ CĐS</h2>")
        text = QLabel(
            "Tệp dữ liệu này chưa có thông tin nhà trường. Hãy khai báo trường, người phụ trách, năm học, "
            "bộ tiêu chí và kế hoạch để bắt đầu tự đánh giá mức độ chuyển đổi số.")
        text.setWordWrap(True)
        start = QPushButton("Bắt đầu khai báo")
        start.setObjectName("firstRunStart")
        start.clicked.connect(self.setup_requested)
        for w in (title, text, start):
            self._layout.addWidget(w)
        self._layout.addStretch(1)

    def _show_profile(self, school: prof.School) -> None:
        self._layout.addWidget(QLabel(f"<h2>{school.name}</h2>"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        levels = ", ".join(prof.LEVELS.get(lv, lv) for lv in school.levels)
        rows = [("Mã trường", school.code), ("Cấp học", levels), ("Địa chỉ", school.address),
                ("Xã/phường", school.commune), ("Tỉnh/thành phố", school.province),
                ("Cơ quan quản lý", school.managing_body), ("Điện thoại", school.phone), ("Thư điện tử", school.email)]
        for person in prof.list_people(self.store):
            if person["role"] in ("principal", "deputy", "focal_point", "technical_focal"):
                contact = " · ".join(x for x in (person["phone"], person["email"]) if x)
                rows.append((person["title"], f"{person['full_name']}" + (f" ({contact})" if contact else "")))
        year = prof.current_school_year(self.store)
        if year:
            rows.append(("Năm học", year["label"]))
        for label, value in rows:
            v = QLabel(value or "—")
            v.setTextInteractionFlags(Qt.TextSelectableByMouse)
            v.setWordWrap(True)
            form.addRow(label + ":", v)
        self._layout.addLayout(form)
        self._layout.addStretch(1)
