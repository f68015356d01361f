"""A bar per criterion, drawn with QPainter (no chart library): points earned over the criterion's maximum."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.bands import vn_number

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

    def sizeHint(self) -> QSize:
        return QSize(400, max(1, len(self.rows)) * self._row_h() + 4)

    minimumSizeHint = sizeHint

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm = self.fontMetrics()
        h = self._row_h()
        label_w = min(int(self.width() * 0.45), max((fm.horizontalAdvance(r[1]) for r in self.rows), default=0) + 12)
        value_w = fm.horizontalAdvance("00,00/00") + 12
        bar_w = max(20, self.width() - label_w - value_w - 8)
        text_color = self.palette().color(self.foregroundRole())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for i, (_code, label, total, maximum) in enumerate(self.rows):
            y = i * h + 2
            p.setPen(text_color)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 8, h), align, shown)
            track = QRectF(label_w, y + 4, bar_w, h - 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(EMPTY)
            p.drawRoundedRect(track, 3, 3)
            share = float(total / maximum) if maximum else 0.0
            if share > 0:
                p.setBrush(FULL if total >= maximum else PART)
                p.drawRoundedRect(QRectF(track.x(), track.y(), track.width() * min(share, 1.0), track.height()), 3, 3)
            p.setPen(text_color)
            p.drawText(QRectF(label_w + bar_w + 8, y, value_w, h), align, f"{vn_number(total)}/{vn_number(maximum)}")
        p.end()

    def mousePressEvent(self, event) -> None:
        i = int(event.position().y() // self._row_h())
        if 0 <= i < len(self.rows):
            self.clicked.emit(self.rows[i][0])

