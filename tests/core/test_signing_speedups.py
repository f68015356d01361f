"""The verification speed-ups give exactly what the library functions they replace give: the same value (or the
same error) and, for the hex reader, the same stream position afterwards, on generated and hostile inputs."""
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.signing import speedups

HEXISH = st.sampled_from(list(b"0123456789abcdefABCDEF \n\r\t\f\x00")).map(lambda b: bytes([b]))
ANY_BYTE = st.integers(0, 255).map(lambda b: bytes([b]))


def _outcome(fn, data: bytes):
    stream = io.BytesIO(data)
    try:
        value = fn(stream)
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return ("error", type(exc), str(exc))
    return ("ok", type(value), bytes(value.original_bytes), stream.tell())


def _same(data: bytes) -> None:
    assert _outcome(speedups.read_hex_string, data) == _outcome(speedups.original_read_hex_string, data), data[:80]


@settings(max_examples=400, deadline=None)
@given(st.lists(HEXISH, max_size=60).map(b"".join), st.binary(max_size=20))
def test_hex_strings_of_digits_and_whitespace(body, tail):
    _same(b"<" + body + b">" + tail)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(HEXISH, ANY_BYTE), max_size=60).map(b"".join))
def test_hex_strings_with_anything_inside(body):
    _same(b"<" + body + b">")   # comments, stray characters, a second ">" …
    _same(b"<" + body)          # never closed


@pytest.mark.parametrize("data", [
    b"<>", b"<0>", b"<abc>", b"<AB CD\nef>", b"<12%comment\n34>", b"<12%c>34>", b"<1g>", b"<", b"<12",
    b"<\x00\x00ff>", b"<" + b"a" * 65535 + b">", b"<" + b"0f " * 40000 + b"1>", b"<" + b"ab" * 70000,
    b"<" + b"ab" * 70000 + b"z>", b"<feff00410042>", b"<FEFF0041>rest"])
def test_hex_string_edge_cases(data):
    _same(data)


def _prep(fn, text):
    try:
        return ("ok", fn(None, text))
    except Exception as exc:  # noqa: BLE001
        return ("error", type(exc), str(exc))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_name_preparation_is_the_same(text):
    assert _prep(speedups.ldap_string_prep, text) == _prep(speedups.original_ldap_string_prep, text)


@pytest.mark.parametrize("text", ["Hiệu trưởng", "  Trường  THCS\tA ", "ﬁ ligature", "\u200bzero", "\ue000private",
                                  "\u05d0abc", "\ufffd", "", "VN"])
def test_name_preparation_edge_cases(text):
    for _ in range(2):  # the second call is answered from the memo
        assert _prep(speedups.ldap_string_prep, text) == _prep(speedups.original_ldap_string_prep, text)


def test_installed_by_the_verifier():
    import asn1crypto.x509
    from pyhanko.pdf_utils import generic

    import desktop.core.signing.verify  # noqa: F401 - installing is a side effect of importing the verifier

    assert generic.read_hex_string_from_stream is speedups.read_hex_string
    assert asn1crypto.x509.NameTypeAndValue._ldap_string_prep is speedups.ldap_string_prep
