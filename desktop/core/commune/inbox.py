"""Taking in schools' report files: each file is hashed, kept content-addressed, verified (signature, data file,
roster, period, version, lateness) and recorded with a state and a Vietnamese reason.

Streaming: one file at a time, each in its own transaction; only the extracted data file (JSON) is kept in the
database, never the PDF bytes in memory. `cancelled()` is checked between files; `progress(done, total, name)`
is called after each. What is already taken in stays when the run is cancelled.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

from desktop.core.commune import datafile
from desktop.core.commune.due import due_date
from desktop.core.errors import UserError
from desktop.core.fileio import atomic_writer
from desktop.core.store import Store
from desktop.core.store.db import utcnow

CHUNK = 1 << 20
ACCEPTED, SUPERSEDED, REJECTED = "accepted", "superseded", "rejected"
STATE_LABELS = {ACCEPTED: "Đã nhận", SUPERSEDED: "Đã thay bằng bản mới", REJECTED: "Bị từ chối"}
SIGNATURE_LABELS = {"trusted": "Hợp lệ, tin cậy", "untrusted": "Nguyên vẹn, chưa xác định người ký",
                    "invalid": "Không hợp lệ", "none": "Chưa ký"}


@dataclass
class Outcome:
    inbox_id: int
    name: str
    state: str
    reason: str
    school_code: str = ""


@dataclass
class IntakeResult:
    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


def expand_inputs(inputs: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders walked recursively (sorted; hidden files skipped)."""
    out: list[Path] = []
    for p in map(Path, inputs):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
        elif p.exists():
            out.append(p)
        else:
            raise UserError(f"Không tìm thấy tệp hoặc thư mục {p}.")
    return out


def _store_file(store: Store, src: Path) -> tuple[str, int, str]:
    """Copy `src` into the content-addressed inbox folder, hashing as it streams. → (sha256, size, rel path)."""
    h, size = hashlib.sha256(), 0
    tmp_dir = store.data_dir / "inbox"
    with open(src, "rb") as fh, atomic_writer(tmp_dir / ".incoming") as out:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
            out.write(chunk)
    sha = h.hexdigest()
    rel = Path("inbox") / sha[:2] / sha
    target = store.data_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp_dir / ".incoming", target)
    return sha, size, rel.as_posix()


def _is_pdf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(1024).lstrip().startswith(b"%PDF-")


def _signature(vr) -> tuple[str, str | None]:
    """(signature_state, rejection reason or None) from a signing.VerifyResult."""
    if vr.state == "unreadable":
        return "none", "không đọc được tệp như một tệp PDF (tệp hỏng hoặc bị cắt cụt)"
    if vr.state == "unsigned":
        return "none", "tệp chưa được ký số (hoặc chữ ký đã bị gỡ bỏ)"
    if vr.state == "invalid":
        detail = vr.problems[0].rstrip(".") if vr.problems else "nội dung đã bị thay đổi sau khi ký"
        return "invalid", f"chữ ký số không hợp lệ — {detail}"
    return ("trusted" if vr.state == "valid" else "untrusted"), None


def _datafile_bytes(path: Path, vr) -> bytes | None:
    """The JSON data file embedded in the (verified, unmodified) PDF, checked against the verifier's hash."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.core.signing.verify import embedded_files

    names = [n for n in vr.attachments if n.lower().endswith(datafile.DATAFILE_SUFFIX)]
    if not names:
        return None
    with open(path, "rb") as fh:
        files = embedded_files(PdfFileReader(fh, strict=False))
        raw = files.get(names[0])
    if raw is None or hashlib.sha256(raw).hexdigest() != vr.attachments[names[0]]:
        return None
    return raw


def _claimed(path: Path) -> dict:
    """Who a file with a broken signature says it is from (shown to the officer; its data is never used)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.core.signing.verify import embedded_files

    try:
        with open(path, "rb") as fh:
            files = embedded_files(PdfFileReader(fh, strict=False))
        raw = next(v for k, v in files.items() if k.lower().endswith(datafile.DATAFILE_SUFFIX))
        s = datafile.summarize(datafile.parse_json(raw))
    except Exception:  # noqa: BLE001 - a tampered file may be broken in any way; the claim is only a courtesy
        return {}
    return {"school_code": s.school_code, "kind": s.kind, "period": s.period, "version": s.version}


