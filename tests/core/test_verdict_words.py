"""Issue 16, "one home for each rule": a verify verdict is worded only in desktop/core/signing/verdict.py. `socds
verify`, the check page, `socds compare`, the inbox, the roll-up and the intake read its words (label(),
signature_label(), TRUST_REASONS); a table of verdict words anywhere else, or a copy of one of its labels, fails
here."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from desktop.core.signing import verdict

ROOT = Path(__file__).resolve().parents[2]
HOME = Path("desktop/core/signing/verdict.py")
# the keys a verdict table is indexed by: verify states, what the intake keeps of them, trust verdicts
VERDICT_KEYS = {*verdict.LABELS, *verdict.SIGNATURE_STATES.values(), "none", *verdict.TRUST}
WORDS = [w.casefold() for w in (*verdict.LABELS.values(), *verdict.UNTRUSTED_LABELS.values(),
                                 *verdict.TRUST_REASONS.values())]


def _is_words(value) -> bool:
    """Text an officer reads (Vietnamese, or several words), not a key, a colour or a code."""
    return isinstance(value, str) and (" " in value.strip() or not value.isascii())


def _copies() -> list[str]:
    found = []
    for py in sorted((ROOT / "desktop").rglob("*.py")):
        rel = py.relative_to(ROOT)
        if rel == HOME:
            continue
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                worded = [v for v in node.values if isinstance(v, ast.Constant) and _is_words(v.value)]
                if len(keys & VERDICT_KEYS) >= 2 and worded:
                    found.append(f"{where} a table of verdict words keyed by {sorted(keys & VERDICT_KEYS)}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.split()).casefold()
                if any(w in text for w in WORDS if "," in w or " (" in w) or text.strip(" .:—-") in WORDS:
                    found.append(f"{where} a copy of a verdict label: {node.value[:60]!r}")
    return found


def test_every_verdict_is_worded_in_one_place():
    assert _copies() == []


def test_the_scan_sees_a_copy(tmp_path, monkeypatch):
    """The scan is not blind: the tables this module replaced, put back in a page, and a label typed again in a
    command are each caught."""
    fake = tmp_path / "desktop" / "ui" / "pages"
    fake.mkdir(parents=True)
    (fake / "p.py").write_text(
        'STATE_LABELS = {"valid": "Nguyên vẹn, tin cậy", "invalid": "Đã bị thay đổi"}\n'
        'SIGNATURE_LABELS = {"trusted": "Hợp lệ, tin cậy", "none": "Chưa ký"}\n'
        'WHY = {"expired": "chứng thư HẾT HẠN", "unknown_root": "chưa xác định người ký"}\n'
        'COLOURS = {"valid": "#1b7a2e", "invalid": "#b00020"}\n'  # not words: not a copy
        'EXIT = {"valid": 0, "invalid": 11}\n',
        encoding="utf-8")
    cmd = tmp_path / "desktop" / "commands"
    cmd.mkdir(parents=True)
    (cmd / "c.py").write_text('def f(p):\n    return f"{p}: Nguyên vẹn, chưa xác định người ký"\n', encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = {f.split(" ")[0] for f in _copies()}
    assert found == {"desktop/ui/pages/p.py:1", "desktop/ui/pages/p.py:2", "desktop/ui/pages/p.py:3",
                     "desktop/commands/c.py:2"}


def test_labels_say_which_trust_verdict_and_what_the_intake_kept():
    assert verdict.label("valid") == "Hợp lệ, tin cậy"
    assert verdict.label("untrusted", "expired") == "Nguyên vẹn, chứng thư người ký hết hạn"
    assert verdict.label("untrusted", None) == verdict.LABELS["untrusted"]
    assert set(verdict.UNTRUSTED_LABELS) == set(verdict.TRUST) - {"trusted"}
    # the inbox's signature_state reads back to the same words as the verdict it was kept from
    for state, kept in verdict.SIGNATURE_STATES.items():
        assert verdict.signature_label(kept) == verdict.label(state)
    assert verdict.signature_label("none") == verdict.signature_label(None) == verdict.label("unsigned")
