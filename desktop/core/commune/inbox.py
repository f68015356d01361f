"""Taking in schools' report files: each file is hashed, kept content-addressed, verified (signature, data file,
roster, period, version, lateness) and recorded with a state and a Vietnamese reason.

Streaming: files are processed one after the other in one thread, each recorded in its own durable transaction,
in input order; only the extracted data file (JSON) is kept in the database, never the PDF bytes. `cancelled()` is checked between files; `progress(done, total, name)` is called
after each file's row is committed. What is already taken in stays when the run is cancelled.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

from desktop.core.commune import datafile
from desktop.core.commune.intake_check import process
from desktop.core.errors import UserError
from desktop.core.periods import due_date
from desktop.core.store import Store
from desktop.core.store.db import utcnow

ACCEPTED, SUPERSEDED, REJECTED = "accepted", "superseded", "rejected"
STATE_LABELS = {ACCEPTED: "Đã nhận", SUPERSEDED: "Đã thay bằng bản mới", REJECTED: "Bị từ chối"}
SIGNATURE_LABELS = {
    "trusted": "Hợp lệ, tin cậy",
    "untrusted": "Nguyên vẹn, chưa xác định người ký",
    "invalid": "Không hợp lệ",
    "none": "Chưa ký",
}


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


def take_in(
    store: Store,
    inputs: Iterable[Path | str],
    *,
    period: str | None = None,
    trust: list | None = None,
    require_roster: bool = True,
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IntakeResult:
    """Take in every file of `inputs`, in order, one after the other in this thread (the GUI calls it from a
    QThread): read, keep, verify, record — one durable transaction per file; `progress` is called once a file's
    row is committed, `cancelled` is asked between files."""
    from desktop.core.signing.verify import Verifier

    files = expand_inputs(inputs)
    result = IntakeResult()
    received = today or date.today()
    got = None
    with Verifier(trust or []) as verifier:
        try:
            for path in files:
                if cancelled and cancelled():
                    result.cancelled = True
                    break
                got = process(path, store.data_dir, verifier)
                result.outcomes.append(_record(store, path, got, period, require_roster, received))
                got = None
                if progress:
                    progress(len(result.outcomes), len(files), path.name)
        finally:
            if got is not None:  # a failure between keeping a file and writing its row
                _forget_unrecorded(store, [got])
            _sweep_partial_copies(store)
    return result


def _sweep_partial_copies(store: Store) -> None:
    """Remove half-written copies (fileio's `.~*.tmp`) left in the inbox folder by a worker process that died
    while keeping a file. Safe once the run's workers have stopped: the data file is locked to this window, so
    no other intake can be writing there."""
    folder = store.data_dir / "inbox"
    if not folder.is_dir():
        return
    for tmp in folder.rglob(".~*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _forget_unrecorded(store: Store, left: list) -> None:
    """Remove stored copies that this run made for files it never recorded (stopped or failed run)."""
    for got in left:
        if not got.created or not got.stored_path:
            continue
        if store.db.execute("SELECT 1 FROM inbox WHERE stored_path = ? LIMIT 1", [got.stored_path]).fetchone():
            continue
        with contextlib.suppress(OSError):
            (store.data_dir / got.stored_path).unlink()


def _record(store: Store, path: Path, got, period, require_roster, received: date) -> Outcome:
    """Decide what a processed file is, against what is already in the inbox, and write its row."""
    row = {
        "original_name": path.name,
        "received_at": utcnow(),
        "state": REJECTED,
        "size": got.size,
        "sha256": got.sha256,
    }
    if got.stored_path:
        row["stored_path"] = got.stored_path

    def finish(state: str, reason: str, **extra) -> Outcome:
        row.update(extra, state=state, reason=reason)
        with store.tx():
            rid = store.db["inbox"].insert(row).last_pk
            if state == ACCEPTED and row.get("school_code"):
                _supersede_older(store, rid, row)
        return Outcome(rid, path.name, state, reason, row.get("school_code", ""))

    if got.reject:
        return finish(REJECTED, got.reject)
    dup = store.db.execute(
        "SELECT id, received_at FROM inbox WHERE sha256 = ? AND state != 'rejected' LIMIT 1", [row["sha256"]]
    ).fetchone()
    if dup:
        return finish(
            REJECTED, f"Trùng tệp đã nhận trước đó (mục số {dup[0]}, nhận lúc {dup[1][:16].replace('T', ' ')})."
        )
    checked = got.checked
    row.update(signature_state=checked.signature_state, signer=checked.signer, signing_time=checked.signing_time)
    if checked.reject:
        return finish(REJECTED, checked.reject, **checked.claimed)
    s = checked.summary
    row.update(
        school_code=s.school_code,
        kind=s.kind,
        period=s.period,
        version=s.version,
        answers_to_request=s.answers_to_request,
        data=checked.data_json,
    )
    school = store.row("roster", {"code": s.school_code})
    if require_roster and (not school or not school["active"]):
        return finish(
            REJECTED,
            f"Bị từ chối: trường «{s.school_name}» (mã {s.school_code}) không có trong danh sách "
            "trường do đơn vị quản lý.",
        )
    if period and s.period != period:
        return finish(REJECTED, f"Bị từ chối: báo cáo thuộc kỳ {s.period}, không phải kỳ đang tổng hợp ({period}).")
    due = due_date(s.kind, s.period)
    if due:
        row["due_date"] = due.isoformat()
        submitted = _submitted(s, checked.signing_time, received)
        row["late"] = int(submitted > due)
    note = (
        "Chữ ký số hợp lệ."
        if checked.signature_state == "trusted"
        else "Chữ ký nguyên vẹn nhưng chứng thư của người ký chưa được tin cậy trên máy này (chưa xác định người ký)."
    )
    if row.get("late"):
        note += f" Nộp muộn (hạn {due.strftime('%d/%m/%Y')})."
    newer = store.db.execute(
        "SELECT id, version FROM inbox WHERE school_code = ? AND kind = ? AND period = ? AND state = 'accepted'",
        [s.school_code, s.kind, s.period],
    ).fetchone()
    if newer and newer[1] > s.version:
        return finish(
            SUPERSEDED,
            f"Đã có phiên bản mới hơn (v{newer[1]}, mục số {newer[0]}); bản v{s.version} này "
            "được lưu lại nhưng không dùng để tổng hợp.",
            superseded_by=newer[0],
        )
    if newer and newer[1] == s.version:
        return finish(
            REJECTED,
            f"Bị từ chối: đã nhận phiên bản v{s.version} của báo cáo này (mục số {newer[0]}) với "
            "nội dung khác; một phiên bản đã ký không được thay đổi — trường cần gửi phiên bản mới.",
        )
    return finish(ACCEPTED, note)


def _supersede_older(store: Store, new_id: int, row: dict) -> None:
    store.db.execute(
        "UPDATE inbox SET state = 'superseded', superseded_by = ?, reason = ? WHERE school_code = ? AND kind = ? "
        "AND period = ? AND state = 'accepted' AND id != ? AND version < ?",
        [
            new_id,
            f"Đã được thay bằng phiên bản v{row['version']} (mục số {new_id}).",
            row["school_code"],
            row["kind"],
            row["period"],
            new_id,
            row["version"],
        ],
    )
    if row.get("answers_to_request"):
        store.db.execute(
            "UPDATE return_requests SET answered_by = ?, answered_at = ? WHERE request_id = ? AND direction = 'sent' "
            "AND answered_by IS NULL",
            [new_id, row["received_at"], row["answers_to_request"]],
        )


def list_inbox(store: Store, state: str | None = None) -> list[dict]:
    sql, args = (
        "SELECT id, original_name, school_code, kind, period, version, received_at, state, reason, "
        "signature_state, signer, signing_time, late, due_date, answers_to_request, superseded_by FROM inbox",
        [],
    )
    if state:
        sql, args = sql + " WHERE state = ?", [state]
    return [dict(r) for r in store.db.query(sql + " ORDER BY id", args)]


def busiest_period(store: Store) -> tuple[str, str] | None:
    """(kind, period) with the most accepted reports: what the overview rolls up first; None when none."""
    row = store.db.execute(
        "SELECT kind, period, COUNT(*) FROM inbox WHERE state = 'accepted' GROUP BY kind, period "
        "ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1]) if row else None


def latest_accepted_id(store: Store, school_code: str) -> int | None:
    """The inbox id of a school's latest accepted report (what a request for changes answers); None if none."""
    row = store.db.execute(
        "SELECT id FROM inbox WHERE school_code = ? AND state = 'accepted' ORDER BY id DESC LIMIT 1", [school_code]
    ).fetchone()
    return row[0] if row else None


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
