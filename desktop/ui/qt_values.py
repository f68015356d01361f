"""Qt values the start page uses, as plain ints, colours and helpers that do not read PySide6's `Qt` namespace.

Reading any name of the `Qt` namespace (Qt.UserRole, Qt.red, Qt.ElideRight…) makes PySide build the whole
namespace as Python enums on first use: ~100 of them, 15-25 ms at start-up (issue 11). So do calls whose overloads
take a `Qt` enum when PySide has to try them (QPainter.setPen/setBrush, QBrush(colour), item.setForeground). The
window's first screen (main window, dashboard, criterion bars) uses what is here and never builds `Qt`; the other
pages use `Qt` as usual. tests/ui/test_qt_values.py checks every value and helper against Qt's own.
"""
from __future__ import annotations

import bisect
import unicodedata

from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPalette

USER_ROLE = 0x0100           # Qt.ItemDataRole.UserRole: where list items keep the code they open
FOREGROUND_ROLE = 9          # Qt.ItemDataRole.ForegroundRole: item.setData(FOREGROUND_ROLE, colour) is
                             # item.setForeground(colour)
ALIGN_LEFT_VCENTER = 0x0081  # Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, for QPainter.drawText
RED = QColor(255, 0, 0)      # Qt.GlobalColor.red
DARK_YELLOW = QColor(128, 128, 0)  # Qt.GlobalColor.darkYellow

ELLIPSIS = "\u2026"


def solid_brush(color: QColor) -> QBrush:
    """QBrush(color), solid: a palette's colour role set to a colour is that brush (QBrush's constructor overloads
    read `Qt`)."""
    palette = QPalette()
    palette.setColor(QPalette.Window, color)
    return palette.window()


def _simple(text: str) -> bool:
    """Text whose grapheme clusters are a character and the combining marks after it, with no bidi controls, tabs
    or line breaks: Latin (Vietnamese included), Greek, Cyrillic and common punctuation."""
    for ch in text:
        o = ord(ch)
        if not (0x20 <= o < 0x0590 or 0x1E00 <= o <= 0x1EFF or 0x2010 <= o <= 0x2027 or 0x2030 <= o <= 0x205E
                or 0x20A0 <= o <= 0x20CF):
            return False
    return True


def elided_right(font: QFont, text: str, width: int) -> str:
    """What QFontMetrics(font).elidedText(text, Qt.ElideRight, width) returns, computed the way Qt does
    (QTextEngine::elidedText): the text if it fits; else the longest run of whole characters (with their marks)
    whose width, measured in the laid-out text, stays under `width` minus the "…", then "…". Text outside the
    simple case, or a font without "…", goes to Qt itself. (Qt looks for "…" in the font itself, not in its
    fallbacks: a UI font without it and a fallback with it would differ; the usual UI fonts all have it.)"""
    fm = QFontMetricsF(font)
    full = fm.horizontalAdvance(text)
    if len(text) <= 1 or full <= width:
        return text
    if not _simple(text) or not fm.inFontUcs4(ord(ELLIPSIS)):
        from PySide6.QtCore import Qt  # builds the Qt namespace: only for text the fast path does not cover
        from PySide6.QtGui import QFontMetrics

        return QFontMetrics(font).elidedText(text, Qt.ElideRight, width)
    available = width - fm.horizontalAdvance(ELLIPSIS)
    if available < 0:
        return ""
    # starts of the grapheme clusters after the first (a combining mark joins the character before it)
    starts = [i for i in range(1, len(text)) if not unicodedata.category(text[i]).startswith("M")]
    # Qt keeps clusters while the width so far stays under `available`, dropping the cluster that reaches it, and
    # always drops at least the last one: keep = the first k whose next cluster end reaches `available`.
    ends = starts + [len(text)]
    last = len(ends) - 1

    def reaches(k: int) -> bool:  # does keeping k clusters stop here (monotonic in k; always true for the last)
        return k >= last or fm.horizontalAdvance(text, ends[k]) >= available

    k = bisect.bisect_left(range(last + 1), True, key=reaches)
    keep = starts[k - 1] if k > 0 else 0
    return text[:keep] + ELLIPSIS

