"""Checks of the school's identifying and contact fields, as the user enters them: school code, e-mail, phone.

The school code's rule is the commune roster's (the roster matches schools' report files by code), so it is
imported from there, not written twice.
"""

from __future__ import annotations

import re

from desktop.core.commune.roster import CODE_RE

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_SEPARATORS = re.compile(r"[\s.()-]")
_PHONE = re.compile(r"^(?:\+84|84|0)[0-9]{9,10}$")  # mobiles 0 + 9 digits, landlines 0 + 10 digits (since 2017)


def school_code_problem(code: str) -> str | None:
    """None for a usable school code, else what is wrong (Vietnamese)."""
    code = (code or "").strip()
    if not code:
        return (
            "chưa có mã trường: xã/phường nhận báo cáo ghép báo cáo với trường theo mã này (mã trên CSDL ngành); "
            "khai báo ở «Hồ sơ nhà trường»"
        )
    if not CODE_RE.match(code):
        return (
            f"mã trường «{code[:40]}» không đúng dạng: 2–20 ký tự chữ, số, dấu chấm, gạch ngang hoặc gạch dưới, "
            "không có dấu cách (xem mã trên CSDL ngành)"
        )
    return None


def email_problem(text: str) -> str | None:
    t = (text or "").strip()
    if not t or _EMAIL.match(t):
        return None
    return f"địa chỉ thư điện tử «{t[:60]}» không đúng dạng (ví dụ: c2tuetinh@haiphong.edu.vn)"


def phone_problem(text: str) -> str | None:
    t = (text or "").strip()
    if not t or _PHONE.match(_PHONE_SEPARATORS.sub("", t)):
        return None
    return (
        f"số điện thoại «{t[:40]}» không đúng dạng: 10 chữ số cho di động hoặc 11 chữ số cho số cố định, bắt đầu "
        "bằng 0 hoặc +84 (ví dụ: 0912 345 678, 0225 3 123 456)"
    )
