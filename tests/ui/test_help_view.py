"""The user guide in the app (issue 22): F1 on every page opens the guide at that page's section; the guide's sections,
pictures and words are what the help window and the printable PDF rely on."""
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from desktop.core.paths import guide_dir
from desktop.core.store import Store
from desktop.ui import help_view
from desktop.ui.help_view import TOPICS, HelpWindow, section
from desktop.ui.main_window import COMMUNE_PAGES, PROVINCE_PAGES, SCHOOL_PAGES, MainWindow
from tests.helpers.walk_pages import school_window

ALL_PAGES = SCHOOL_PAGES + COMMUNE_PAGES + PROVINCE_PAGES

GUIDE = guide_dir()
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def guide_files() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def test_the_guide_is_where_the_app_looks_and_in_the_bundle():
    assert {p.name for p in guide_files()} >= {"truong.md", "co-quan-quan-ly.md"}
    spec = (Path(__file__).resolve().parents[2] / "build" / "socds.spec").read_text(encoding="utf-8")
    assert '"docs" / "huong-dan"), "docs/huong-dan")' in spec  # guide_dir() under sys._MEIPASS finds it there


def test_every_topic_names_a_section_of_its_file():
    for topic, (name, heading) in TOPICS.items():
        text = (GUIDE / name).read_text(encoding="utf-8")
        assert f"\n## {heading}\n" in text or f"\n### {heading}\n" in text, (topic, name, heading)


def test_every_page_has_a_guide_section():
    """The topic is part of the page's registration (PageSpec): a page cannot be listed without one."""
    assert len(ALL_PAGES) >= 17
    for spec in ALL_PAGES:
        assert spec.topic in TOPICS, (spec.attr, spec.topic)
    authority = {TOPICS[s.topic][0] for s in COMMUNE_PAGES + PROVINCE_PAGES}
    assert authority == {"co-quan-quan-ly.md"}  # an officer's page opens the officers' part


def test_every_picture_referenced_exists_and_every_picture_is_used():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build"))
    try:
        from guide_shots import SHOTS  # the names `make screenshots` writes
    finally:
        sys.path.pop(0)
    used = set()
    for md in guide_files():
        for ref in IMAGE.findall(md.read_text(encoding="utf-8")):
            assert (GUIDE / ref).is_file(), (md.name, ref)
            used.add(Path(ref).stem)
    assert used == set(SHOTS)
    assert {p.stem for p in (GUIDE / "img").glob("*.png")} == set(SHOTS)  # no stale picture left behind


def test_guide_text_is_nfc_vietnamese():
    for md in guide_files():
        text = md.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, md.name
        assert "Khóa và ký" in text or "Tổng hợp" in text


def test_section_cuts_at_the_next_heading():
    md = "# T\nintro\n## A\na\n### A1\na1\n## B\nb\n"
    assert section(md, "A") == "## A\na\n### A1\na1\n"
    assert section(md, None) == "# T\nintro\n"
    assert section(md, "missing") == md
    assert section(md, "A1") == "### A1\na1\n"  # a dialog's own part of a page's section
    assert section("## A\n### A1\nx\n### A2\ny\n", "A1") == "### A1\nx\n"
    assert help_view.part_heading("truong.md", "Phiếu khảo sát giáo viên") == "Danh sách giáo viên và phòng học"


def _press_f1(qtbot, w, page) -> HelpWindow:
    w.show_page(page)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # a key reaches the shortcuts of the active window only
    QTest.keyClick(w.pages.currentWidget(), Qt.Key.Key_F1)
    window = w.findChild(HelpWindow)
    assert window is not None and window.isVisible()
    return window


