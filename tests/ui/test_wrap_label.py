"""WrapLabel remembers heights per width and forgets them when what decides them changes."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.ui.widgets.wrap_label import WrapLabel

TEXT = "Văn bản không nêu cách xếp mức chung của nhà trường. Sổ CĐS dùng cách hiểu: đạt Mức k khi mọi nhóm đạt Mức k."


def _plain(text: str, font=None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if font is not None:
        label.setFont(font)
    return label


def test_heights_are_qlabels_and_follow_text_and_font(qtbot):
    label = WrapLabel(TEXT)
    qtbot.addWidget(label)
    widths = (90, 160, 300, 90, 160, 700)
    assert [label.heightForWidth(w) for w in widths] == [_plain(TEXT).heightForWidth(w) for w in widths]
    label.setText("ngắn")
    assert label.heightForWidth(90) == _plain("ngắn").heightForWidth(90) < _plain(TEXT).heightForWidth(90)
    label.setText(TEXT)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(160) == _plain(TEXT, font).heightForWidth(160) > _plain(TEXT).heightForWidth(160)


def test_rich_text_heights_too(qtbot):
    rich = "<b>Nhóm 1. Chuyển đổi số trong dạy, học</b> và một phần dài hơn để xuống dòng"
    label = WrapLabel(rich)
    qtbot.addWidget(label)
    assert [label.heightForWidth(w) for w in (80, 200, 80)] == [_plain(rich).heightForWidth(w) for w in (80, 200, 80)]
