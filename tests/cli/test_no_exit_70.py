"""Issue 17: no input ends in exit 70 ("unexpected error"): a data file with a 5,000-digit number or a version field
that is text, signed by a trusted key, and `socds verify … | head` closing the pipe."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.signing.verify import embedded_files_of
from tests.cli.test_sign_verify import cli  # noqa: F401  (the in-process `socds` fixture)

ROOT = Path(__file__).resolve().parents[2]


def _resigned(commune, tmp_path: Path, change) -> Path:
    """A demo school's report, its data file changed by `change(doc)`, signed again with the demo's trusted key."""
    from desktop.core.report.pdf import render_pdf_bytes
    from desktop.core.signing import sign_pdf

    src = commune.files[0]
    name, raw = next((n, d) for n, d in embedded_files_of(src).items() if n.endswith(".json"))
    text = raw.decode("utf-8")
    doc = json.loads(text)
    text = change(doc, text)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_pdf_bytes(commune.base_report)[0])
    out = tmp_path / "poisoned" / src.name
    out.parent.mkdir(exist_ok=True)
    sign_pdf(plain, out, commune.signer, attachments=[(name, text.encode("utf-8"), "application/json")])
    return out


def _huge_number(doc, text):
    doc["report"]["report_version"] = 0
    return json.dumps(doc, ensure_ascii=False).replace('"report_version": 0', f'"report_version": {"9" * 5000}', 1)


def _text_version(doc, text):
    doc["report"]["report_version"] = "hai"
    return json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize("change", [_huge_number, _text_version])
def test_poisoned_data_file_never_exits_70(commune, tmp_path, change, cli):
    poisoned = _resigned(commune, tmp_path, change)
    r = cli("verify", poisoned, "--trust", commune.root_cert_path, "--db", tmp_path / "v.db")
    assert r.returncode in (0, 10, 11), r.stdout + r.stderr
    r = cli("aggregate", "--db", tmp_path / "xa.db", poisoned.parent, *commune.files[1:3], "--roster",
            commune.roster_path, "--trust", commune.root_cert_path, "--period", "2025-2026", "--out", tmp_path / "out")
    assert r.returncode != 70, r.stdout + r.stderr
    assert "Lỗi không mong đợi" not in r.stderr
    # the poisoned file is refused with its reason; the others are still summed up
    assert "31000001" in r.stdout + r.stderr or poisoned.name in r.stdout + r.stderr


def test_verify_into_a_closed_pipe_is_not_an_unexpected_error(commune, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "SOCDS_HOME": str(tmp_path)}
    files = " ".join(f"'{f}'" for f in commune.files * 4)
    out = subprocess.run(["bash", "-c", f"'{sys.executable}' -m desktop verify {files} | head -1; "
                                        "echo \"rc=${PIPESTATUS[0]}\""],
                         capture_output=True, text=True, env=env, timeout=300)
    assert "rc=70" not in out.stdout and "Lỗi không mong đợi" not in out.stderr, out.stdout + out.stderr


def test_the_data_file_reader_refuses_a_5000_digit_number_plainly():
    from desktop.core.errors import UserError
    from desktop.core.report.datafile import read_datafile

    with pytest.raises(UserError):
        read_datafile(b'{"format": "socds-report", "format_version": 1, "report": {"report_version": '
                      + b"9" * 5000 + b"}}")
