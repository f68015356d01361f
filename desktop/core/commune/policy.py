"""The intake policy: what becomes of a received report file — accepted, held for review, rejected — and why.

One table (`POLICY`, in the order the conditions are tried), the same as docs/commune.md's; inbox.py applies it
and tests/core/test_commune_policy.py has a test per row. A held file never replaces an accepted one and never
enters the roll-up; the officer accepts or rejects it (`inbox.review`), and that decision is recorded with who
and when. A trusted file for the same version replaces a held one, so whoever sends a version first cannot
block the genuine one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.commune.roster import RosterSchool
from desktop.core.signing.cert_check import same_name
from desktop.core.signing.verdict import TRUST_REASONS

ACCEPTED, HELD, REJECTED, SUPERSEDED = "accepted", "held", "rejected", "superseded"
SKIPPED = "skipped"  # the same bytes were received before: no row at all, only counted in the run's summary
STATE_LABELS = {ACCEPTED: "Đã nhận", HELD: "Chờ xem xét", SUPERSEDED: "Đã thay bằng bản mới", REJECTED: "Bị từ chối"}
# Intake reads a file only if it is a regular file of at most this size (a FIFO cannot hang it, a 3 GB file is not
# read into memory). A signed report with its workbook and data file is well under 10 MB: evidence goes as links.
MAX_FILE_BYTES = 50 * 1024 * 1024

# condition -> (state, what the officer sees). docs/commune.md repeats this table.
POLICY = {
    "not_regular": (REJECTED, "không phải tệp thường (thư mục, thiết bị, ống dẫn…)"),
    "too_large": (REJECTED, f"tệp lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB, không phải báo cáo của Sổ CĐS"),
    "duplicate": (SKIPPED, "tệp đã nhận trước đây, bỏ qua (không thêm dòng, không báo từ chối)"),
    "not_pdf": (REJECTED, "không phải tệp PDF"),
    "signature_invalid": (REJECTED, "chữ ký số không hợp lệ, không phủ toàn bộ tệp, hoặc tệp chưa ký"),
    "no_datafile": (REJECTED, "không kèm tệp dữ liệu, hoặc tệp dữ liệu sai mẫu"),
    "score_mismatch": (REJECTED, "điểm không khớp bộ chỉ số (ngoài thang điểm, mã mục lạ, tổng không khớp)"),
    "other_period": (REJECTED, "báo cáo của kỳ khác kỳ đang tổng hợp"),
    "same_version_other_bytes": (REJECTED, "đã nhận phiên bản này với nội dung khác"),
    "older_version": (SUPERSEDED, "đã có phiên bản mới hơn"),
    "unknown_root": (HELD, TRUST_REASONS["unknown_root"]),
    "expired": (HELD, TRUST_REASONS["expired"]),
    "no_key_usage": (HELD, TRUST_REASONS["no_key_usage"]),
    "signer_not_school": (
        HELD,
        "người ký không phải hiệu trưởng/phó hiệu trưởng ghi trong tệp dữ liệu, cũng không phải nhà trường",
    ),
    "signer_not_principal": (
        HELD,
        "người ký không phải hiệu trưởng ghi trong danh sách trường quản lý, cũng không phải nhà trường",
    ),
    "signer_changed": (HELD, "người ký khác người ký các phiên bản đã nhận trước của trường"),
    "code_vs_file_name": (HELD, "mã trường trong tệp dữ liệu khác mã trong tên tệp"),
    "not_on_roster": (HELD, "trường không có (hoặc đã tắt) trong danh sách trường quản lý"),
    "roster_name_or_level": (HELD, "tên trường hoặc cấp học khác danh sách trường quản lý"),
    "unknown_indicator_set": (HELD, "máy này chưa có bộ chỉ số mà báo cáo dùng: chưa kiểm tra được điểm"),
    "signer_unchecked": (
        ACCEPTED,
        "nhận lần đầu khi danh sách trường chưa ghi hiệu trưởng: người ký chưa được đối chiếu (ghi trong lý do, "
        "đếm trong lời nhắc trước khi gửi báo cáo tổng hợp)",
    ),
    "ok": (ACCEPTED, "chữ ký hợp lệ, người ký và trường khớp, điểm khớp bộ chỉ số"),
}

_FILE_CODE = re.compile(r"^([0-9A-Za-z.-]{2,20})_")


def file_name_code(name: str) -> str | None:
    """The school code a report file's name starts with ("31000001_self-assessment_2025-2026_v1.pdf"), if any."""
    m = _FILE_CODE.match(name)
    return m.group(1) if m else None


