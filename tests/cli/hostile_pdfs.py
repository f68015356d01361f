"""Builders of hostile PDF files for the verify tests (kept apart so the test file stays readable)."""
from __future__ import annotations

import random
import zlib
from pathlib import Path


def _pdf(objects: list[bytes], root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A syntactically complete PDF with a correct xref around the given object bodies (numbered from 1)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d /Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def _page_tree(kids_of_pages: bytes = b"[3 0 R]", count: int = 1) -> list[bytes]:
    return [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids %s/Count %d>>" % (kids_of_pages, count),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"]


def build_all(folder: Path, signed: bytes) -> dict[str, Path]:
    """name -> file. `signed` is a real signed report PDF, used for truncations."""
    rng = random.Random(7)
    files: dict[str, bytes] = {}
    files["empty"] = b""
    for i in range(3):
        files[f"random-{i}"] = rng.randbytes(rng.randint(1, 50_000))
    files["pdf-header-random-tail"] = b"%PDF-1.7\n" + rng.randbytes(20_000)
    for frac in (0.1, 0.5, 0.9, 0.999):
        files[f"signed-truncated-{frac}"] = signed[: int(len(signed) * frac)]
    files["signed-no-eof"] = signed.rsplit(b"%%EOF", 1)[0]
    depth = 100_000
    tree = _page_tree()
    files["nested-arrays"] = _pdf([b"<</Type/Catalog/Pages 2 0 R/X " + b"[" * depth + b"]" * depth + b">>", *tree[1:]])
    files["nested-dicts"] = _pdf([b"<</Type/Catalog/Pages 2 0 R/X " + b"<</A " * depth + b"1" + b">>" * depth + b">>",
                                  *tree[1:]])
    files["self-reference"] = _pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"2 0 R", b"<</Type/Page/Parent 2 0 R>>"])
    files["circular-kids"] = _pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>",
                                   b"<</Type/Pages/Parent 2 0 R/Kids[2 0 R]/Count 1>>"])
    files["huge-count"] = _pdf(_page_tree(count=2_000_000_000))
    files["huge-length"] = _pdf([*_page_tree(), b"<</Length 999999999999>>stream\nabc\nendstream"])
    files["huge-xref-size"] = _pdf(_page_tree(), extra_trailer=b"/Prev 999999999999")
    bomb = zlib.compress(b"\0" * (300 * 1024**2), 9)  # 300 MB of zeros in ~300 KB
    files["flate-bomb-attachment"] = _pdf([
        b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[(x.json) 4 0 R]>>>>>>", *_page_tree()[1:],
        b"<</Type/Filespec/F(x.json)/EF<</F 5 0 R>>>>",
        b"<</Type/EmbeddedFile/Filter/FlateDecode/Length %d>>stream\n" % len(bomb) + bomb + b"\nendstream"])
    files["fake-signature"] = _pdf([
        b"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[4 0 R]/SigFlags 3>>>>", *_page_tree()[1:],
        b"<</FT/Sig/T(Sig1)/V<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached"
        b"/ByteRange[0 10 20 99999999]/Contents<" + b"30" * 200 + b">>>>>"])
    out = {}
    for name, data in files.items():
        p = folder / f"{name}.pdf"
        p.write_bytes(data)
        out[name] = p
    return out
