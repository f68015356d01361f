"""Authority mode in the window: roster, inbox with progress (worker thread) and the overview with its charts."""
import shutil

import pytest

from desktop.core.commune import mode, roster
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.ui.main_window import MainWindow



@pytest.fixture
def authority_window(qtbot, tmp_path, commune):
    store = Store.open(tmp_path / "xa.db")
    ensure_bundled(store)
    mode.set_mode(store, "authority")
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    yield w, store
    w.close()
    store.close()


def test_school_mode_has_no_commune_pages(qtbot, tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert not hasattr(w, "commune_inbox_page")


def test_roster_inbox_overview(qtbot, authority_window, commune, tmp_path):
    w, store = authority_window
    w.show_page(w.commune_roster_page)
    w.commune_roster_page.import_file(str(commune.roster_path))
    assert w.commune_roster_page.table.rowCount() == len(commune.schools)
    page = w.commune_inbox_page
    w.show_page(page)
    folder = tmp_path / "in"
    shutil.copytree(commune.out_dir / "bao-cao", folder)
    shutil.copy(commune.root_cert_path, tmp_path / "root.pem")
    from desktop.core.signing import TrustStore
    TrustStore.for_store(store).import_file(tmp_path / "root.pem")
    page.start([str(folder)])
    qtbot.waitUntil(lambda: page.thread is None, timeout=60000)
    assert page.progress.value() == page.progress.maximum() == len(commune.files)
    assert "Xong" in page.status.text()
    assert page.table.rowCount() == len(commune.files)
    states = {page.table.item(r, 6).text() for r in range(page.table.rowCount())}
    assert {"Đã nhận", "Bị từ chối", "Đã thay bằng bản mới"} <= states
    ov = w.commune_overview_page
    w.show_page(ov)
    ov.refresh()
    assert ov.proxy.rowCount() == len(ov.rollup.rows) == len(commune.schools) - 2  # tampered + missing
    ov.search.setText(commune.schools[0].code)
    assert ov.proxy.rowCount() == 1
    ov.search.setText("")
    label = next(iter(ov.rollup.level_counts))
    ov.level.setCurrentText(label)
    assert ov.proxy.rowCount() == ov.rollup.level_counts[label]
    assert ov.level_chart.bars and ov.criteria_chart.bars
    assert "Chưa nộp" in ov.summary.text() and commune.missing in ov.summary.text()
    w.resize(1366, 768)
    ov.grab().save(str(tmp_path.parent / "commune_overview.png"))


def test_inbox_cancel(qtbot, authority_window, commune):
    w, store = authority_window
    roster.import_workbook(store, commune.roster_path)
    page = w.commune_inbox_page
    page.start([str(f) for f in commune.files])
    page.cancel()
    qtbot.waitUntil(lambda: page.thread is None, timeout=60000)
    assert "Đã dừng" in page.status.text()
    assert page.table.rowCount() < len(commune.files)
