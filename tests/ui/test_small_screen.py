"""1024×600 screens (netbooks, projectors; issue 22): the window fits 1024×560 (the screen less a taskbar) on every
page of both modes, nothing is cut off or squeezed below its minimum (panes scroll instead, downwards only: no page
and no table scrolls sideways), and the report's free-text fields keep at least five lines."""
import pytest
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget,
)

from desktop.ui.main_window import MIN_SIZE
from tests.helpers.walk_pages import authority_window, pages, school_window

SMALL = (1024, 560)

# Lists allowed to scroll sideways at 1024 px, each with why.
SIDEWAYS_ALLOWED = {
    # The self-assessment item tree: its first column is fixed at 330 px in a 280 px pane, so the item text would be
    # cut short to fit. Whether item text may be cut short is a design decision left open; until it is taken the
    # tree scrolls sideways rather than hiding the criteria's wording.
    "itemTree",
}


def _scrolled(w: QWidget) -> bool:
    """Inside a scroll area's viewport: it may extend past it (that is what scrolling is for)."""
    parent = w.parentWidget()
    return parent is not None and parent.objectName() == "qt_scrollarea_viewport"


def _qt_own(w: QWidget) -> bool:
    parent = w.parentWidget()
    return w.objectName().startswith("qt_") or isinstance(parent, (QAbstractScrollArea, QComboBox, QAbstractSpinBox))


def _problems(page: QWidget) -> list[str]:
    bad = []
    for w in page.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or _scrolled(w) or _qt_own(w):
            continue
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if not w.parentWidget().rect().contains(w.geometry()):
            bad.append(f"{name}: {w.geometry().getRect()} cut off by its parent {w.parentWidget().rect().getRect()}")
        hint = w.minimumSizeHint()
        if w.width() < hint.width() or w.height() < hint.height():
            bad.append(f"{name}: {w.size().toTuple()} squeezed below its minimum {hint.toTuple()}")
    for area in page.findChildren(QScrollArea):  # the page's own panes: their content fits the width
        bar = area.horizontalScrollBar()
        if area.isVisible() and bar.maximum() > 0:
            wide = area.widget().minimumSizeHint().width() if area.widget() else 0
            bad.append(f"{type(area).__name__} {area.objectName()}: scrolls sideways by {bar.maximum()} px (its "
                       f"content needs {wide} px, the view is {area.viewport().width()} px)")
    for view in page.findChildren(QAbstractItemView):  # the page's tables and lists: their columns fit the width
        bar = view.horizontalScrollBar()
        if view.isVisible() and bar.maximum() > 0 and view.objectName() not in SIDEWAYS_ALLOWED:
            wide = view.horizontalHeader().length() if hasattr(view, "horizontalHeader") else 0  # tables' columns
            bad.append(f"{type(view).__name__} {view.objectName()}: scrolls sideways (its columns need {wide} px, "
                       f"the view is {view.viewport().width()} px)")
    return bad


def _walk_small(w) -> list[str]:
    assert w.minimumWidth() <= SMALL[0] and w.minimumHeight() <= SMALL[1]
    bad = []
    for title, page in pages(w):
        w.resize(*SMALL)
        QApplication.processEvents()
        if w.size().toTuple() != SMALL:
            bad.append(f"{title}: the window cannot be {SMALL}, it is {w.size().toTuple()}")
        bad += [f"{title}: {p}" for p in _problems(page)]
    w.resize(*SMALL)  # every page is built now: together they still fit
    QApplication.processEvents()
    assert w.size().toTuple() == SMALL
    return bad


def test_school_pages_fit_1024x560(qtbot, demo_db, tmp_path):
    assert MIN_SIZE[0] <= SMALL[0] and MIN_SIZE[1] <= SMALL[1]
    with school_window(qtbot, demo_db, tmp_path, size=SMALL) as w:
        bad = _walk_small(w)
        assert bad == [], "\n".join(bad)
        report = w.report_page
        w.show_page(report)
        QApplication.processEvents()
        for field in (report.difficulties, report.proposals, report.directions):
            lines = field.height() / field.fontMetrics().lineSpacing()
            assert lines >= 5, (field.objectName(), lines)  # not squeezed to three lines: the pane scrolls instead
        assert report.recipients.height() / report.recipients.fontMetrics().lineSpacing() >= 4


def test_authority_pages_fit_1024x560(qtbot, commune, tmp_path):
    with authority_window(qtbot, commune, tmp_path, size=SMALL) as w:
        bad = _walk_small(w)
        assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("size", [SMALL, (1280, 720)])
def test_task_and_item_detail_panes_fit(qtbot, demo_db, tmp_path, size):
    """The walk above shows each page as it opens, with nothing selected; the detail panes fill only once a task
    or an item is chosen. Their evidence buttons were one row of four (438 px) in a 414 px pane at 1280×720: the
    pane scrolled sideways and cut the task's text off on the right."""
    with school_window(qtbot, demo_db, tmp_path, size=size) as w:
        tasks = w.checklist_page
        w.show_page(tasks)
        tasks.select_task(tasks.visible_rows()[0])
        items = w.assessment_page
        w.show_page(items)
        items.select_item(sorted(items.tree_items)[0])
        QApplication.processEvents()
        w.show_page(tasks)
        QApplication.processEvents()
        bad = [f"task pane: {p}" for p in _problems(tasks)]
        w.show_page(items)
        QApplication.processEvents()
        bad += [f"item pane: {p}" for p in _problems(items)]
        assert bad == [], "\n".join(bad)
