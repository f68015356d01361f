"""desktop/ui/qt_values.py stands in for Qt.* names on the start page: each value and helper must give exactly what
Qt's own gives, and the criterion bars must draw the same pixels as the plain Qt calls they replace."""
from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QListWidgetItem, QWidget

from desktop.core.indicators import bundled_sets
from desktop.ui import qt_values as qv
from desktop.ui.widgets import bars
from desktop.ui.widgets.bars import CriterionBars


def test_values_are_qts():
    assert qv.USER_ROLE == Qt.ItemDataRole.UserRole.value
    assert qv.FOREGROUND_ROLE == Qt.ItemDataRole.ForegroundRole.value
    assert qv.ALIGN_LEFT_VCENTER == (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
    assert qv.RED == QColor(Qt.GlobalColor.red) and qv.DARK_YELLOW == QColor(Qt.GlobalColor.darkYellow)


def test_solid_brush_and_item_colour_are_qts(qtbot):
    color = QColor("#1565c0")
    brush = qv.solid_brush(color)
    assert brush == QBrush(color) and brush.style() == Qt.BrushStyle.SolidPattern
    ours, theirs = QListWidgetItem("x"), QListWidgetItem("x")
    ours.setData(qv.FOREGROUND_ROLE, qv.DARK_YELLOW)
    theirs.setForeground(Qt.GlobalColor.darkYellow)
    assert ours.foreground() == theirs.foreground()
    ours.setData(qv.USER_ROLE, "1.2.3")
    assert ours.data(Qt.ItemDataRole.UserRole) == "1.2.3"


def _labels() -> list[str]:
    sets = bundled_sets()
    labels = [f"{c.code} {c.text}" for s in sets for g in s.groups for c in g.criteria]
    labels += [i.text for s in sets for i in s.items()][:40]
    labels += [unicodedata.normalize("NFD", t) for t in labels[:12]]  # combining marks stay with their letter
    return labels + ["ab", "a\u0301\u0302b", "x" * 200, "W i W i " * 12, "Tiêu chí 1.3 (5 mục)"]


def _fonts(base: QFont) -> list[QFont]:
    fonts = [base]
    for family, size, bold in (("DejaVu Serif", 13, False), ("Liberation Sans", 9, True)):
        f = QFont(base)
        f.setFamily(family)
        f.setPointSize(size)
        f.setBold(bold)
        fonts.append(f)
    return fonts


def test_elided_right_is_what_qt_elides(qtbot):
    base = CriterionBars().font()
    checked = 0
    for font in _fonts(base):
        fm = QFontMetrics(font)
        for text in _labels():
            for width in range(-2, 620, 5):
                assert qv.elided_right(font, text, width) == fm.elidedText(text, Qt.TextElideMode.ElideRight, width), \
                    (font.family(), text, width)
                checked += 1
    assert checked > 20000


@pytest.mark.parametrize("text", ["مرحبا بالعالم في كل مكان", "tab\tinside a long enough text", "emoji 😀 " * 8])
def test_elided_right_hands_other_text_to_qt(qtbot, text):
    font = CriterionBars().font()
    for width in (10, 60, 140):
        assert qv.elided_right(font, text, width) == QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight,
                                                                                    width)


def _plain_qt_paint(widget: CriterionBars, image: QImage) -> None:
    """The criterion bars as drawn with Qt's plain calls (setPen(Qt.NoPen), drawRoundedRect, elidedText)."""
    p = QPainter(image)
    p.setRenderHint(QPainter.Antialiasing)
    p.setFont(widget.font())
    fm = widget.fontMetrics()
    h = fm.height() + 8
    label_w = min(int(widget.width() * 0.45), max((fm.horizontalAdvance(r[1]) for r in widget.rows), default=0) + 12)
    value_w = fm.horizontalAdvance("00,00/00") + 12
    bar_w = max(20, widget.width() - label_w - value_w - 8)
    text_color = widget.palette().color(QPalette.WindowText)
    for i, (_code, label, total, maximum) in enumerate(widget.rows):
        y = i * h + 2
        p.setPen(text_color)
        p.drawText(QRectF(0, y, label_w - 8, h), Qt.AlignVCenter | Qt.AlignLeft,
                   fm.elidedText(label, Qt.ElideRight, label_w - 8))
        track = QRectF(label_w, y + 4, bar_w, h - 8)
        p.setPen(Qt.NoPen)
        p.setBrush(bars.EMPTY)
        p.drawRoundedRect(track, 3, 3)
        share = float(total / maximum) if maximum else 0.0
        if share > 0:
            p.setBrush(bars.FULL if total >= maximum else bars.PART)
            p.drawRoundedRect(QRectF(track.x(), track.y(), track.width() * min(share, 1.0), track.height()), 3, 3)
        p.setPen(text_color)
        p.drawText(QRectF(label_w + bar_w + 8, y, value_w, h), Qt.AlignVCenter | Qt.AlignLeft,
                   f"{bars.vn_number(total)}/{bars.vn_number(maximum)}")
    p.end()


@pytest.mark.parametrize("width", [260, 420, 700])
def test_bars_draw_what_plain_qt_calls_draw(qtbot, width):
    widget = CriterionBars()
    qtbot.addWidget(widget)
    widget.set_rows([("1.1", "1.1 Hạ tầng, thiết bị số phục vụ dạy, học và quản lý nhà trường", Decimal("7.5"),
                      Decimal(10)), ("1.2", "Tiêu chí 1.2 (3 mục)", Decimal(10), Decimal(10)),
                     ("1.3", "1.3 Học liệu số", Decimal(0), Decimal(20))])
    widget.resize(width, widget.sizeHint().height())
    ours = QImage(widget.size(), QImage.Format_ARGB32_Premultiplied)
    ours.fill(QColor("white"))
    widget.render(ours, QPoint(), QRegion(), QWidget.RenderFlag(0))  # the bars' own painting, no background
    theirs = QImage(widget.size(), QImage.Format_ARGB32_Premultiplied)
    theirs.fill(QColor("white"))
    _plain_qt_paint(widget, theirs)
    assert ours == theirs
