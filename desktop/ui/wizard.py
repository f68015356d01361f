"""The first-run wizard: the mode (school or managing body), then the school, its people, the school year, the indicator set and the plan(s).

Each field is committed as the user leaves it, so closing the wizard half-way loses nothing; the profile page
edits the same things later.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from desktop.core.commune import mode as app_mode
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.ui.help_view import f1_opens_guide, show_help
from desktop.ui.widgets.authority_form import AuthorityForm
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

    def isComplete(self) -> bool:
        return bool(self.form.edits["name"].text().strip() and self.form.levels())

    def validatePage(self) -> bool:
        self.form._on_edit()  # commit the field that still has focus
        return prof.get_school(self.form.store) is not None


class _LastPage(_Page):
    """The last school page: the authority page (set after it) is reached only from the mode page."""

    def nextId(self) -> int:
        return -1


PAGE_MODE, PAGE_SCHOOL, PAGE_PEOPLE, PAGE_YEAR, PAGE_CHOICES, PAGE_AUTHORITY = range(6)


class _ModePage(QWizardPage):
    """Who uses this data file: a school, or the body that receives schools' reports."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.setTitle("Chế độ làm việc")
        self.setSubTitle("Ai dùng chương trình này? Có thể đổi sau trong Cài đặt.")
        lay = QVBoxLayout(self)
        self.school_radio = QRadioButton("Trường học")
        self.authority_radio = QRadioButton("Cơ quan quản lý (UBND xã/phường hoặc Sở GDĐT)")
        self.school_radio.setObjectName("modeSchool")
        self.authority_radio.setObjectName("modeAuthority")
        self.group = QButtonGroup(self)
        for b, hint in ((self.school_radio, "Tự đánh giá, kế hoạch và báo cáo của trường."),
                        (self.authority_radio, "Nhận báo cáo của các trường, kiểm tra, tổng hợp và gửi yêu cầu bổ sung.")):
            self.group.addButton(b)
            lay.addWidget(b)
            note = QLabel(f"<span style='color:gray'>{hint}</span>")
            note.setContentsMargins(24, 0, 0, 8)
            lay.addWidget(note)
        lay.addStretch(1)
        (self.authority_radio if app_mode.get_mode(store) == "authority" else self.school_radio).setChecked(True)

    def chosen(self) -> str:
        return "authority" if self.authority_radio.isChecked() else "school"

    def validatePage(self) -> bool:
        app_mode.set_mode(self.store, self.chosen())
        return True

    def nextId(self) -> int:
        return PAGE_AUTHORITY if self.chosen() == "authority" else PAGE_SCHOOL


class _AuthorityPage(QWizardPage):
    """The managing body's name, code, signer and title, and recipients (printed on the roll-up and on requests
    for changes)."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.setTitle("Cơ quan quản lý")
        self.setSubTitle("Tên cơ quan, người ký và nơi nhận, in trên báo cáo tổng hợp và yêu cầu bổ sung. "
                         "Sửa được sau này ở trang Cài đặt.")
        lay = QVBoxLayout(self)
        self.form = AuthorityForm(store)
        self.edits = self.form.edits
        lay.addWidget(self.form)
        lay.addWidget(QLabel("Bấm «Hoàn tất» để bắt đầu. Danh sách trường nhập ở trang «Danh sách trường»."))
        self.edits["name"].textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.edits["name"].text().strip())

    def save(self) -> bool:
        try:
            self.form.save()
        except UserError as err:
            from desktop.ui.errors import show_user_error

            show_user_error(self, err)
            return False
        return True

    def validatePage(self) -> bool:
        return self.save()

    def nextId(self) -> int:
        return -1


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
        self.mode_page = _ModePage(store)
        self.setPage(PAGE_MODE, self.mode_page)
        self.setPage(PAGE_SCHOOL, _SchoolPage(self.school))
        self.setPage(PAGE_PEOPLE, _Page("Người phụ trách", "Hiệu trưởng, các Phó Hiệu trưởng và đầu mối chuyển đổi số.",
                                        self.people))
        self.year_page = _Page("Năm học", "Năm học đang thực hiện đánh giá và kế hoạch.", self.year)
        self.setPage(PAGE_YEAR, self.year_page)
        done = QLabel("Bấm «Hoàn tất» để bắt đầu. Mọi thay đổi đều được lưu ngay, không cần bấm Lưu.")
        done.setWordWrap(True)
        self.choices_page = _LastPage("Bộ chỉ số và kế hoạch", "Chọn bộ chỉ số tự đánh giá và kế hoạch trường thực hiện.",
                                  self.choices, done)
        self.setPage(PAGE_CHOICES, self.choices_page)
        self.authority_page = _AuthorityPage(store)
        self.setPage(PAGE_AUTHORITY, self.authority_page)
        self.currentIdChanged.connect(self._entered)
        self.setOption(QWizard.HaveHelpButton, True)  # "Hướng dẫn" (F1): the guide's part for this step
        self.setButtonText(QWizard.HelpButton, "Hướng dẫn (F1)")
        self.helpRequested.connect(self.show_guide)
        f1_opens_guide(self)  # the same F1 as every dialog's (help_view.py)
        self.resize(820, 600)

    def guide_topic(self) -> str:
        return "co-quan" if self.currentPage() is self.authority_page else "bat-dau"

    def show_guide(self):
        return show_help(self, self.guide_topic())

    def _entered(self, _id: int) -> None:
        if self.currentPage() is self.choices_page:
            self.year.save()
            self.choices.load()

    def accept(self) -> None:
        app_mode.set_mode(self.store, self.mode_page.chosen())
        if self.mode_page.chosen() == "authority":
            self.authority_page.save()
        else:
            self.year.save()
            self.choices.apply()
        super().accept()
