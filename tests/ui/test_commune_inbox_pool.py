"""The inbox page with intake's worker processes (what a folder of many files gets): the run in the page's worker
thread starts the pool, reports progress file by file, finishes, and stops when cancelled."""
import pytest

from desktop.core.commune import intake_pool, mode, roster
from desktop.core.signing import TrustStore
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.ui.main_window import MainWindow
from tests.helpers.pool_checkers import record_pool_checkers


@pytest.fixture
def inbox_page(qtbot, tmp_path, commune, monkeypatch):
    monkeypatch.setattr(intake_pool, "POOL_MIN_FILES", 1)   # a pool even for the few demo files
    monkeypatch.setattr(intake_pool, "cpu_count", lambda: 2)
    made = record_pool_checkers(monkeypatch)
    store = Store.open(tmp_path / "xa.db")
    ensure_bundled(store)
    mode.set_mode(store, "authority")
    roster.import_workbook(store, commune.roster_path)
    TrustStore.for_store(store).import_file(commune.root_cert_path)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    w.show_page(w.commune_inbox_page)
    yield w.commune_inbox_page, made
    w.close()
    store.close()


def test_pool_run_from_the_page(qtbot, inbox_page, commune):
    page, made = inbox_page
    page.start([str(f) for f in commune.files])
    qtbot.waitUntil(lambda: page.thread is None, timeout=120000)
    assert made and made[0]._fallback is None   # the files really went through worker processes
    assert "Xong" in page.status.text()
    assert page.progress.value() == page.progress.maximum() == len(commune.files)
    assert page.table.rowCount() == len(commune.files)
    states = {page.table.item(r, 6).text() for r in range(page.table.rowCount())}
    assert {"Đã nhận", "Bị từ chối", "Đã thay bằng bản mới"} <= states


def test_pool_run_cancelled_from_the_page(qtbot, inbox_page, commune):
    page, made = inbox_page
    page.progress.valueChanged.connect(lambda v: page.cancel() if v == 2 else None)
    page.start([str(f) for f in commune.files])
    qtbot.waitUntil(lambda: page.thread is None, timeout=120000)
    assert made
    assert "Đã dừng" in page.status.text()
    assert 2 <= page.table.rowCount() < len(commune.files)
