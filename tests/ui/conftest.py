"""UI tests run with the app's garbage-collection policy: cyclic garbage is collected on the GUI thread only
(desktop/ui/gc_guard.py; the app installs it in make_app, pytest-qt makes its own QApplication)."""
import pytest


@pytest.fixture(autouse=True)
def _gc_on_gui_thread(qapp):
    from desktop.ui import gc_guard

    gc_guard.install(qapp)
