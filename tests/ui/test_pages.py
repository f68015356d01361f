"""Lists, settings, keyboard navigation and the period freeze, on a copy of the demo data."""
import shutil

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import lists
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
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


def test_share_list_ticks_suggest_and_answer(window, tmp_path):
    w = window
    w.goto_item("1.6.3")
    w.assessment_page.findChild(object, "openShareList").click()
    page = w.lists_page
    assert w.pages.currentWidget() is page and page.tabs.currentWidget() is page.staff
    tab = page.staff
    label = tab.findChild(object, "share_1.6.3")
    assert "7/14 = 50%" in label.text() and "gợi ý <b>3</b>/6" in label.text()
    tab.new_name.setText("Nguyễn Văn Mới")
    tab.add()
    col = 1 + [f.code for f in tab.flags].index("1.6.3")
    last = tab.proxy.rowCount() - 1
    assert tab.proxy.index(last, 0).data() == "Nguyễn Văn Mới"
    assert tab.proxy.setData(tab.proxy.index(last, col), Qt.Checked, Qt.CheckStateRole)
    assert "8/15 = 53,33%" in label.text()
    tab.findChild(object, "useSuggested_1.6.3").click()
    a = asm.current_assessment(w.store)
    assert str(asm.get_answers(w.store, a["id"])["1.6.3"]) == "3.2"  # 6 × 53,33 % = 3,20
    # a workbook with a bad cell: located message, nothing changed
    bad = tmp_path / "gv.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "1.6.3 Xây dựng học liệu số"])
    wb.active.append(["Trần Văn Z", "có lẽ"])
    wb.save(bad)
    before = len(lists.rows(w.store, "staff"))
    tab.import_file(str(bad))
    assert "dòng 2" in w.told[-1] and "cột B" in w.told[-1]
    assert len(lists.rows(w.store, "staff")) == before


def test_keyboard_navigation_and_jump(window, qtbot):
    w = window
    w.show_page(w.assessment_page)
    page = w.assessment_page
    page.jump.setText("2.3.4")
    page.jump.returnPressed.emit()
    assert page.current_code == "2.3.4"
    page.step(1)
    assert page.current_code == "2.3.5"
    qtbot.keyClick(page.tree, Qt.Key_Up, Qt.AltModifier)
    assert page.current_code == "2.3.4"
    page.jump.setText("9.9")
    page.jump.returnPressed.emit()
    assert page.current_code == "2.3.4" and "Không có mục «9.9»" in page.progress.text()


def test_settings_font_scale_and_backup(window, qtbot):
    w = window
    w.show_page(w.settings_page)
    sp = w.settings_page
    base = QApplication.font().pointSizeF()
    sp.scale.setCurrentIndex(3)
    sp.scale.activated.emit(3)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5)
    sp.scale.setCurrentIndex(0)
    sp.scale.activated.emit(0)
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    count = sp.backup_list.count()
    sp.make_backup()
    qtbot.waitUntil(lambda: sp.backup_list.count() == count + 1, timeout=10000)
    assert "Đã sao lưu" in sp.backup_status.text()


