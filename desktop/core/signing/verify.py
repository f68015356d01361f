"""Verifying a signed report file offline: every signature, coverage, trust, attachments, data-file hashes.

`verify_pdf(path, trust)` checks one file in a plain worker thread (pyHanko's validation runs an asyncio loop),
so it is safe to call from the GUI's worker threads and from code that already runs an event loop. `Verifier`
checks many files with one setup (trust roots parsed once, one event loop); intake and `socds verify` use it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.core import jsonin
from desktop.core.errors import ValidationError
from desktop.core.signing.signers import is_school_key_cert
from desktop.core.signing.trust import read_certificates
from desktop.core.signing.verdict import STATES, TRUST, Observed, SignatureInfo, decide, explanation, label

# An unknown root is a normal outcome, shown to the user; pyHanko logs each one with a traceback, which would
# only bury real errors in the log file the user sends to support.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)

__all__ = [
    "STATES",
    "TRUST",
    "SignatureInfo",
    "Verifier",
    "VerifyResult",
    "embedded_files",
    "embedded_files_of",
    "verify_pdf",
]


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
    trust: str | None = None  # for a signed file, a key of verdict.TRUST (trusted / expired / no_key_usage / ...)
    report: dict | None = None  # which report it is, from the embedded data file (see report_identity)

    @property
    def label(self) -> str:
        """The verdict in a few words (verdict.label)."""
        return label(self.state, self.trust)

    @property
    def explanation(self) -> str:
        return explanation(self.state, self.trust)

    def to_dict(self) -> dict:
        return {**asdict(self), "label": self.label, "explanation": self.explanation}


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


def _internal(cert) -> bool:
    try:
        return is_school_key_cert([str(cert.subject.native.get("organizational_unit_name", "") or "")])
    except Exception:  # noqa: BLE001 - odd subjects must not break verification
        return False


def _trust_roots(trust) -> list:
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    roots = []
    for item in trust or []:
        certs = read_certificates(item) if isinstance(item, (str, Path)) else [item]
        for c in certs:
            if isinstance(c, bytes):  # DER
                der = c
            elif isinstance(c, x509.Certificate):
                der = c.public_bytes(serialization.Encoding.DER)
            else:  # asn1crypto's
                der = c.dump()
            roots.append(asn1_x509.Certificate.load(der))
    return roots


REPORT_FIELDS = ("school_name", "school_code", "kind", "period", "doc_number", "doc_date", "report_version")


def report_identity(doc) -> dict | None:
    """Which report a data file says it is (school, kind, period, number, date, version), as plain strings; None
    when the file is not a report data file. Only shown to the reader: never trusted beyond the signature."""
    report = doc.get("report") if isinstance(doc, dict) else None
    if not isinstance(report, dict):
        return None
    school = report.get("school")
    if not isinstance(school, dict):
        school = {}
    raw = {
        "school_name": school.get("name"),
        "school_code": school.get("code"),
        "kind": report.get("kind"),
        "period": report.get("period"),
        "doc_number": report.get("doc_number"),
        "doc_date": report.get("doc_date"),
        "report_version": report.get("report_version"),
    }
    return {k: str(v)[:200] for k, v in raw.items() if isinstance(v, (str, int)) and not isinstance(v, bool)}


def _off_schema(doc, name: str) -> str | None:
    """What is wrong with a report data file (format socds-report) against its schema, and where; None when it
    is not one or it conforms."""
    from desktop.core.report.datafile import check_datafile, is_report_datafile

    if not is_report_datafile(doc):
        return None
    try:
        check_datafile(doc, name)
    except ValidationError as exc:
        problems = exc.problems or [(None, exc.message)]
        loc, words = problems[0]
        where = f" ở mục {loc.path}" if loc is not None and loc.path else ""
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        return f"Tệp dữ liệu đính kèm {name} không đúng mẫu{where}: {words}{more}."
    return None


def _check_datafile(files: dict[str, bytes], result: VerifyResult, docs: dict) -> list[str]:
    """What is wrong with the JSON data files embedded: not JSON, a report data file off its schema, or
    {"attachments": {name: sha256}} listing a file missing or not matching. Notes and the report's identity go
    straight into `result`. Each JSON file that parses goes into `docs`, name -> document, so that a caller reads
    it without parsing it again — a report data file only once it passed its schema check (intake relies on it)."""
    problems = []
    for name, data in files.items():
        if not name.lower().endswith(".json"):
            continue
        try:
            doc = jsonin.loads(data)
        except ValueError as exc:
            problems.append(f"Tệp dữ liệu đính kèm {name} không phải JSON hợp lệ ({exc}).")
            continue
        wrong = _off_schema(doc, name)
        if wrong:
            problems.append(wrong)
        else:
            docs[name] = doc
        result.report = result.report or report_identity(doc)
        listed = doc.get("attachments") if isinstance(doc, dict) else None
        if not isinstance(listed, dict):
            continue
        for att_name, expected in listed.items():
            if att_name not in files:
                problems.append(f"Tệp dữ liệu {name} ghi tệp đính kèm «{att_name}» nhưng trong PDF không có.")
            elif str(expected).lower() != sha256(files[att_name]):
                problems.append(f"Tệp đính kèm «{att_name}» không khớp mã băm ghi trong tệp dữ liệu {name}.")
            else:
                result.notes.append(f"Tệp đính kèm «{att_name}» khớp mã băm ghi trong tệp dữ liệu.")
    return problems


def _page_refs(reader) -> list:
    refs: list = []

    def walk(node) -> None:
        node = node.get_object()
        kids = node.get("/Kids")
        if kids is None:
            return
        for kid in kids:
            if kid.get_object().get("/Type") == "/Pages":
                walk(kid)
            else:
                refs.append(kid.reference if hasattr(kid, "reference") else kid)

    walk(reader.root["/Pages"])
    return refs


def _visible_page(reader, sig) -> int | None:
    """The 0-based page on which the signature's field shows a widget of non-zero area, else None."""
    field_obj = sig.sig_field
    widgets = [k.get_object() for k in field_obj.get("/Kids", [])] or [field_obj]
    for w in widgets:
        rect = w.get("/Rect")
        if rect is None or len(rect) != 4:
            continue
        x1, y1, x2, y2 = (float(v) for v in rect)
        if abs(x2 - x1) < 1 or abs(y2 - y1) < 1:
            continue
        page = w.raw_get("/P") if "/P" in w else None
        refs = _page_refs(reader)
        try:
            return refs.index(page.reference if hasattr(page, "reference") else page) if page is not None else 0
        except ValueError:
            return 0
    return None


