"""The secret finder used by the signing tests must find a secret however it was written, and only then."""
from __future__ import annotations

import base64
import io
import sqlite3
import zipfile
import zlib

import pytest

from desktop.core import fileio
from desktop.core.store import Store
from tests.helpers.secrets import assert_no_secret, find_secret

SECRET = "Mật-khẩu-7319!"


@pytest.mark.parametrize("how", ["plain", "utf16", "base64", "hex", "zip", "pdf-stream", "sqlite-wal", "log"])
def test_finds_the_secret_however_written(tmp_path, how):
    raw = SECRET.encode()
    f = tmp_path / "data" / "f.bin"
    if how == "plain":
        fileio.write_bytes(f, b"abc" + raw + b"xyz")
    elif how == "utf16":
        fileio.write_bytes(f, SECRET.encode("utf-16-le"))
    elif how == "base64":
        fileio.write_bytes(f, b'{"blob": "' + base64.b64encode(b"xx" + raw + b"yy") + b'"}')
    elif how == "hex":
        fileio.write_bytes(f, raw.hex().encode())
    elif how == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/sharedStrings.xml", "<t>" + SECRET + "</t>")
        fileio.write_bytes(f, buf.getvalue())
    elif how == "pdf-stream":
        fileio.write_bytes(f, b"%PDF-1.7\n1 0 obj<</Filter/FlateDecode>>stream\n" + zlib.compress(raw * 3)
                           + b"\nendstream endobj")
    elif how == "sqlite-wal":
        with Store.open(tmp_path / "data" / "s.db") as s:  # still open: the value is in the -wal only
            s.set_setting("pw", SECRET)
            assert find_secret(SECRET, tmp_path)
        return
    else:
        f = tmp_path / "logs" / "socds.log"
        fileio.write_text(f, f"2026-01-01 ERROR signing failed with password={SECRET}\n")
    hits = find_secret(SECRET, tmp_path)
    assert hits and all(str(tmp_path) in h for h in hits)
    with pytest.raises(AssertionError, match="secret written to disk"):
        assert_no_secret(SECRET, tmp_path)


def test_clean_tree_passes_and_counts_files(tmp_path):
    with Store.open(tmp_path / "s.db") as s:
        s.set_setting("pw", "something else entirely")
    fileio.write_text(tmp_path / "logs" / "socds.log", "nothing to see\n")
    assert assert_no_secret(SECRET, tmp_path) >= 2


def test_short_secrets_are_refused(tmp_path):
    with pytest.raises(ValueError):
        find_secret("123", tmp_path)
