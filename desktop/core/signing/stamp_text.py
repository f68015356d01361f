"""The signature stamp's text set in the fonts the document already embeds (issue 20: one font subset per font).

A report made by Sổ CĐS embeds each face it uses once, as one TrueType subset (reportlab; every ASCII character is
in it, and each Vietnamese letter the report prints). A stamp drawn on its own brings its own subsets of the same
faces: two more font objects with the report's very names. Instead, when the document's subset of a face holds
every character of the stamp's lines in that face, the stamp writes them with that same font object, the codes
read from the font's own /ToUnicode map (what a reader uses to extract the text, so the stamp's text extracts as
the report's does). When it does not (a PDF made elsewhere, a name with a letter the report never prints), the
caller draws the stamp with its own fonts, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,8})>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,8})>")


@dataclass(frozen=True)
class DocFont:
    """A simple font embedded in the document: its object and the one-byte code of each character it holds."""

    ref: Any  # pyHanko IndirectObject
    codes: dict[str, int]

    def encode(self, text: str) -> bytes | None:
        """The text as this font's codes, or None when a character is not in the subset."""
        try:
            return bytes(self.codes[ch] for ch in text)
        except KeyError:
            return None


def _utf16(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode("ascii")).decode("utf-16-be", errors="replace")


def unicode_codes(cmap: bytes) -> dict[str, int]:
    """Character → one-byte code, from a /ToUnicode CMap's bfchar and bfrange entries (one character a code)."""
    out: dict[str, int] = {}
    for block in _BFCHAR.findall(cmap):
        for code, uni in _PAIR.findall(block):
            ch = _utf16(uni)
            if len(ch) == 1:
                out.setdefault(ch, int(code, 16))
    for block in _BFRANGE.findall(cmap):
        for lo, hi, start in _RANGE.findall(block):
            first = ord(_utf16(start)[0])
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out.setdefault(chr(first + k), code)
    return out


def _pages(node) -> Iterator[Any]:
    node = node.get_object()
    if node.get("/Type") == "/Pages":
        for kid in node.get("/Kids", ()):
            yield from _pages(kid)
    else:
        yield node


def document_fonts(writer, names: set[str]) -> dict[str, DocFont]:
    """The document's embedded TrueType subsets whose name, without the subset tag, is one of `names`
    ("LiberationSerif", "TimesNewRomanPSMT"): name → the font. A name embedded twice keeps the one holding most
    characters."""
    found: dict[str, DocFont] = {}
    for page in _pages(writer.root["/Pages"]):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", ""))[1:]
            name = base.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", base) else base
            if name not in names or font.get("/Subtype") != "/TrueType" or "/ToUnicode" not in font:
                continue
            if not hasattr(ref, "reference"):  # a font written inline in the resources cannot be shared
                continue
            try:
                codes = unicode_codes(font["/ToUnicode"].get_object().data)
            except (ValueError, AttributeError):
                continue
            if name not in found or len(codes) > len(found[name].codes):
                found[name] = DocFont(ref, codes)
    return found
