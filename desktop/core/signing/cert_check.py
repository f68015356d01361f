"""The signing certificate checked against the report before anything is signed (issue 17).

`certificate_findings()` is pure: an asn1crypto certificate, the names the report carries and the time go in,
a list of plain-Vietnamese findings comes out (empty: nothing to say). Each finding needs the user's confirmation
(the GUI asks; the command line needs --accept-certificate); none of them is decided silently.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

SIGNING_USAGES = {"digital_signature", "non_repudiation"}


def same_name(a: str, b: str) -> bool:
    """Vietnamese name comparison: NFC, case and spacing do not matter; diacritics count as written."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s or "").casefold().split())

    return bool(norm(a)) and norm(a) == norm(b)


def _date(d: dt.datetime) -> str:
    return d.strftime("%d/%m/%Y")


def certificate_findings(
    cert, *, signer_name: str, school_name: str, now: dt.datetime, internal: bool = False
) -> list[str]:
    """What is wrong with signing this report with `cert`: a subject that is neither the signer named in the
    report nor (for an organisation certificate) the school, an expired or not yet valid certificate, a key not
    issued for signing. `internal`: the school's own key (named after the school by construction)."""
    out = []
    subject = cert.subject.native
    cn = str(subject.get("common_name") or "")
    org = str(subject.get("organization_name") or "")
    if not internal and not (
        same_name(cn, signer_name) or same_name(cn, school_name) or (not cn and same_name(org, school_name))
    ):
        out.append(
            f"Chứng thư số cấp cho «{cn or org or 'không rõ'}», không phải người ký ghi trong báo cáo "
            f"(«{signer_name or 'chưa ghi'}») cũng không phải nhà trường («{school_name}»)."
        )
    start, end = cert.not_valid_before, cert.not_valid_after
    if now > end:
        out.append(f"Chứng thư số đã hết hạn ngày {_date(end)}: chữ ký sẽ không được công nhận.")
    elif now < start:
        out.append(f"Chứng thư số chỉ có hiệu lực từ ngày {_date(start)}.")
    usage = cert.key_usage_value
    if usage is not None and not set(usage.native) & SIGNING_USAGES:
        out.append(
            "Chứng thư số không được cấp để ký (không có mục đích «ký số» hay «chống chối bỏ»): chữ ký sẽ "
            "không được công nhận."
        )
    return out
