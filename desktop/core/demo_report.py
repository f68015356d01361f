"""Demo step: the report drafts of the demo school (document number and date, difficulties, proposals,
recipients, signer), so the exported demo report looks like one a school would send."""

from __future__ import annotations

from datetime import date

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
