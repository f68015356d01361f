"""Hostile files offered to `restore`: random bytes, truncated backups, a zip bomb, other SQLite files, a
file from a newer program. Each is refused with a Vietnamese message, quickly, before anything is replaced."""
from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import cli
from desktop.core.errors import DataFileError
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store.filecheck import SQLITE_MAGIC

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory) -> bytes:
    d = tmp_path_factory.mktemp("good")
    with Store.open(d / "g.db") as s:
        s.set_setting("who", "backup")
        with s.tx():
            for i in range(200):
                s.write("people", {}, {"role": "staff", "full_name": f"Người {i}"})
        return backups.make_backup(s, target=d / "g-copy.db").read_bytes()


@pytest.fixture
def live(tmp_path):
    s = Store.open(tmp_path / "live.db")
    s.set_setting("who", "live")
    yield s
    s.close()


def _refused(store: Store, path: Path) -> str:
    with pytest.raises(DataFileError) as err:
        backups.restore(store, path)
    assert store.get_setting("who") == "live" and backups.list_backups(store) == []
    return err.value.message


@FUZZ
@given(data=st.binary(max_size=20_000), magic=st.booleans())
def test_random_bytes(live, tmp_path, data, magic):
    f = tmp_path / "rand.db"
    f.write_bytes((SQLITE_MAGIC if magic else b"") + data)
    assert "Tệp" in _refused(live, f)


@pytest.mark.parametrize("keep", [0, 50, 100, 4096, 0.5, -4096, -1])
def test_truncated_backup(live, tmp_path, good_backup, keep):
    n = int(len(good_backup) * keep) if isinstance(keep, float) else keep % len(good_backup)
    f = tmp_path / "cut.db"
    f.write_bytes(good_backup[:n])
    _refused(live, f)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(min_value=100, max_value=60_000), junk=st.binary(min_size=64, max_size=4096))
def test_corrupted_backup_is_refused_or_sound(tmp_path, good_backup, offset, junk):
    """Junk over a backup either breaks its structure (refused) or lands in a value: then the file is sound
    and restoring it must work and leave an intact file."""
    raw = bytearray(good_backup)
    offset %= len(raw)
    raw[offset:offset + len(junk)] = junk[: len(raw) - offset]
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    f = work / "junk.db"
    f.write_bytes(bytes(raw))
    with Store.open(work / "live.db") as live:
        live.set_setting("who", "live")
        try:
            backups.check_backup_file(f)
        except DataFileError:
            _refused(live, f)
            return
        backups.restore(live, f)
        assert live.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_zip_bomb_is_never_unpacked(live, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("socds.db", b"\0" * (50 * 1024**2))  # 50 MB of zeros in some 50 KB
    bomb = tmp_path / "backup.zip"
    bomb.write_bytes(buf.getvalue())
    assert bomb.stat().st_size < 1024**2
    assert "không phải bản sao lưu" in _refused(live, bomb)


def test_other_sqlite_file_and_newer_program_are_refused(live, tmp_path, good_backup):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "không phải tệp dữ liệu của Sổ CĐS" in _refused(live, other)
    newer = tmp_path / "newer.db"
    newer.write_bytes(good_backup)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('socds', 'm999_future', '')")
    conn.commit()
    conn.close()
    assert "phiên bản Sổ CĐS mới hơn" in _refused(live, newer)
    assert "Không tìm thấy" in _refused(live, tmp_path)  # a folder
    assert "Không tìm thấy" in _refused(live, tmp_path / "không có.db")


def test_cli_restore_of_random_bytes(tmp_path, capsys):
    db = tmp_path / "live.db"
    with Store.open(db) as s:
        s.set_setting("who", "live")
    f = tmp_path / "x.db"
    f.write_bytes(b"\x89PNG\r\n" + bytes(range(256)) * 40)
    assert cli.main(["restore", "--db", str(db), str(f)]) == DataFileError.exit_code
    assert "Lỗi:" in capsys.readouterr().err
    with Store.open(db) as s:
        assert s.get_setting("who") == "live"
