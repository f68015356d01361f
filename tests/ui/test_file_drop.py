"""FileDrop: the one drop handler of the pages and dialogs that take files (survey, verify, inbox, evidence)."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.widgets.file_drop import FileDrop


def _drop(widget, urls) -> bool:
    mime = QMimeData()
    mime.setUrls(urls)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    if enter.isAccepted():
        QApplication.sendEvent(widget, QDropEvent(QPointF(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    return enter.isAccepted()


def test_local_files_are_passed_on_and_other_urls_left_out(qtbot, tmp_path):
    w = QWidget()
    qtbot.addWidget(w)
    got: list[list[str]] = []
    FileDrop(w, got.append)
    assert w.acceptDrops()
    assert _drop(w, [QUrl.fromLocalFile(str(tmp_path / "a.pdf")), QUrl("https://example.org/b.pdf")])
    assert got == [[str(tmp_path / "a.pdf")]]


def test_a_drop_is_refused_while_the_widget_does_not_accept_one(qtbot, tmp_path):
    w = QWidget()
    qtbot.addWidget(w)
    got: list[list[str]] = []
    open_for_files = False
    FileDrop(w, got.append, accepts=lambda: open_for_files)
    assert not _drop(w, [QUrl.fromLocalFile(str(tmp_path / "a.pdf"))]) and got == []
    open_for_files = True
    assert _drop(w, [QUrl.fromLocalFile(str(tmp_path / "a.pdf"))]) and got == [[str(tmp_path / "a.pdf")]]
