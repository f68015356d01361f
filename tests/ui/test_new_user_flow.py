"""The flow a new user walks: first-run wizard → answer items (Vietnamese typed with setText) → evidence →
score and level update → close and reopen with everything there."""
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QCheckBox, QWizard

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import evidence as ev
from desktop.core.store import profile as prof
from desktop.core.store.checklist import checklist
from desktop.ui.main_window import MainWindow
from desktop.ui.wizard import SetupWizard


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes would block offscreen: record what the user would have been told."""
    seen = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda _p, title, text: seen.append(text))
    return seen


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.editingFinished.emit()


def task_ids(cp):
    return [r.task_id for r in cp.visible_rows()]


def run_wizard(qtbot, store):
    wiz = SetupWizard(store)
    qtbot.addWidget(wiz)
    wiz.show()
    assert wiz.mode_page.school_radio.isChecked()  # first page: the mode, a school by default
    wiz.next()
    f = wiz.school
    assert not wiz.button(QWizard.NextButton).isEnabled()  # no name yet
    type_into(f.edits["name"], "Trường Tiểu học và THCS Hòa Bình")
    f.level_boxes["TH"].setChecked(True)
    f.level_boxes["THCS"].setChecked(True)
    type_into(f.edits["commune"], "xã Hòa Bình")
    type_into(f.edits["province"], "Ninh Bình")
    assert f.body.text() == "UBND xã Hòa Bình"  # suggested from the levels
    f.level_boxes["THPT"].setChecked(True)
    assert f.body.text() == "Sở Giáo dục và Đào tạo Ninh Bình"
    f.level_boxes["THPT"].setChecked(False)
    type_into(f.body, "UBND xã Hòa Bình (phòng Văn hóa - Xã hội)")  # edited by hand: kept
    type_into(f.edits["commune"], "xã Hòa Bình mới")
    assert f.body.text() == "UBND xã Hòa Bình (phòng Văn hóa - Xã hội)"
    assert wiz.button(QWizard.NextButton).isEnabled()
    wiz.next()
    type_into(wiz.people.principal.name, "Nguyễn Thị Hương")
    type_into(wiz.people.focal.name, "Đỗ Văn Đức")
    type_into(wiz.people.focal.phone, "0912 345 678")
    type_into(wiz.people.focal.email, "duc.dv@example.edu.vn")
    wiz.next()
    wiz.year.year.setValue(2025)
    wiz.next()
    assert wiz.choices.set_box.count() >= 1
    pack = wiz.findChild(QCheckBox, "pack_tuetinh-cv-cds-2026")
    pack.setChecked(True)
    wiz.accept()


def test_new_user_walk_through(qtbot, tmp_path, dialogs):
    db = tmp_path / "truong.db"
    evidence_file = tmp_path / "Kế hoạch dạy học trực tuyến.pdf"
    evidence_file.write_bytes(b"%PDF-1.4 demo")
    with Store.open(db) as store:
        run_wizard(qtbot, store)
        school = prof.get_school(store)
        assert school.levels == ["TH", "THCS"] and school.managing_body.endswith("(phòng Văn hóa - Xã hội)")
        assert [p["full_name"] for p in prof.list_people(store, "focal_point")] == ["Đỗ Văn Đức"]
        assert prof.current_school_year(store)["label"] == "2025-2026"

        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        w.mark_saved()
        page = w.assessment_page
        w.goto_item("1.3.1")
        assert page.current_code == "1.3.1"
        type_into(page.input.edit, "abc")  # not a number: nothing saved, the pane says why
        assert "không phải là một số" in page.points.text()
        type_into(page.input.edit, "9")     # above the item's maximum (6): refused with a message
        assert dialogs and "ngoài khoảng" in dialogs[-1]
        type_into(page.input.edit, "4,5")   # Vietnamese decimal comma
        assert "4,5" in page.points.text()
        type_into(page.note, "Dùng Google Meet và Zoom cho các lớp khối 9")
        page.evidence.add_files([str(evidence_file)])
        page.step(-1)
        assert page.current_code == "1.2"
        page.input.combo.setCurrentIndex(1)
        page.input.combo.activated.emit(1)  # "Đạt"
        assert f"2/{len(page.codes)} đã trả lời" in page.progress.text()
        assert "Đã lưu lúc" in w.saved_label.text()

        w.show_page(w.dashboard_page)
        assert "4,5" in w.dashboard_page.cards[0].total.text()
        warnings = [w.dashboard_page.warn_list.item(i).text() for i in range(w.dashboard_page.warn_list.count())]
        assert not any("1.3.1 được" in t for t in warnings)  # it has evidence
        w.history_page.refresh()
        assert w.history_page.actions.rowCount() > 5

        cp = w.checklist_page  # tick tasks of the followed plan
        w.show_page(cp)
        assert cp.rows and cp.progress.value() == 0
        cp.select_task(cp.visible_rows()[0])
        ticked = cp.current.task_id
        cp.set_status("done")
        assert cp.progress.value() == 1
        cp.select_task(cp.visible_rows()[1])
        assert cp.current.task_id != ticked
        type_into(cp.who, "Đỗ Văn Đức")
        cp.pct.setValue(40)
        cp.pct.editingFinished.emit()
        assert cp.current.status == "doing" and cp.current.responsible == "Đỗ Văn Đức"
        cp.person.setCurrentIndex(cp.person.findText("Đỗ Văn Đức"))
        cp.fill()
        assert task_ids(cp) == [cp.current.task_id]
        cp.person.setCurrentIndex(0)
        cp.only_open.setChecked(True)
        assert ticked not in task_ids(cp)
        w.close()
    with Store.open(db) as store:  # reopen: everything is there
        a = asm.current_assessment(store)
        answers = asm.get_answers(store, a["id"])
        assert answers["1.3.1"] == Decimal("4.5") and answers["1.2"] is True
        assert asm.get_notes(store, a["id"])["1.3.1"].startswith("Dùng Google Meet")
        assert [e["title"] for e in ev.for_item(store, a["id"], "1.3.1")] == ["Kế hoạch dạy học trực tuyến.pdf"]
        year = prof.current_school_year(store)
        states = {r.task_id: r.status for r in checklist(store, year["id"], year["label"])}
        assert states[ticked] == "done" and list(states.values()).count("doing") == 1
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert w.nav.currentRow() == 0
        w.goto_item("1.3.1")
        assert w.assessment_page.input.edit.text() == "4,5"
        w.close()


def test_undo_and_restore_evidence(qtbot, demo_db, tmp_path, dialogs):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.goto_item("2.3.1")
        page = w.assessment_page
        before = page.input.edit.text()
        type_into(page.input.edit, "0")
        assert page.result.items["2.3.1"].points == 0
        w.show_page(w.history_page)
        w.history_page.undo_last()
        assert "Đã hoàn tác" in w.history_page.status.text()
        w.goto_item("2.3.1")
        assert w.assessment_page.input.edit.text() == before
        note = tmp_path / "biên bản.txt"
        note.write_text("biên bản họp", encoding="utf-8")
        page.evidence.add_files([str(note)])
        page.evidence.list.setCurrentRow(page.evidence.list.count() - 1)
        page.evidence.remove_selected()
        assert all("biên bản" not in page.evidence.list.item(i).text() for i in range(page.evidence.list.count()))
        w.show_page(w.history_page)
        assert w.history_page.removed.rowCount() == 1
        w.history_page.restore_selected()
        w.goto_item("2.3.1")
        assert any("biên bản" in page.evidence.list.item(i).text() for i in range(page.evidence.list.count()))
        w.close()
