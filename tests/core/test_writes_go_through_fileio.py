"""Every file the product writes goes through desktop/core/fileio.py (temp file, fsync, rename).

This scans desktop/ for direct writes — open(..., "w"/"a"/"x"/"+"), .write_bytes(), .write_text(),
.save(<path>), shutil.copy*/move, os.rename/os.replace — and fails on any that is not on the allow-list below,
so a new exporter cannot quietly leave half-written files on a full disk or a pulled USB stick.
Writing into a file object from `with atomic_writer(...) as fh` or into an io.BytesIO is fine.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (file, function) -> why a direct write is correct there. Keep reasons honest; review on every addition.
ALLOWED = {
    ("desktop/core/fileio.py", "*"): "the atomic writer itself",
    ("desktop/core/store/backup.py", "_copy_to"): "SQLite backup into a temp file, integrity-checked, fsynced, renamed",
    ("desktop/core/store/backup.py", "restore_damaged"): "moves the damaged file aside (rename), never overwrites",
    ("desktop/core/store/backup.py", "_stage"): "a private copy of a backup (new temp file, fsynced), checked "
                                                "before restore uses it; removed by _unstage",
    ("desktop/core/store/evidence.py", "_ingest"): "own temp file + fsync + rename, hashing while it copies",
    ("desktop/core/demo.py", "_build_staged"): "the demo data file, written by SQLite in a staging folder beside "
                                               "the target, renamed into place complete (data file last)",
    ("desktop/ui/screenshots.py", "shot"): "developer tool (make screenshots), not a file the product writes",
}

WRITE_METHODS = {"write_bytes", "write_text"}
SHUTIL = {"copy", "copy2", "copyfile", "copyfileobj", "move", "copytree"}


def _mode(call: ast.Call) -> str:
    args = list(call.args[1:2]) + [k.value for k in call.keywords if k.arg == "mode"]
    for a in args:
        if isinstance(a, ast.Constant) and isinstance(a.value, str):
            return a.value
    return "r"


def _safe_names(func: ast.AST) -> set[str]:
    """Names bound, inside this function, to an atomic_writer file object, an in-memory buffer, or a scratch
    path inside a `with tempfile.TemporaryDirectory() as tmp` folder (gone when the block ends)."""
    names, tmpdirs = set(), set()
    for node in ast.walk(func):
        if isinstance(node, ast.With):
            for item in node.items:
                if ("TemporaryDirectory" in ast.unparse(item.context_expr)
                        and isinstance(item.optional_vars, ast.Name)):
                    tmpdirs.add(item.optional_vars.id)
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and tmpdirs and any(
                isinstance(n, ast.Name) and n.id in tmpdirs for n in ast.walk(node.value)):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and "atomic_writer" in ast.unparse(call.func)
                        and isinstance(item.optional_vars, ast.Name)):
                    names.add(item.optional_vars.id)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            if ast.unparse(node.value.func).split(".")[-1] in {"BytesIO", "StringIO"}:
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _direct_writes(tree: ast.AST):
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    owner = {}
    for f in funcs:  # innermost function wins: walk outer first, inner later overwrite
        for n in ast.walk(f):
            owner[id(n)] = f
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = owner.get(id(node))
        fname = func.name if func else "<module>"
        callee = ast.unparse(node.func)
        last = callee.split(".")[-1]
        hit = None
        if callee in ("open", "io.open") and any(c in _mode(node) for c in "wax+"):
            hit = f"open(..., {_mode(node)!r})"
        elif callee == "os.fdopen" and any(c in _mode(node) for c in "wax+"):
            hit = "os.fdopen(..., write mode)"
        elif last in WRITE_METHODS and isinstance(node.func, ast.Attribute):
            obj = node.func.value
            scratch = func is not None and isinstance(obj, ast.Name) and obj.id in _safe_names(func)
            hit = None if scratch else f".{last}()"
        elif callee.startswith("shutil.") and last in SHUTIL:
            dst = node.args[1] if len(node.args) > 1 else None
            into_safe = (last == "copyfileobj" and func is not None and isinstance(dst, ast.Name)
                         and dst.id in _safe_names(func))
            hit = None if into_safe else callee
        elif callee in ("os.rename", "os.replace", "os.renames"):
            hit = callee
        elif last == "save" and isinstance(node.func, ast.Attribute) and node.args:
            arg = node.args[0]
            safe = (func is not None and isinstance(arg, ast.Name) and arg.id in _safe_names(func)
                    or ast.unparse(arg).split(".")[-1] == "store")  # a form saving into the Store, not a file
            if not safe:
                hit = f".save({ast.unparse(arg)})"
        if hit:
            yield fname, node.lineno, hit


def scan() -> list[str]:
    found = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for fname, line, what in _direct_writes(tree):
            if (rel, "*") in ALLOWED or (rel, fname) in ALLOWED:
                continue
            found.append(f"{rel}:{line} in {fname}(): {what}")
    return found


def test_every_write_goes_through_fileio():
    found = scan()
    assert not found, ("Direct file writes outside desktop/core/fileio.py (use atomic_writer / write_bytes, or add "
                       "an allow-list entry with the reason):\n" + "\n".join(found))


def test_scanner_catches_the_patterns_it_claims():
    src = '''
import shutil, os
def bad(p, wb):
    open(p, "w").write("x")
    open(p, mode="ab")
    p.write_bytes(b"")
    p.write_text("")
    wb.save(p)
    shutil.copyfile(p, p)
    os.replace(p, p)
def good(p, wb):
    from desktop.core.fileio import atomic_writer
    import io
    with atomic_writer(p) as fh:
        wb.save(fh)
        shutil.copyfileobj(open(p, "rb"), fh)
    buf = io.BytesIO()
    wb.save(buf)
    open(p, "rb").read()
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(b"")
'''
    hits = [h for _, _, h in _direct_writes(ast.parse(src))]
    assert len(hits) == 7, hits
