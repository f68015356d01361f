"""Lists that can grow (roster, inbox, overview, staff and rooms, history, checklist) are views on one model over
their rows: the cells are computed when the view paints them, never stored as thousands of per-cell items, and
sorting and filtering go through a QSortFilterProxyModel (issue 15: 1,000 rows must open at once, and per-cell
items meant a setter call, and with PySide6 6.12.0 a lost reference to None, per cell).

A `Column` says how to show one column of a row: its text, and optionally the key it sorts by, a tooltip, a
background, a foreground, bold text, a check box, or an edit. The page gives the rows (any objects) and reads
back the row behind an index with `row_at()`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

SORT_ROLE = Qt.ItemDataRole.UserRole  # the key a column sorts by (its text when it gives none)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_CHECK = Qt.ItemDataRole.CheckStateRole


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str] = lambda row: ""
    sort: Callable[[Any], Any] | None = None           # a key of one type per column (numbers or texts)
    tooltip: Callable[[Any], str | None] | None = None
    background: Callable[[Any], str | None] | None = None  # a colour name
    foreground: Callable[[Any], str | None] | None = None
    bold: Callable[[Any], bool] | None = None
    checked: Callable[[Any], bool] | None = None         # a check box in this column
    editable: bool = False                               # the text can be edited in place
    header_tip: str | None = None


def number_key(value) -> float:
    """A sort key for a number that may be missing: missing sorts after every number (ascending)."""
    return float("inf") if value is None else float(value)


class RowsModel(QAbstractTableModel):
    """Rows and the columns that show them. `edited(row, column_index, value)` is called for an edit or a tick (the
    page commits it); it returns False to refuse (the view then keeps showing the row as it was)."""

    def __init__(self, columns: list[Column] | None = None, parent=None,
                 edited: Callable[[Any, int, Any], bool] | None = None):
        super().__init__(parent)
        self._columns: list[Column] = list(columns or [])
        self._rows: list = []
        self._edited = edited
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes: dict[str, QBrush] = {}

    # ---- what the page calls --------------------------------------------------------------------------------
    def set_rows(self, rows, columns: list[Column] | None = None) -> None:
        """Show these rows (and these columns, when they change with the data)."""
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, index: QModelIndex | int):
        """The row behind a source index or row number (None outside the rows)."""
        i = index if isinstance(index, int) else index.row()
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def columns(self) -> list[Column]:
        return list(self._columns)

    def text(self, row: int, column: int) -> str:
        return self._columns[column].text(self._rows[row])

    # ---- Qt's model interface -------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            col = self._columns[section]
            if role == _DISPLAY:
                return col.header
            if role == Qt.ItemDataRole.ToolTipRole:
                return col.header_tip
        elif orientation == Qt.Orientation.Vertical and role == _DISPLAY:
            return section + 1
        return None

    def _brush(self, name: str | None):
        if not name:
            return None
        brush = self._brushes.get(name)
        if brush is None:
            brush = self._brushes[name] = QBrush(QColor(name))
        return brush

    def data(self, index, role=_DISPLAY):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self._columns[index.column()]
        if role == _DISPLAY or role == _EDIT:
            return None if col.checked is not None and not col.editable else col.text(row)
        if role == SORT_ROLE:
            if col.sort is not None:
                return col.sort(row)
            if col.checked is not None:
                return int(col.checked(row))
            return col.text(row)
        if role == _CHECK and col.checked is not None:
            return Qt.CheckState.Checked if col.checked(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(row)
        if role == Qt.ItemDataRole.BackgroundRole and col.background is not None:
            return self._brush(col.background(row))
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground is not None:
            return self._brush(col.foreground(row))
        if role == Qt.ItemDataRole.FontRole and col.bold is not None:
            return self._bold if col.bold(row) else None
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        col = self._columns[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if col.checked is not None and self._edited is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if col.editable and self._edited is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=_EDIT) -> bool:
        if not index.isValid() or self._edited is None:
            return False
        col = self._columns[index.column()]
        if role == _CHECK and col.checked is not None:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif not (role == _EDIT and col.editable):
            return False
        if not self._edited(self._rows[index.row()], index.column(), value):
            return False
        self.dataChanged.emit(index, index)
        return True

    def row_changed(self, row_number: int) -> None:
        """The row object at `row_number` was updated in place: repaint it."""
        self.dataChanged.emit(self.index(row_number, 0), self.index(row_number, len(self._columns) - 1))


class RowsProxy(QSortFilterProxyModel):
    """Sorting by each column's key; text filtering over every column; `accept(row)` for the page's own filters."""

    def __init__(self, source: RowsModel, parent=None, accept: Callable[[Any], bool] | None = None):
        super().__init__(parent)
        self.accept = accept
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if self.accept is not None and not self.accept(self.sourceModel().row_at(source_row)):
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def refilter(self) -> None:
        """The page's own filter changed."""
        self.invalidate()

    def row_at(self, index: QModelIndex | QPersistentModelIndex):
        """The row behind an index of this proxy (None when invalid)."""
        if not index.isValid():
            return None
        return self.sourceModel().row_at(self.mapToSource(self.index(index.row(), 0)))

    def visible_rows(self) -> list:
        return [self.row_at(self.index(i, 0)) for i in range(self.rowCount())]



