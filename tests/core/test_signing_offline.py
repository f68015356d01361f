"""The offline signing stack (desktop/core/signing/offline.py): pyHanko without its HTTP clients.

Exporting, signing, handing off and verifying a report must not import aiohttp (nor any other HTTP client), and
the stand-ins must offer exactly the names pyHanko's real modules offer, so a pyHanko upgrade that changes them
fails here, loudly, instead of at a user's first signature.
"""
import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.core.signing import offline

ROOT = Path(__file__).resolve().parents[2]
HTTP_PACKAGES = {"aiohttp", "yarl", "multidict", "frozenlist", "aiosignal", "aiohappyeyeballs", "propcache",
                 "attrs", "attr", "idna", "requests", "urllib3", "charset_normalizer", "certifi", "httpx"}


def _source(module: str) -> Path:
    """The real module's file, found without importing it or its parents (find_spec of a submodule would
    import the parent package, and with it the module)."""
    top, *rest = module.split(".")
    base = Path(next(iter(importlib.util.find_spec(top).submodule_search_locations))).joinpath(*rest)
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _all_of(path: Path) -> set[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise AssertionError(f"{path} has no __all__")


@pytest.mark.parametrize("module", sorted(offline.REPLACED))
def test_stand_in_offers_the_real_modules_public_names(module):
    path = _source(module)
    assert path.is_file(), f"pyHanko no longer has {module}: review desktop/core/signing/offline.py"
    assert set(offline.REPLACED[module]) == _all_of(path), (
        f"{module} changed its public names in this pyHanko: update desktop/core/signing/offline.py")


def _imports_from_replaced(package: str):
    """(file, module, names) for every `from X import names` in the package's source that resolves to a replaced
    module, relative imports included."""
    root = Path(next(iter(importlib.util.find_spec(package).submodule_search_locations)))
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).parts[:-1])  # the package the file is in
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = parts[:len(parts) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target in offline.REPLACED:
                yield path, target, {a.name for a in node.names}
            for a in node.names:  # `from package import replaced_submodule`
                if f"{target}.{a.name}" in offline.REPLACED:
                    yield path, f"{target}.{a.name}", {"<module>"}


@pytest.mark.parametrize("package", ["pyhanko", "pyhanko_certvalidator"])
def test_every_name_pyhanko_imports_from_a_replaced_module_is_there(package):
    found = list(_imports_from_replaced(package))
    for path, module, names in found:
        if module == "pyhanko_certvalidator.fetchers.aiohttp_fetchers" and path.parent.name == "aiohttp_fetchers":
            continue  # the real package's own submodules, replaced with it
        assert names <= set(offline.REPLACED[module]) | {"<module>"}, (path, module, names)
    if package == "pyhanko":
        # the two imports the stand-ins exist for are still there; if not, offline.py may be obsolete
        assert {m for _, m, _ in found} == set(offline.REPLACED)


CHILD = r"""
import json, shutil, sys
from pathlib import Path
from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.core.report.package import build_package
from desktop.core.report.pdf import add_signature_field, render_pdf_bytes
from desktop.core.report.datafile import read_datafile
from desktop.core.signing import P12Signer, prepare_handoff, verify_pdf
from desktop.core.signing.verify import embedded_files_of
from tests.core.signing_pki import make_pki

demo, work = Path(sys.argv[1]), Path(sys.argv[2])
db = work / "school.db"
shutil.copyfile(demo, db)
pki = make_pki()
with Store.open(db) as store:
    row = rep.ensure_draft(store, "year", "2026")
    pkg = build_package(store, row["id"], P12Signer(pki.write_p12(work / "s.p12", "mk"), "mk"))
state = verify_pdf(pkg, [pki.ca_cert]).state
data = next(v for k, v in embedded_files_of(pkg).items() if k.endswith(".json"))
pdf, layout = render_pdf_bytes(read_datafile(data))
add_signature_field(pdf, layout)
prepare_handoff(pdf, work / "handoff.pdf")
from desktop.core.signing import offline
loaded = sorted(m for m, v in sys.modules.items() if getattr(v, "__spec__", None) is None
                or v.__spec__.origin != offline.__name__)  # the stand-ins are not loaded from the bundle
print(json.dumps({"state": state, "loaded": loaded, "installed": offline.installed()}))
"""


def test_export_sign_handoff_and_verify_import_no_http_client(demo_db, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(demo_db), str(tmp_path)], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["state"] == "valid" and res["installed"]
    loaded = set(res["loaded"])
    assert "pyhanko.sign.signers" in loaded  # the checks below looked at a process that really signed
    tops = {m.split(".")[0] for m in loaded}
    assert not HTTP_PACKAGES & tops, sorted(HTTP_PACKAGES & tops)
    # and nothing this flow imports is left out of the bundle (build/bundle_filter.py)
    spec = importlib.util.spec_from_file_location("bundle_filter", ROOT / "build" / "bundle_filter.py")
    bf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bf)
    app = {m for m in loaded if m.split(".")[0] != "tests"}  # the child's test PKI is not the app
    cut = sorted(m for m in app if any(m == x or m.startswith(x + ".") for x in bf.EXCLUDED_MODULES))
    assert not cut, cut


