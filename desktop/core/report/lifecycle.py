"""The report lifecycle: draft → locked → signed → sent → returned, and the new draft that answers a return.

- `lock_version` freezes a draft: its ReportData and the hash of its data file never change afterwards (database
  triggers). A version locked while a request for changes on its report is open answers that request.
- `file_signed` files a locked version's signed package (status "signed"); report/package.py makes the package.
- `mark_sent` notes the sending; `mark_returned` notes the receiver's comments and opens the next version (a draft
  that starts from the returned one's editable fields).
- `attach_scan` keeps the scan of the printed, hand-signed and stamped copy; `diff_versions` compares two versions.

Every version is kept: locked versions cannot be changed or deleted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from desktop.core.errors import NeedsConfirmation, UserError, nfc
from desktop.core.fileio import write_bytes
from desktop.core.report.build import build_report_data
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import render_json
from desktop.core.store import reports as rep
from desktop.core.store.db import Store, utcnow

MAX_SCAN_BYTES = 50 * 1024 * 1024
SCAN_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def packages_dir(store: Store) -> Path:
    """Where signed packages and scans are kept, beside the data file."""
    d = store.data_dir / "packages"
    d.mkdir(parents=True, exist_ok=True)
    return d


def locked_data(row: dict) -> ReportData:
    if row.get("report_data") is None:
        raise UserError(f"Phiên bản {row['version']} của báo cáo chưa được khóa.")
    return ReportData.from_json(row["report_data"])


def open_request_id(store: Store, kind: str, period: str) -> str | None:
    """The newest request for changes received on this report and not answered yet."""
    row = store.db.execute(
        "SELECT request_id FROM return_requests WHERE direction = 'received' AND answered_at IS NULL AND kind = ? "
        "AND period = ? ORDER BY imported_at DESC LIMIT 1",
        [kind, period],
    ).fetchone()
    return row[0] if row else None


def mark_answered(store: Store, request_id: str) -> None:
    """School side: the request was answered by a new report version (its locking)."""
    store.write(
        "return_requests",
        {"request_id": request_id},
        {"answered_at": utcnow()},
        summary="Đã trả lời yêu cầu bổ sung bằng phiên bản báo cáo mới",
    )


def frozen(store: Store, row: dict) -> tuple[ReportData, str | None]:
    """The ReportData a draft would be locked with, and the request it answers; nothing is written."""
    rd = build_report_data(store, row["kind"], row["period"], report_id=row["id"])
    # A version locked while a request for changes on this report is open is the school's answer to it.
    request_id = rd.answers_to_request or open_request_id(store, row["kind"], row["period"])
    return dataclasses.replace(rd, status="locked", answers_to_request=request_id), request_id


def write_lock(store: Store, row: dict, rd: ReportData, request_id: str | None) -> None:
    with store.tx():
        store.db.execute(
            "UPDATE reports SET report_data = ?, data_sha256 = ?, locked_at = ?, status = 'locked' WHERE id = ?",
            (rd.to_json(), sha256(render_json(rd)), utcnow(), row["id"]),
        )
        if request_id:
            mark_answered(store, request_id)


def check_before_signing(
    store: Store, rd: ReportData, *, accept_warnings: bool = False, signing_date: date | None = None
) -> list:
    """The pre-send check, run BEFORE anything is locked: errors always stop (UserError listing them, grouped as
    the command line groups them), warnings stop unless accepted (NeedsConfirmation). Returns the problems."""
    from desktop.core.report.checks import check_report, email_budget_bytes, summarise

    problems = check_report(rd, email_budget=email_budget_bytes(store), signing_date=signing_date)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise UserError("Báo cáo chưa thể khóa và ký, còn lỗi phải sửa:\n" + "\n".join(summarise(errors)))
    warnings = [p for p in problems if p.severity == "warning"]
    if warnings and not accept_warnings:
        raise NeedsConfirmation(
            "Kiểm tra trước khi gửi còn điểm cần xem lại; hãy xác nhận để vẫn khóa và ký:",
            summarise(warnings),
            "warnings",
        )
    return problems


def lock_version(store: Store, report_id: int) -> dict:
    """Freeze a draft: its ReportData and the hash of its data file never change afterwards (a DB trigger
    enforces it). The pre-send check's errors stop it (nothing is locked). Locking is not undoable — a changed
    report is a new version — so it bypasses the undo history."""
    row = rep.get_report(store, report_id)
    if row["locked_at"] is not None:
        return row
    rd, request_id = frozen(store, row)
    check_before_signing(store, rd, accept_warnings=True)
    write_lock(store, row, rd, request_id)
    return rep.get_report(store, report_id)


def file_signed(store: Store, row: dict, package: Path, role: str) -> None:
    """The locked version `row` is signed: its package (kept at `package`) is filed with its hash."""
    data = package.read_bytes()
    with store.tx():
        store.db.execute(
            "UPDATE reports SET status = 'signed', signed_at = ?, package_sha256 = ?, package_name = ? WHERE id = ?",
            (utcnow(), sha256(data), package.name, row["id"]),
        )
        store.db.execute(
            "INSERT INTO report_files (report_id, role, sha256, size, name, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            (row["id"], role, sha256(data), len(data), package.name, utcnow()),
        )


def mark_sent(store: Store, report_id: int, sent_on: date | None = None) -> None:
    row = rep.get_report(store, report_id)
    if row["status"] not in ("locked", "signed"):
        raise UserError(f"Phiên bản {row['version']} chưa khóa/ký nên chưa thể ghi là đã gửi.")
    store.write(
        "reports",
        {"id": report_id},
        {"status": "sent", "sent_at": (sent_on or date.today()).isoformat()},
        summary=f"Ghi đã gửi {rep.title(row['kind'], row['period'])}, phiên bản {row['version']}",
    )


def mark_returned(store: Store, report_id: int, comments: list[str], returned_on: date | None = None) -> int:
    """Note the receiver's comments and open the next version (a draft) to answer them; returns its id."""
    row = rep.get_report(store, report_id)
    if row["status"] != "sent":
        raise UserError(f"Phiên bản {row['version']} chưa được gửi nên không thể bị trả lại.")
    clean = [nfc(c.strip()) for c in comments if c and c.strip()]
    if not clean:
        raise UserError("Hãy ghi ít nhất một ý kiến của nơi nhận khi trả lại báo cáo.")
    with store.tx():
        store.write(
            "reports",
            {"id": report_id},
            {
                "status": "returned",
                "returned_at": (returned_on or date.today()).isoformat(),
                "return_comments": json.dumps(clean, ensure_ascii=False),
            },
            summary=f"Ghi {rep.title(row['kind'], row['period'])} phiên bản {row['version']} bị trả lại",
        )
        return rep.create_draft(store, row["kind"], row["period"], row["school_year_id"])


