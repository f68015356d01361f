"""Walk every page of the main window in school mode (the demo data) and in authority mode (a roster imported),
for the UI tests that check something on every page (accessible names, the 1024×600 layout)."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget


@contextmanager
def school_window(qtbot, demo_db, tmp_path, size=(1366, 768)):
    from desktop.core.store import Store
    from desktop.ui.main_window import MainWindow

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        try:
            yield w
        finally:
            w.close()


@contextmanager
def authority_window(qtbot, commune, tmp_path, size=(1366, 768)):
    from desktop.core.commune import mode
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled
    from desktop.ui.main_window import MainWindow

    with Store.open(tmp_path / "xa.db") as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        AuthorityInfo(name="UBND xã Tuệ Tĩnh", signer_name="Trần Văn Bình").save(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        w.commune_roster_page.import_file(str(commune.roster_path))
        try:
            yield w
        finally:
            w.close()


def pages(w) -> Iterator[tuple[str, QWidget]]:
    """Each page of the window's navigation, shown in turn; on the self-assessment page, one item of each answer
    kind is shown in turn too (the item pane is built for the item)."""
    for spec in w.wanted_pages():
        page = w.page(spec.attr)
        w.show_page(page)
        QApplication.processEvents()
        if spec.attr == "assessment_page":
            kinds: dict[str, str] = {}
            for item in page.iset.items():
                kinds.setdefault(item.answer.kind, item.code)
            for kind, code in kinds.items():
                page.select_item(code)
                QApplication.processEvents()
                yield f"{spec.title} (mục {code}, {kind})", page
        else:
            yield spec.title, page


def shown_in(widget: QWidget, page: QWidget) -> bool:
    """The widget is part of the page as laid out: not hidden by the program (a tab or stacked page not on top
    counts as shown; the user reaches it in one click)."""
    w = widget
    while w is not None and w is not page:
        if w.isHidden() and not isinstance(w.parentWidget(), QStackedWidget):
            return False
        w = w.parentWidget()
    return w is page


def focusable(page: QWidget) -> list[QWidget]:
    """The widgets of the page that Tab reaches (a widget whose focus goes to another, e.g. a spin box's own line
    edit, is left to that other)."""
    return [w for w in page.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None and shown_in(w, page)]


def texts(page: QWidget) -> list[str]:
    """The words a user reads on the page: widget texts, titles, placeholders, tooltips, accessible names, combo
    box entries, and the cells, tooltips and headers of its tables and lists."""
    from PySide6.QtWidgets import QAbstractItemView, QComboBox

    out = []
    for w in page.findChildren(QWidget):
        for attr in ("text", "placeholderText", "toolTip", "title", "windowTitle", "accessibleName"):
            f = getattr(w, attr, None)
            if callable(f):
                try:
                    t = f()
                except TypeError:
                    continue
                if isinstance(t, str) and t:
                    out.append(t)
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            try:
                cols = m.columnCount()
            except TypeError:  # a list model's columnCount is not callable from Python: one column
                cols = 1
            for r in range(min(m.rowCount(), 300)):
                for c in range(cols):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        v = m.index(r, c).data(role)
                        if isinstance(v, str):
                            out.append(v)
            for c in range(cols):
                v = m.headerData(c, Qt.Orientation.Horizontal)
                if isinstance(v, str):
                    out.append(v)
    return out
