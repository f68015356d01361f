"""Issue 22, year over year: with last school year's self-assessment in the data file, the dashboard shows its
points and level beside this year's, with the change per criterion; without it, nothing is shown."""
import shutil
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import profile as prof
from desktop.core.store import year_over_year
from desktop.ui.main_window import MainWindow


def _last_year(store):
    """Last year's assessment as a school that used the program then would have it: every answer of this year,
    but 1.3.1 at 2 points and 1.4 at 4."""
    this = asm.current_assessment(store)
    sy = prof.ensure_school_year(store, 2024, current=False)
    aid = asm.create_assessment(store, sy, this["set_id"], this["set_version"])
    for code, value in asm.get_answers(store, this["id"]).items():
        asm.set_answer(store, aid, code, value)
    asm.set_answer(store, aid, "1.3.1", 2)
    asm.set_answer(store, aid, "1.4", 4)
    return this["id"], aid


@pytest.fixture
def db(demo_db, tmp_path):
    return shutil.copy(demo_db, tmp_path / "demo.db")


def test_compare_core(db):
    with Store.open(db) as store:
        this = asm.current_assessment(store)["id"]
        assert year_over_year.compare(store, this) is None  # the demo keeps one school year only
        this, _old = _last_year(store)
        yoy = year_over_year.compare(store, this)
        assert (yoy.this_year, yoy.last_year, yoy.same_set) == ("2025-2026", "2024-2025", True)
        now = asm.get_answers(store, this)
        g1 = yoy.groups[0]
        assert g1.delta == (Decimal(now["1.3.1"]) - 2) + (Decimal(now["1.4"]) - 4)
        moved = {c.code: c.delta for c in yoy.criteria if c.delta}
        assert moved == {"1.3": Decimal(now["1.3.1"]) - 2, "1.4": Decimal(now["1.4"]) - 4}
        assert yoy.groups[1].delta == 0


def test_dashboard_shows_last_year(qtbot, db, monkeypatch):
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: None)
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        page = w.dashboard_page
        assert page.yoy_box.isHidden()
        _last_year(store)
        page.refresh()
        assert not page.yoy_box.isHidden() and "2024-2025" in page.yoy_box.title()
        text = page.yoy.text()
        assert "năm trước" in text and "1.3:" in text and "1.4:" in text and "Nhóm 2" in text and "±0" in text
        w.close()
