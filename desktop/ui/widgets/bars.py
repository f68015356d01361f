"""A bar per criterion, drawn with QPainter (no chart library): points earned over the criterion's maximum."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.bands import vn_number
from desktop.ui.qt_values import ALIGN_LEFT_VCENTER, elided_right, solid_brush

FULL = QColor("#2e7d32")
PART = QColor("#1565c0")
EMPTY = QColor("#cfd8dc")


class CriterionBars(QWidget):
    clicked = Signal(str)   # criterion code

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, str, Decimal, Decimal]] = []  # code, label, total, max
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[tuple[str, str, Decimal, Decimal]]) -> None:
        self.rows = rows
        self.updateGeometry()
        self.update()

    def _row_h(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(400, max(1, len(self.rows)) * self._row_h() + 4)

    minimumSizeHint = sizeHint

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm, font = self.fontMetrics(), self.font()
        h = self._row_h()
        label_w = min(int(self.width() * 0.45), max((fm.horizontalAdvance(r[1]) for r in self.rows), default=0) + 12)
        value_w = fm.horizontalAdvance("00,00/00") + 12
        bar_w = max(20, self.width() - label_w - value_w - 8)
        # The pen stays the one QPainter takes from the widget: its palette's WindowText colour, 1 px.
        # Drawn without Qt.* names and without setPen/setBrush, whose overloads read Qt.* (see qt_values.py).
        empty, full, part = solid_brush(EMPTY), solid_brush(FULL), solid_brush(PART)
        for i, (_code, label, total, maximum) in enumerate(self.rows):
            y = i * h + 2
            p.drawText(QRectF(0, y, label_w - 8, h), ALIGN_LEFT_VCENTER, elided_right(font, label, label_w - 8))
            track = QRectF(label_w, y + 4, bar_w, h - 8)
            _fill_rounded(p, track, empty)
            share = float(total / maximum) if maximum else 0.0
            if share > 0:
                _fill_rounded(p, QRectF(track.x(), track.y(), track.width() * min(share, 1.0), track.height()),
                              full if total >= maximum else part)
            p.drawText(QRectF(label_w + bar_w + 8, y, value_w, h), ALIGN_LEFT_VCENTER,
                       f"{vn_number(total)}/{vn_number(maximum)}")
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        i = int(event.position().y() // self._row_h())
        if 0 <= i < len(self.rows):
            self.clicked.emit(self.rows[i][0])


def _fill_rounded(p: QPainter, rect: QRectF, brush: QBrush) -> None:
    """A rounded rectangle filled, no outline: what drawRoundedRect(rect, 3, 3) draws after setPen(Qt.NoPen)."""
    path = QPainterPath()
    path.addRoundedRect(rect, 3, 3)
    p.fillPath(path, brush)
