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
from desktop.core.indicator_parse import bundled_sets

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
    from desktop.core.plans import canonical
    from desktop.core.plan_parse import bundled_packs

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


DOCUMENTED = {0, 1, 2, 3, 4, 5, 10, 11, 12}  # README: ok, user error, usage, bad input, damaged, in use; verify's


def _inputs(base: Path) -> dict[str, Path]:
    made = {"missing": base / "khong-co.json", "folder": base / "thu-muc"}
    made["folder"].mkdir()
    for name, data in {"empty.json": b"", "random.pdf": os.urandom(3000), "random.db": os.urandom(4096),
                       "huge.json": b'{"a": ' + b"9" * 5000 + b"}", "deep.json": b"[" * 100_000 + b"]" * 100_000,
                       "utf16.xlsx": '{"a": "ư"}'.encode("utf-16")}.items():
        made[name] = base / name
        made[name].write_bytes(data)
    return made


COMMANDS = {
    "indicators import": lambda f, db, out: ["indicators", "import", str(f), "--db", str(db)],
    "plans import": lambda f, db, out: ["plans", "import", str(f), "--db", str(db)],
    "score": lambda f, db, out: ["score", "--answers", str(f), "--db", str(db)],
    "restore": lambda f, db, out: ["restore", str(f), "--db", str(db)],
    "verify": lambda f, db, out: ["verify", str(f)],
    "trust add": lambda f, db, out: ["trust", "add", str(f), "--db", str(db)],
    "aggregate": lambda f, db, out: ["aggregate", str(f), "--roster", str(f), "--out", str(out), "--db", str(db)],
    "import-request": lambda f, db, out: ["import-request", str(f), "--db", str(db)],
    "survey make": lambda f, db, out: ["survey", "make", "--db", str(db), "--out", str(out), "--questions", str(f)],
    "survey collect": lambda f, db, out: ["survey", "collect", "--db", str(db), str(f)],
    "sign": lambda f, db, out: ["sign", str(f), "--school-key", "--db", str(db)],
    "--db mode": lambda f, db, out: ["--db", str(f), "mode"],
    "--db backups": lambda f, db, out: ["--db", str(f), "backups"],
    "--db recover": lambda f, db, out: ["--db", str(f), "recover"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_keeps_its_exit_codes_on_bad_input(tmp_path, capsys, command):
    """Each file-taking command, and --db, given a missing file, a folder, an empty file, random bytes, a
    5,000-digit number, JSON nested 100,000 deep and UTF-16 text: a documented exit code, never 70 and never a
    traceback. Found this way: survey questions nested 100,000 deep (RecursionError, exit 70)."""
    db, out = tmp_path / "d.db", tmp_path / "out"
    for name, f in _inputs(tmp_path).items():
        try:
            code = cli.main(COMMANDS[command](f, db, out))
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code
        err = capsys.readouterr().err
        assert code in DOCUMENTED, (name, code, err)
        assert "Traceback" not in err and "Lỗi không mong đợi" not in err, (name, err)
