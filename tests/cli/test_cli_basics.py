"""The `socds` command end to end, in a subprocess as a user would run it."""
import os
import subprocess
import sys

import desktop


def socds(*args, env=None):
    e = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=e, timeout=120)


def test_every_command_module_is_in_the_command_list():
    from pathlib import Path

    import desktop.cli
    import desktop.commands

    folder = Path(desktop.commands.__file__).parent
    assert list(desktop.cli.COMMANDS) == sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))


def test_version():
    r = socds("--version")
    assert r.returncode == 0 and desktop.__version__ in r.stdout


def test_smoke_opens_and_quits(tmp_path):
    r = socds("--smoke", "--db", str(tmp_path / "s.db"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "s.db").exists()


def test_smoke_on_demo(tmp_path):
    assert socds("demo", "--db", str(tmp_path / "d.db")).returncode == 0
    r = socds("--smoke", "--db", str(tmp_path / "d.db"))
    assert r.returncode == 0, r.stderr


def test_backup_restore_commands(tmp_path):
    db, bak = str(tmp_path / "d.db"), str(tmp_path / "b.db")
    assert socds("demo", "--db", db).returncode == 0
    r = socds("backup", "--db", db, bak)
    assert r.returncode == 0 and "Đã sao lưu" in r.stdout
    r = socds("restore", "--db", db, bak)
    assert r.returncode == 0 and "Đã khôi phục" in r.stdout


def test_errors_are_one_vietnamese_line_with_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    r = socds("restore", "--db", str(tmp_path / "d.db"), str(bad))
    assert r.returncode != 0
    assert r.stderr.startswith("Lỗi: ") and "Traceback" not in r.stderr
    r = socds("--smoke", "--db", str(bad))
    assert r.returncode == 4 and "bị hỏng" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_text() == "hello"


def test_restore_onto_damaged_current_file_keeps_it(tmp_path):
    db, bak = tmp_path / "d.db", tmp_path / "b.db"
    assert socds("demo", "--db", str(db)).returncode == 0
    assert socds("backup", "--db", str(db), str(bak)).returncode == 0
    db.write_bytes(b"\x00" * 4096)
    r = socds("restore", "--db", str(db), str(bak))
    assert r.returncode == 0, r.stderr
    assert any(p.name.startswith("d.db.damaged-") for p in tmp_path.iterdir())
    assert socds("--smoke", "--db", str(db)).returncode == 0


def test_unexpected_error_goes_to_log_not_screen(tmp_path, monkeypatch):
    code = ("import desktop.cli as c, desktop.commands.demo as d\n"
            "def boom(a): raise RuntimeError('secret internals')\n"
            "d.run = boom\n"
            "orig = c._command_modules\n"
            "raise SystemExit(c.main(['demo', '--db', 'x.db']))\n")
    e = {**os.environ, "SOCDS_HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, cwd=tmp_path)
    assert r.returncode == 70
    assert "secret internals" not in r.stderr and "Traceback" not in r.stderr
    assert "socds.log" in r.stderr
    assert "secret internals" in (tmp_path / "logs" / "socds.log").read_text()


def test_db_option_before_or_after_the_command(tmp_path):
    db = str(tmp_path / "d.db")
    assert socds("demo", "--db", db).returncode == 0
    home = {"SOCDS_HOME": str(tmp_path / "home")}
    for args in (("--db", db, "backup", str(tmp_path / "b1.db")), ("backup", "--db", db, str(tmp_path / "b2.db"))):
        r = socds(*args, env=home)
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "b1.db").exists() and (tmp_path / "b2.db").exists()
    # nothing went to the default data file in the per-user folder
    assert not (tmp_path / "home" / "socds.db").exists()


def test_building_the_parser_loads_no_heavy_library():
    """`socds` builds its whole parser before it starts the GUI: the command modules import the heavy libraries in
    the functions that run a command (desktop/commands/__init__.py), not at their top."""
    import subprocess
    import sys

    code = ("import sys\nfrom desktop import cli\ncli.build_parser()\n"
            "heavy = {'pyhanko', 'cryptography', 'asn1crypto', 'openpyxl', 'reportlab', 'pypdfium2', 'PIL', 'PySide6',"
            " 'asyncio', 'ssl'}\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
