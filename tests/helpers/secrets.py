"""Search the data directory and the log directory for a secret (a certificate password, a token PIN, a private
key): `assert_no_secret(secret, root, ...)` fails naming every file, and where in it, that holds it.

A plain byte search misses secrets that were stored transformed, so every file is also searched after the
transforms that happen by accident: UTF-16 (Windows APIs, Qt settings), base64 and hex (JSON blobs, logs),
inside zip members (xlsx, docx), inside zlib/Flate streams (PDF object streams), and in SQLite values read
through SQLite itself (a long value may be split across overflow pages in the raw file; -wal content is read too).
"""
from __future__ import annotations

import base64
import binascii
import re
import sqlite3
import zipfile
import zlib
from pathlib import Path

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _needles(secret: str | bytes) -> list[tuple[str, bytes]]:
    raw = secret if isinstance(secret, bytes) else secret.encode("utf-8")
    out = [("utf-8", raw), ("hex", binascii.hexlify(raw)), ("HEX", binascii.hexlify(raw).upper())]
    if isinstance(secret, str):
        out += [("utf-16-le", secret.encode("utf-16-le")), ("utf-16-be", secret.encode("utf-16-be"))]
    # base64 of the secret at each of the 3 alignments inside a longer blob: the stable middle part
    for shift in range(3):
        enc = base64.b64encode(b"\0" * shift + raw)[4 * ((shift + 2) // 3):]
        stable = enc[: max(0, len(enc) - 4)]
        if len(stable) >= 8:
            out.append((f"base64+{shift}", stable))
    return out


def _views(path: Path, data: bytes):
    """(label, bytes) views of one file: itself, zip members, inflated streams, SQLite values."""
    yield "", data
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as z:
                for info in z.infolist()[:2000]:
                    if info.file_size < 200 * 1024**2:
                        yield f" (zip: {info.filename})", z.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError):
            pass
    for i, m in enumerate(_STREAM.finditer(data)):
        try:
            yield f" (stream {i})", zlib.decompressobj().decompress(m.group(1), 200 * 1024**2)
        except zlib.error:
            pass
    if data[:16] == b"SQLite format 3\x00":
        try:
            conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
            try:
                yield " (sqlite)", "\n".join(conn.iterdump()).encode("utf-8", "surrogatepass")
            finally:
                conn.close()
        except sqlite3.Error:
            pass


def find_secret(secret: str | bytes, *roots: Path | str) -> list[str]:
    """Every 'file[ (part)]: encoding' under the roots where the secret appears; [] when it appears nowhere."""
    if len(secret) < 4:
        raise ValueError("a secret shorter than 4 characters would match by chance; use a longer test secret")
    needles = _needles(secret)
    hits = []
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            for label, view in _views(path, data):
                for enc, needle in needles:
                    if needle in view:
                        hits.append(f"{path}{label}: {enc}")
    return hits


def assert_no_secret(secret: str | bytes, *roots: Path | str) -> int:
    """Fail if the secret is found; returns how many files were searched (assert it is > 0 in your test)."""
    hits = find_secret(secret, *roots)
    assert not hits, "secret written to disk:\n" + "\n".join(hits)
    return sum(1 for r in roots for p in ([Path(r)] if Path(r).is_file() else Path(r).rglob("*")) if p.is_file())
