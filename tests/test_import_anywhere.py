"""Every module of the package imports on its own, in any order, on any thread: nothing depends on a warm-up or on
what was imported before it. Each order runs in a fresh interpreter, importing everything on a helper thread."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for p in (ROOT / "desktop").rglob("*.py"))
CODE = """
import importlib, sys, threading
failed = []
def run():
    for name in sys.argv[1:]:
        try:
            importlib.import_module(name)
        except BaseException as exc:
            failed.append(f"{name}: {exc!r}")
t = threading.Thread(target=run)
t.start()
t.join()
assert not failed, failed
"""


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_every_module_imports_on_a_helper_thread_in_any_order(order):
    names = MODULES if order == "sorted" else MODULES[::-1]
    out = subprocess.run([sys.executable, "-c", CODE, *names], capture_output=True, text=True, cwd=ROOT,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
