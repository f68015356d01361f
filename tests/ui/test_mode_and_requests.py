"""The mode chosen at first run and in Settings, and a request for changes shown in place on the school side."""
from PySide6.QtWidgets import QWizard

from desktop.core.commune import mode
from desktop.core.commune.rollup_pdf import AuthorityInfo
from desktop.core.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.wizard import PAGE_AUTHORITY, PAGE_MODE, PAGE_SCHOOL, SetupWizard


def test_wizard_authority_mode_sets_mode_and_shows_commune_pages(qtbot, tmp_path):
    with Store.open(tmp_path / "xa.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert not hasattr(w, "commune_overview_page")
        wiz = SetupWizard(store, w)
        qtbot.addWidget(wiz)
        wiz.show()
        assert wiz.currentId() == PAGE_MODE
        wiz.mode_page.authority_radio.setChecked(True)
        wiz.next()
        assert wiz.currentId() == PAGE_AUTHORITY  # the school's pages are skipped
        assert not wiz.button(QWizard.FinishButton).isEnabled() or not wiz.authority_page.isComplete()
        wiz.authority_page.edits["name"].setText("UBND xã Tuệ Tĩnh")
        wiz.authority_page.edits["signer_name"].setText("Nguyễn Văn Bình")
        assert wiz.authority_page.isComplete()
        wiz.accept()
        assert mode.get_mode(store) == "authority"
        info = AuthorityInfo.load(store)
        assert (info.name, info.signer_name) == ("UBND xã Tuệ Tĩnh", "Nguyễn Văn Bình")
        w.apply_mode()
        assert w.pages.indexOf(w.commune_overview_page) >= 0
        titles = [w.nav.item(i).text() for i in range(w.nav.count())]
        assert "Hộp thư báo cáo" in titles


def test_wizard_school_mode_goes_to_school_pages(qtbot, tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        wiz = SetupWizard(store)
        qtbot.addWidget(wiz)
        wiz.show()
        wiz.next()
        assert wiz.currentId() == PAGE_SCHOOL
        assert mode.get_mode(store) == "school"


def test_settings_switch_rearranges_nav(qtbot, tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        before = w.nav.count()
        w.settings_page.set_mode("authority")
        assert mode.get_mode(store) == "authority" and w.nav.count() == before + 3
        w.settings_page.set_mode("school")
        assert mode.get_mode(store) == "school" and w.nav.count() == before
        assert not hasattr(w, "commune_inbox_page")
