"""Canary for the pinned Qt binding (requirements/app.in): setters must not drop references to None.

PySide6-Essentials/shiboken6 6.12.0 on Python 3.11 loses one reference to `None` on nearly every call such as
QTableWidget.setItem, QStandardItemModel.appendRow or setToolTip (-99 per 100 calls, measured); None is not
immortal before Python 3.12, so a long session ends in "Fatal Python error: none_dealloc" (exit 134). 6.11.3 does
not. Keep this test when the pin moves: it fails on a binding with the regression.

None's count is only a few thousand in a test process, so 10,000 calls on a bad binding would abort pytest itself:
the calls run in batches and the test stops at the first batch that lowers the count.
"""
from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem

CALLS = 10_000
BATCH = 100


def _drops_none(call) -> tuple[int, int]:
    """Run `call(i)` CALLS times in batches; return (calls made, references to None lost), stopping at a loss."""
    start = sys.getrefcount(None)
    for done in range(0, CALLS, BATCH):
        for i in range(done, done + BATCH):
            call(i)
        lost = start - sys.getrefcount(None)
        if lost > BATCH // 2:  # a healthy binding moves the count by a handful, up or down, not by a batch
            return done + BATCH, lost
    return CALLS, max(0, start - sys.getrefcount(None))


@pytest.mark.parametrize("setter", ["QTableWidget.setItem", "QStandardItemModel.appendRow", "QWidget.setToolTip"])
def test_setters_keep_none_alive(qapp, setter):
    table, model, label = QTableWidget(BATCH, 2), QStandardItemModel(), QLabel()
    calls = {
        "QTableWidget.setItem": lambda i: table.setItem(i % BATCH, i % 2, QTableWidgetItem(f"ô {i}")),
        "QStandardItemModel.appendRow": lambda i: model.appendRow([QStandardItem(f"dòng {i}"), QStandardItem("x")]),
        "QWidget.setToolTip": lambda i: label.setToolTip(f"gợi ý {i % 7}"),
    }
    made, lost = _drops_none(calls[setter])
    assert lost <= BATCH // 2, (
        f"{setter} lost {lost} references to None in {made} calls: the Qt binding has the None-refcount regression "
        "(PySide6 6.12.0); keep the pin in requirements/app.in")
    assert made == CALLS