STAND_INS = r"""
import json
import desktop.core.signing  # installs the stand-ins
from desktop.core.errors import UserError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.aiohttp_client import AIOHttpTimeStamper
from pyhanko_certvalidator import ValidationContext
from desktop.core.signing import offline
offline.install()  # idempotent
errors = []
for make in (lambda: HTTPTimeStamper("http://tsa.example"), lambda: AIOHttpTimeStamper("http://tsa.example", None),
             lambda: ValidationContext(allow_fetching=True)):
    try:
        make()
        errors.append(None)
    except UserError as exc:
        errors.append(str(exc))
import sys
print(json.dumps({"errors": errors, "installed": offline.installed(), "aiohttp": "aiohttp" in sys.modules}))
"""


def test_network_clients_cannot_be_made_and_say_why():
    out = subprocess.run([sys.executable, "-c", STAND_INS], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["errors"] == [offline.TIMESTAMP_MESSAGE, offline.TIMESTAMP_MESSAGE, offline.FETCH_MESSAGE]
    assert res["installed"] and not res["aiohttp"]


def test_stand_in_classes_raise_a_user_error():
    for cls, message in ((offline.HTTPTimeStamper, offline.TIMESTAMP_MESSAGE),
                         (offline.AIOHttpTimeStamper, offline.TIMESTAMP_MESSAGE),
                         (offline.AIOHttpFetcherBackend, offline.FETCH_MESSAGE)):
        with pytest.raises(UserError) as err:
            cls("http://example")
        assert err.value.message == message and "ngoại tuyến" in message


def _imports(node) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""] if not node.level else []
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    return []


def _import_nodes_by_scope(tree) -> dict:
    """{module or function node: the import statements it runs itself (nested blocks included, nested
    functions not)}."""
    scopes: dict = {}

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, child)
            else:
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    scopes.setdefault(scope, []).append(child)
                visit(child, scope)

    visit(tree, tree)
    return scopes


def test_every_pyhanko_sign_import_in_the_app_comes_after_the_stand_ins():
    """Importing anything under pyhanko.sign imports its timestamp clients. Outside desktop/core/signing (whose
    package installs the stand-ins), a module or function that imports pyhanko.sign must import
    desktop.core.signing first: the bundle leaves aiohttp out, so a miss would be an ImportError there."""
    misses = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if path.parent == ROOT / "desktop" / "core" / "signing":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [m for n in tree.body for m in _imports(n)]
        module_ok = any(m.startswith("desktop.core.signing") for m in top_level)
        for scope, nodes in _import_nodes_by_scope(tree).items():
            seen_signing = module_ok and scope is not tree
            for node in sorted(nodes, key=lambda n: n.lineno):
                for m in _imports(node):
                    if m.startswith("desktop.core.signing"):
                        seen_signing = True
                    elif (m == "pyhanko.sign" or m.startswith("pyhanko.sign.")) and not seen_signing:
                        misses.append(f"{path.relative_to(ROOT)}:{node.lineno} {m}")
    assert not misses, misses
