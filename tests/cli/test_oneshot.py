"""The one-shot commands' garbage-collection settings (desktop/commands/_oneshot.py): the collector is off only while
a command runs and is back afterwards, and the freeze waits for the interpreter's exit."""
import gc
import shutil

import pytest

from desktop.cli import main
from desktop.commands import _oneshot


@pytest.mark.parametrize("enabled", [True, False])
def test_no_cyclic_gc_restores_the_collector_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with _oneshot.no_cyclic_gc():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), _oneshot.no_cyclic_gc():
            raise RuntimeError("a command failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_fast_exit_registers_the_freeze_once_for_exit(monkeypatch):
    registered = []
    monkeypatch.setattr(_oneshot.atexit, "register", registered.append)
    monkeypatch.setattr(_oneshot, "_registered", False)
    _oneshot.fast_exit()
    _oneshot.fast_exit()
    assert registered == [gc.freeze]


def test_a_command_run_in_process_leaves_the_collector_on(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(_oneshot.atexit, "register", lambda f: None)  # keep this test process's exit as it is
    monkeypatch.setattr(_oneshot, "_registered", False)
    seen = []
    real = _oneshot.no_cyclic_gc

    def spy():
        seen.append("block")
        return real()

    monkeypatch.setattr("desktop.commands.export.no_cyclic_gc", spy)
    db = tmp_path / "school.db"
    shutil.copy(demo_db, db)
    assert main(["export", "--db", str(db), "--kind", "year", "--period", "2026", "--out", str(tmp_path / "o")]) == 0
    assert seen == ["block"] and gc.isenabled()
    assert len(list((tmp_path / "o").iterdir())) == 3