# How a held reason names the sender (issue 21): a school's report, or a commune's roll-up taken in by a Sở.
SENDER_WORDS = {
    "school": {"unit": "trường", "code": "mã trường", "body": "nhà trường", "roster": "danh sách trường quản lý"},
    "commune": {
        "unit": "xã, phường",
        "code": "mã xã, phường",
        "body": "UBND xã, phường gửi báo cáo",
        "roster": "danh sách đơn vị quản lý",
    },
}


@dataclass(frozen=True)
class Facts:
    """What the hold decision looks at (everything else has been decided before)."""

    trust: str  # signing.verdict TRUST key of the file's signatures
    signer: str  # the signing certificate's subject
    named_signer: str  # the signer named in the data file (principal or deputy)
    school_code: str
    school_name: str
    levels: tuple[str, ...]
    file_name: str
    roster: RosterSchool | None  # None when the code is not on the roster
    earlier_signers: tuple[str, ...] = ()  # signers of the school's earlier accepted versions
    earlier_checked: bool = False  # one of those versions had its signer checked (roster's principal, or officer)
    set_known: bool = True
    sender: str = "school"  # "commune" for a commune's roll-up (SENDER_WORDS)


def hold_reasons(f: Facts) -> list[tuple[str, str]]:
    """[(condition, the officer's words)] that hold the file for review; empty: nothing holds it."""
    out = []
    w = SENDER_WORDS.get(f.sender, SENDER_WORDS["school"])
    if f.trust != "trusted":
        reason = TRUST_REASONS.get(f.trust, TRUST_REASONS["other"])
        out.append((f.trust if f.trust in POLICY else "unknown_root", reason))
    if not (same_name(f.signer, f.named_signer) or same_name(f.signer, f.school_name)):
        out.append(
            (
                "signer_not_school",
                f"người ký «{f.signer or '?'}» không phải người ký ghi trong tệp dữ liệu "
                f"(«{f.named_signer or 'chưa ghi'}») cũng không phải {w['body']}",
            )
        )
    principal = f.roster.principal if f.roster is not None and f.sender == "school" else ""
    if principal and not (same_name(f.signer, principal) or same_name(f.signer, f.roster.name if f.roster else "")):
        out.append(
            (
                "signer_not_principal",
                f"người ký «{f.signer or '?'}» không phải hiệu trưởng «{principal}» ghi trong {w['roster']} "
                f"(cũng không phải {w['body']})",
            )
        )
    before = [s for s in f.earlier_signers if s and not same_name(s, f.signer)]
    if before:
        out.append(
            (
                "signer_changed",
                f"người ký «{f.signer}» khác người ký các phiên bản đã nhận trước của {w['unit']} («{before[0]}»)",
            )
        )
    in_name = file_name_code(f.file_name)
    if in_name and in_name != f.school_code:
        out.append(
            (
                "code_vs_file_name",
                f"{w['code']} trong tệp dữ liệu ({f.school_code}) khác mã trong tên tệp ({in_name})",
            )
        )
    if f.roster is None or not f.roster.active:
        out.append(
            (
                "not_on_roster",
                f"{w['unit']} «{f.school_name}» (mã {f.school_code}) không có trong {w['roster']} (hoặc đã tắt)",
            )
        )
    else:
        if not same_name(f.roster.name, f.school_name):
            out.append(
                (
                    "roster_name_or_level",
                    f"tên {w['unit']} trong báo cáo «{f.school_name}» khác danh sách («{f.roster.name}»)",
                )
            )
        elif f.roster.levels and sorted(f.roster.levels) != sorted(f.levels):
            out.append(
                (
                    "roster_name_or_level",
                    f"cấp học trong báo cáo ({', '.join(f.levels) or 'không ghi'}) khác "
                    f"danh sách ({', '.join(f.roster.levels)})",
                )
            )
    if not f.set_known:
        out.append(("unknown_indicator_set", POLICY["unknown_indicator_set"][1]))
    return out


def signer_unchecked(f: Facts) -> bool:
    """True when nothing but the sender's own data file vouches for the signer of an accepted school report: the
    roster names no principal and no earlier accepted version of the school had its signer checked. Such a file
    is still accepted (holding every first file would hold every school once), but says so (`unchecked_note`)
    and is counted before the roll-up is sent (rollup_checks.before_sending)."""
    principal = f.roster.principal if f.roster is not None else ""
    return f.sender == "school" and not principal and not f.earlier_checked


def unchecked_note(signer: str) -> str:
    """What an accepted file's reason adds when `signer_unchecked`."""
    return (
        f"Người ký «{signer or '?'}» chưa được đối chiếu vì danh sách trường quản lý chưa ghi hiệu trưởng "
        "(báo cáo nhận lần đầu, hoặc các phiên bản trước cũng chưa được đối chiếu)."
    )


def held_reason(reasons: list[tuple[str, str]]) -> str:
    return "Chờ xem xét: " + "; ".join(words for _, words in reasons) + "."
