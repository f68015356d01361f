"""Taking in schools' report files: each file is hashed, kept content-addressed, verified (signature, data file,
roster, period, version, lateness) and recorded with a state and a Vietnamese reason.

Streaming: files are processed one after the other in one thread, each recorded in its own durable transaction,
in input order; a file whose very bytes were received before is skipped (no row, no refusal: `already_received`); only the extracted data file (JSON) is kept in the database, never the PDF bytes. `cancelled()` is checked between files; `progress(done, total, name)` is called
after each file's row is committed. What is already taken in stays when the run is cancelled.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from desktop.core.commune import datafile, roster
from desktop.core.commune.intake_check import process
from desktop.core.commune.policy import (
    ACCEPTED,
    HELD,
    REJECTED,
    STATE_LABELS,
    SUPERSEDED,
    Facts,
    held_reason,
    hold_reasons,
    signer_unchecked,
    unchecked_note,
)
from desktop.core.errors import UserError, ValidationError
from desktop.core.periods import VIETNAM, due_date
from desktop.core.periods import label as period_label
from desktop.core.store import Store
from desktop.core.store.db import utcnow


@dataclass
class Outcome:
    inbox_id: int
    name: str
    state: str
    reason: str
    school_code: str = ""


@dataclass
class Skipped:
    """A file whose very bytes were received before (inbox row `earlier`): no new row, no refusal."""

    name: str
    earlier: int


@dataclass
class IntakeResult:
    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    def summary(self) -> str:
        """The officer's one-line account of a run (the GUI's status line and `socds aggregate`)."""
        text = (
            f"nhận {self.count(ACCEPTED)}, chờ xem xét {self.count(HELD)}, thay thế {self.count(SUPERSEDED)}, "
            f"từ chối {self.count(REJECTED)} tệp"
        )
        if self.skipped:
            text += f"; {len(self.skipped)} tệp đã nhận trước đây, bỏ qua"
        return text + "."


# The refusal kind (inbox.refusal, schema m010) of a file refused only because it belongs to another period than
# the one collected: the same bytes are taken in again by a later run collecting its period (or any period). Matched
# on the column, never on the reason text, which is the human explanation and may be reworded.
OTHER_PERIOD = "other_period"


def already_received(store: Store, sha256: str, period: str | None = None) -> int | None:
    """The inbox row holding these very bytes, whatever became of them (accepted, held, superseded, rejected or
    decided by the officer) — a re-run over a folder takes in only the new files. Not counted: a copy refused only
    for another period than the one then collected, when this run collects the file's own period or any."""
    for rid, state, refusal, its_period in store.db.execute(
        "SELECT id, state, refusal, period FROM inbox WHERE sha256 = ? ORDER BY id", [sha256]
    ):
        if state == REJECTED and refusal == OTHER_PERIOD and period in (None, its_period):
            continue
        return rid
    return None


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


def submitted_date(summary: datafile.ReportSummary, signing_time, received: date) -> date:
    """The day a report counts as signed/sent, on which lateness is judged: the date on the report (its date of
    issue, which the signature covers), else its signing time in Vietnam, else the day it was received."""
    if summary.doc_date:
        try:
            return date.fromisoformat(summary.doc_date)
        except ValueError:
            pass
    if signing_time:
        try:
            return vn_date(signing_time)
        except ValueError:
            pass
    return received


def vn_date(when: str) -> date:
    """The calendar day in Vietnam of an ISO time (pyHanko reports signing times in UTC: a report signed at
    06:00 on 1/6 in Vietnam is 23:00 on 31/5 in UTC, and must count as signed on 1/6)."""
    t = datetime.fromisoformat(str(when))
    return (t.astimezone(VIETNAM) if t.tzinfo else t).date()


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
    from concurrent.futures import ThreadPoolExecutor

    from desktop.core.signing.verify import Verifier

    files = expand_inputs(inputs)
    result = IntakeResult()
    received = today or date.today()
    got = None

    def known(sha: str) -> int | None:
        return already_received(store, sha, period)

    # one thread writes and fsyncs each file's copy while this one verifies it (intake_check.process)
    with Verifier(trust or []) as verifier, ThreadPoolExecutor(1, thread_name_prefix="socds-intake-copy") as io:
        try:
            for done, path in enumerate(files, start=1):
                if cancelled and cancelled():
                    result.cancelled = True
                    break
                got = process(path, store.data_dir, verifier, known, io)
                if got.earlier is not None:
                    result.skipped.append(Skipped(path.name, got.earlier))
                else:
                    result.outcomes.append(_record(store, path, got, period, require_roster, received))
                got = None
                if progress:
                    progress(done, len(files), path.name)
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


