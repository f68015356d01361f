"""Every focusable widget on every page, in both modes, has a name a screen reader says (issue 22): its own
accessible name, a label whose buddy it is, or its text (buttons, check boxes, radio buttons).

Checked on the widgets, not through Qt's accessibility layer: on Linux that layer names a combo box after its
current value and may fall back on a field's placeholder, which Windows screen readers do not."""
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

from tests.helpers.walk_pages import authority_window, focusable, pages, school_window


def _describe(w) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    return f"{type(w).__name__} {w.objectName() or '(no object name)'} {text!r:.40}"


def _named(widget, buddies) -> bool:
    if widget.accessibleName().strip() or buddies.get(id(widget)):
        return True
    if isinstance(widget, QTabBar):  # a screen reader says the tab's own text
        return all(widget.tabText(i).replace("&", "").strip() for i in range(widget.count()))
    return isinstance(widget, QAbstractButton) and bool(widget.text().replace("&", "").strip())


def _unnamed_in(title, page) -> list[str]:
    buddies = {id(label.buddy()): label.text() for label in page.findChildren(QLabel)
               if label.buddy() is not None and label.text().strip()}
    return [f"{title}: {_describe(x)}" for x in focusable(page) if not _named(x, buddies)]


def _unnamed(w) -> list[str]:
    bad = []
    for title, page in pages(w):
        bad += _unnamed_in(title, page)
    return bad


def test_school_pages_name_every_focusable_widget(qtbot, demo_db, tmp_path):
    with school_window(qtbot, demo_db, tmp_path) as w:
        bad = _unnamed(w)
        assert bad == [], "\n".join(bad)
        # the walk did see the widgets the issue counted (the profile page's people and year)
        profile = [x.objectName() for x in focusable(w.profile_page)]
        assert {"principal_name", "focal_email", "school_year_start"} <= set(profile) and len(profile) > 30


def test_authority_pages_name_every_focusable_widget(qtbot, commune, tmp_path):
    with authority_window(qtbot, commune, tmp_path) as w:
        bad = _unnamed(w)
        assert bad == [], "\n".join(bad)


def test_dialogs_name_every_focusable_widget(qtbot, demo_db, tmp_path):
    """The dialogs a school user works in: signing, the teachers' survey, the guide, the first-run wizard."""
    import shutil

    from desktop.core.store import Store
    from desktop.ui.dialogs.sign import SignDialog
    from desktop.ui.dialogs.survey import SurveyDialog
    from desktop.ui.help_view import HelpWindow
    from desktop.ui.wizard import PAGE_PEOPLE, PAGE_SCHOOL, SetupWizard

    bad = []
    shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(tmp_path / "demo.db") as store:
        for title, dialog in (("Khóa và ký", SignDialog(store, "self-assessment", "2025-2026")),
                              ("Khảo sát giáo viên", SurveyDialog(store)), ("Hướng dẫn", HelpWindow())):
            qtbot.addWidget(dialog)
            dialog.show()
            bad += _unnamed_in(title, dialog)
            dialog.close()
    with Store.open(tmp_path / "new.db") as store:
        wizard = SetupWizard(store)
        qtbot.addWidget(wizard)
        wizard.show()
        seen = set()
        while wizard.currentId() not in seen:
            seen.add(wizard.currentId())
            bad += _unnamed_in(f"Khai báo ban đầu, bước {len(seen)}", wizard)
            if wizard.currentId() == PAGE_SCHOOL:  # what a step needs before the next one opens
                wizard.school.edits["name"].setText("Trường THCS Hoa Sen")
                wizard.school.level_boxes["THCS"].setChecked(True)
                wizard.school.edits["commune"].setText("xã Tuệ Tĩnh")
                wizard.school.edits["commune"].editingFinished.emit()
            elif wizard.currentId() == PAGE_PEOPLE:
                wizard.people.principal.name.setText("Nguyễn Thị Hoa")
            wizard.next()
        wizard.close()
    assert len(seen) >= 4 and bad == [], "\n".join(bad)
