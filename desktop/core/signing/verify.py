"""Verifying a signed report file offline: every signature, coverage, trust, attachments, data-file hashes.

`verify_pdf(path, trust)` checks one file in a plain worker thread (pyHanko's validation runs an asyncio loop),
so it is safe to call from the GUI's worker threads and from code that already runs an event loop. `Verifier`
checks many files with one setup (trust roots parsed once, one event loop); intake and `socds verify` use it.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.core import jsonin
from desktop.core.signing import speedups
from desktop.core.signing.signers import is_school_key_cert
from desktop.core.signing.trust import read_certificates

# An unknown root is a normal outcome, shown to the user; pyHanko logs each one with a traceback, which would
# only bury real errors in the log file the user sends to support.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)
speedups.install()

# Overall states of a file, from best to worst, with their plain-Vietnamese explanation.
STATES = {
    "valid": "Chữ ký còn nguyên vẹn, phủ toàn bộ tệp và chứng thư ký xuất phát từ một chứng thư gốc đã được tin cậy.",
    "untrusted": ("Tệp còn nguyên vẹn từ lúc ký (không ai sửa), nhưng chưa xác định được danh tính người ký: chứng thư "
                  "gốc của chữ ký chưa có trong danh sách tin cậy của máy này («chứng thư gốc chưa biết»). Nếu đây là "
                  "chứng thư của một tổ chức chứng thực (VNPT-CA, Viettel-CA, Ban Cơ yếu…), hãy nhập chứng thư gốc "
                  "của tổ chức đó một lần; với khóa nội bộ của trường, đây chỉ là chữ ký bảo đảm toàn vẹn."),
    "invalid": ("Tệp KHÔNG còn như lúc ký: nội dung, tệp đính kèm hoặc chữ ký đã bị thay đổi, hoặc có phần được thêm "
                "vào sau khi ký. Không dùng tệp này; hãy xin lại bản gốc."),
    "unsigned": "Tệp không có chữ ký số nào (hoặc chữ ký đã bị gỡ bỏ).",
    "unreadable": "Không đọc được tệp như một tệp PDF.",
}
TRUST_REASONS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "chứng thư gốc chưa biết (chưa có trong danh sách tin cậy)",
    "EXPIRED": "chứng thư ký đã hết hạn",
    "OUT_OF_BOUNDS_NO_POE": "chứng thư ký đã hết hạn hoặc chưa có hiệu lực",
    "NOT_YET_VALID": "chứng thư ký chưa đến ngày có hiệu lực",
    "REVOKED_NO_POE": "chứng thư ký đã bị thu hồi",
    "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi",
    "CHAIN_CONSTRAINTS_FAILURE": "chuỗi chứng thư không hợp lệ",
    "SIG_CONSTRAINTS_FAILURE": "chứng thư không được phép dùng để ký (mục đích sử dụng khóa)",
}


@dataclass
class SignatureInfo:
    field: str
    intact: bool
    trusted: bool
    signer: str
    organisation: str
    signing_time: str | None
    coverage: str  # "whole" | "later-signatures" | "modified-after" | "partial"
    modification: str | None
    internal: bool
    trust_problem: str | None = None


@dataclass
class VerifyResult:
    path: str
    state: str  # a key of STATES
    intact: bool = False
    trusted: bool = False
    signer: str | None = None
    signing_time: str | None = None
    covers_whole: bool = False
    attachments: dict[str, str] = field(default_factory=dict)  # name -> sha256
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    internal: bool = False

    @property
    def explanation(self) -> str:
        return STATES[self.state]

    def to_dict(self) -> dict:
        return {**asdict(self), "explanation": self.explanation}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _name_tree(node, out: list) -> None:
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for i in range(0, len(names) - 1, 2):
            out.append((str(names[i]), names[i + 1].get_object()))
    for kid in node.get("/Kids", []) or []:
        _name_tree(kid, out)


def embedded_files(reader) -> dict[str, bytes]:
    """{file name: content} of the document's embedded files (the last revision's view)."""
    try:
        tree = reader.root["/Names"]["/EmbeddedFiles"]
    except KeyError:
        return {}
    entries: list = []
    _name_tree(tree, entries)
    out = {}
    for key, spec in entries:
        ef = spec.get("/EF")
        if ef is None:
            continue
        stream = ef.get("/UF", ef.get("/F")).get_object()
        name = str(spec.get("/UF", spec.get("/F", key)))
        out[name] = stream.data
    return out


def embedded_files_of(path: Path | str) -> dict[str, bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return embedded_files(PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False))


def _subject(cert, attr: str) -> str:
    try:
        return str(cert.subject.native.get(attr, "") or "")
    except Exception:  # noqa: BLE001 - odd subjects must not break verification
        return ""


def _trust_roots(trust) -> list:
    from cryptography.hazmat.primitives import serialization
    from asn1crypto import x509 as asn1_x509

    roots = []
    for item in trust or []:
        certs = read_certificates(item) if isinstance(item, (str, Path)) else [item]
        for c in certs:
            if isinstance(c, bytes):  # DER, as trust_der() gives to worker processes
                der = c
            else:
                der = c.public_bytes(serialization.Encoding.DER) if hasattr(c, "public_bytes") else c.dump()
            roots.append(asn1_x509.Certificate.load(der))
    return roots


def trust_der(trust) -> list[bytes]:
    """The trust roots as DER bytes (certificate files read now): what a worker process can be handed."""
    return [r.dump() for r in _trust_roots(trust)]


def _check_datafile(files: dict[str, bytes], result: VerifyResult) -> None:
    """If a JSON data file is embedded and lists {"attachments": {name: sha256}}, every listed file must match."""
    for name, data in files.items():
        if not name.lower().endswith(".json"):
            continue
        try:
            doc = jsonin.loads(data)
        except ValueError:
            result.problems.append(f"Tệp dữ liệu đính kèm {name} không phải JSON hợp lệ.")
            continue
        listed = doc.get("attachments") if isinstance(doc, dict) else None
        if not isinstance(listed, dict):
            continue
        for att_name, expected in listed.items():
            if att_name not in files:
                result.problems.append(f"Tệp dữ liệu {name} ghi tệp đính kèm «{att_name}» nhưng trong PDF không có.")
            elif str(expected).lower() != sha256(files[att_name]):
                result.problems.append(f"Tệp đính kèm «{att_name}» không khớp mã băm ghi trong tệp dữ liệu {name}.")
            else:
                result.notes.append(f"Tệp đính kèm «{att_name}» khớp mã băm ghi trong tệp dữ liệu.")


class Verifier:
    """Verifies many files with one setup: the trust roots parsed once into one trust manager (read-only, so
    sharing it cannot carry anything from one file to the next; each signature still gets its own validation
    context and certificate registry), and one event loop for pyHanko's validation instead of one per call.

    Use from one thread at a time; `close()` (or `with`) frees the loop."""

    def __init__(self, trust=()):
        self._trust = list(trust or [])
        self._trust_manager = None
        self._loop = None

    @property
    def trust_manager(self):
        """Built at the first signature, as before: a file without one never reads the trust files."""
        from pyhanko_certvalidator.registry import SimpleTrustManager

        if self._trust_manager is None:
            self._trust_manager = SimpleTrustManager.build(trust_roots=_trust_roots(self._trust))
        return self._trust_manager

    def __enter__(self) -> "Verifier":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    def _run(self, coro):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop.run_until_complete(coro)
        # called from code that already runs a loop: validate in a thread of its own, as verify_pdf does
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coro).result()

    def _validate(self, sig, trust_manager):
        from pyhanko.sign._session_scope import run_and_release
        from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        vc = ValidationContext(trust_manager=trust_manager, allow_fetching=False, revocation_mode="soft-fail")
        return self._run(run_and_release(async_validate_pdf_signature(sig, signer_validation_context=vc), vc, None))

    def verify(self, path: Path | str) -> VerifyResult:
        """verify_pdf() for one file, on this verifier's setup."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result = VerifyResult(path=str(path), state="unreadable")
            result.problems.append(f"Không đọc được tệp ({type(exc).__name__}).")
            return result
        return self.verify_bytes(data, path)[0]

    def verify_bytes(self, data: bytes, path: Path | str = "") -> tuple[VerifyResult, dict[str, bytes]]:
        """(result, {embedded file name: content}) for a file's bytes: the embedded files are the ones the
        verdict was reached on, so a caller needs no second read of the file (empty when unreadable)."""
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        result = VerifyResult(path=str(path), state="unreadable")
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            sigs = list(reader.embedded_signatures)
            files = embedded_files(reader)
        except Exception as exc:  # noqa: BLE001 - any parse failure means "unreadable"
            result.problems.append(f"Không đọc được tệp ({type(exc).__name__}).")
            return result, {}
        result.attachments = {name: sha256(content) for name, content in files.items()}
        if not sigs:
            result.state = "unsigned"
            result.problems.append(STATES["unsigned"])
            return result, files
        trust_manager = self.trust_manager  # outside the try: an unreadable trust file is the caller's error
        for i, sig in enumerate(sigs):
            last = i == len(sigs) - 1
            try:
                st = self._validate(sig, trust_manager)
            except Exception as exc:  # noqa: BLE001 - a malformed signature is "not intact", not a crash
                result.signatures.append(SignatureInfo(sig.field_name, False, False, "", "", None, "partial", None,
                                                       False))
                result.problems.append(f"Chữ ký «{sig.field_name}» hỏng, không kiểm tra được ({type(exc).__name__}).")
                continue
            cert = st.signing_cert
            level = st.modification_level
            if st.coverage == SignatureCoverageLevel.ENTIRE_FILE:
                coverage = "whole"
            elif st.coverage == SignatureCoverageLevel.ENTIRE_REVISION and level is not None and (
                    level <= ModificationLevel.LTA_UPDATES or (level <= ModificationLevel.FORM_FILLING and not last)):
                # later revisions hold only further signatures (or archival data): the normal multi-signature case
                coverage = "later-signatures"
            elif st.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
                coverage = "modified-after"
            else:
                coverage = "partial"
            indic = st.trust_problem_indic.name if st.trust_problem_indic is not None else None
            info = SignatureInfo(
                field=sig.field_name, intact=bool(st.intact and st.valid), trusted=bool(st.trusted),
                signer=_subject(cert, "common_name"), organisation=_subject(cert, "organization_name"),
                signing_time=st.signer_reported_dt.isoformat() if st.signer_reported_dt else None,
                coverage=coverage, modification=level.name if level is not None else None,
                internal=is_school_key_cert([_subject(cert, "organizational_unit_name")]),
                trust_problem=TRUST_REASONS.get(indic, indic) if not st.trusted else None)
            result.signatures.append(info)
            who = f"«{info.signer or info.field}»"
            if not info.intact:
                result.problems.append(f"Chữ ký {who} không còn nguyên vẹn: nội dung đã bị sửa sau khi ký.")
            if coverage == "modified-after":
                result.problems.append(f"Sau chữ ký {who} tệp đã bị thêm phần thay đổi nội dung.")
            elif coverage == "partial":
                result.problems.append(f"Chữ ký {who} không phủ trọn phiên bản tài liệu đã ký.")
            if not info.trusted:
                result.notes.append(f"Chữ ký {who}: {info.trust_problem or 'chưa tin cậy được'}.")
            if info.internal:
                result.notes.append(f"Chữ ký {who} là chữ ký bảo đảm toàn vẹn nội bộ của nhà trường, không phải chữ "
                                    "ký số của tổ chức cung cấp dịch vụ chứng thực.")
        _check_datafile(files, result)
        last = result.signatures[-1]
        result.signer, result.signing_time = last.signer, last.signing_time
        result.intact = all(s.intact for s in result.signatures)
        result.trusted = all(s.trusted for s in result.signatures)
        result.internal = any(s.internal for s in result.signatures)
        result.covers_whole = last.coverage == "whole" or (last.coverage == "later-signatures")
        ok = result.intact and not result.problems and all(s.coverage in ("whole", "later-signatures")
                                                           for s in result.signatures)
        result.state = ("valid" if result.trusted else "untrusted") if ok else "invalid"
        return result, files


def _verify(path: Path, trust) -> VerifyResult:
    with Verifier(trust) as v:
        return v.verify(path)


def verify_pdf(path: Path | str, trust=()) -> VerifyResult:
    """Verify every signature of a PDF against `trust` (certificates or certificate files). Never raises for a
    bad file: the result's state says what is wrong."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify, Path(path), list(trust or [])).result()
