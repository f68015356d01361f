"""The verify decision: what pyHanko found about each signature of a file -> our verdict, in plain Vietnamese.

`decide()` is the one place that turns pyHanko's `PdfSignatureStatus` into a state; `socds verify`, the GUI's
check page, taking back a hand-off and the commune intake all read its result (VerifyResult.state / .trust), and
none of them re-words it. It is pure: the statuses, what verify.py read from the PDF beside them (see `Observed`)
and the time of the check go in, a `Verdict` comes out.

States of a file: valid / untrusted / invalid / bad_data / unsigned / unreadable (unreadable is decided before
any signature is looked at). "bad_data": every signature intact and the last covers the whole file, but the data
file inside is not JSON, not its schema, or does not match the attachments it lists — it was so when it was
signed (a bad export), which is never "changed after signing". "untrusted" (intact, whole file, but not trusted) is one of three distinct trust
verdicts, `trust`: expired, no_key_usage, unknown_root ("trusted" for a valid file).

Coverage (the cause of issue 17's "Phủ toàn bộ tệp: có" on a file with bytes appended): only the LAST signature
can cover the whole file, and it must (pyHanko's ENTIRE_FILE). pyHanko reports bytes appended without a new
revision as ENTIRE_REVISION with modification level NONE; that is "not the whole file", never "later signatures".
An earlier signature is fine when what came after it is only further signatures or form filling
(ENTIRE_REVISION, level <= FORM_FILLING); and a later signature may not show a new visible appearance on a page
(a second, trusted signature could paste text over the report): only fields that were already in the revision
the first signature covers may be visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from desktop.core.periods import VIETNAM, report_title

if TYPE_CHECKING:
    from pyhanko.sign.validation.status import PdfSignatureStatus

STATES = {
    "valid": "Chữ ký còn nguyên vẹn, phủ toàn bộ tệp và chứng thư ký xuất phát từ một chứng thư gốc đã được tin cậy.",
    "untrusted": "Tệp còn nguyên vẹn từ lúc ký (không ai sửa), nhưng chữ ký chưa được công nhận: xem lý do.",
    "invalid": (
        "Tệp KHÔNG còn như lúc ký: nội dung, tệp đính kèm hoặc chữ ký đã bị thay đổi, hoặc có phần được thêm "
        "vào sau khi ký. Không dùng tệp này; hãy xin lại bản gốc."
    ),
    "bad_data": (
        "Chữ ký còn nguyên vẹn và phủ toàn bộ tệp: tệp không bị sửa sau khi ký. Nhưng tệp dữ liệu đính kèm bên "
        "trong không đọc được, không đúng mẫu hoặc không khớp các tệp nó ghi (xem vấn đề): tệp đã như vậy từ "
        "lúc ký. Không dùng tệp này; hãy đề nghị nơi gửi xuất lại báo cáo và ký lại."
    ),
    "unsigned": "Tệp không có chữ ký số nào (hoặc chữ ký đã bị gỡ bỏ).",
    "unreadable": "Không đọc được tệp như một tệp PDF.",
}
# The four trust verdicts, in the words an officer reads.
TRUST = {
    "trusted": "Người ký đã được xác định: chứng thư của người ký do một tổ chức chứng thực có trong danh sách tin cậy "
    "của máy này cấp, còn hạn và được cấp để ký.",
    "unknown_root": (
        "Chưa xác định được người ký: chứng thư của người ký do một tổ chức chưa có trong danh sách tin cậy "
        "của máy này cấp. Nếu đó là tổ chức chứng thực (VNPT-CA, Viettel-CA, Ban Cơ yếu…), hãy nhập chứng "
        "thư gốc của tổ chức đó một lần; với khóa nội bộ của trường, đây chỉ là chữ ký bảo đảm toàn vẹn."
    ),
    "expired": "Chứng thư của người ký đã hết hạn (hoặc chưa đến ngày có hiệu lực) vào lúc kiểm tra: chữ ký không "
    "được công nhận.",
    "no_key_usage": (
        "Chứng thư của người ký không được cấp để ký (không có mục đích «ký số» hay «chống chối bỏ»): "
        "chữ ký bằng chứng thư này không được công nhận."
    ),
    "other": "Chứng thư của người ký không dùng được: ",
}
TRUST_ORDER = ("expired", "no_key_usage", "unknown_root", "other")  # the first that applies names the verdict
# Why a signature is not trusted, in a clause (the notes of `socds verify`, the reason a file is held at intake).
TRUST_REASONS = {
    "unknown_root": "chứng thư gốc chưa có trong danh sách tin cậy của máy này (chưa xác định được người ký)",
    "expired": "chứng thư của người ký đã hết hạn",
    "no_key_usage": "chứng thư của người ký không được cấp để ký",
    "other": "chứng thư của người ký không dùng được",
}
# The verdict in a few words: the first line of `socds verify`, the state column of the check page, a side of
# `socds compare`, the signature column of the inbox and the roll-up. Every one of them reads `label()` or
# `signature_label()`; tests/core/test_verdict_words.py fails if a verdict is worded anywhere else.
LABELS = {
    "valid": "Hợp lệ, tin cậy",
    "untrusted": "Nguyên vẹn, chưa tin cậy",
    "invalid": "Không hợp lệ, đã bị thay đổi sau khi ký",
    "bad_data": "Chữ ký nguyên vẹn, tệp dữ liệu bên trong bị lỗi",
    "unsigned": "Không có chữ ký",
    "unreadable": "Không đọc được",
}
# an intact file that is not trusted, by its trust verdict (TRUST)
UNTRUSTED_LABELS = {
    "unknown_root": "Nguyên vẹn, chưa xác định người ký",
    "expired": "Nguyên vẹn, chứng thư người ký hết hạn",
    "no_key_usage": "Nguyên vẹn, chứng thư người ký không được cấp để ký",
    "other": "Nguyên vẹn, chứng thư người ký không dùng được",
}
# what the intake keeps of a verdict (the inbox's signature_state); any other state is kept as "none"
SIGNATURE_STATES = {"valid": "trusted", "untrusted": "untrusted", "invalid": "invalid"}
_OTHER = {
    "REVOKED_NO_POE": "chứng thư ký đã bị thu hồi",
    "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi",
}
SIGNING_USAGES = {"digital_signature", "non_repudiation"}


@dataclass(frozen=True)
class Observed:
    """One signature as verify.py saw it: pyHanko's status (None when the signature could not be validated at
    all, then `error` names why) and whether it shows a new visible appearance on a page."""

    field: str
    status: PdfSignatureStatus | None
    error: str | None = None
    new_visible_page: int | None = None  # 0-based page of a visible widget the first signed revision did not have


@dataclass
class SignatureInfo:
    field: str
    intact: bool
    trusted: bool
    signer: str
    organisation: str
    signing_time: str | None
    coverage: str  # "whole" | "later-signatures" | "not-whole" | "modified-after" | "partial"
    modification: str | None
    internal: bool
    trust: str = "unknown_root"  # a key of TRUST
    trust_problem: str | None = None  # the plain words for `trust` when not trusted
    valid_until: str | None = None  # ISO date the signer's certificate ends


@dataclass
class Verdict:
    state: str
    trust: str | None = None  # for a signed file: the worst signature's key of TRUST
    signatures: list[SignatureInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    covers_whole: bool = False


def _subject(cert, attr: str) -> str:
    try:
        return str(cert.subject.native.get(attr, "") or "")
    except Exception:  # noqa: BLE001 - odd subjects must not break verification
        return ""


def _date(d) -> str:
    return d.strftime("%d/%m/%Y")


def vietnam_time(when: dt.datetime | None) -> str | None:
    """A signing time as ISO 8601 in Vietnam's zone (+07:00), the same instant whatever zone the signer's clock was
    in: `socds verify` (text and --json), the check page and the inbox all show this one. A time without a zone
    is taken as UTC (CMS signing times are UTC)."""
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).astimezone(VIETNAM).isoformat()


def trust_of(status, now: dt.datetime) -> tuple[str, str | None]:
    """(key of TRUST, plain words or None when trusted) for one signature's status at `now`."""
    if status.trusted:
        return "trusted", None
    cert = status.signing_cert
    found = []
    try:
        start, end = cert.not_valid_before, cert.not_valid_after
        if now > end:
            found.append(("expired", f"{TRUST_REASONS['expired']} ngày {_date(end)}"))
        elif now < start:
            found.append(("expired", f"chứng thư của người ký chỉ có hiệu lực từ ngày {_date(start)}"))
    except (AttributeError, ValueError, TypeError):
        pass
    usage = cert.key_usage_value
    if usage is not None and not (set(usage.native) & SIGNING_USAGES):
        found.append(
            ("no_key_usage", f"{TRUST_REASONS['no_key_usage']} (không có mục đích «ký số» hay «chống chối bỏ»)")
        )
    indic = status.trust_problem_indic.name if status.trust_problem_indic is not None else ""
    self_signed = getattr(cert, "self_signed", "no") != "no"  # pyHanko reports such a signer as a chain failure
    if indic == "NO_CERTIFICATE_CHAIN_FOUND" or (indic == "CHAIN_CONSTRAINTS_FAILURE" and self_signed and not found):
        found.append(("unknown_root", TRUST_REASONS["unknown_root"]))
    if not found:
        found.append(
            ("other", _OTHER.get(indic, f"chứng thư của người ký không kiểm tra được ({indic or 'không rõ'})"))
        )
    found.sort(key=lambda kv: TRUST_ORDER.index(kv[0]))
    return found[0][0], "; ".join(words for _, words in found)