def attach_scan(store: Store, report_id: int, path: Path | str) -> str:
    """Keep the scan of the printed, hand-signed and stamped copy with its version (print–sign–stamp path)."""
    path = Path(path)
    row = rep.get_report(store, report_id)
    if row["locked_at"] is None:
        raise UserError("Hãy khóa phiên bản (in bản đã khóa) trước khi đính kèm bản quét đã ký, đóng dấu.")
    if path.suffix.lower() not in SCAN_TYPES:
        raise UserError(f"Bản quét {path.name} phải là PDF hoặc ảnh ({', '.join(SCAN_TYPES)}).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path} ({exc.strerror}).") from None
    if len(data) > MAX_SCAN_BYTES:
        raise UserError(f"Bản quét {path.name} quá lớn (trên 50 MB).")
    sha = sha256(data)
    name = f"v{row['version']}_ban-quet_{sha[:12]}{path.suffix.lower()}"
    write_bytes(packages_dir(store) / name, data)
    with store.tx():
        store.write(
            "report_files",
            {},
            {
                "report_id": report_id,
                "role": "scan",
                "sha256": sha,
                "size": len(data),
                "name": name,
                "added_at": utcnow(),
            },
            summary=f"Đính kèm bản quét phiên bản {row['version']}",
        )
    return sha


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            key = v.get("code") or v.get("ref") or v.get("task_id") if isinstance(v, dict) else None
            _flatten(v, f"{prefix}[{key if key else i}]", out)
    else:
        out[prefix] = value


def diff_versions(store: Store, old_id: int, new_id: int) -> list[tuple[str, Any, Any]]:
    """(path, before, after) for every value that differs between two locked versions (the draft may be the new
    one: it is built as it stands)."""
    a_row, b_row = rep.get_report(store, old_id), rep.get_report(store, new_id)
    if (a_row["kind"], a_row["period"]) != (b_row["kind"], b_row["period"]):
        raise UserError("Chỉ so sánh được hai phiên bản của cùng một báo cáo (cùng loại và kỳ).")
    a = locked_data(a_row).to_dict()
    b = (
        locked_data(b_row)
        if b_row["locked_at"]
        else build_report_data(store, b_row["kind"], b_row["period"], report_id=new_id)
    ).to_dict()
    fa: dict[str, Any] = {}
    fb: dict[str, Any] = {}
    _flatten(a, "", fa)
    _flatten(b, "", fb)
    skip = {"report_version", "status"}
    return [
        (k, fa.get(k), fb.get(k))
        for k in sorted(set(fa) | set(fb))
        if fa.get(k) != fb.get(k) and k.split(".")[0] not in skip
    ]
