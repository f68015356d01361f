"""worker.shut_down(), called when the app quits: running jobs finish before it returns, their results are dropped,
and jobs started later (another window in the same process) still report."""
import threading

from desktop.ui import worker


def test_shut_down_waits_drops_and_does_not_stick(qtbot):
    release = threading.Event()
    started = threading.Event()
    shown = []

    def slow():
        started.set()
        release.wait(10)
        return "late"

    worker.run_in_background(slow, shown.append)
    started.wait(10)
    threading.Timer(0.3, release.set).start()
    assert worker.shut_down(20000)
    assert shown == []  # the window it was for is gone
    worker.run_in_background(lambda: "next", shown.append)
    qtbot.waitUntil(lambda: shown == ["next"], timeout=10000)
