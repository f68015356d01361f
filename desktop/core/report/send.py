"""Sending a signed report: the file to attach and a ready e-mail subject and text to paste into webmail or Zalo.
The product sends nothing itself (it works offline); the text says only what the report itself says (school,
report, period, version, recipients), never invents more.
Showing the file in the file manager is the desktop's business: desktop/ui/show_in_folder.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.periods import label as period_label
from desktop.core.report.lifecycle import locked_data, packages_dir
from desktop.core.store import reports as rep
from desktop.core.store.db import Store

# the period's own words follow («tháng 3 năm 2026», «quý I năm 2026», «năm 2026»): a period report is «Báo cáo»
REPORT_NAMES = {"self-assessment": "Báo cáo kết quả tự đánh giá mức độ chuyển đổi số"}


@dataclass(frozen=True)
class Sending:
    path: Path  # the signed package (or the scan of the signed paper copy) as kept beside the data file
    subject: str
    body: str


def signed_file(store: Store, report_id: int) -> tuple[Path, bool]:
    """The file to send of a version and whether it is the scan of the hand-signed, stamped paper copy (the «In –
    ký – đóng dấu» path) rather than the digitally signed package; a Vietnamese UserError when there is none."""
    row = rep.get_report(store, report_id)
    if row["status"] in ("signed", "sent") and row.get("package_name"):
        name, scan = row["package_name"], False
    else:
        scans = (
            store.db.execute(
                "SELECT name FROM report_files WHERE report_id = ? AND role = 'scan' ORDER BY id DESC LIMIT 1",
                [report_id],
            ).fetchall()
            if row["locked_at"] is not None
            else []
        )
        if not scans:
            raise UserError(
                f"Phiên bản {row['version']} chưa được ký: hãy ký số, hoặc in, ký tay, đóng dấu và đính kèm bản quét, "
                "trước khi gửi."
            )
        name, scan = scans[0][0], True
    path = packages_dir(store) / name
    if not path.is_file():
        raise UserError(
            f"Không thấy tệp «{name}» trong thư mục {packages_dir(store)}: tệp có thể đã bị chuyển hoặc xóa. "
            + ("Hãy đính kèm lại bản quét." if scan else "Hãy xuất lại hoặc ký lại phiên bản này.")
        )
    return path, scan


_PURPOSE = re.compile(r"\s*\((?:để|đề nghị)\b[^()]*\)\s*$", re.IGNORECASE)


def addressee(recipients: Sequence[str], managing_body: str = "") -> str:
    """Whom the e-mail addresses: the first «Nơi nhận» line that is not the archive («Lưu: …»), without the purpose
    note the official list carries («(để báo cáo)»); the managing body when the list names no one."""
    to = [r for r in recipients if r.strip() and not r.strip().casefold().startswith("lưu")]
    return _PURPOSE.sub("", to[0]).strip() if to else managing_body.strip()


def sending(store: Store, report_id: int) -> Sending:
    """The file and a ready subject and text for the e-mail or Zalo message that carries it."""
    path, scan = signed_file(store, report_id)
    row = rep.get_report(store, report_id)
    rd = locked_data(row)
    name = REPORT_NAMES.get(rd.kind, "Báo cáo")
    when = period_label(rd.period)
    code = f"[{rd.school.code}] " if rd.school.code else ""
    subject = f"{code}{rd.school.name} — {name} {when} (phiên bản {rd.report_version})"
    signed = row.get("signed_at") or ""
    signed_on = f", ký số ngày {date.fromisoformat(signed[:10]):%d/%m/%Y}" if signed[:10] else ""
    lines = [f"Kính gửi: {addressee(rd.recipients, rd.managing_body)}", ""]
    lines.append(
        f"{rd.school.name} gửi {name[0].lower()}{name[1:]} {when}"
        + (f" (số {rd.doc_number})" if rd.doc_number else "")
        + f", phiên bản {rd.report_version}{signed_on}."
    )
    what = (
        "bản quét văn bản đã ký tay, đóng dấu"
        if scan
        else "tệp PDF có chữ ký số, bên trong có bảng tính và tệp dữ liệu của báo cáo"
    )
    lines.append(f"Tệp đính kèm: {path.name} ({max(1, path.stat().st_size // 1024)} KB) — {what}.")
    contact = ", ".join(x for x in (rd.school.phone, rd.school.email) if x)
    if contact:
        lines.append(f"Liên hệ: {contact}.")
    lines += ["", "Trân trọng.", rd.school.name]
    return Sending(path, subject, "\n".join(lines))
