"""Larger text, app-wide: the chosen scale of the application font, kept in QSettings (Settings page)."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

FONT_SCALES = [(1.0, "Bình thường"), (1.15, "Lớn hơn (115%)"), (1.3, "Lớn (130%)"), (1.5, "Rất lớn (150%)")]
_base_point_size: float | None = None


def apply_font_scale(scale: float | None = None) -> float:
    """Scale the application font (every widget follows); the choice is kept in QSettings. At start (no
    argument) with the normal size kept, nothing needs changing."""
    global _base_point_size
    app = QApplication.instance()
    if scale is None:
        scale = float(QSettings().value("ui/font_scale", 1.0))
        if scale == 1.0 and _base_point_size is None:
            return scale
    font = app.font()
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_base_point_size * scale)
    app.setFont(font)
    QSettings().setValue("ui/font_scale", scale)
    return scale
