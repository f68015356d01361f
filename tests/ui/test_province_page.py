"""Issue 21: in a Sở's data file the overview's export writes the province roll-up (by commune) from the
communes' signed roll-ups, with the Sở's signature block."""
import openpyxl

from desktop.core.commune import inbox, mode, roster
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.demo_province import build_province_demo
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.ui.main_window import MainWindow


def test_sở_overview_exports_the_province(qtbot, tmp_path, monkeypatch):
    demo = build_province_demo(tmp_path / "tinh", 2, 3)
    with Store.open(tmp_path / "so.db") as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        AuthorityInfo(name="Sở Giáo dục và Đào tạo", level="so", signer_name="Lê Thị Hoa",
                      signer_title="Phó Giám đốc").save(store)
        roster.import_workbook(store, demo.roster_path)
        inbox.take_in(store, demo.files, trust=[demo.root_cert_path])
        w = MainWindow(store)
        qtbot.addWidget(w)
        ov = w.commune_overview_page
        assert w.pages.currentWidget() is ov
        ov.refresh()
        out = tmp_path / "kq"
        out.mkdir()
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getExistingDirectory", lambda *a, **k: str(out))
        ov.export()
        (xlsx,) = out.glob("tong-hop-tinh_*.xlsx")
        assert "tong-hop-tinh_" in ov.summary.text() and len(list(out.glob("tong-hop-tinh_*.pdf"))) == 1
        rows = list(openpyxl.load_workbook(xlsx)["Theo xã"].iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in rows[:2]] == ["XA001", "XA002"] and rows[-1][1] == "Cộng"
        w.close()
