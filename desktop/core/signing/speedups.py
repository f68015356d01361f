"""Two hot spots of verifying many signed files, made faster with the same results.

1. pyHanko reads a PDF hex string (`<…>`) one byte at a time through Python generators; a signature's
   /Contents is such a string of several thousand digits, so reading it was the largest cost of opening a
   signed report (~2.5 ms of ~3.5 ms a file). `read_hex_string` scans it with one regular expression and hands
   anything unusual (a comment, an invalid character, a string that never ends) to pyHanko's own reader from
   the same position, so errors and odd cases behave exactly as before.
2. asn1crypto compares certificate names (issuer of the signer, ESS certificate id, path building) after the
   RFC 4518 string preparation, a pure function of the string done in Python, again for every parsed
   certificate: a quarter of validating a signature. `install()` memoises it (bounded; exceptions are not
   cached, so an invalid name still raises every time).

tests/core/test_signing_speedups.py checks both against the originals on generated and hostile inputs.
"""
from __future__ import annotations

import binascii
import functools
import re

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic

PDF_WHITESPACE = b" \n\r\t\f\x00"  # pyhanko.pdf_utils.misc.PDF_WHITESPACE
_PLAIN = re.compile(rb"[0-9A-Fa-f \n\r\t\f\x00]*")
_CHUNK = 1 << 16

original_read_hex_string = generic.read_hex_string_from_stream
original_ldap_string_prep = asn1_x509.NameTypeAndValue._ldap_string_prep


def read_hex_string(stream):
    """Read `<hex digits>` at the stream's position (on the `<`), leaving the stream after the `>`."""
    start = stream.tell()
    parts: list[bytes] = []
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:  # never closed: pyHanko's reader raises its usual error
            stream.seek(start)
            return original_read_hex_string(stream)
        end = chunk.find(b">")
        if end == -1:
            parts.append(chunk)
            continue
        parts.append(chunk[:end])
        break
    body = b"".join(parts)  # "<" followed by everything up to, not including, the ">"
    if not body.startswith(b"<") or not _PLAIN.fullmatch(body, 1):
        stream.seek(start)
        return original_read_hex_string(stream)
    stream.seek(start + len(body) + 1)
    digits = body[1:].translate(None, PDF_WHITESPACE)
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


@functools.lru_cache(maxsize=4096)
def _prepped(string: str) -> str:
    return original_ldap_string_prep(None, string)


def ldap_string_prep(self, string):
    """asn1crypto's NameTypeAndValue._ldap_string_prep (which does not use `self`), memoised."""
    return _prepped(string)


def install() -> None:
    """Make pyHanko and asn1crypto use the functions above (idempotent)."""
    generic.read_hex_string_from_stream = read_hex_string
    asn1_x509.NameTypeAndValue._ldap_string_prep = ldap_string_prep