def test_layout_remembered(qtbot, demo_db, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        w.resize(1100, 700)
        w.splitter.setSizes([230, 800])
        w.close()
        w2 = MainWindow(store)
        qtbot.addWidget(w2)
        w2.show()
        # the offscreen screen is small, so the restored size is clamped; the saved geometry is what we check
        from PySide6.QtCore import QSettings

        assert QSettings().value("main/geometry") == w.saveGeometry()
        qtbot.waitUntil(lambda: w2.splitter.sizes()[0] == 230, timeout=3000)
        w2.close()


def test_big_evidence_file_is_added_off_the_ui_thread(window, qtbot, tmp_path):
    from desktop.core.store import evidence as ev

    w = window
    w.goto_item("2.3.2")
    box = w.assessment_page.evidence
    scan = tmp_path / "bản scan quyết định.pdf"
    scan.write_bytes(b"%PDF" + bytes(3 * 1024 * 1024))
    box.add_files([str(scan)])
    assert box.busy  # returned at once; the copy runs in a worker
    qtbot.waitUntil(lambda: not box.busy, timeout=20000)
    a = asm.current_assessment(w.store)
    assert [e["title"] for e in ev.for_item(w.store, a["id"], "2.3.2")] == ["bản scan quyết định.pdf"]
    assert any("bản scan" in box.list.item(i).text() for i in range(box.list.count()))


def test_one_piece_of_evidence_serves_several_items(window):
    from desktop.core.store import evidence as ev

    w = window
    w.goto_item("1.6.1")
    first = w.assessment_page.evidence.rows()[0]
    w.goto_item("2.3.4")
    box = w.assessment_page.evidence
    assert first["id"] in [r["id"] for r in box.reusable()]
    box.reuse(first["id"])
    a = asm.current_assessment(w.store)
    assert [e["id"] for e in ev.for_item(w.store, a["id"], "2.3.4")] == [first["id"]]
    assert [e["id"] for e in ev.for_item(w.store, a["id"], "1.6.1")] == [first["id"]]
    assert w.assessment_page.result is not None and "2.3.4" in w.assessment_page.tree_items


def test_checklist_overdue_filter_and_freeze(window):
    from desktop.core.store import checklist as chk

    w = window
    cp = w.checklist_page
    w.show_page(cp)
    assert cp.overdue  # the demo has unfinished dated tasks past their deadline
    cp.only_overdue.setChecked(True)
    shown = cp.visible_rows()
    assert shown and all((r.pack_id, r.task_id) in cp.overdue for r in shown)
    assert len(shown) < len(cp.rows)
    cp.freeze()
    rows = chk.freeze(w.store, cp.year["id"], cp.period.currentData())
    done = sum(1 for r in rows if r["status"] in ("done", "na"))
    assert f"Đã chốt {len(rows)} nhiệm vụ" in w.told[-1] and f"({done} đã xong)" in w.told[-1]
    # the period in words mid-sentence: "của năm học 2025-2026", not "của kỳ Năm học 2025-2026"
    assert cp.period.currentData() == "2025-2026" and "nhiệm vụ của năm học 2025-2026 (" in w.told[-1]


def test_task_pane_shows_the_province_sentence_and_marks_suggestions(window):
    """Issue 19: under the task, what the document actually wrote; the encoder's product marked as a suggestion."""
    from PySide6.QtWidgets import QLabel

    from desktop.core.plans import SUGGESTED

    w = window
    cp = w.checklist_page
    w.show_page(cp)
    rows = {(r.pack_id, r.task_id): r for r in cp.visible_rows()}
    cp.select_task(rows[("ninhbinh-27-kh-sgddt-2025", "NV-II.2.c")])
    pane = cp.detail.widget()
    source = pane.findChild(QLabel, "taskSource")
    assert source is not None and "không dùng chung tài khoản" in source.text()
    texts = " ".join(lbl.text() for lbl in pane.findChildren(QLabel))
    assert f"Sản phẩm: Quy định quản lý tài khoản của trường <i>({SUGGESTED})</i>" in texts


def test_target_figure_late_reason_and_suggested_deadline_on_the_checklist(window):
    """Issue 20: the school's figure for a target and its day, and the reason a row is late, are entered in the
    task pane and reach the report; issue 19: the "Hạn" column marks a deadline Sổ CĐS suggested, as the pane does."""
    from PySide6.QtWidgets import QDateEdit, QLineEdit

    from desktop.core.plans import SUGGESTED
    from desktop.ui.pages.checklist import SUGGESTED_MARK

    w = window
    cp = w.checklist_page
    w.show_page(cp)
    rows = {(r.pack_id, r.task_id): r for r in cp.visible_rows()}
    column = next(i for i, c in enumerate(cp.model._columns) if c.header == "Hạn")
    marked = {r.task_id for r in cp.visible_rows()
              if SUGGESTED_MARK in cp.model._columns[column].text(r)}
    suggested = {r.task_id for r in cp.visible_rows() if "deadline" in r.suggested and r.deadline}
    assert marked == suggested and ("tuetinh-cv-cds-2026", "NV-4") in rows and "NV-4" in marked
    assert SUGGESTED in cp.model._columns[column].tooltip(rows[("tuetinh-cv-cds-2026", "NV-4")])

    cp.select_task(rows[("ninhbinh-27-kh-sgddt-2025", "CT-PL1.4")])
    pane = cp.detail.widget()
    actual = pane.findChild(QLineEdit, "taskActual")
    assert actual is not None and pane.findChild(QDateEdit, "taskActualOn") is not None
    actual.setText("41/48 người, 85%")
    actual.editingFinished.emit()
    reason = cp.detail.widget().findChild(QLineEdit, "taskLateReason")
    reason.setText("Chờ kết quả bài kiểm tra đợt 2")
    reason.editingFinished.emit()
    row = next(r for r in cp.rows if r.task_id == "CT-PL1.4")
    assert row.actual == "41/48 người, 85%" and row.actual_on == "2026-04-15"  # the demo's day
    assert row.late_reason == "Chờ kết quả bài kiểm tra đợt 2"
    cp.select_task(rows[("tuetinh-cv-cds-2026", "NV-4")])  # a task has no figure, only the late reason
    assert cp.detail.widget().findChild(QLineEdit, "taskActual") is None
    assert cp.detail.widget().findChild(QLineEdit, "taskLateReason") is not None