def _submitted(summary: datafile.ReportSummary, signing_time, received: date) -> date:
    """The date a file counts as sent: the date on the report, else its signing time, else when received."""
    if summary.doc_date:
        try:
            return date.fromisoformat(summary.doc_date)
        except ValueError:
            pass
    if signing_time:
        try:
            return datetime.fromisoformat(str(signing_time)).date()
        except ValueError:
            pass
    return received


def take_in(store: Store, inputs: Iterable[Path | str], *, period: str | None = None, trust: list | None = None,
            require_roster: bool = True, today: date | None = None,
            progress: Callable[[int, int, str], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> IntakeResult:
    from desktop.core.signing import verify_pdf  # the signing engineer's verifier

    files = expand_inputs(inputs)
    result = IntakeResult()
    for n, path in enumerate(files, start=1):
        if cancelled and cancelled():
            result.cancelled = True
            break
        result.outcomes.append(_take_one(store, path, verify_pdf, period, trust, require_roster, today))
        if progress:
            progress(n, len(files), path.name)
    return result


def _take_one(store, path: Path, verify_pdf, period, trust, require_roster, today) -> Outcome:
    now = utcnow()
    received = today or date.today()
    row = {"original_name": path.name, "received_at": now, "state": REJECTED, "size": 0, "sha256": ""}

    def finish(state: str, reason: str, **extra) -> Outcome:
        row.update(extra, state=state, reason=reason)
        with store.tx():
            rid = store.db["inbox"].insert(row).last_pk
            if state == ACCEPTED and row.get("school_code"):
                _supersede_older(store, rid, row)
        return Outcome(rid, path.name, state, reason, row.get("school_code", ""))

    try:
        if not _is_pdf(path):
            with open(path, "rb") as fh:
                row["sha256"] = hashlib.file_digest(fh, "sha256").hexdigest()
            row["size"] = path.stat().st_size
            return finish(REJECTED, "Không phải tệp PDF: báo cáo phải là tệp PDF đã ký do Sổ CĐS xuất ra.")
        row["sha256"], row["size"], row["stored_path"] = _store_file(store, path)
    except OSError as exc:
        return finish(REJECTED, f"Không đọc được tệp ({exc.strerror or exc}).")
    dup = store.db.execute("SELECT id, received_at FROM inbox WHERE sha256 = ? AND state != 'rejected' LIMIT 1",
                           [row["sha256"]]).fetchone()
    if dup:
        return finish(REJECTED, f"Trùng tệp đã nhận trước đó (mục số {dup[0]}, nhận lúc {dup[1][:16].replace('T', ' ')}).")
    try:
        vr = verify_pdf(store.data_dir / row["stored_path"], trust=trust or [])
    except UserError as exc:
        return finish(REJECTED, f"Không đọc được tệp PDF: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile PDF must land as rejected, not stop the run
        return finish(REJECTED, f"Không đọc được tệp PDF (tệp hỏng hoặc không đúng định dạng: {type(exc).__name__}).")
    sig_state, sig_problem = _signature(vr)
    row.update(signature_state=sig_state, signer=vr.signer or "", signing_time=vr.signing_time)
    if sig_problem:
        if sig_state == "invalid":
            row.update(_claimed(store.data_dir / row["stored_path"]))
        return finish(REJECTED, f"Bị từ chối: {sig_problem}.")
    try:
        raw = _datafile_bytes(store.data_dir / row["stored_path"], vr)
    except Exception:  # noqa: BLE001 - verified already; a second read failing means a damaged file
        raw = None
    if raw is None:
        return finish(REJECTED, "Bị từ chối: tệp PDF không kèm tệp dữ liệu (JSON) của báo cáo; hãy đề nghị trường "
                                "xuất lại báo cáo bằng Sổ CĐS.")
    try:
        data = datafile.parse_json(raw, path.name)
        s = datafile.summarize(data)
    except datafile.DataFileProblem as exc:
        return finish(REJECTED, f"Bị từ chối: {exc}.")
    row.update(school_code=s.school_code, kind=s.kind, period=s.period, version=s.version,
               answers_to_request=s.answers_to_request, data=json.dumps(data, ensure_ascii=False, default=str))
    school = store.row("roster", {"code": s.school_code})
    if require_roster and (not school or not school["active"]):
        return finish(REJECTED, f"Bị từ chối: trường «{s.school_name}» (mã {s.school_code}) không có trong danh sách "
                                "trường do đơn vị quản lý.")
    if period and s.period != period:
        return finish(REJECTED, f"Bị từ chối: báo cáo thuộc kỳ {s.period}, không phải kỳ đang tổng hợp ({period}).")
    due = due_date(s.kind, s.period)
    if due:
        row["due_date"] = due.isoformat()
        submitted = _submitted(s, vr.signing_time, received)
        row["late"] = int(submitted > due)
    note = "Chữ ký số hợp lệ." if sig_state == "trusted" else \
        "Chữ ký nguyên vẹn nhưng chứng thư của người ký chưa được tin cậy trên máy này (chưa xác định người ký)."
    if row.get("late"):
        note += f" Nộp muộn (hạn {due.strftime('%d/%m/%Y')})."
    newer = store.db.execute(
        "SELECT id, version FROM inbox WHERE school_code = ? AND kind = ? AND period = ? AND state = 'accepted'",
        [s.school_code, s.kind, s.period]).fetchone()
    if newer and newer[1] > s.version:
        return finish(SUPERSEDED, f"Đã có phiên bản mới hơn (v{newer[1]}, mục số {newer[0]}); bản v{s.version} này "
                                  "được lưu lại nhưng không dùng để tổng hợp.", superseded_by=newer[0])
    if newer and newer[1] == s.version:
        return finish(REJECTED, f"Bị từ chối: đã nhận phiên bản v{s.version} của báo cáo này (mục số {newer[0]}) với "
                                "nội dung khác; một phiên bản đã ký không được thay đổi — trường cần gửi phiên bản mới.")
    return finish(ACCEPTED, note)


def _supersede_older(store: Store, new_id: int, row: dict) -> None:
    store.conn.execute(
        "UPDATE inbox SET state = 'superseded', superseded_by = ?, reason = ? WHERE school_code = ? AND kind = ? "
        "AND period = ? AND state = 'accepted' AND id != ? AND version < ?",
        [new_id, f"Đã được thay bằng phiên bản v{row['version']} (mục số {new_id}).", row["school_code"],
         row["kind"], row["period"], new_id, row["version"]])
    if row.get("answers_to_request"):
        store.conn.execute(
            "UPDATE return_requests SET answered_by = ?, answered_at = ? WHERE request_id = ? AND direction = 'sent' "
            "AND answered_by IS NULL", [new_id, row["received_at"], row["answers_to_request"]])


def list_inbox(store: Store, state: str | None = None) -> list[dict]:
    sql, args = "SELECT id, original_name, school_code, kind, period, version, received_at, state, reason, " \
                "signature_state, signer, signing_time, late, due_date, answers_to_request, superseded_by FROM inbox", []
    if state:
        sql, args = sql + " WHERE state = ?", [state]
    return [dict(r) for r in store.db.query(sql + " ORDER BY id", args)]


def accepted_data(store: Store, kind: str | None = None, period: str | None = None) -> Iterable[tuple[dict, dict]]:
    """(inbox row without data, parsed data file) of each accepted report, one at a time (memory stays flat)."""
    sql, args = "SELECT * FROM inbox WHERE state = 'accepted'", []
    if kind:
        sql, args = sql + " AND kind = ?", [*args, kind]
    if period:
        sql, args = sql + " AND period = ?", [*args, period]
    for r in store.db.query(sql + " ORDER BY school_code", args):
        data = json.loads(r.pop("data"), parse_float=__import__("decimal").Decimal)
        yield r, data