def _coverage(status, last: bool) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "whole"
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "partial"
    if last:
        # nothing signed comes after the last signature: whatever follows its revision is not covered by anyone
        return "not-whole" if level is None or level <= ModificationLevel.FORM_FILLING else "modified-after"
    if level is not None and ModificationLevel.LTA_UPDATES <= level <= ModificationLevel.FORM_FILLING:
        return "later-signatures"
    return "not-whole" if level == ModificationLevel.NONE else "modified-after"


def decide(
    observed: list[Observed],
    now: dt.datetime,
    *,
    datafile_problems: Sequence[str] = (),
    is_internal=lambda cert: False,
) -> Verdict:
    """The verdict on a readable file from its signatures in file order. `datafile_problems`: what is wrong with the
    data file inside (not JSON, off its schema, an attachment it lists missing or not matching its hash): with
    the signatures intact and whole it makes the file "bad_data", else they are listed beside the signatures'. `is_internal(cert)`: the school's own
    key (its signature only guarantees integrity)."""
    if not observed:
        return Verdict("unsigned", problems=[STATES["unsigned"]])
    out = Verdict("invalid")
    for i, ob in enumerate(observed):
        last = i == len(observed) - 1
        st = ob.status
        if st is None:
            out.signatures.append(
                SignatureInfo(ob.field, False, False, "", "", None, "partial", None, False, trust="other")
            )
            out.problems.append(f"Chữ ký «{ob.field}» hỏng, không kiểm tra được ({ob.error or 'không rõ lỗi'}).")
            continue
        cert = st.signing_cert
        trust, words = trust_of(st, now)
        coverage = _coverage(st, last)
        try:
            until = cert.not_valid_after.date().isoformat()
        except (AttributeError, ValueError):
            until = None
        info = SignatureInfo(
            field=ob.field,
            intact=bool(st.intact and st.valid),
            trusted=trust == "trusted",
            signer=_subject(cert, "common_name"),
            organisation=_subject(cert, "organization_name"),
            signing_time=vietnam_time(st.signer_reported_dt),
            coverage=coverage,
            modification=st.modification_level.name if st.modification_level else None,
            internal=bool(is_internal(cert)),
            trust=trust,
            trust_problem=words,
            valid_until=until,
        )
        out.signatures.append(info)
        who = f"«{info.signer or info.field}»"
        if not info.intact:
            out.problems.append(f"Chữ ký {who} không còn nguyên vẹn: nội dung đã bị sửa sau khi ký.")
        if coverage == "not-whole":
            out.problems.append(
                f"Chữ ký {who} không phủ toàn bộ tệp: sau phần đã ký, tệp còn có dữ liệu được thêm "
                "vào mà không chữ ký nào phủ."
            )
        elif coverage == "modified-after":
            out.problems.append(f"Sau chữ ký {who} tệp đã bị thêm phần thay đổi nội dung.")
        elif coverage == "partial":
            out.problems.append(f"Chữ ký {who} không phủ trọn phiên bản tài liệu đã ký.")
        if i > 0 and ob.new_visible_page is not None:
            out.problems.append(
                f"Chữ ký sau {who} đặt một hình hiển thị mới lên trang {ob.new_visible_page + 1}: "
                "hình đó có thể che hoặc giả nội dung báo cáo đã ký trước."
            )
        if words:
            out.notes.append(f"Chữ ký {who}: {words}.")
        if info.internal:
            out.notes.append(
                f"Chữ ký {who} là chữ ký bảo đảm toàn vẹn nội bộ của nhà trường, không phải chữ "
                "ký số của tổ chức cung cấp dịch vụ chứng thực."
            )
    signed_as_is = not out.problems
    out.problems.extend(datafile_problems)
    sigs = out.signatures
    out.covers_whole = sigs[-1].coverage == "whole"
    worst = [s.trust for s in sigs if s.trust != "trusted"]
    out.trust = min(worst, key=TRUST_ORDER.index) if worst else "trusted"
    if signed_as_is and all(s.intact for s in sigs):
        out.state = "bad_data" if datafile_problems else "valid" if out.trust == "trusted" else "untrusted"
    return out