def test_f1_on_every_school_page_opens_its_section(qtbot, demo_db, tmp_path):
    with school_window(qtbot, demo_db, tmp_path) as w:
        action = w.findChild(help_view.QAction, "userGuide")
        assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
        assert QKeySequence(QKeySequence.StandardKey.HelpContents).toString() == "F1"
        pages = [w.page(spec.attr) for spec in w.wanted_pages()]
        assert len(pages) >= 10
        for page in pages:
            window = _press_f1(qtbot, w, page)
            name, heading = TOPICS[w.current_spec().topic]
            assert window.current == (name, heading), type(page).__name__
            assert window.shown_heading() == heading  # the section is what is on screen, from its top
        assert len(w.findChildren(HelpWindow)) == 1  # one guide window, brought back each time
        entry = w.help_menu.actions()[0]  # Trợ giúp › Hướng dẫn sử dụng (F1), first in the menu
        assert entry is action and entry.text() == "&Hướng dẫn sử dụng"
        w.show_page(w.calendar_page)
        entry.trigger()
        assert w.findChild(HelpWindow).shown_heading() == "Lịch năm học"
        w.nav.setFocus()  # a settings field left now commits while the data file is open, not at teardown
        QTest.qWait(0)


def test_f1_in_authority_mode_opens_the_officers_part(qtbot, tmp_path):
    from desktop.core.commune import mode

    with Store.open(tmp_path / "xa.db") as store:
        mode.set_mode(store, "authority")
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        seen = set()
        for spec in w.wanted_pages():
            page = w.page(spec.attr)
            window = _press_f1(qtbot, w, page)
            seen.add(window.current[0])
            assert window.shown_heading() == TOPICS[spec.topic][1]
        assert "co-quan-quan-ly.md" in seen
        w.close()


def test_f1_on_a_new_file_opens_the_first_start(qtbot, tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        window = _press_f1(qtbot, w, w.profile_page)
        assert window.shown_heading() == "Khởi động lần đầu"
        w.close()


@pytest.mark.parametrize("topic", ["tu-danh-gia", "nhan-ho-so"])
def test_pictures_are_loaded_and_fit_the_window(qtbot, topic):
    window = help_view.show_help(None, topic)
    qtbot.addWidget(window)
    doc = window.browser.document()
    sizes = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                img = fmt.toImageFormat()
                assert (GUIDE / img.name()).is_file()
                assert not doc.resource(doc.ResourceType.ImageResource, doc.baseUrl().resolved(img.name())).isNull()
                sizes.append(img.width())
            it += 1
        block = block.next()
    assert sizes and max(sizes) <= help_view.IMAGE_WIDTH


def test_the_guide_window_saves_the_printable_pdf(qtbot, tmp_path):
    from desktop.ui.worker import wait_all

    window = help_view.show_help(None, "gui-bao-cao")
    qtbot.addWidget(window)
    window.save_pdf(str(tmp_path / "hd.pdf"))
    assert not window.pdf_btn.isEnabled()  # off the UI thread; the button waits
    wait_all()
    qtbot.waitUntil(window.pdf_btn.isEnabled, timeout=60000)
    assert window.status.text() == "Đã lưu hd.pdf."
    assert (tmp_path / "hd.pdf").read_bytes().startswith(b"%PDF")


def test_f1_in_the_first_run_wizard_opens_its_part(qtbot, tmp_path):
    from desktop.ui.wizard import SetupWizard

    with Store.open(tmp_path / "new.db") as store:
        wiz = SetupWizard(store)
        qtbot.addWidget(wiz)
        wiz.show()
        wiz.activateWindow()
        qtbot.waitUntil(wiz.isActiveWindow)
        QTest.keyClick(wiz.currentPage(), Qt.Key.Key_F1)
        assert wiz.findChild(HelpWindow).shown_heading() == "Khởi động lần đầu"
        wiz.mode_page.authority_radio.setChecked(True)
        wiz.next()
        assert wiz.currentPage() is wiz.authority_page
        wiz.button(wiz.WizardButton.HelpButton).click()  # «Hướng dẫn (F1)»
        assert wiz.findChild(HelpWindow).shown_heading() == "Khai báo cơ quan"
        wiz.close()


def test_f1_on_a_sở_province_page_opens_its_section(qtbot, tmp_path):
    from desktop.core.commune import mode
    from desktop.core.commune.authority import AuthorityInfo

    with Store.open(tmp_path / "so.db") as store:
        mode.set_mode(store, "authority")
        AuthorityInfo(name="Sở Giáo dục và Đào tạo", level="so").save(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        window = _press_f1(qtbot, w, w.province_page)
        assert window.shown_heading() == "Ở Sở: tổng hợp toàn tỉnh"
        w.close()
