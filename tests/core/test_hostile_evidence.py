"""Evidence with hostile names and sizes: nothing is written outside the data directory, names are made safe,
a huge file is refused at once, a large one streams with flat memory."""
from __future__ import annotations

import os
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store import evidence

HOSTILE = [
    "..\\..\\..\\evil.pdf",          # a Windows traversal, a legal name on Linux
    "CON.txt", "NUL", "aux", "com1.pdf", "LPT9.docx",
    "x" * 250 + ".pdf",               # near the 255-byte limit of most file systems
    unicodedata.normalize("NFD", "Kế hoạch chuyển đổi số.pdf"),
    "report\u202egpj.exe",            # right-to-left override: shows as 'report' + 'exe.jpg'
    "tab\tnew\nline\x01.pdf", " .. ", "...", "-rf", "*?<>|:.pdf",
]


def _tree(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def test_hostile_names_write_only_inside_the_data_dir(tmp_path, monkeypatch):
    src_dir, out = tmp_path / "nguồn", tmp_path / "usb"
    src_dir.mkdir()
    for i, name in enumerate(HOSTILE):
        (src_dir / name).write_bytes(f"tệp {i}".encode())
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    db = tmp_path / "data" / "school.db"
    with Store.open(db) as store:
        before = _tree(tmp_path)
        data_dir = store.data_dir
        ids = [evidence.add_file(store, Path("../../nguồn") / name) for name in HOSTILE]
        after = _tree(tmp_path)
        new = {k for k in after if k not in before or after[k] != before[k]}
        inside = ("data/",)
        assert new and all(k.startswith(inside) for k in new), sorted(new)
        stored = [p for p in data_dir.joinpath("evidence").rglob("*") if p.is_file()]
        assert all(len(p.name) == 64 for p in stored) and len(stored) == len(HOSTILE)
        for eid, name in zip(ids, HOSTILE):
            row = store.row("evidence", {"id": eid})
            for text in (row["title"], row["original_name"]):
                assert text and all(ch.isprintable() for ch in text) and "/" not in text and "\\" not in text
                assert text == unicodedata.normalize("NFC", text) and "\u202e" not in text
            copy = evidence.export_copy(store, eid, out)
            assert copy.parent == out and copy.read_bytes() == (src_dir / name).read_bytes()
            stem = copy.name.split(".")[0].upper()
            assert stem not in {"CON", "NUL", "AUX", "COM1", "LPT9"} and len(copy.name) <= 120
    outside = {k for k in _tree(tmp_path) if not k.startswith(("data/", "usb/", "nguồn/"))}
    assert outside == set()


def test_sparse_3gb_file_is_refused_at_once(store, tmp_path, monkeypatch):
    big = tmp_path / "phim.mp4"
    with open(big, "wb") as fh:
        fh.truncate(3 * 1024**3)
    opened = []
    monkeypatch.setattr(evidence, "open", lambda *a, **k: opened.append(a) or open(*a, **k), raising=False)
    with pytest.raises(UserError, match="quá lớn"):
        evidence.add_file(store, big)
    assert opened == []  # refused from its size, not after reading 2 GB
    assert [p for p in evidence.evidence_dir(store).rglob("*") if p.is_file()] == []
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_200mb_file_streams_with_flat_memory(store, tmp_path):
    src = tmp_path / "video.mp4"
    with open(src, "wb") as fh:
        fh.write(os.urandom(1 << 20))
        fh.truncate(200 * 1024**2)  # sparse tail: quick to make, still 200 MB to read and hash
    tracemalloc.start()
    try:
        eid = evidence.add_file(store, src)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024**2, f"peak {peak / 1024**2:.1f} MB while ingesting 200 MB"
    row = store.row("evidence", {"id": eid})
    assert row["size"] == 200 * 1024**2
    assert evidence.blob_path(store, row["sha256"]).stat().st_size == row["size"]
