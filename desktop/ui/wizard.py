"""The first-run wizard: the school, its people, the school year, the indicator set and the plan(s).

Each field is committed as the user leaves it, so closing the wizard half-way loses nothing; the profile page
edits the same things later.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.widgets.school_forms import PeopleForm, SchoolForm, YearForm
from desktop.ui.widgets.setup_choices import SetupChoices


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str, *widgets: QWidget):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        lay = QVBoxLayout(self)
        for w in widgets:
            lay.addWidget(w)
        lay.addStretch(1)


class _SchoolPage(_Page):
    def __init__(self, form: SchoolForm):
        super().__init__("Nhà trường", "Thông tin chung của trường. Mọi thông tin đều sửa được sau này.", form)
        self.form = form
        form.edits["name"].textChanged.connect(self.completeChanged)
        for b in form.level_boxes.values():
            b.toggled.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 - Qt name
        return bool(self.form.edits["name"].text().strip() and self.form.levels())

    def validatePage(self) -> bool:  # noqa: N802 - Qt name
        self.form._on_edit()  # commit the field that still has focus
        return prof.get_school(self.form.store) is not None


class SetupWizard(QWizard):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Khai báo ban đầu")
        self.setWizardStyle(QWizard.ClassicStyle)
        self.setButtonText(QWizard.NextButton, "Tiếp theo >")
        self.setButtonText(QWizard.BackButton, "< Quay lại")
        self.setButtonText(QWizard.FinishButton, "Hoàn tất")
        self.setButtonText(QWizard.CancelButton, "Để sau")
        self.school = SchoolForm(store)
        self.people = PeopleForm(store)
        self.year = YearForm(store)
        self.choices = SetupChoices(store)
        self.addPage(_SchoolPage(self.school))
        self.addPage(_Page("Người phụ trách", "Hiệu trưởng, các Phó Hiệu trưởng và đầu mối chuyển đổi số.", self.people))
        self.year_page = _Page("Năm học", "Năm học đang thực hiện đánh giá và kế hoạch.", self.year)
        self.addPage(self.year_page)
        done = QLabel("Bấm «Hoàn tất» để bắt đầu. Mọi thay đổi đều được lưu ngay, không cần bấm Lưu.")
        done.setWordWrap(True)
        self.choices_page = _Page("Bộ chỉ số và kế hoạch", "Chọn bộ chỉ số tự đánh giá và kế hoạch trường thực hiện.",
                                  self.choices, done)
        self.addPage(self.choices_page)
        self.currentIdChanged.connect(self._entered)
        self.resize(820, 600)

    def _entered(self, _id: int) -> None:
        if self.currentPage() is self.choices_page:
            self.year.save()
            self.choices.load()

    def accept(self) -> None:
        self.year.save()
        self.choices.apply()
        super().accept()
