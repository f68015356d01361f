"""A single report occurrence a plan asks for, marked "không áp dụng" by the school with its reason (issue 19):
the monthly report of a month the plan was signed at the end of, a report the managing body said not to send.
The calendar then neither lists it as due nor as overdue (store/due.py) and shows it as not applicable in the
year's calendar. Every change goes through Store.write (undoable); unmarking keeps the row (removed_at).
"""

from __future__ import annotations

from desktop.core.errors import UserError, nfc
from desktop.core.periods import Period
from desktop.core.periods import label as period_label
from desktop.core.store.db import Store, utcnow

REPORT_KINDS = ("month", "quarter", "year", "other")


def mark_not_applicable(store: Store, pack_id: str, report_kind: str, period: str, reason: str) -> int:
    """Mark the report of `report_kind` for `period` asked by plan `pack_id` as not applicable; returns its id."""
    if report_kind not in REPORT_KINDS:
        raise UserError(f"Loại báo cáo «{report_kind}» không hợp lệ; chọn: {', '.join(REPORT_KINDS)}.")
    try:
        Period.parse(period)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    reason = nfc(" ".join(str(reason).split()))
    if not reason:
        raise UserError(f"Báo cáo {period_label(period)}: chọn «Không áp dụng» thì phải ghi lý do.")
    if len(reason) > 1000:
        raise UserError("Lý do quá dài (tối đa 1000 ký tự).")
    existing = current(store, pack_id, report_kind, period)
    label = Period.parse(period).label
    if existing:
        store.write("report_exemptions", {"id": existing["id"]}, {"reason": reason}, summary=f"Sửa lý do: {label}")
        return int(existing["id"])
    new_id = store.write(
        "report_exemptions",
        {},
        {"pack_id": pack_id, "report_kind": report_kind, "period": period, "reason": reason, "created_at": utcnow()},
        summary=f"Báo cáo {label} không áp dụng",
    )
    assert new_id is not None
    return new_id


def unmark(store: Store, pack_id: str, report_kind: str, period: str) -> None:
    """The report is due again (the mark stays in the file, removed)."""
    existing = current(store, pack_id, report_kind, period)
    if existing is None:
        raise UserError(f"Báo cáo {period_label(period)} chưa được đánh dấu không áp dụng.")
    store.write(
        "report_exemptions",
        {"id": existing["id"]},
        {"removed_at": utcnow()},
        summary=f"Bỏ đánh dấu không áp dụng: báo cáo {Period.parse(period).label}",
    )


def current(store: Store, pack_id: str, report_kind: str, period: str) -> dict | None:
    row = store.db.execute(
        "SELECT id, reason FROM report_exemptions WHERE pack_id = ? AND report_kind = ? AND period = ? "
        "AND removed_at IS NULL ORDER BY id DESC LIMIT 1",
        (pack_id, report_kind, period),
    ).fetchone()
    return {"id": row[0], "reason": row[1]} if row else None


def exempted(store: Store) -> dict[tuple[str, str, str], str]:
    """{(pack_id, report kind, period): reason} of every report marked not applicable."""
    return {
        (r[0], r[1], r[2]): r[3]
        for r in store.db.execute(
            "SELECT pack_id, report_kind, period, reason FROM report_exemptions WHERE removed_at IS NULL ORDER BY id"
        )
    }
