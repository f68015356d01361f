"""Every command's documented exit codes hold for every input (issue 18, 4): a number Python cannot turn into an
int (more than 4,300 digits) in an indicator set, a plan pack or an answers file is a bad input file (exit 3),
not an unexpected error (exit 70); a reader that closes the pipe early (`socds … | head`) is not an error
either (exit 0, nothing on stderr)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.indicators import bundled_sets

ROOT = Path(__file__).resolve().parents[2]
HUGE = "9" * 5000


def _with_huge_number(doc: dict) -> str:
    """The document as JSON with a 5,000-digit number in it (the parser meets it before any schema check)."""
    return '{"x_huge": ' + HUGE + ", " + json.dumps(doc, ensure_ascii=False)[1:]


def test_indicator_set_with_a_5000_digit_number(tmp_path, capsys):
    doc = bundled_sets()[0].to_dict()
    f = tmp_path / "bo.json"
    f.write_text(_with_huge_number(doc), "utf-8")
    assert cli.main(["indicators", "import", str(f), "--db", str(tmp_path / "a.db")]) == 3
    err = capsys.readouterr().err
    assert "5000 chữ số" in err and "bo.json" in err


def test_plan_pack_with_a_5000_digit_number(tmp_path, capsys):
    from desktop.core.plans import bundled_packs, canonical

    f = tmp_path / "kh.json"
    f.write_text(_with_huge_number(canonical(bundled_packs()[0])), "utf-8")
    assert cli.main(["plans", "import", str(f), "--db", str(tmp_path / "a.db")]) == 3
    assert "5000 chữ số" in capsys.readouterr().err


def test_answers_file_with_a_5000_digit_number(tmp_path, capsys):
    s = bundled_sets()[0]
    f = tmp_path / "tl.json"
    f.write_text('{"indicators": "%s", "answers": {"1.1": %s}}' % (s.set_id, HUGE), "utf-8")
    assert cli.main(["score", "--answers", str(f), "--db", str(tmp_path / "a.db")]) == 3
    assert "5000 chữ số" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["indicators", "list"], ["calendar", "--json", "--today", "2026-03-01"],
                                  ["--help"]])
def test_a_reader_closing_the_pipe_is_not_an_error(tmp_path, argv):
    """The reader is gone before the command writes (as `| head` is once it has its lines): every write fails."""
    env = {"SOCDS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "desktop.cli", *argv], cwd=ROOT, env=env, stdout=write_end,
                              stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert err == ""
