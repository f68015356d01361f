"""Reading JSON that comes from outside (a user's file, an attachment inside a PDF): numbers exact (int and
Decimal, never float), and every way the parser can fail turned into one ValueError with a Vietnamese reason.

Python refuses to turn more than 4,300 digits into an int with a ValueError that is not a JSONDecodeError, and
Decimal accepts exponents no report could hold; both are refused here, where the number is read.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_DIGITS = 40  # no count, point or version in our files comes near this
MAX_EXPONENT = 40


class JsonInputError(ValueError):
    """The input is not JSON we can read; str() is a Vietnamese reason."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JsonInputError(f"số quá dài ({len(text.lstrip('-'))} chữ số)")
    return int(text)


def _decimal(text: str) -> Decimal:
    if len(text) > 2 * MAX_DIGITS:
        raise JsonInputError(f"số quá dài ({len(text)} ký tự)")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise JsonInputError(f"số không đọc được: {text[:20]}") from None
    if abs(value.adjusted()) > MAX_EXPONENT:
        raise JsonInputError(f"số quá lớn hoặc quá nhỏ: {text[:20]}")
    return value


def _constant(name: str) -> Any:
    raise JsonInputError(f"giá trị {name} không phải số JSON hợp lệ")


def loads(raw: bytes | str) -> Any:
    """Parse JSON text (bytes: UTF-8, with or without a BOM). Raises JsonInputError (a ValueError)."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, (bytes, bytearray)) else raw
        return json.loads(text, parse_int=_int, parse_float=_decimal, parse_constant=_constant)
    except JsonInputError:
        raise
    except UnicodeDecodeError:
        raise JsonInputError("không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"lỗi cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise JsonInputError("cấu trúc lồng nhau quá sâu") from None
    except ValueError as exc:  # anything else the decoder refuses
        raise JsonInputError(f"không đọc được ({str(exc)[:60]})") from None
