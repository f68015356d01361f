"""Keyboard use (issue 22): Tab leaves every multi-line field (Ctrl+Tab types a tab), and the menu bar with its
Alt+letter mnemonics reaches backup, export, quit, undo and every page."""
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTabWidget, QTextEdit, QVBoxLayout, QWidget

from desktop.ui.widgets.text_field import TextField
from tests.helpers.walk_pages import authority_window, pages, school_window

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"


def test_tab_leaves_a_text_field_and_ctrl_tab_types_a_tab(qtbot):
    tabs = QTabWidget()
    page = QWidget()
    lay = QVBoxLayout(page)
    before, field, after = QLineEdit(), TextField(), QLineEdit()
    for x in (before, field, after):
        lay.addWidget(x)
    tabs.addTab(page, "Văn bản")
    tabs.addTab(QWidget(), "Khác")
    qtbot.addWidget(tabs)
    tabs.show()
    tabs.activateWindow()
    qtbot.waitUntil(tabs.isActiveWindow)  # focus moves only in the active window
    field.setFocus()
    qtbot.keyClicks(field, "a")
    qtbot.keyClick(field, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    focus = QApplication.focusWidget
    assert field.toPlainText() == "a\t" and tabs.currentIndex() == 0 and focus() is field
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert focus() is after and field.toPlainText() == "a\t"
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is before


def test_no_bare_multi_line_field_in_the_ui_source():
    """New multi-line fields are TextFields too (a bare QPlainTextEdit/QTextEdit would trap Tab)."""
    bare = re.compile(r"\b(QPlainTextEdit|QTextEdit)\(")
    found = [f"{p.relative_to(UI)}:{n}" for p in UI.rglob("*.py") if p.name != "text_field.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bare.search(line)]
    assert found == []


def _trapping_fields(w) -> list[str]:
    return [f"{title}: {f.objectName() or f.accessibleName()}" for title, page in pages(w)
            for kind in (QPlainTextEdit, QTextEdit) for f in page.findChildren(kind)
            if not f.isReadOnly() and not f.tabChangesFocus()]


def test_every_page_field_lets_tab_out(qtbot, demo_db, commune, tmp_path):
    with school_window(qtbot, demo_db, tmp_path) as w:
        assert _trapping_fields(w) == []
        assert len(w.report_page.findChildren(TextField)) >= 4  # the report's free-text fields were seen
    with authority_window(qtbot, commune, tmp_path) as w:
        assert _trapping_fields(w) == []


def _menu(w, name):
    return next(m for m in w.menuBar().findChildren(object) if getattr(m, "objectName", lambda: "")() == name)


def test_menu_bar_mnemonics_and_actions(qtbot, demo_db, commune, tmp_path):
    with school_window(qtbot, demo_db, tmp_path) as w:
        titles = [a.text() for a in w.menuBar().actions()]
        assert titles == ["&Tệp", "&Chỉnh sửa", "&Xem", "Trợ &giúp"]
        letters = [t[t.index("&") + 1].lower() for t in titles]
        assert len(set(letters)) == len(letters)  # one Alt+letter each
        names = {a.objectName() for a in w.findChildren(QAction)}
        assert {"backupNow", "openDataFolder", "exportReport", "quit", "undo", "about"} <= names
        for menu in (_menu(w, "fileMenu"), _menu(w, "editMenu"), w.help_menu):
            texts = [a.text() for a in menu.actions() if not a.isSeparator()]
            keys = [t[t.index("&") + 1].lower() for t in texts]
            assert len(set(keys)) == len(texts), texts  # every entry has its own mnemonic in its menu
        # Xem: the navigation's pages, in its order, Ctrl+1… for the first nine
        view = [a for a in w.view_menu.actions()]
        assert [a.text().split("  ", 1)[-1] for a in view] == [w.nav.item(r).text() for r in range(w.nav.count())]
        assert view[6].shortcut().toString() == "Ctrl+7"
        view[6].trigger()
        assert w.nav.currentRow() == 6 and w.pages.currentWidget() is w.page(w.page_attrs()[6])
        # Tệp › Sao lưu ngay: the settings page's backup
        w.findChild(QAction, "backupNow").trigger()
        assert w.pages.currentWidget() is w.settings_page
        qtbot.waitUntil(lambda: "Đã sao lưu" in w.settings_page.backup_status.text()
                        or w.settings_page.make_button.isEnabled(), timeout=20000)
        assert w.findChild(QAction, "quit").shortcut().toString() == "Ctrl+Q"
        w.findChild(QAction, "quit").trigger()
        assert not w.isVisible()
    with authority_window(qtbot, commune, tmp_path) as w:  # the Xem menu follows the authority's navigation
        assert [a.text().split("  ", 1)[-1] for a in w.view_menu.actions()] == \
            [w.nav.item(r).text() for r in range(w.nav.count())]
        assert w.view_menu.actions()[0].text() == "&1  Tổng hợp các trường"
    QApplication.processEvents()
