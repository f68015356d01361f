"""Open requests for changes from the managing body, shown where the school works: a calm highlighted box on the
item or task pane, and a mark (bold, amber text) on tree rows that have one."""
from __future__ import annotations

from html import escape

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QTreeWidgetItem

from desktop.core.commune import requests_list
from desktop.core.store import Store

MARK_COLOR = "#8a5a00"
TIP = "Có yêu cầu bổ sung của cơ quan quản lý"


def open_codes(store: Store) -> set[str]:
    """Every criterion, item or task code some open request comments on."""
    return {c["code"] for r in requests_list.open_requests(store) for c in r["comments"] if c.get("code")}


def comments_on(store: Store, *codes: str) -> list[dict]:
    seen, out = set(), []
    for code in codes:
        for c in requests_list.comments_for(store, code) if code else ():
            key = (c["request_id"], c["code"], c["text"])
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def comment_box(comments: list[dict]) -> QLabel | None:
    """None when there is nothing to show."""
    if not comments:
        return None
    lines = [f"<b>Yêu cầu bổ sung của {escape(c['authority'] or 'cơ quan quản lý')}</b> "
             f"({escape(requests_list.TARGETS.get(c['target'], '').lower())} {escape(c['code'])}): {escape(c['text'])}"
             for c in comments]
    box = QLabel("<br>".join(lines))
    box.setObjectName("requestComments")
    box.setWordWrap(True)
    box.setTextInteractionFlags(box.textInteractionFlags() | box.textInteractionFlags().TextSelectableByMouse)
    box.setStyleSheet("QLabel#requestComments { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px;"
                      " padding: 8px; color: #4e3b00; }")
    return box


def mark(item: QTreeWidgetItem, on: bool, column: int = 0) -> None:
    font = QFont(item.font(column))
    font.setBold(on)
    item.setFont(column, font)
    item.setForeground(column, QBrush(QColor(MARK_COLOR)) if on else QBrush())
    tip = item.toolTip(column).replace(f"\n{TIP}", "")
    item.setToolTip(column, f"{tip}\n{TIP}" if on else tip)
