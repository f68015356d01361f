"""fit_columns on a narrow view (1024 px screens): the fixed columns shrink in proportion so that the filling column
keeps its minimum and the table does not scroll sideways, grow back when the view widens, and a column the user
dragged keeps the width the user gave it."""
from PySide6.QtWidgets import QApplication

from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view

WIDTHS = {0: 200, 1: 150, 2: 100}


def _view(qtbot, stretch):
    model = RowsModel([Column(h, lambda r, i=i: r[i]) for i, h in enumerate(("Một", "Hai", "Ba", "Bốn"))])
    model.set_rows([("a", "b", "c", "d")] * 3)
    view = rows_view(RowsProxy(model))
    qtbot.addWidget(view)
    fit_columns(view, stretch=stretch, widths=WIDTHS)
    view.show()
    return view


def _sizes(view):
    return [view.horizontalHeader().sectionSize(c) for c in range(4)]


def _resize(view, width):
    view.resize(width, 200)
    QApplication.processEvents()


def test_fixed_columns_shrink_to_a_narrow_view_and_grow_back(qtbot):
    for stretch in (3, None, 1):  # the given filling column, the last by default, one in the middle
        view = _view(qtbot, stretch)
        fill = 3 if stretch is None else stretch
        _resize(view, 900)
        assert [s for c, s in enumerate(_sizes(view)) if c != fill] == [w for c, w in WIDTHS.items() if c != fill] \
            + ([] if fill == 3 else [view.horizontalHeader().sectionSize(3)])
        _resize(view, 300)  # narrower than the fixed columns: they shrink, in proportion, the table fits
        header = view.horizontalHeader()
        assert view.horizontalScrollBar().maximum() == 0, (stretch, _sizes(view), view.viewport().width())
        assert header.length() <= view.viewport().width()
        assert header.sectionSize(fill) >= header.minimumSectionSize()
        assert header.sectionSize(0) < WIDTHS[0] and header.sectionSize(0) > header.sectionSize(2)
        _resize(view, 900)  # wide again: the widths given
        assert header.sectionSize(0) == WIDTHS[0] and header.sectionSize(2) == WIDTHS[2]


def test_a_column_the_user_dragged_keeps_its_width(qtbot):
    view = _view(qtbot, 3)
    _resize(view, 900)
    header = view.horizontalHeader()
    header.resizeSection(0, 260)  # what dragging the column's edge does
    _resize(view, 500)
    assert header.sectionSize(0) == 260  # not shrunk: the others give way
    assert header.sectionSize(1) < WIDTHS[1]
    _resize(view, 900)
    assert header.sectionSize(0) == 260 and header.sectionSize(1) == WIDTHS[1]
