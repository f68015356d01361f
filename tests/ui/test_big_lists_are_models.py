"""Lists that can grow (issue 15) — roster, inbox, overview, staff and rooms, history, checklist — are views on one
model over their rows, never per-cell items: a QTableWidget or a QStandardItemModel calls a setter for every cell
(PySide6 6.12.0 lost a reference to None on each: the aborts of issue 15), and measures every row. The tables sort
and filter through a proxy. Each list is checked with rows in it; how long opening 1,000 rows takes is in
bench/bench_big_lists.py."""
from __future__ import annotations


from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QTableWidget, QTreeWidget

from desktop.ui.table_model import RowsModel, RowsProxy
from tests.helpers.walk_pages import school_window
from tests.ui.test_commune_pages import authority_window  # noqa: F401 (a fixture)

SCHOOL = {"lists_page": ("listTable_staff", "listTable_room"), "checklist_page": ("taskTable",),
          "history_page": ("historyList",)}
AUTHORITY = {"commune_roster_page": ("rosterTable",), "commune_inbox_page": ("inboxTable",),
             "commune_overview_page": ("overviewTable",)}
SORTED = {"listTable_staff", "listTable_room", "taskTable", "rosterTable", "inboxTable", "overviewTable"}


def check(window, pages) -> None:
    for attr, names in pages.items():
        page = getattr(window, attr)
        window.show_page(page)
        page.refresh()
        assert not page.findChildren(QTableWidget) and not page.findChildren(QListWidget), attr
        assert not page.findChildren(QTreeWidget), attr
        for name in names:
            view = page.findChild(QAbstractItemView, name)
            assert view is not None, f"{attr}: no list named {name}"
            model: QAbstractItemModel = view.model()
            if name in SORTED:
                assert isinstance(model, RowsProxy) and isinstance(model, QSortFilterProxyModel), name
                model = model.sourceModel()
            assert isinstance(model, RowsModel), f"{name}: {type(model).__name__}"
            assert model.rowCount() > 0, f"{name}: no rows to show"


def test_school_lists_are_views_on_a_model(qtbot, demo_db, tmp_path):
    from desktop.core.store import lists

    with school_window(qtbot, demo_db, tmp_path) as w:
        lists.add_row(w.store, "staff", "Nguyễn Văn Thử")  # a user action for the history to list
        check(w, SCHOOL)


def test_authority_lists_are_views_on_a_model(qtbot, authority_window, commune):  # noqa: F811
    from desktop.core.commune import inbox, roster
    from desktop.core.signing import TrustStore

    w, store = authority_window
    roster.import_workbook(store, commune.roster_path)
    TrustStore.for_store(store).import_file(commune.root_cert_path)
    inbox.take_in(store, commune.files, trust=TrustStore.for_store(store).certificates())
    check(w, AUTHORITY)
