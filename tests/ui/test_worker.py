"""Background jobs report to their page only while it exists: a page deleted while its job runs never gets the
result (no call into deleted widgets, no error). The jobs are held on an Event, so the order is certain."""
from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui import worker
from desktop.ui.worker import owners_of, run_in_background, wait_all
from tests.ui.test_report_page import open_report, window  # noqa: F401 - fixture


class _Page(QWidget):
    def __init__(self):
        super().__init__()
        self.label = QLabel(self)
        self.results = []

    def show_result(self, value) -> None:
        self.label.setText(str(value))  # touches a child widget, as a page's callback does
        self.results.append(value)


def _held_job(gate: threading.Event, value="done", fail=False):
    def work():
        assert gate.wait(10)
        if fail:
            raise ValueError(value)
        return value
    return work


def test_result_reaches_a_living_page(qtbot):
    page = _Page()
    qtbot.addWidget(page)
    gate = threading.Event()
    run_in_background(_held_job(gate), page.show_result)
    gate.set()
    qtbot.waitUntil(lambda: page.results == ["done"], timeout=10000)
    assert page.label.text() == "done" and not worker._alive


def test_page_deleted_while_its_job_runs_gets_nothing(qtbot):
    calls = []
    for make_callbacks in (
            lambda p: (p.show_result, None),                                      # a bound method
            lambda p: (lambda r: (calls.append(r), p.show_result(r)), None),      # a closure over the page
            lambda p: (lambda r, page=p: page.show_result(r), None),              # a default argument
            lambda p: (calls.append, lambda e: (calls.append(e), p.show_result(e)))):  # only the error path knows it
        page = _Page()
        gate = threading.Event()
        on_done, on_error = make_callbacks(page)
        run_in_background(_held_job(gate, fail=on_error is not None), on_done, on_error)
        shiboken6.delete(page)  # the page and its label are gone before the job reports
        assert not shiboken6.isValid(page)
        gate.set()
        assert wait_all(10000)
        qtbot.wait(20)  # the queued report is delivered (and dropped)
        assert calls == [] and page.results == [] and not worker._alive


def test_explicit_owner(qtbot):
    owner, seen = QWidget(), []
    gate = threading.Event()
    run_in_background(_held_job(gate), seen.append, owner=owner)
    shiboken6.delete(owner)
    gate.set()
    assert wait_all(10000)
    qtbot.wait(20)
    assert seen == []


def test_owners_are_the_qobjects_callbacks_hold(qtbot):
    a, b = QWidget(), QWidget()
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    assert owners_of(a.show, lambda: (a, b), None, print) == [a, b]
    assert owners_of(lambda x=a: x, lambda: a) == [a]


def test_report_page_deleted_while_its_preview_renders(window, qtbot, monkeypatch):  # noqa: F811
    """The race seen under load: the preview's render finished after the page was gone."""
    from desktop.ui.pages import report as report_page
    from desktop.ui.pages.report import ReportPage

    page = open_report(window, qtbot)
    gate, shown, rendering = threading.Event(), [], threading.Event()
    real_images = report_page.page_images

    def held_images(*a, **k):
        rendering.set()
        assert gate.wait(20)
        return real_images(*a, **k)

    real_show = ReportPage._show_preview
    monkeypatch.setattr(report_page, "page_images", held_images)
    monkeypatch.setattr(ReportPage, "_show_preview", lambda self, result: (shown.append(result),
                                                                          real_show(self, result)))
    page.rebuild()
    assert rendering.wait(20)  # the job is inside the render
    window.pages.removeWidget(page)
    shiboken6.delete(page)
    window.__dict__.pop("report_page")
    gate.set()
    assert wait_all(20000)
    qtbot.wait(50)
    assert shown == [] and not worker._alive
