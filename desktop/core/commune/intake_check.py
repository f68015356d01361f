"""The per-file part of intake that needs no database: read the file, keep a copy in the content-addressed
inbox folder (durably), verify its signature, take the data file out of the verified bytes, check it against the
schema and summarise it. Nothing here depends on other files of the run: everything that compares files
(duplicates, versions, the roster) is decided by inbox.py, in input order.
"""

from __future__ import annotations

import hashlib
import os
import stat
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from desktop.core.commune import datafile
from desktop.core.commune.policy import MAX_FILE_BYTES, POLICY
from desktop.core.errors import UserError
from desktop.core.fileio import fsync_dir, write_bytes
from desktop.core.signing.verdict import kept_signature_state

NOT_PDF = "Không phải tệp PDF: báo cáo phải là tệp PDF đã ký do Sổ CĐS xuất ra."


@dataclass
class Checked:
    """What a file's content says, before any comparison with the database."""

    reject: str | None = None  # the full Vietnamese reason when the file is refused on its own
    signature_state: str = "none"  # trusted / untrusted / invalid / none
    trust: str | None = None  # signing.verdict TRUST key (trusted / unknown_root / expired / no_key_usage)
    signer: str = ""
    signing_time: str | None = None
    claimed: dict = field(default_factory=dict)  # who a file with a broken signature says it is from
    summary: datafile.ReportSummary | None = None  # what the report itself says (its ReportData part)
    answers: datafile.ReportSummary | None = None  # the answers section, as the roll-up reads it (re-scored)
    data_json: str | None = None  # the data file as stored in the inbox row


def signature_verdict(vr) -> tuple[str, str | None]:
    """(signature_state, rejection reason or None) from a signing.VerifyResult: the verdict's own words
    (signing/verdict.py), never re-worded here."""
    state = kept_signature_state(vr.state, vr.trust)
    if vr.state in ("unreadable", "unsigned", "invalid"):
        return state, (vr.problems[0] if vr.problems else vr.explanation).rstrip(".")
    if vr.state == "bad_data":  # the signature is intact: the data file inside was wrong when it was signed
        why = (vr.problems[0] if vr.problems else vr.explanation).rstrip(".")
        return state, f"{vr.label} — {why[:1].lower()}{why[1:]}"
    return state, None


def _claimed(files: dict[str, bytes]) -> dict:
    """Who a file with a broken signature says it is from (shown to the officer; its data is never used)."""
    try:
        raw = next(v for k, v in files.items() if k.lower().endswith(datafile.DATAFILE_SUFFIX))
        _, s = datafile.read_report(raw)
    except Exception:  # noqa: BLE001 - a tampered file may be broken in any way; the claim is only a courtesy
        return {}
    return {"school_code": s.school_code, "kind": s.kind, "period": s.period, "version": s.version}


