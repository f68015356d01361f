"""Issue 22, inputs that match the questions: a share typed where the points go, on a copy of the demo data."""
import shutil
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import lists
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    told = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: told.append(text))
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(db)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.told = told
    yield w
    w.close()
    store.close()


def _answer(w, code):
    a = asm.current_assessment(w.store)
    return asm.get_answers(w.store, a["id"]).get(code), asm.get_bases(w.store, a["id"]).get(code)


def test_a_percentage_typed_as_points_becomes_suggested_points(window):
    w = window
    w.goto_item("1.6.1")
    page = w.assessment_page
    edit = page.input.edit
    edit.setText("85%")
    assert "gợi ý" in page.points.text() and "5,95" in page.points.text() and "chưa xác định" in page.points.text()
    edit.editingFinished.emit()
    value, basis = _answer(w, "1.6.1")
    assert value == Decimal("5.95") and basis["percent"] == "85"
    assert not w.told  # no "điểm 85 ngoài khoảng cho phép"
    # the school then sets its own points: kept, the share stays
    page.input.edit.setText("6")
    page.input.edit.editingFinished.emit()
    assert _answer(w, "1.6.1") == (Decimal(6), basis)
    assert page.input.share_edit.text() == "85%"


def test_a_fraction_in_the_share_field_and_a_list_that_moved_is_flagged(window):
    w = window
    w.goto_item("1.6.3")
    page = w.assessment_page
    page.input.share_edit.setText("7/14")
    page.input.share_edit.editingFinished.emit()
    value, basis = _answer(w, "1.6.3")
    assert value == Decimal(3) and (basis["counted"], basis["total"]) == (7, 14)
    assert page.share_warning.isHidden()
    lists.add_row(w.store, "staff", "Giáo viên mới")  # the list now has 15 teachers
    w.goto_item("1.6.2")
    w.goto_item("1.6.3")
    warning = w.assessment_page.share_warning
    assert not warning.isHidden() and "⚠" in warning.text() and "7/15" in warning.text()


def test_importing_the_schools_own_list_asks_about_guessed_columns(window, tmp_path):
    import openpyxl

    from desktop.ui.dialogs.column_map import ColumnMapDialog

    path = tmp_path / "DS GV.xlsx"
    wb = openpyxl.Workbook()
    for r in (["STT", "Họ tên", "Ngày sinh", "Đã có tài khoản bồi dưỡng"], [1, "Phạm Thu Hà", "2/2/1988", "x"]):
        wb.active.append(r)
    wb.save(path)
    w = window
    w.goto_share_list("1.6.1")
    tab = w.lists_page.staff
    seen = []

    def confirm(plan, _path):
        dlg = ColumnMapDialog(plan, "DS GV.xlsx", tab)
        seen.append(dlg)
        name = dlg.combos["name"]
        assert name.currentData() == 2 and dlg.combos["1.6.1"].currentData() == 4
        name.setCurrentIndex(0)  # the user clears the name column by mistake: refused with a message
        dlg.accept()
        assert dlg.result() == 0 and "Họ và tên" in dlg.problem.text()
        name.setCurrentIndex(name.findData(2))
        dlg.accept()
        assert dlg.result() == 1
        return dlg.mapping()

    assert tab.import_file(str(path), confirm=confirm) == 1
    assert seen and not w.told
    row = next(r for r in lists.rows(w.store, "staff") if r["name"] == "Phạm Thu Hà")
    assert row["attrs"] == {"1.6.1": True}
    assert "Bỏ qua các cột: STT, Ngày sinh" in w.lists_page.status.text()


