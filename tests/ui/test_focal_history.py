"""Issue 22: unverified rows carry a sign in the tree, Ctrl+Z says what it undid, identical history lines fold."""
import shutil
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import history
from desktop.core.store import profile as prof
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: None)
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(db)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close()
    store.close()


def test_unverified_rows_have_a_sign_not_only_a_colour(window):
    w = window
    w.goto_item("1.3.1")
    page = w.assessment_page
    for code, ti in page.tree_items.items():
        item = page.iset.item(code)
        assert ("◇" in ti.text(0)) == (not item.verified), code
    assert "◇" not in page.tree_items["1.3.1"].text(0) and "◇" in page.tree_items["1.3.2"].text(0)


def test_ctrl_z_says_what_it_undid(window):
    w = window
    w.goto_item("1.3.5")
    a = asm.current_assessment(w.store)
    asm.set_answer(w.store, a["id"], "1.3.5", 2)
    w.show_page(w.dashboard_page)
    ctrl_z = next(a for a in w.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+Z"))
    ctrl_z.trigger()  # the menu's "Hoàn tác" (Chỉnh sửa), Ctrl+Z
    assert w.saved_label.text() == "Đã hoàn tác: Mục 1.3.5: 2"
    assert "1.3.5" not in asm.get_answers(w.store, a["id"])  # unanswered in the demo, as before


def test_identical_consecutive_history_lines_fold(window):
    w = window
    school = prof.get_school(w.store)
    for i in range(9):
        prof.save_school(w.store, replace(school, address=f"Số {i} đường Trần Hưng Đạo"))
    acts = history.actions(history.recent(w.store))
    assert acts[0].summary == "Cập nhật thông tin nhà trường" and acts[0].count == 9
    assert (acts[1].summary, acts[1].more) != (acts[0].summary, acts[0].more)  # a different action stays apart
    w.history_page.refresh()
    first = w.history_page.actions.index(0, 0).data()
    assert "Cập nhật thông tin nhà trường ×9" in first
    history.undo_last(w.store)  # one undone: it no longer folds with the eight still standing
    acts = history.actions(history.recent(w.store))
    assert [(a.count, a.undone) for a in acts[:2]] == [(1, True), (8, False)]


def test_history_and_undo_write_points_the_vietnamese_way(window):
    w = window
    a = asm.current_assessment(w.store)
    asm.set_answer(w.store, a["id"], "1.6.1", Decimal("5.95"))
    assert history.actions(history.recent(w.store))[0].summary == "Mục 1.6.1: 5,95"
    ctrl_z = next(a for a in w.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+Z"))
    ctrl_z.trigger()  # the menu's "Hoàn tác" (Chỉnh sửa), Ctrl+Z
    assert w.saved_label.text() == "Đã hoàn tác: Mục 1.6.1: 5,95"
