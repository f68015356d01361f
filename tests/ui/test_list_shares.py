"""The staff and rooms page's share lines read the list once per opening (not once per share item) and still say
exactly what the data file says after each edit: a tick, an added and a removed row."""
import shutil

import pytest
from PySide6.QtCore import Qt

from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import lists
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, tmp_path):
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


def _lines_match_the_store(w):
    page, aid = w.lists_page, asm.current_assessment(w.store)["id"]
    for tab in (page.staff, page.room):
        for f in tab.flags:
            s = lists.share(w.store, page.iset, f.code)   # read from the data file itself
            text = tab._share_widgets[f.code][0].text()
            assert f"{s.counted}/{s.total} =" in text, (f.code, text)
            off = lists.answer_mismatch(w.store, page.iset, aid, f.code)
            assert (off is not None) == ("⚠" in text), (f.code, text)


def test_share_lines_follow_every_edit(window, monkeypatch):
    w = window
    page = w.lists_page
    w.show_page(page)
    reads = []
    real = lists.rows
    monkeypatch.setattr(lists, "rows", lambda store, kind: reads.append(kind) or real(store, kind))
    page.refresh()
    assert sorted(reads) == ["room", "staff"]   # one read of each list, whatever the number of share items
    _lines_match_the_store(w)
    tab = page.staff
    code = tab.flags[0].code
    row = next(i for i in range(tab.proxy.rowCount())
               if tab.proxy.index(i, 1).data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked.value)
    tab.proxy.setData(tab.proxy.index(row, 1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert lists.share(w.store, page.iset, code).counted == sum(1 for r in real(w.store, "staff") if r["attrs"].get(code))
    _lines_match_the_store(w)
    tab.new_name.setText("Giáo viên mới")
    tab.add()
    _lines_match_the_store(w)
    tab.view.selectRow(0)
    tab.remove()
    _lines_match_the_store(w)