def explanation(state: str, trust: str | None) -> str:
    """The plain words for a verdict: the trust verdict's own for an intact file, else the state's."""
    if state == "untrusted" and trust in TRUST:
        return TRUST[trust] if trust != "other" else STATES["untrusted"]
    return STATES[state]


def label(state: str, trust: str | None = None) -> str:
    """The verdict in a few words (LABELS); an intact, untrusted file says which trust verdict it has."""
    if state == "untrusted" and trust in UNTRUSTED_LABELS:
        return UNTRUSTED_LABELS[trust]
    return LABELS.get(state, state)


def signature_label(signature_state: str | None) -> str:
    """label() for what the intake kept of a verdict (SIGNATURE_STATES: trusted / untrusted / invalid / none)."""
    state = {kept: state for state, kept in SIGNATURE_STATES.items()}.get(signature_state or "none", "unsigned")
    return label(state)


def kept_signature_state(state: str, trust: str | None) -> str:
    """What the intake keeps of a verdict (SIGNATURE_STATES); a file refused only for its data file keeps its
    signature's own state (trusted / untrusted): the signature was not at fault."""
    if state == "bad_data":
        return "trusted" if trust == "trusted" else "untrusted"
    return SIGNATURE_STATES.get(state, "none")


def signature_words(info: SignatureInfo) -> str:
    """One signature's verdict in a few words (a line of `socds verify` per signature)."""
    return ("nguyên vẹn" if info.intact else "KHÔNG nguyên vẹn") + (", tin cậy" if info.trusted else ", chưa tin cậy")


KIND_WORDS = {"self-assessment": "tự đánh giá", "month": "tháng", "quarter": "quý", "year": "năm"}


def report_words(rep: dict) -> str:
    """Which report a file says it is (verify.report_identity): school, kind, period, number, date, version."""
    when = rep.get("doc_date") or ""
    with_date = ""
    if when:
        try:
            with_date = f", ngày {dt.date.fromisoformat(when[:10]).strftime('%d/%m/%Y')}"
        except ValueError:
            with_date = f", ngày {when}"
    kind = rep.get("kind", "")
    return "; ".join(
        [
            f"{rep.get('school_name', '?')} (mã {rep.get('school_code', '?')})",
            report_title(kind, rep["period"]) if rep.get("period") else f"báo cáo {KIND_WORDS.get(kind, kind or '?')}",
            f"số {rep.get('doc_number') or '(chưa có)'}{with_date}",
            f"phiên bản {rep.get('report_version', '?')}",
        ]
    )