def _rescore(store: Store, s: datafile.ReportSummary, report: datafile.ReportSummary) -> tuple[bool, str | None]:
    """(indicator set known here, problem or None): the answers the roll-up will use (`s`, the data file's
    answers section) re-scored against the set it names — answers outside the maxima, unknown item codes, answers
    that differ from the report's own (`report`), group totals that differ from what the report states."""
    from decimal import Decimal, InvalidOperation

    from desktop.core.scoring import score
    from desktop.core.store.indicator_store import get_set

    differ = s.answers != report.answers or (s.set_id, s.set_version) != (report.set_id, report.set_version)
    if not s.set_id:
        return True, ("câu trả lời trong tệp dữ liệu khác câu trả lời của chính báo cáo" if differ else None)
    try:
        iset = get_set(store, s.set_id, s.set_version or None)
    except UserError:
        return False, ("câu trả lời trong tệp dữ liệu khác câu trả lời của chính báo cáo" if differ else None)
    try:
        res = score(iset, s.answers)
    except UserError as exc:
        problems = exc.problems if isinstance(exc, ValidationError) else []
        first = problems[0][1] if problems else exc.message
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        return True, f"câu trả lời không khớp bộ chỉ số {iset.ref}: {first}{more}"
    if differ:
        return True, "câu trả lời trong tệp dữ liệu khác câu trả lời của chính báo cáo"
    for code, stated in report.group_totals.items():
        got = res.groups.get(code)
        try:
            differs = got is None or Decimal(str(stated)) != got.total
        except InvalidOperation:
            differs = True
        if differs:
            return True, (
                f"tổng điểm nhóm {code} ghi trong báo cáo ({stated}) không khớp điểm tính lại từ các câu "
                f"trả lời ({got.total if got else 'không có nhóm này'})"
            )
    return True, None


def _record(store: Store, path: Path, got, period, require_roster, received: date) -> Outcome:
    """Decide what a processed file is (policy.POLICY, in its order), against what is already in the inbox, and
    write its row."""
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
            rid = store.db.table("inbox").insert(row).last_rowid
            assert rid is not None  # an INSERT into a rowid table has one
            if state == ACCEPTED and row.get("school_code"):
                _supersede_older(store, rid, row)
        return Outcome(rid, path.name, state, reason, row.get("school_code", ""))

    if got.reject:
        return finish(REJECTED, got.reject)
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
    set_known, problem = _rescore(store, checked.answers, s)
    if problem:
        return finish(REJECTED, f"Bị từ chối: {problem}.")
    if period and s.period != period:
        return finish(
            REJECTED,
            f"Bị từ chối: báo cáo thuộc {period_label(s.period)}, không phải kỳ đang tổng hợp ({period_label(period)}).",
            refusal=OTHER_PERIOD,
        )
    due = None if s.is_rollup else due_date(s.kind, s.period)  # no deadline is known for a commune's roll-up
    if due:
        row["due_date"] = due.isoformat()
        submitted = submitted_date(s, checked.signing_time, received)
        row["late"] = int(submitted > due)
    late = f" Nộp muộn (hạn {due.strftime('%d/%m/%Y')})." if due and row.get("late") else ""
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
            "nội dung khác; một phiên bản đã ký không được thay đổi — "
            + ("xã, phường" if s.is_rollup else "trường")
            + " cần gửi phiên bản mới.",
        )
    earlier_rows = store.db.execute(
        "SELECT DISTINCT signer, signer_unchecked FROM inbox WHERE school_code = ? "
        "AND state IN ('accepted', 'superseded') AND signature_state = 'trusted'",
        [s.school_code],
    ).fetchall()
    earlier = tuple(dict.fromkeys(r[0] for r in earlier_rows))
    facts = Facts(
        trust=checked.trust or "unknown_root",
        signer=checked.signer,
        named_signer=s.signer_name,
        school_code=s.school_code,
        school_name=s.school_name,
        levels=s.levels,
        file_name=path.name,
        roster=roster.get_school(store, s.school_code),
        earlier_signers=earlier,
        earlier_checked=any(not r[1] for r in earlier_rows),
        set_known=set_known,
        sender="commune" if s.is_rollup else "school",
    )
    reasons = [
        r for r in hold_reasons(facts) if require_roster or r[0] not in ("not_on_roster", "roster_name_or_level")
    ]
    if reasons:
        return finish(HELD, held_reason(reasons) + late)
    if s.is_rollup:  # a commune's roll-up: no points of its own to check (its schools' were checked at the commune)
        return finish(ACCEPTED, "Chữ ký số hợp lệ; người ký và xã, phường khớp danh sách đơn vị quản lý." + late)
    if signer_unchecked(facts):
        return finish(
            ACCEPTED,
            "Chữ ký số hợp lệ; trường khớp; điểm khớp bộ chỉ số. " + unchecked_note(checked.signer) + late,
            signer_unchecked=1,
        )
    return finish(ACCEPTED, "Chữ ký số hợp lệ; người ký và trường khớp; điểm khớp bộ chỉ số." + late)


