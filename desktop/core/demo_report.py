"""Demo step: the report drafts of the demo school (document number and date, difficulties, proposals,
recipients, signer), so the exported demo report looks like one a school would send."""

from __future__ import annotations

from datetime import date

from desktop.core.report.lifecycle import lock_version, mark_sent
from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.core.store.profile import require_school_year

RECIPIENTS = ["UBND xã Tuệ Tĩnh (để báo cáo)", "Phòng Văn hóa - Xã hội xã Tuệ Tĩnh", "Lưu: VT, CĐS"]


def demo_report(store: Store, today: date) -> None:
    year = require_school_year(store)
    row = rep.ensure_draft(store, "self-assessment", year["label"], year["id"])
    rep.update_fields(
        store,
        row["id"],
        doc_number="25/BC-THCSTT",
        doc_date=today,
        difficulties="Một số máy tính phòng Tin học đã cũ, cấu hình thấp, chưa đáp ứng kiểm tra trên máy tính.\n"
        "Đường truyền Internet ở các phòng học tầng 3 chưa ổn định.",
        proposals="Đề nghị UBND xã hỗ trợ kinh phí thay thế 15 máy tính phòng Tin học.\n"
        "Đề nghị nhà cung cấp hỗ trợ kết nối phần mềm kiểm tra với phần mềm quản lý nhà trường.",
        recipients=RECIPIENTS,
        signer_name="Nguyễn Văn Hùng",
        signer_authority="HIỆU TRƯỞNG",
        signer_position="",
    )
    yr = rep.ensure_draft(store, "year", str(today.year), year["id"])
    rep.update_fields(
        store,
        yr["id"],
        doc_date=today,
        recipients=RECIPIENTS,
        difficulties="Kinh phí cho thiết bị công nghệ còn hạn chế.",
        proposals="Không có.",
        signer_name="Trần Thị Mai",
        signer_authority="KT. HIỆU TRƯỞNG",
        signer_position="PHÓ HIỆU TRƯỞNG",
    )


# The reports plan 27/KH-SGDĐT asked of the demo school in 2025 (from its signing on 19/9/2025), each numbered, dated
# and sent before its deadline, as a school keeping up would have: the demo's calendar then shows no 2025 report
# overdue because they were sent, not because they are hidden. (kind, period, number, date)
SENT_2025 = [
    ("month", "2025-09", "38/BC-THCSTT", "2025-09-20"),
    ("quarter", "2025-Q3", "39/BC-THCSTT", "2025-09-20"),
    ("month", "2025-10", "45/BC-THCSTT", "2025-10-17"),
    ("month", "2025-11", "52/BC-THCSTT", "2025-11-18"),
    ("year", "2025", "60/BC-THCSTT", "2025-12-08"),
    ("month", "2025-12", "61/BC-THCSTT", "2025-12-18"),
    ("quarter", "2025-Q4", "62/BC-THCSTT", "2025-12-18"),
]
LAN = "Mạng nội bộ tầng 3 chưa được đi lại; chưa có thiết bị hỗ trợ IPv6."
DIFFICULTIES_2025 = {
    "2025-11": "Một số phụ huynh chưa quen nộp các khoản thu qua ứng dụng ngân hàng.",
    "2025-12": LAN,
    "2025-Q4": LAN,
    "2025": LAN,
}


def demo_sent_reports(store: Store, today: date) -> None:
    year = require_school_year(store)
    for kind, period, number, day in SENT_2025:
        if date.fromisoformat(day) > today:
            continue
        row = rep.ensure_draft(store, kind, period, year["id"])
        rep.update_fields(
            store,
            row["id"],
            doc_number=number,
            doc_date=day,
            recipients=RECIPIENTS,
            difficulties=DIFFICULTIES_2025.get(period, ""),
            proposals="Không có.",
            signer_name="Nguyễn Văn Hùng",
            signer_authority="HIỆU TRƯỞNG",
            signer_position="",
        )
        lock_version(store, row["id"])
        mark_sent(store, row["id"], sent_on=date.fromisoformat(day))