def test_profile_refuses_clearing_the_name_or_the_principal_and_checks_contacts(window):
    from desktop.core.store import profile as prof

    w = window
    w.show_page(w.profile_page)
    school_form, people = w.profile_page.school_form, w.profile_page.people_form
    name = school_form.edits["name"]
    before = prof.get_school(w.store).name
    name.setText("")
    name.editingFinished.emit()
    assert w.told and "Tên trường không được để trống" in w.told[-1]
    assert name.text() == before and prof.get_school(w.store).name == before
    principal = people.principal
    who = principal.name.text()
    principal.name.setText("")
    principal.name.editingFinished.emit()
    assert "Hiệu trưởng" in w.told[-1] and principal.name.text() == who
    assert [p["full_name"] for p in prof.list_people(w.store, "principal")] == [who]
    email = school_form.edits["email"]
    email.setText("c2tuetinh@")
    email.editingFinished.emit()
    assert "c2tuetinh@" in w.told[-1] and prof.get_school(w.store).email != "c2tuetinh@"
    email.setText("")
    code = school_form.edits["code"]
    code.setText("31 012")
    code.editingFinished.emit()
    assert "mã trường «31 012»" in w.told[-1] and prof.get_school(w.store).code == "31012345"


def test_dashboard_says_a_missing_school_code(window):
    from dataclasses import replace

    from desktop.core.store import profile as prof

    w = window
    w.show_page(w.dashboard_page)
    texts = lambda: [w.dashboard_page.warn_list.item(i).text() for i in range(w.dashboard_page.warn_list.count())]  # noqa: E731
    assert not any("Mã trường" in t for t in texts())
    prof.save_school(w.store, replace(prof.get_school(w.store), code=""))
    w.dashboard_page.refresh()
    assert any(t.startswith("⚠ Mã trường: chưa có mã trường") for t in texts())


def test_the_list_keeps_feeding_the_suggestion_in_the_item_pane(window):
    w = window
    w.goto_item("1.6.3")
    page = w.assessment_page
    use = page.findChild(object, "useListShare")
    assert use is not None
    lists.add_row(w.store, "staff", "Giáo viên mới")  # 7/15 now
    w.goto_item("1.6.2")
    w.goto_item("1.6.3")
    page.findChild(object, "useListShare").click()
    value, basis = _answer(w, "1.6.3")
    assert (basis["counted"], basis["total"], basis["source"]) == (7, 15, "list") and value == Decimal("2.8")
    assert page.share_warning.isHidden()


def test_dashboard_lists_answers_the_lists_no_longer_back(window):
    w = window
    w.show_page(w.dashboard_page)
    texts = lambda: [w.dashboard_page.warn_list.item(i).text() for i in range(w.dashboard_page.warn_list.count())]  # noqa: E731
    before = [t for t in texts() if t.startswith("⚠ Mục 1.6")]
    lists.add_row(w.store, "staff", "Giáo viên mới")  # every 1.6.x share moves
    w.dashboard_page.refresh()
    after = [t for t in texts() if t.startswith("⚠ Mục 1.6")]
    assert len(after) > len(before) and any("/15" in t for t in after)


def test_a_bare_percentage_where_the_points_go_says_to_add_the_percent_sign(window):
    w = window
    w.goto_item("1.7.1")
    page = w.assessment_page
    before = _answer(w, "1.7.1")
    page.input.edit.setText("85")  # 85 of 8 points cannot be points: most likely the share without its %
    assert "«85%»" in page.points.text()
    page.input.edit.editingFinished.emit()
    assert len(w.told) == 1 and "«85%»" in w.told[0] and "mục mục" not in w.told[0]
    assert "mục 1.7.1" in w.told[0] and _answer(w, "1.7.1") == before
    page.input.edit.setText("150")  # a bare number that is no share at all: no hint
    assert "ngoài khoảng" in page.points.text() and "%»" not in page.points.text()


def test_the_code_warning_opens_the_profile_at_the_code(window):
    from dataclasses import replace

    from PySide6.QtCore import Qt

    from desktop.core.store import profile as prof

    w = window
    prof.save_school(w.store, replace(prof.get_school(w.store), code="31 012"))  # an old file's malformed code
    w.show_page(w.dashboard_page)
    w.dashboard_page.refresh()
    warn = w.dashboard_page.warn_list
    item = next(warn.item(i) for i in range(warn.count()) if warn.item(i).text().startswith("⚠ Mã trường"))
    assert "«31 012» không đúng dạng" in item.text()
    warn.itemActivated.emit(item)  # Enter or a double click on the line
    assert w.pages.currentWidget() is w.profile_page
    code = w.profile_page.school_form.edits["code"]
    assert code.hasFocus()
