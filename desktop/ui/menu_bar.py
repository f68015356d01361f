"""The main window's menu bar (issue 22): Tệp, Chỉnh sửa, Xem, Trợ giúp, each with an Alt+letter mnemonic, for
the user who works from the keyboard. The menus only call what the pages already do (back up, export, undo,
go to a page); nothing here has logic of its own.

Mnemonics: Alt+T Tệp, Alt+C Chỉnh sửa, Alt+X Xem, Alt+G Trợ giúp. The Xem menu lists the navigation's pages and
is filled again when the navigation changes (MainWindow.apply_mode). The Trợ giúp menu is `window.help_menu`:
the user guide's entry ("Hướng dẫn", F1) goes first in it (see `add_help_entry`).

`w` is always the application's MainWindow (desktop/ui/main_window.py, which imports this module; typed by its Qt
base class so that the two modules do not import each other): its store, pages, navigation and undo are used.
"""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from desktop import APP_NAME, __version__


def build_menu_bar(w: QMainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&Tệp")
    file_menu.setObjectName("fileMenu")
    _action(w, file_menu, "&Sao lưu ngay", lambda: _backup_now(w), name="backupNow")
    _action(w, file_menu, "&Mở thư mục dữ liệu", lambda: QDesktopServices.openUrl(
        QUrl.fromLocalFile(str(w.store.path.parent))), name="openDataFolder")
    _action(w, file_menu, "&Xuất báo cáo…", lambda: _export(w), name="exportReport")
    file_menu.addSeparator()
    _action(w, file_menu, "T&hoát", w.close, QKeySequence("Ctrl+Q"), name="quit")

    edit_menu = bar.addMenu("&Chỉnh sửa")
    edit_menu.setObjectName("editMenu")
    # Ctrl+Z on whatever page the user is: undoes the last saved change and says what it undid (a text field
    # with its own undo takes Ctrl+Z first while it has something to undo)
    w.undo_action = _action(w, edit_menu, "&Hoàn tác thay đổi gần nhất", w.undo_last, QKeySequence("Ctrl+Z"),
                            name="undo")

    w.view_menu = bar.addMenu("&Xem")
    w.view_menu.setObjectName("viewMenu")

    w.help_menu = bar.addMenu("Trợ &giúp")
    w.help_menu.setObjectName("helpMenu")
    w.help_menu.addSeparator()
    _action(w, w.help_menu, "&Giới thiệu Sổ CĐS", lambda: _about(w), name="about")


def add_help_entry(w: QMainWindow, action: QAction) -> None:
    """The user guide's entry ("Hướng dẫn", F1; the guide's owner adds it): first in the Trợ giúp menu, above
    the separator and "Giới thiệu"."""
    first = w.help_menu.actions()[0] if w.help_menu.actions() else None
    w.help_menu.insertAction(first, action)


def fill_view_menu(w: QMainWindow) -> None:
    """One entry per page of the navigation, in its order; Ctrl+1…Ctrl+9 for the first nine."""
    menu: QMenu = w.view_menu
    for action in menu.actions():
        menu.removeAction(action)
        action.deleteLater()
    for row in range(w.nav.count()):
        title = w.nav.item(row).text()
        text = f"&{row + 1}  {title}" if row < 9 else title
        keys = QKeySequence(f"Ctrl+{row + 1}") if row < 9 else None
        _action(w, menu, text, lambda _=False, r=row: w.nav.setCurrentRow(r), keys, name=f"viewPage{row + 1}")


def _action(w: QMainWindow, menu: QMenu, text: str, slot, keys=None, *, name: str) -> QAction:
    action = QAction(text, w)
    action.setObjectName(name)
    if keys is not None:
        action.setShortcut(keys)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def _backup_now(w: QMainWindow) -> None:
    page = w.settings_page
    w.show_page(page)
    page.make_backup()


def _export(w: QMainWindow) -> None:
    """Authority mode: the roll-up report of the schools; school mode: the report open on the Báo cáo page."""
    if "commune_overview_page" in w.page_attrs():
        w.show_page(w.commune_overview_page)
        w.commune_overview_page.export()
        return
    page = w.report_page
    w.show_page(page)
    if page.export_btn.isEnabled():
        page.choose_export()


def _about(w: QMainWindow) -> None:
    QMessageBox.about(w, f"Giới thiệu {APP_NAME}",
                      f"<b>{APP_NAME}</b> — phiên bản {__version__}<br>Tệp dữ liệu: {w.store.path}")
