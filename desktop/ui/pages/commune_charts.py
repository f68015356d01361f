"""Two small QPainter charts for the commune overview (PySide6-Essentials has no QtCharts): schools per level,
and average points per criterion as a share of its maximum, weakest first."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = [QColor("#c0392b"), QColor("#e67e22"), QColor("#27ae60"), QColor("#2980b9"), QColor("#8e44ad"),
           QColor("#7f8c8d")]


class BarChart(QWidget):
    """Horizontal bars: (label, value, max or None, text shown at the bar's end)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title, self.bars = title, []
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_bars(self, bars: list[tuple[str, float, float | None, str]]) -> None:
        self.bars = bars
        self.setMinimumHeight(40 + 22 * min(len(bars), 12))
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm = p.fontMetrics()
        line = fm.height() + 6
        p.drawText(QRectF(4, 2, self.width() - 8, line), Qt.AlignLeft | Qt.AlignVCenter, self.title)
        if not self.bars:
            p.drawText(QRectF(4, line, self.width() - 8, line), Qt.AlignLeft, "Chưa có dữ liệu.")
            return
        rows = max(1, min(len(self.bars), int((self.height() - line - 4) / line)))
        label_w = min(self.width() * 0.45, max(fm.horizontalAdvance(b[0]) for b in self.bars[:rows]) + 8)
        bar_w = self.width() - label_w - 70
        top_value = max((b[2] or b[1]) for b in self.bars[:rows]) or 1
        for i, (label, value, mx, text) in enumerate(self.bars[:rows]):
            y = line + i * line
            p.setPen(self.palette().windowText().color())
            p.drawText(QRectF(4, y, label_w - 6, line), Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(label, Qt.ElideRight, int(label_w - 6)))
            share = value / (mx or top_value) if (mx or top_value) else 0
            color = PALETTE[0] if mx and share < 0.5 else PALETTE[1] if mx and share < 0.75 else PALETTE[2] if mx \
                else PALETTE[3 + i % 3]
            w = max(1.0, bar_w * value / (mx or top_value))
            p.fillRect(QRectF(label_w, y + 3, w, line - 6), color)
            p.drawText(QRectF(label_w + w + 4, y, 66, line), Qt.AlignLeft | Qt.AlignVCenter, text)
        p.end()