def _fields_at(reader, revision: int) -> set[str]:
    from pyhanko.sign.fields import enumerate_sig_fields

    return {name for name, _, _ in enumerate_sig_fields(reader.get_historical_resolver(revision))}


# Where verification time goes (pyHanko 0.38, asn1crypto 1.5.1; 40 demo reports, one Verifier, cProfile): 30% in
# pyhanko.pdf_utils.generic.read_hex_string_from_stream, which reads a signature's /Contents (several thousand hex
# digits) one byte at a time through generators, and 10% in asn1crypto's NameTypeAndValue._ldap_string_prep, redone
# for every name comparison. Wall time on this 2-core machine: 8.4-9.3 ms a file as it is, 5.3-7.8 ms with both
# replaced (the patches this app carried until issue 16). Proposed upstream instead of patching them here:
# pyHanko to scan a hex string with bytes.find(b">") + binascii.unhexlify (falling back to the byte reader for
# comments or odd characters), and asn1crypto to memoise the prepared form of each name value.
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
        from pyhanko.sign.validation import async_validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        vc = ValidationContext(trust_manager=trust_manager, allow_fetching=False, revocation_mode="soft-fail")
        return self._run(async_validate_pdf_signature(sig, signer_validation_context=vc))

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
        result, files, _ = self.verify_parsed(data, path)
        return result, files

    def verify_parsed(self, data: bytes, path: Path | str = "") -> tuple[VerifyResult, dict[str, bytes], dict]:
        """verify_bytes() and {JSON file name: its parsed document}: the data file as the verification parsed it
        (signed files only; jsonin's exact numbers), so that intake does not parse it again. A caller must not
        change the documents."""
        from pyhanko.pdf_utils.reader import PdfFileReader

        result = VerifyResult(path=str(path), state="unreadable")
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            sigs = list(reader.embedded_signatures)
            files = embedded_files(reader)
        except Exception as exc:  # noqa: BLE001 - any parse failure means "unreadable"
            result.problems.append(f"Không đọc được tệp ({type(exc).__name__}).")
            return result, {}, {}
        result.attachments = {name: sha256(content) for name, content in files.items()}
        if not sigs:
            verdict = decide([], dt.datetime.now(dt.timezone.utc))
            result.state, result.problems = verdict.state, verdict.problems
            return result, files, {}
        trust_manager = self.trust_manager  # outside the try: an unreadable trust file is the caller's error
        observed = []
        for i, sig in enumerate(sigs):
            try:
                st = self._validate(sig, trust_manager)
            except Exception as exc:  # noqa: BLE001 - a malformed signature is "not intact", not a crash
                observed.append(Observed(sig.field_name, None, type(exc).__name__))
                continue
            new_visible = None
            if i > 0:
                try:
                    if sig.field_name not in _fields_at(reader, sigs[0].signed_revision):
                        new_visible = _visible_page(reader, sig)
                except Exception as exc:  # noqa: BLE001 - a structure too odd to read is reported, not skipped
                    observed.append(Observed(sig.field_name, None, type(exc).__name__))
                    continue
            observed.append(Observed(sig.field_name, st, new_visible_page=new_visible))
        docs: dict = {}
        verdict = decide(
            observed,
            dt.datetime.now(dt.timezone.utc),
            datafile_problems=_check_datafile(files, result, docs),
            is_internal=_internal,
        )
        result.state, result.trust, result.signatures = verdict.state, verdict.trust, verdict.signatures
        result.problems += verdict.problems
        result.notes = verdict.notes + result.notes
        result.covers_whole = verdict.covers_whole
        last = result.signatures[-1]
        result.signer, result.signing_time = last.signer, last.signing_time
        result.intact = all(s.intact for s in result.signatures)
        result.trusted = verdict.trust == "trusted"
        result.internal = any(s.internal for s in result.signatures)
        return result, files, docs


def _verify(path: Path, trust) -> VerifyResult:
    with Verifier(trust) as v:
        return v.verify(path)


def verify_pdf(path: Path | str, trust=()) -> VerifyResult:
    """Verify every signature of a PDF against `trust` (certificates or certificate files). Never raises for a
    bad file: the result's state says what is wrong."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify, Path(path), list(trust or [])).result()
