"""Issue 21: in a Sở's data file the window opens on the province: the officer takes in the communes' signed
roll-ups (a folder, as from the inbox; the same verdicts), sees the province by commune and the schools missing
or late in each, and exports the province roll-up with the Sở's signature block (also from the overview)."""
import shutil

import openpyxl
import pytest

from desktop.core.commune import inbox, mode, roster
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.demo_province import build_province_demo
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.ui.main_window import MainWindow

SO = dict(name="Sở Giáo dục và Đào tạo", parent="UBND tỉnh (dữ liệu mẫu)", level="so", signer_name="Lê Thị Hoa",
          signer_title="Phó Giám đốc")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_province_demo(tmp_path_factory.mktemp("tinh") / "tinh", 3, 6)  # socds demo --province 3


@pytest.fixture
def so_store(tmp_path, demo):
    with Store.open(tmp_path / "so.db") as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        AuthorityInfo(**SO).save(store)
        roster.import_workbook(store, demo.roster_path)
        yield store


def test_sở_takes_in_communes_sees_the_province_and_exports(qtbot, tmp_path, demo, so_store):
    from desktop.core.signing import TrustStore

    TrustStore.for_store(so_store).import_file(demo.root_cert_path)
    w = MainWindow(so_store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    page = w.province_page
    assert w.pages.currentWidget() is page  # a Sở opens on its province
    assert page.model.rowCount() == len(demo.communes) + 1  # nothing in yet: every commune "Chưa gửi", + the Sở's own
    assert {page.model.text(r, 2) for r in range(page.model.rowCount())} == {"Chưa gửi"}
    folder = tmp_path / "den"
    shutil.copytree(demo.out_dir / "bao-cao", folder)
    page.intake.start([str(folder)])  # what «Nhận cả thư mục…» or a drop does
    qtbot.waitUntil(lambda: page.intake.thread is None, timeout=120000)
    assert "Xong" in page.intake.status.text() and page.intake.progress.value() == len(demo.files)
    # the same verdicts as the commune's inbox: the altered roll-up is refused, the others accepted
    states = {r["school_code"]: r["state"] for r in inbox.list_inbox(so_store)}
    assert states[demo.tampered_commune] == "rejected"
    assert {s for c, s in states.items() if c != demo.tampered_commune} == {"accepted"}
    status = {page.model.text(r, 0): page.model.text(r, 2) for r in range(page.model.rowCount())}
    assert status == {"XA001": "Đã nhận", "XA002": "Bị từ chối / chờ xem xét", "XA003": "Đã nhận",
                      "XA004": "Chưa gửi", "—": "Đã nhận"}
    pv = page.province
    assert "2/4 xã, phường" in page.summary.text() and f"{pv.totals()['received']}/{pv.totals()['schools']}" in \
        page.summary.text()
    # the period in words (issue 16), never the data's "2025-2026"
    assert pv.period == "2025-2026" and page.summary.text().startswith("Năm học 2025-2026: ")
    # the commune's figures, read from its signed roll-up: schools, levels, late, not sent
    heads = [c.header for c in page.model.columns()]
    xa1 = next(c for c in pv.communes if c.code == "XA001")
    row = next(r for r in range(page.model.rowCount()) if page.model.text(r, 0) == "XA001")
    assert page.model.text(row, heads.index("Số trường")) == str(xa1.schools)
    assert page.model.text(row, heads.index("Chưa gửi")) == str(xa1.not_sent) != "0"
    assert sum(int(page.model.text(row, heads.index(h))) for h in heads[8:-3]) == xa1.received
    # the schools to see in the commune selected: not sent, refused, late
    assert page.select_unit("XA001")
    listed = {(page.schools_model.text(r, 0), page.schools_model.text(r, 2))
              for r in range(page.schools_model.rowCount())}
    assert listed == {(c, s) for c, _n, s in xa1.missing} | {(c, "Nộp muộn") for c, _n in xa1.late_schools}
    assert listed and "XA001" not in page.schools_label.text() and xa1.name in page.schools_label.text()
    assert page.select_unit("XA004") and page.schools_model.rowCount() == 0
    assert "Chưa gửi" in page.schools_label.text() or "chưa gửi" in page.schools_label.text()
    page.grab().save(str(tmp_path / "province_page.png"))
    from tests.ui.test_accessible_names import _unnamed  # every focusable widget has a name a screen reader says

    assert _unnamed(w) == []
    out = page.export(str(tmp_path / "kq"))
    assert out["pdf"].exists() and "tong-hop-tinh_" in page.summary.text()
    rows = list(openpyxl.load_workbook(out["xlsx"])["Theo xã"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:2]] == ["XA001", "XA003"] and rows[-1][1] == "Cộng"
    w.close()


def test_sở_overview_exports_the_province(qtbot, tmp_path, monkeypatch, demo, so_store):
    inbox.take_in(so_store, demo.files, trust=[demo.root_cert_path])
    w = MainWindow(so_store)
    qtbot.addWidget(w)
    ov = w.commune_overview_page
    ov.refresh()
    out = tmp_path / "kq"
    out.mkdir()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getExistingDirectory", lambda *a, **k: str(out))
    ov.export()
    (xlsx,) = out.glob("tong-hop-tinh_*.xlsx")
    assert "tong-hop-tinh_" in ov.summary.text() and len(list(out.glob("tong-hop-tinh_*.pdf"))) == 1
    rows = list(openpyxl.load_workbook(xlsx)["Theo xã"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:2]] == ["XA001", "XA003"] and rows[-1][1] == "Cộng"
    w.close()


def test_a_commune_has_no_province_page(qtbot, tmp_path):
    with Store.open(tmp_path / "xa.db") as store:
        mode.set_mode(store, "authority")
        AuthorityInfo(name="UBND xã Tuệ Tĩnh").save(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert "province_page" not in w._specs and w.pages.currentWidget() is w.commune_overview_page
        w.close()


def test_declaring_the_body_a_sở_in_settings_lists_the_province_first(qtbot, tmp_path):
    with Store.open(tmp_path / "x.db") as store:
        mode.set_mode(store, "authority")
        AuthorityInfo(name="Sở Giáo dục và Đào tạo").save(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert "province_page" not in w._specs
        page = w.settings_page
        w.show_page(page)
        form = page.authority
        form.level.setCurrentIndex(form.level.findData("so"))
        form.level.activated.emit(form.level.currentIndex())  # what choosing it in the list does
        assert AuthorityInfo.load(store).level == "so"
        assert w.nav.item(0).text() == "Tổng hợp toàn tỉnh" and w.pages.currentWidget() is page  # stays in settings
        form.level.setCurrentIndex(form.level.findData("xa"))
        form.level.activated.emit(form.level.currentIndex())
        assert "province_page" not in w._specs and w.nav.item(0).text() != "Tổng hợp toàn tỉnh"
        w.close()
