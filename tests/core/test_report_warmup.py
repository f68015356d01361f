"""The export warm-up (desktop/core/report/warmup.py): after it, a signed export loads nothing more; it runs once,
on its own thread, and a failure is only logged."""
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from desktop.core.report import warmup

ROOT = Path(__file__).resolve().parents[2]
# the libraries of an export and a signature, and the app's own modules
WATCHED = ("reportlab", "openpyxl", "pyhanko", "pyhanko_certvalidator", "asn1crypto", "cryptography", "lxml",
           "tzlocal", "PIL", "desktop")

CHILD = r"""
import json, shutil, sys
from pathlib import Path
from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.core.report.data import build_report_data
from desktop.core.report import warmup
from tests.core.signing_pki import make_pki

demo, work = Path(sys.argv[1]), Path(sys.argv[2])
shutil.copyfile(demo, work / "school.db")
p12 = make_pki().write_p12(work / "s.p12", "mk")
with Store.open(work / "school.db") as store:
    build_report_data(store, "year", "2026")  # what the report page has done when it starts the warm-up
    thread = warmup.start()
    same = warmup.start() is thread
    warmup.wait()
    alive = thread.is_alive()
    before = set(sys.modules)
    row = rep.ensure_draft(store, "year", "2026")
    from desktop.core.report.package import build_package
    from desktop.core.signing import P12Signer
    pkg = build_package(store, row["id"], P12Signer(p12, "mk"))
new = sorted(set(sys.modules) - before)
print(json.dumps({"new": new, "same": same, "alive": alive, "done": warmup.done.is_set(), "ok": pkg.exists()}))
"""


def test_after_the_warm_up_a_signed_export_imports_nothing_more(demo_db, tmp_path):
    out = subprocess.run([sys.executable, "-c", CHILD, str(demo_db), str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["ok"] and res["same"] and res["done"] and not res["alive"]
    late = [m for m in res["new"] if m.split(".")[0] in WATCHED]
    assert not late, f"imported only by the export itself, add them to warmup.MODULES: {late}"


def test_every_warmed_module_exists():
    import importlib.util

    for name in warmup.MODULES:
        assert importlib.util.find_spec(name) is not None, name


def test_a_failing_warm_up_is_logged_and_still_marks_done(monkeypatch, caplog):
    def broken():
        raise RuntimeError("disk gone")

    monkeypatch.setattr(warmup, "warm_up", broken)
    monkeypatch.setattr(warmup, "done", type(warmup.done)())
    with caplog.at_level(logging.ERROR, logger=warmup.__name__):
        warmup._run()  # what the thread runs
    assert warmup.done.is_set()
    assert "warming up" in caplog.text and "disk gone" in caplog.text


class _Recording:
    """Stands for warmup.done: records whether anyone waited on it."""

    def __init__(self):
        self.waited = []

    def wait(self, timeout=None):
        self.waited.append(timeout)
        return True


def test_wait_waits_only_for_a_started_warm_up(monkeypatch):
    done = _Recording()
    monkeypatch.setattr(warmup, "done", done)
    monkeypatch.setattr(warmup, "_thread", None)
    warmup.wait()
    assert done.waited == []  # nothing started: an export goes on at once
    import threading

    monkeypatch.setattr(warmup, "_thread", threading.Thread(target=lambda: None))
    warmup.wait(timeout=5)
    assert done.waited == [5]


CLOSURE = r"""
import json, sys
before = set(sys.modules)
from desktop.core.report import warmup
warmup.warm_up()
print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("desktop"))))
"""


def _module_level_lazy_signing_imports() -> set[str]:
    """Modules of the app that take a lazy name of desktop.core.signing while they are being imported."""
    import ast

    import desktop.core.signing as signing

    found = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (isinstance(node, ast.ImportFrom) and node.module == "desktop.core.signing"
                    and any(a.name in signing._WHERE for a in node.names)):
                parts = path.relative_to(ROOT).with_suffix("").parts
                found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_the_warm_up_never_imports_a_module_that_waits_for_it():
    """Such a module, half-imported by another thread that waits for the warm-up, would wait for the warm-up
    while the warm-up waits for it."""
    out = subprocess.run([sys.executable, "-c", CLOSURE], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    closure = set(json.loads(out.stdout))
    assert "desktop.core.signing.sign" in closure  # the check looked at a real warm-up
    waiting = {"desktop.core.signing.verify", "desktop.core.signing.handoff"} | _module_level_lazy_signing_imports()
    assert "desktop.ui.pages.verify" in waiting  # the scan finds the screens that do it
    assert not closure & waiting, sorted(closure & waiting)


LAZY = r"""
import json, sys
import desktop.core.signing as signing
from desktop.core.report import warmup
calls = []
warmup.wait = lambda timeout=60: calls.append("wait")
assert "desktop.core.signing.trust" not in sys.modules
signing.TrustStore
first = list(calls)
signing.TrustStore, signing.read_certificates  # now imported: no wait
print(json.dumps({"first": first, "after": calls[len(first):]}))
"""


def test_a_lazy_signing_name_waits_for_a_running_warm_up_before_importing():
    out = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"first": ["wait"], "after": []}
