"""Issue 22: the report's period is picked from a list (tháng/quý/năm), and its date is checked when the field is
left, not while it is typed."""
import shutil
from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.ui.main_window import MainWindow
from desktop.ui.widgets.period_picker import choices
from desktop.ui.worker import wait_all


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
    wait_all()
    w.close()
    store.close()


def test_period_choices():
    months = choices("month", date(2026, 3, 10))
    assert str(months[0]) == "2026-12" and str(months[-1]) == "2024-01" and len(months) == 36
    assert [str(p) for p in choices("quarter", date(2026, 3, 10))][:2] == ["2027-Q4", "2027-Q3"]
    assert "2019-2020" in [str(p) for p in choices("self-assessment", date(2026, 3, 10), ["2019-2020"])]


def test_period_is_a_picker_and_the_date_is_checked_on_leaving(window, qtbot):
    w = window
    page = w.report_page
    w.show_page(page)
    assert not isinstance(page.period, QLineEdit)  # no free-text period field
    page.kind.setCurrentIndex(2)  # quý
    combo = page.period.combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert all(t.startswith("Quý ") for t in labels)
    combo.setCurrentIndex(combo.findData("2026-Q1"))
    combo.activated.emit(combo.currentIndex())
    assert page.rd is not None and page.rd.period == "2026-Q1"
    page.doc_number.setText("12/BC-THCS")
    page.doc_number.textEdited.emit("12/BC-THCS")
    page.save_fields()  # the first edit makes the draft
    page.doc_date.setFocus()
    qtbot.keyClicks(page.doc_date, "20/0")
    page.save_fields()  # what the autosave timer runs while the user is still typing
    assert not w.told  # no «Ngày «20/0» không hợp lệ» mid-typing
    qtbot.keyClicks(page.doc_date, "3/2026")
    page.doc_date.editingFinished.emit()
    assert not w.told and rep.get_report(w.store, page.report["id"])["doc_date"] == "2026-03-20"
    page.doc_date.clear()
    qtbot.keyClicks(page.doc_date, "31/02/2026")
    page.doc_date.editingFinished.emit()  # leaving the field checks it
    assert w.told and "31/02/2026" in w.told[-1]
    assert rep.get_report(w.store, page.report["id"])["doc_date"] == "2026-03-20"


def test_the_checklist_period_picker_speaks_words(window):
    w = window
    w.show_page(w.checklist_page)
    combo = w.checklist_page.period
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Năm học 2025-2026", "Quý II năm 2026", "Tháng 4 năm 2026"]  # the demo's day: 15/04/2026
    assert [combo.itemData(i) for i in range(combo.count())] == ["2025-2026", "2026-Q2", "2026-04"]
    assert not combo.isEditable()
