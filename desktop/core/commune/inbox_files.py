"""The received files themselves: the copy intake kept of each (content-addressed, `<data>-data/inbox/<aa>/<sha256>`,
a bare hash without a name), opened for reading or saved elsewhere under the name it was received with.

Every read checks the kept bytes against the sha256 recorded at intake: a copy changed on disk since is never
shown or handed on as the school's file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from desktop.core.commune.policy import STATE_LABELS
from desktop.core.errors import UserError
from desktop.core.fileio import describe_os_error, write_bytes
from desktop.core.periods import report_title
from desktop.core.signing.verdict import signature_label
from desktop.core.store import Store
from desktop.core.store.evidence import safe_title

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def _row(store: Store, inbox_id: int) -> dict:
    r = store.row("inbox", {"id": inbox_id})
    if r is None:
        raise UserError(f"Không có mục số {inbox_id} trong hộp thư.")
    return dict(r)


def file_name(row: dict) -> str:
    """The name the file was received with, made safe to write on any system (no folder parts, no reserved
    Windows names), ending in .pdf."""
    name = safe_title(row.get("original_name") or "", 150)
    stem, ext = os.path.splitext(name)
    if stem.upper() in _RESERVED:
        stem = f"_{stem}"
    if ext.lower() != ".pdf":
        stem, ext = stem + ext, ".pdf"
    return f"{stem}{ext}"


def kept_bytes(store: Store, inbox_id: int) -> tuple[bytes, dict]:
    """(the bytes of the kept copy, its inbox row), checked against the sha256 recorded when it was received."""
    row = _row(store, inbox_id)
    if not row.get("stored_path"):
        raise UserError(
            f"Mục số {inbox_id} ({row['original_name']}) không được lưu lại khi nhận (không phải tệp PDF hoặc "
            "không đọc được): không có bản nào để mở."
        )
    path = store.data_dir / row["stored_path"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            f"Bản lưu của mục số {inbox_id} ({row['original_name']}) không còn trong thư mục dữ liệu ({path})."
        ) from None
    except OSError as exc:
        raise UserError(describe_os_error(exc, path)) from None
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise UserError(
            f"Bản lưu của mục số {inbox_id} ({row['original_name']}) đã bị thay đổi trên đĩa sau khi nhận: "
            "không mở, không sao chép. Hãy đề nghị trường gửi lại tệp."
        )
    return data, row


def save_copy(store: Store, inbox_id: int, target: Path | str) -> Path:
    """Write the received file to `target` (a file path, or a folder: then under its received name). The write
    is atomic: a full disk leaves no half copy."""
    data, row = kept_bytes(store, inbox_id)
    target = Path(target)
    if target.is_dir():
        target = target / file_name(row)
    try:
        return write_bytes(target, data)
    except OSError as exc:
        raise UserError(describe_os_error(exc, target)) from None


def verdict_lines(row: dict) -> list[str]:
    """What intake decided about a received file, in the officer's words (shown beside the file)."""
    lines = [f"Mục số {row['id']}: {row['original_name']}", f"Trạng thái: {STATE_LABELS[row['state']]}"]
    if row.get("school_code"):
        lines.append(
            f"Trường: mã {row['school_code']}; {report_title(row.get('kind') or '', row.get('period') or '?')}, "
            f"phiên bản v{row.get('version') or '?'}"
        )
    sig = signature_label(row.get("signature_state"))
    signer = f"; người ký: {row['signer']}" if row.get("signer") else ""
    when = f"; ký lúc {str(row['signing_time'])[:16].replace('T', ' ')}" if row.get("signing_time") else ""
    lines.append(f"Chữ ký số: {sig}{signer}{when}")
    received = str(row.get("received_at") or "")
    lines.append(f"Nhận lúc: {received[:16].replace('T', ' ')}")
    lines.append(f"Lý do / ghi chú: {row.get('reason') or ''}")
    return lines
