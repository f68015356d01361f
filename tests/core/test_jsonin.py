"""desktop/core/jsonin.py: outside JSON read with exact numbers, and every refusal as one Vietnamese reason."""
from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.core import jsonin


def test_numbers_are_exact():
    doc = jsonin.loads(b'\xef\xbb\xbf{"a": 12, "b": -3, "c": 0.1, "d": [1.10, 2e3]}')
    assert doc == {"a": 12, "b": -3, "c": Decimal("0.1"), "d": [Decimal("1.10"), Decimal("2E+3")]}
    assert type(doc["a"]) is int and str(doc["d"][0]) == "1.10"


@pytest.mark.parametrize("text", [
    '{"n": ' + "9" * 41 + "}",
    '{"n": -' + "9" * 5000 + "}",
    '{"s": "' + "1" * 60 + '", "n": ' + "9" * 41 + "}",   # a long digit run in a string does not hide the number
])
def test_too_long_integers_are_refused(text):
    with pytest.raises(jsonin.JsonInputError, match="số quá dài"):
        jsonin.loads(text)


def test_long_digit_runs_inside_strings_are_only_text():
    doc = jsonin.loads('{"phone": "' + "0" * 80 + '", "n": ' + "9" * 40 + "}")
    assert doc == {"phone": "0" * 80, "n": int("9" * 40)}


@pytest.mark.parametrize("text, words", [
    ('{"a": NaN}', "NaN"), ('{"a": 1e999}', "quá lớn"), ("[1,", "lỗi cú pháp"), (b"\xff", "UTF-8"),
])
def test_other_refusals(text, words):
    with pytest.raises(jsonin.JsonInputError, match=words):
        jsonin.loads(text)