def _supersede_older(store: Store, new_id: int, row: dict) -> None:
    """An accepted version replaces the accepted older ones, and any held file of the same or an older version
    (whoever sent a version first does not block the genuine one)."""
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
    store.db.execute(
        "UPDATE inbox SET state = 'superseded', superseded_by = ?, reason = reason || ? WHERE school_code = ? "
        "AND kind = ? AND period = ? AND state = 'held' AND id != ? AND version <= ?",
        [
            new_id,
            f" Đã được thay bằng bản v{row['version']} được nhận (mục số {new_id}).",
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


def review(store: Store, inbox_id: int, *, accept: bool, reason: str, who: str) -> dict:
    """The officer's decision on a held file: accepted (it then replaces older accepted versions, as any accepted
    file does) or rejected, with the officer's reason; who and when are recorded on the row."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError("Hãy ghi lý do chấp nhận hoặc từ chối.")
    r = store.row("inbox", {"id": inbox_id})
    if r is None:
        raise UserError(f"Không có mục số {inbox_id} trong hộp thư.")
    if r["state"] != HELD:
        raise UserError(f"Mục số {inbox_id} không ở trạng thái chờ xem xét (đang là «{STATE_LABELS[r['state']]}»).")
    if accept:
        taken = store.db.execute(
            "SELECT id, version FROM inbox WHERE school_code = ? AND kind = ? AND period = ? AND state = 'accepted' "
            "AND version >= ?",
            [r["school_code"], r["kind"], r["period"], r["version"]],
        ).fetchone()
        if taken:
            raise UserError(
                f"Đã nhận phiên bản v{taken[1]} (mục số {taken[0]}) của báo cáo này; không nhận thêm bản "
                f"v{r['version']}."
            )
    when = utcnow()
    verdict = "chấp nhận" if accept else "từ chối"
    with store.tx():
        store.db.execute(
            "UPDATE inbox SET state = ?, reason = ?, decided_by = ?, decided_at = ?, decision = ? WHERE id = ?",
            [
                ACCEPTED if accept else REJECTED,
                f"{r['reason']} Cán bộ {who} {verdict} ngày {when[:10]}: {reason}",
                who,
                when,
                reason,
                inbox_id,
            ],
        )
        if accept:
            _supersede_older(store, inbox_id, {**r, "received_at": when})
    decided = store.row("inbox", {"id": inbox_id})
    assert decided is not None  # the row read above
    return decided


def list_inbox(store: Store, state: str | None = None) -> list[dict]:
    sql, args = (
        "SELECT id, original_name, school_code, kind, period, version, received_at, state, reason, "
        "signature_state, signer, signing_time, late, due_date, answers_to_request, superseded_by, "
        "decided_by, decided_at, decision, stored_path FROM inbox",
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


def _accepted(columns: str, kind: str | None, period: str | None) -> tuple[str, list]:
    """The query of the accepted reports of `kind` and `period` (None: any), by school code."""
    sql = f"SELECT {columns} FROM inbox WHERE state = 'accepted'"
    args: list[str] = []
    if kind:
        sql, args = sql + " AND kind = ?", [*args, kind]
    if period:
        sql, args = sql + " AND period = ?", [*args, period]
    return sql + " ORDER BY school_code", args


def stored_data(text: str) -> dict:
    """An inbox row's data file, parsed (decimals exact)."""
    return json.loads(text, parse_float=Decimal)


def accepted_data(store: Store, kind: str | None = None, period: str | None = None) -> Iterable[tuple[dict, dict]]:
    """(inbox row without data, parsed data file) of each accepted report, one at a time (memory stays flat)."""
    for r in store.db.query(*_accepted("*", kind, period)):
        yield r, stored_data(r.pop("data"))


def accepted_rows(
    store: Store, kind: str | None = None, period: str | None = None, columns: tuple[str, ...] | None = None
) -> list[dict]:
    """The inbox rows of the accepted reports (these columns; default all) without their data files (a data file
    is ~30 KB: reading 1,000 of them costs more than all the rest of a roll-up); `data_of` reads one."""
    names = columns or tuple(c for c in store.db["inbox"].columns_dict if c != "data")
    return list(store.db.query(*_accepted(", ".join(names), kind, period)))


def data_of(store: Store, inbox_id: int) -> dict | None:
    """The parsed data file of one inbox row; None when the row has none (or is gone)."""
    row = store.db.execute("SELECT data FROM inbox WHERE id = ?", [inbox_id]).fetchone()
    return stored_data(row[0]) if row and row[0] is not None else None
