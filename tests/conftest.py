"""Shared fixtures. Qt must be offscreen before any QApplication exists; user data goes to a temp folder."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own per-user data directory: nothing touches the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SOCDS_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def store(tmp_path):
    from desktop.core.store import Store

    s = Store.open(tmp_path / "school.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A demo data file built once per session; tests that change it must copy it first."""
    from desktop.core.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture(scope="session")
def commune(tmp_path_factory):
    """A demo commune of 8 schools (roster, signed report files, test root), built once; tests must not change it."""
    from desktop.core.commune.demo import build_commune

    return build_commune(tmp_path_factory.mktemp("commune") / "xa", 8)