def check_bytes(data: bytes, name: str, verifier) -> Checked:
    """Verify one file's bytes with `verifier` (signing.verify.Verifier) and read its data file."""
    try:
        vr, files, docs = verifier.verify_parsed(data, name)
    except UserError as exc:
        return Checked(reject=f"Không đọc được tệp PDF: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile PDF must land as rejected, not stop the run
        return Checked(reject=f"Không đọc được tệp PDF (tệp hỏng hoặc không đúng định dạng: {type(exc).__name__}).")
    state, problem = signature_verdict(vr)
    out = Checked(signature_state=state, signer=vr.signer or "", signing_time=vr.signing_time, trust=vr.trust)
    if problem:
        if state == "invalid":
            out.claimed = _claimed(files)
        problem = problem[:1].lower() + problem[1:]
        out.reject = (
            f"Bị từ chối: chữ ký số không hợp lệ — {problem}." if state == "invalid" else f"Bị từ chối: {problem}."
        )
        return out
    # the data file is taken from the very bytes whose signature was just checked: no second read of the file
    names = [n for n in vr.attachments if n.lower().endswith(datafile.DATAFILE_SUFFIX)]
    raw = files.get(names[0]) if names else None
    if raw is None:
        out.reject = (
            "Bị từ chối: tệp PDF không kèm tệp dữ liệu (JSON) của báo cáo; hãy đề nghị trường xuất lại báo "
            "cáo bằng Sổ CĐS."
        )
        return out
    try:  # parsed once, by the verification (it checks the attachments' hashes with it)
        doc, out.summary = datafile.read_report(raw, name, docs.get(names[0]))
        # a commune's roll-up has no answers section: its summary is the one just read (rollup_file.check, which
        # walks every school of the roll-up, runs once per file, not twice)
        out.answers = out.summary if out.summary.is_rollup else datafile.summarize_checked(doc)
    except datafile.DataFileProblem as exc:
        out.reject = f"Bị từ chối: {exc}."
        return out
    out.data_json = datafile.stored_text(raw)
    return out


# ---- one file, start to end -----------------------------------------------------------------------------------
@dataclass
class Processed:
    """A file read, kept and checked, waiting for its row."""

    size: int = 0
    sha256: str = ""
    stored_path: str | None = None  # relative to the data folder
    created: bool = False  # this call wrote the stored copy (removed again if its row never comes)
    reject: str | None = None  # refused before any check (unreadable, not a PDF)
    checked: Checked | None = None
    earlier: int | None = None  # the inbox row that already holds these very bytes: the file is skipped


def store_file(data_dir: Path, data: bytes, sha: str | None = None) -> tuple[str, str, bool]:
    """Keep `data` in the content-addressed inbox folder, durably (temporary file fsynced, renamed, folder
    fsynced; a new sub-folder's entry fsynced too) before any row names it. → (sha256, relative path, whether this
    call created the file). A failure to write (disk full) raises UserError, which stops the run."""
    sha = sha or hashlib.sha256(data).hexdigest()
    rel = _stored_path(sha)
    target = data_dir / rel
    created = not target.exists()
    for folder in (target.parent.parent, target.parent):
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            fsync_dir(folder.parent)
    write_bytes(target, data)
    return sha, rel.as_posix(), created


def _stored_path(sha: str) -> Path:
    return Path("inbox") / sha[:2] / sha


def read_report_file(path: Path | str) -> bytes:
    """The bytes of a received file, read only if it is a regular file of at most policy.MAX_FILE_BYTES: a FIFO
    or a device cannot hang the intake, a 3 GB file is not read into memory. UserError says why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UserError(f"Không đọc được tệp ({exc.strerror or exc}).") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"Bị từ chối: {POLICY['not_regular'][1]}.")
        if st.st_size > MAX_FILE_BYTES:
            raise UserError(f"Bị từ chối: {POLICY['too_large'][1]}.")
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise UserError(f"Bị từ chối: {POLICY['too_large'][1]}.")
    return data


def process(
    path: Path | str,
    data_dir: Path | str,
    verifier,
    known: Callable[[str], int | None] | None = None,
    io: Executor | None = None,
) -> Processed:
    """Read `path`, keep it, check it (everything about one file that does not need the database). `known(sha256)`
    names the inbox row that already holds the same bytes: such a file is neither kept again nor checked.

    With `io` (one thread), the copy is written and fsynced there while this thread verifies the bytes: the disk's
    wait overlaps the verification's work instead of adding to it. Either way the copy is durable (or its error
    raised) before this returns, so before any row can name it."""
    out = Processed()
    try:
        data = read_report_file(path)
    except UserError as exc:
        out.reject = exc.message
        return out
    out.size = len(data)
    out.sha256 = hashlib.sha256(data).hexdigest()
    if known is not None:
        out.earlier = known(out.sha256)
        if out.earlier is not None:
            return out
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        out.reject = NOT_PDF
        return out
    if io is None:
        _, out.stored_path, out.created = store_file(Path(data_dir), data, out.sha256)
        out.checked = check_bytes(data, Path(path).name, verifier)
        return out
    kept = io.submit(store_file, Path(data_dir), data, out.sha256)
    try:
        out.checked = check_bytes(data, Path(path).name, verifier)
    finally:
        _, out.stored_path, out.created = kept.result()  # waits for the copy; a write error raises
    return out
