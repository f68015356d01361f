"""Report versions in the `reports` table: drafts and their editable fields.

A report is identified by kind + period; each version has its own number (1, 2, …). Only a draft's document
number, date and `fields` (difficulties, proposals, recipients, signer, subject…) may change, always through
Store.write so the edit is undoable. Locking, signing, sending and returning (locked_at, report_data, status)
are desktop/core/report/lifecycle.py's.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from desktop.core.errors import UserError, nfc
from desktop.core.periods import REPORT_KINDS, report_title
from desktop.core.store.db import Store, utcnow

FIELD_NAMES = (
    "subject",
    "difficulties",
    "proposals",
    "directions",  # "Phương hướng, nhiệm vụ kỳ tới" of a period report (pre-filled, issue 20)
    "recipients",
    "signer_name",
    "signer_position",
    "signer_authority",
    "place_name",
)


def _check_kind(kind: str) -> None:
    if kind not in REPORT_KINDS:
        raise UserError(f"Loại báo cáo «{kind}» không hợp lệ. Chọn một trong: {', '.join(REPORT_KINDS)}.")


def versions(store: Store, kind: str, period: str) -> list[dict]:
    return [
        dict(r)
        for r in store.db.query("SELECT * FROM reports WHERE kind = ? AND period = ? ORDER BY version", [kind, period])
    ]


def latest(store: Store, kind: str, period: str) -> dict | None:
    rows = versions(store, kind, period)
    return rows[-1] if rows else None


def get_report(store: Store, report_id: int) -> dict:
    row = store.row("reports", {"id": report_id})
    if not row:
        raise UserError(f"Không có phiên bản báo cáo số {report_id}.")
    return row


def fields_of(row: dict | None) -> dict[str, Any]:
    return json.loads(row["fields"]) if row and row.get("fields") else {}


def title(kind: str, period: str) -> str:
    """A report in words, as the history and messages name it: «báo cáo quý I năm 2026», «báo cáo tự đánh giá năm
    học 2025-2026»."""
    return report_title(kind, period)  # the rule's home is periods.report_title (commune and signing use it too)


def create_draft(store: Store, kind: str, period: str, school_year_id: int | None = None) -> int:
    """A new draft version of kind+period. It starts from the previous version's editable fields and document
    date, but not its document number (a new version is a new document)."""
    _check_kind(kind)
    if not period.strip():
        raise UserError("Chưa chọn kỳ báo cáo.")
    with store.tx():
        prev = latest(store, kind, period)
        if prev and prev["status"] == "draft":
            raise UserError(f"B{title(kind, period)[1:]} đã có bản nháp (phiên bản {prev['version']}).")
        version = (prev["version"] + 1) if prev else 1
        return store.insert(
            "reports",
            {
                "kind": kind,
                "period": period,
                "school_year_id": school_year_id,
                "version": version,
                "status": "draft",
                "doc_number": "",
                "doc_date": prev["doc_date"] if prev else None,
                "fields": prev["fields"] if prev else "{}",
                "created_at": utcnow(),
            },
            summary=f"Tạo bản nháp {title(kind, period)}, phiên bản {version}",
        )


def ensure_draft(store: Store, kind: str, period: str, school_year_id: int | None = None) -> dict:
    """The current draft of kind+period, creating one when there is none (or the last one is locked)."""
    row = latest(store, kind, period)
    if row and row["status"] == "draft" and row["locked_at"] is None:
        return row
    return get_report(store, create_draft(store, kind, period, school_year_id))


def _editable(row: dict) -> None:
    if row["locked_at"] is not None or row["status"] != "draft":
        raise UserError(f"Phiên bản {row['version']} của báo cáo đã khóa; tạo phiên bản mới để sửa.")


def update_fields(
    store: Store,
    report_id: int,
    *,
    doc_number: str | None = None,
    doc_date: date | str | None = None,
    clear_date: bool = False,
    **fields: Any,
) -> None:
    """Change a draft's document number/date and editable fields (undoable)."""
    row = get_report(store, report_id)
    _editable(row)
    unknown = set(fields) - set(FIELD_NAMES)
    if unknown:
        raise UserError(f"Trường không sửa được: {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {}
    if doc_number is not None:
        values["doc_number"] = nfc(doc_number.strip())
    if clear_date:
        values["doc_date"] = None
    elif doc_date is not None:
        values["doc_date"] = _iso_date(doc_date)
    if fields:
        current = fields_of(row)
        for name, value in fields.items():
            if name == "recipients":
                value = [nfc(str(r).strip()) for r in value if str(r).strip()]
            elif isinstance(value, str):
                value = nfc(value.strip())
            current[name] = value
        values["fields"] = json.dumps(current, ensure_ascii=False, sort_keys=True)
    if values:
        store.write("reports", {"id": report_id}, values, summary=f"Sửa thông tin {title(row['kind'], row['period'])}")


def _iso_date(value: date | str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
        try:
            return parse(text).isoformat()
        except (ValueError, IndexError):
            continue
    raise UserError(f"Ngày «{text}» không hợp lệ; ghi dạng dd/mm/yyyy.")
