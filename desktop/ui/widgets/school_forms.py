"""Forms for the school, its people and its school year. Shared by the first-run wizard and the profile page.

Every field commits through the core when the user leaves it (editingFinished / toggled): no Save button.
"""
from __future__ import annotations

from dataclasses import asdict, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from desktop.core.contact import school_code_problem
from desktop.core.errors import UserError
from desktop.core.periods import Period, today
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.errors import show_user_error

KIND_LABELS = {"commune": "UBND xã/phường", "so": "Sở Giáo dục và Đào tạo", "other": "Cơ quan khác"}


def _line(name: str, placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setObjectName(name)
    e.setPlaceholderText(placeholder)
    return e


class SchoolForm(QWidget):
    changed = Signal()
    FIELDS = [("name", "Tên trường", "Ví dụ: Trường THCS Tuệ Tĩnh"), ("code", "Mã trường", "Mã trên CSDL ngành"),
              ("address", "Địa chỉ", ""), ("commune", "Xã/phường", "Ví dụ: xã Tuệ Tĩnh"),
              ("province", "Tỉnh/thành phố", "Ví dụ: Hải Phòng")]

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a row too wide beside its label goes under it
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in self.FIELDS:
            self.edits[key] = _line(f"school_{key}", hint)
            form.addRow(label + ":", self.edits[key])
            self.edits[key].editingFinished.connect(self._on_edit)
        self.level_boxes: dict[str, QCheckBox] = {}
        levels_row = QHBoxLayout()
        for code, name in prof.LEVELS.items():
            box = QCheckBox(name)
            box.setObjectName(f"level_{code}")
            box.toggled.connect(self._on_levels)
            self.level_boxes[code] = box
            levels_row.addWidget(box)
        levels_row.addStretch(1)
        form.insertRow(2, "Cấp học:", levels_row)
        hint = QLabel("<i>Trường liên cấp: chọn tất cả các cấp của trường.</i>")
        form.insertRow(3, "", hint)
        self.body_kind = QComboBox()
        self.body_kind.setObjectName("school_body_kind")
        for k, v in KIND_LABELS.items():
            self.body_kind.addItem(v, k)
        self.body_kind.activated.connect(lambda _i: self._on_edit())
        self.body = _line("school_managing_body")
        self.body.editingFinished.connect(self._on_body_edited)
        form.addRow("Cơ quan quản lý:", self.body)
        form.addRow("Loại cơ quan quản lý:", self.body_kind)
        self.body_hint = QLabel("Gợi ý theo cấp học: xã/phường quản lý MN, TH, THCS; Sở quản lý THPT, GDTX.")
        self.body_hint.setWordWrap(True)
        form.addRow("", self.body_hint)
        for key, label in (("phone", "Điện thoại"), ("email", "Thư điện tử")):
            self.edits[key] = _line(f"school_{key}")
            self.edits[key].editingFinished.connect(self._on_edit)
            form.addRow(label + ":", self.edits[key])
        self._body_manual = False
        self._loading = False
        self.load()

    def levels(self) -> list[str]:
        return [c for c, b in self.level_boxes.items() if b.isChecked()]

    def load(self) -> None:
        self._loading = True
        school = prof.get_school(self.store) or prof.School(name="")
        for key, edit in self.edits.items():
            edit.setText(getattr(school, key))
        for code, box in self.level_boxes.items():
            box.setChecked(code in school.levels)
        self.body.setText(school.managing_body)
        self.body_kind.setCurrentIndex(max(0, self.body_kind.findData(school.managing_body_kind)))
        suggested = prof.suggest_managing_body(school.levels, school.commune, school.province)[1]
        self._body_manual = bool(school.managing_body) and school.managing_body != suggested
        self._loading = False

    def _suggest(self) -> None:
        if self._body_manual:
            return
        kind, name = prof.suggest_managing_body(self.levels(), self.edits["commune"].text(), self.edits["province"].text())
        self.body.setText(name)
        self.body_kind.setCurrentIndex(self.body_kind.findData(kind))

    def _on_levels(self) -> None:
        if not self._loading:
            self._on_edit()

    def _on_body_edited(self) -> None:
        suggested = prof.suggest_managing_body(self.levels(), self.edits["commune"].text(), self.edits["province"].text())[1]
        self._body_manual = self.body.text().strip() not in ("", suggested)
        self._on_edit()

    def _on_edit(self) -> None:
        if self._loading:
            return
        self._suggest()
        stored = prof.get_school(self.store)
        if not self.edits["name"].text().strip():
            if stored is not None:  # clearing a saved name is refused, said, and undone on screen
                show_user_error(self, UserError(
                    f"Tên trường không được để trống; vẫn giữ tên «{stored.name}». Muốn đổi tên, hãy gõ tên mới."))
                self._loading = True
                self.edits["name"].setText(stored.name)
                self._loading = False
            return  # a new school: nothing to save until it has a name (the wizard's Next stays disabled)
        code = self.edits["code"].text().strip()
        if code and code != (stored.code if stored else "") and (problem := school_code_problem(code)):
            show_user_error(self, UserError(f"Thông tin nhà trường chưa lưu: {problem}."))
            return
        old = stored or prof.School(name="")
        new = replace(old, levels=self.levels(), managing_body=self.body.text(),
                      managing_body_kind=self.body_kind.currentData(),
                      **{k: e.text() for k, e in self.edits.items()})
        if asdict(new) == asdict(old):
            return
        try:
            prof.save_school(self.store, new)
        except UserError as err:
            show_user_error(self, err)
            return
        self.changed.emit()


class PersonRow(QWidget):
    """One named person (name, phone, email) bound to a people row; empty name = not saved yet."""
    changed = Signal()

    def __init__(self, store: Store, role: str, person: dict | None, prefix: str, sort_order: int,
                 with_contact: bool = True, who: str = ""):
        super().__init__()
        self.store, self.role, self.sort_order = store, role, sort_order
        self.person_id = person["id"] if person else None
        self._title = person["title"] if person else ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.name = _line(f"{prefix}_name", "Họ và tên")
        self.phone = _line(f"{prefix}_phone", "Điện thoại")
        self.email = _line(f"{prefix}_email", "Thư điện tử")
        for edit, what in ((self.name, "họ và tên"), (self.phone, "điện thoại"), (self.email, "thư điện tử")):
            edit.setAccessibleName(f"{who}: {what}" if who else what.capitalize())
        row.addWidget(self.name, 3)
        edits = [self.name]
        if with_contact:
            row.addWidget(self.phone, 2)
            row.addWidget(self.email, 3)
            edits += [self.phone, self.email]
        if person:
            self.name.setText(person["full_name"])
            self.phone.setText(person["phone"])
            self.email.setText(person["email"])
        for e in edits:
            e.editingFinished.connect(self._save)

    def _save(self) -> None:
        name = self.name.text().strip()
        try:
            if not name:
                if self.person_id:
                    try:
                        prof.remove_person(self.store, self.person_id)
                    except UserError:
                        current = self.store.row("people", {"id": self.person_id})
                        self.name.setText(current["full_name"] if current else "")
                        raise
                    self.person_id = None
                    self.changed.emit()
                return
            current = self.store.row("people", {"id": self.person_id}) if self.person_id else None
            if current and (current["full_name"], current["phone"], current["email"]) == (
                    name, self.phone.text().strip(), self.email.text().strip()):
                return
            self.person_id = prof.save_person(self.store, self.role, name, self._title, self.phone.text(),
                                              self.email.text(), person_id=self.person_id, sort_order=self.sort_order)
        except UserError as err:
            show_user_error(self, err)
            return
        self.changed.emit()


class PeopleForm(QWidget):
    changed = Signal()
    DEPUTIES = 3

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        principal = prof.list_people(store, "principal")
        deputies = prof.list_people(store, "deputy")
        focal = prof.list_people(store, "focal_point")
        self.rows: list[PersonRow] = []
        self.principal = PersonRow(store, "principal", principal[0] if principal else None, "principal", 0,
                                   who="Hiệu trưởng")
        form.addRow("Hiệu trưởng:", self.principal)
        for i in range(self.DEPUTIES):
            r = PersonRow(store, "deputy", deputies[i] if i < len(deputies) else None, f"deputy{i}", 1 + i,
                          who=f"Phó Hiệu trưởng {i + 1}")
            form.addRow("Phó Hiệu trưởng:" if i == 0 else "", r)
            self.rows.append(r)
        self.focal = PersonRow(store, "focal_point", focal[0] if focal else None, "focal", 10,
                               who="Đầu mối chuyển đổi số")
        form.addRow("Đầu mối chuyển đổi số:", self.focal)
        note = QLabel("Điện thoại và thư điện tử của đầu mối CĐS được in trong báo cáo gửi cơ quan quản lý.")
        note.setWordWrap(True)
        form.addRow("", note)
        for r in [self.principal, *self.rows, self.focal]:
            r.changed.connect(self.changed)


class YearForm(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setObjectName("school_year_start")
        self.year.setAccessibleName("Năm học bắt đầu")
        self.year.setRange(2020, 2100)
        current = prof.current_school_year(store)
        start = (Period.parse(current["label"]) if current else Period.of("school-year", today(store))).year
        self.year.setValue(start)
        self.label = QLabel()
        self._show_label()
        self.year.valueChanged.connect(self._show_label)
        self.year.editingFinished.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(self.label, 1)
        form.addRow("Năm học bắt đầu:", row)

    def _show_label(self) -> None:
        year = Period("school-year", self.year.value())
        self.label.setText(f"Năm học {year} ({year.first:%d/%m/%Y} – {year.last:%d/%m/%Y})")

    def save(self) -> int:
        current = prof.current_school_year(self.store)
        if current and current["label"] == str(Period("school-year", self.year.value())):
            return current["id"]
        year_id = prof.ensure_school_year(self.store, self.year.value(), current=True)
        self.changed.emit()
        return year_id


def stacked(*widgets: QWidget) -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    for x in widgets:
        lay.addWidget(x)
    lay.addStretch(1)
    return w