def rows_view(proxy: RowsProxy, name: str | None = None, *, editable: bool = False, sortable: bool = True,
              label: str = ""):
    """A QTableView over `proxy`: whole rows selected, sorted by a click on a header (the rows' own order until
    then), fixed row heights (no row is measured). `label`: what a screen reader calls the table."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    view = QTableView()
    if name:
        view.setObjectName(name)
    if label:
        view.setAccessibleName(label)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(sortable)
    if sortable:
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def fit_columns(view, stretch: int | None = None, widths: dict[int, int] | None = None) -> None:
    """After the columns are set: each column as wide as its header text (or the width given; measuring 1,000
    rows' cells would cost more than showing them), column `stretch` (the last one when None) filling the rest of
    the width. When the view is too narrow for them all (1024 px screens), the columns set here shrink in
    proportion, down to a readable minimum, so that the filling column keeps its minimum and the table does not
    scroll sideways; they grow back to these widths when the view widens. A column whose width someone else set
    afterwards (the user dragging its edge) keeps that width."""
    from PySide6.QtWidgets import QHeaderView

    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    model = view.model()
    natural = {}
    for c in range(model.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        text = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        natural[c] = (widths or {}).get(c, metrics.horizontalAdvance(text) + 28)
        header.resizeSection(c, natural[c])
    if stretch is None:  # the last column fills, as a Stretch section: a stretched last section (Qt's
        stretch = model.columnCount() - 1  # setStretchLastSection) would not shrink below its first width
    header.setStretchLastSection(False)
    if 0 <= stretch < model.columnCount():
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fitter = view.findChild(_ColumnFitter, "fit_columns", Qt.FindChildOption.FindDirectChildrenOnly)
    if fitter is None:
        fitter = _ColumnFitter(view)
    fitter.set_columns(natural, stretch)


class _ColumnFitter(QObject):
    """Shrinks a view's fixed columns to its viewport's width (see `fit_columns`), on every change of that width."""

    def __init__(self, view):
        super().__init__(view)
        self.setObjectName("fit_columns")
        self.view = view
        self.natural: dict[int, int] = {}   # column -> the width fit_columns gave it
        self.ours: dict[int, int] = {}      # column -> the width last set here (another width: set by the user)
        self.stretch = -1                    # the column filling the rest of the width
        view.viewport().installEventFilter(self)

    def set_columns(self, natural: dict[int, int], stretch: int) -> None:
        self.natural, self.ours, self.stretch = dict(natural), dict(natural), stretch
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not shown:
            return
        fill = self.stretch
        mine = [c for c in shown if c != fill and c in self.ours and header.sectionSize(c) == self.ours[c]]
        others = sum(header.sectionSize(c) for c in shown if c != fill and c not in mine)
        room = self.view.viewport().width() - header.minimumSectionSize() - others
        floor = max(header.minimumSectionSize(), header.fontMetrics().averageCharWidth() * 6 + 12)
        widths = {c: self.natural[c] for c in mine}
        floored: set[int] = set()
        while True:  # shrink in proportion; a column that would go below the floor stays at it, the rest share
            free = [c for c in mine if c not in floored]
            want = sum(self.natural[c] for c in free)
            left = room - sum(widths[c] for c in floored)
            scale = min(1.0, left / want) if want > 0 else 1.0
            low = {c for c in free if self.natural[c] * scale < min(self.natural[c], floor)}
            for c in free:
                widths[c] = min(self.natural[c], floor) if c in low else int(self.natural[c] * scale)
            if not low:
                break
            floored |= low
        for c in mine:
            width = widths[c]
            self.ours[c] = width
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)
