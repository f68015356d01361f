"""Demo step: the demo THCS follows the Tuệ Tĩnh commune letter (KH 639 of Hải Phòng passed on) and, as its Sở
plan with a monthly/quarterly/yearly reporting rhythm, the Ninh Bình sector plan 27/KH-SGDĐT (none of the five
seed documents is Hải Phòng's own plan). Task progress from 9/2025 to 4/2026 with every status: done with dates,
in progress, one not applicable with its reason, and some past their deadline."""

from __future__ import annotations

from datetime import date

from desktop.core.store import Store
from desktop.core.store import evidence as ev
from desktop.core.store.assessments import current_assessment
from desktop.core.store.checklist import set_progress
from desktop.core.store.plan_store import ensure_bundled, follow_pack
from desktop.core.store.profile import require_school_year

COMMUNE = "tuetinh-cv-cds-2026"
SO = "ninhbinh-27-kh-sgddt-2025"
HA, ANH, HUNG, MAI = "Phạm Thu Hà", "Đỗ Đức Anh", "Nguyễn Văn Hùng", "Trần Thị Mai"

# (pack, row id, period, status, progress, completed on, responsible, note or N/A reason)
PROGRESS = [
    (SO, "NV-II.1.b", "2025-09", "done", None, "2025-09-15", HUNG, "Quyết định số 12/QĐ-THCSTT kiện toàn tổ CĐS"),
    (SO, "NV-II.1.c", "2025-09", "done", None, "2025-09-28", HUNG, "Kế hoạch 18/KH-THCSTT, đăng trên trang thông tin"),
    # CT-PL1.1 and NV-II.6.c, CT-PL1.10 and NV-II.5.c are one item each (same_as): progress is entered once
    (
        SO,
        "CT-PL1.1",
        "2025-10",
        "done",
        None,
        "2025-10-08",
        HA,
        "Kế hoạch hưởng ứng; tuần lễ «Bình dân học vụ số» 6–10/10",
    ),
    (SO, "NV-II.2.c", "2025-11", "done", None, "2025-11-05", ANH, "Quy định quản lý tài khoản, mật khẩu"),
    (
        SO,
        "CT-PL1.10",
        "2025-11",
        "doing",
        60,
        None,
        MAI,
        "Mới thu học phí qua ngân hàng; các khoản khác còn thu tiền mặt",
    ),
    (SO, "CT-PL1.3", "2025-12", "doing", 40, None, ANH, "Đã đi lại mạng LAN tầng 1–2; chưa chuyển IPv6"),
    (SO, "CT-PL1.4", "2025-12", "done", None, "2025-12-15", HA, "41/48 người (85%) đạt bài kiểm tra kỹ năng số"),
    (SO, "NV-II.3.a", "2026-01", "doing", 60, None, HA, "Đã tập huấn 2/3 chuyên đề"),
    (SO, "CT-PL1.10", "2026-02", "doing", 85, None, MAI, "Thêm tiền ăn bán trú qua ứng dụng ngân hàng"),
    (
        SO,
        "NV-II.5.b",
        "2026-02",
        "na",
        None,
        None,
        HUNG,
        "Trường không thuộc danh sách thí điểm học bạ số cấp THCS năm học 2025-2026 của Bộ GDĐT",
    ),
    (SO, "NV-II.3.a", "2026-03", "done", None, "2026-03-30", HA, "Hoàn thành 3 chuyên đề, 46/48 người tham gia"),
    (SO, "NV-II.4.c", "2026-03", "doing", 90, None, ANH, "Cập nhật CSDL ngành học kỳ I"),
    (COMMUNE, "NV-1", "2026-03", "done", None, "2026-03-20", HUNG, "Kế hoạch 31/KH-THCSTT chuyển đổi số năm 2026"),
    (
        COMMUNE,
        "NV-2",
        "2026-03",
        "done",
        None,
        "2026-03-25",
        HUNG,
        "Đầu mối kỹ thuật: thầy Đỗ Đức Anh; đầu mối chuyên môn: cô Phạm Thu Hà",
    ),
    (COMMUNE, "NV-3.3", "2026-03", "doing", 50, None, HA, "Đã có kế hoạch dạy học trực tuyến; LMS mới dùng ở khối 9"),
    (COMMUNE, "NV-3.5", "2026-04", "doing", 70, None, MAI, "Thu hộ qua ngân hàng 3/5 khoản thu"),
    (COMMUNE, "NV-5", "2026-04", "doing", 40, None, HA, "Đang trả lời các chỉ số nhóm 2; hạn 31/5"),
    (COMMUNE, "NV-4", "2026-04", "doing", 75, None, ANH, ""),
]


def demo_plans(store: Store, today: date) -> None:
    year = require_school_year(store)
    ensure_bundled(store)
    follow_pack(store, year["id"], SO)
    follow_pack(store, year["id"], COMMUNE)
    for pack, rid, period, status, progress, done_on, person, text in PROGRESS:
        if period > f"{today:%Y-%m}":
            continue
        set_progress(
            store,
            year["id"],
            pack,
            rid,
            period,
            status=status,
            progress=progress,
            completed_on=done_on,
            responsible=person,
            na_reason=text if status == "na" else "",
            note="" if status == "na" else text,
        )
    # One piece of evidence serving both sides: the school's CĐS plan (task NV-1 ↔ indicator 2.2), and the fee
    # statement attached in the self-assessment (2.4.3), which the checklist then suggests for the cashless tasks.
    plan = ev.add_link(
        store,
        "https://thcstuetinh.example.edu.vn/van-ban/ke-hoach-cds-2026",
        "Kế hoạch 31/KH-THCSTT chuyển đổi số năm 2026",
    )
    ev.link(store, plan, pack_id=COMMUNE, task_id="NV-1")  # no period: it serves every report of the year
    asm = current_assessment(store)
    if asm:
        fees = ev.add_note(
            store,
            "Sao kê thu học phí học kỳ I qua ngân hàng: 412/436 học sinh (94%).",
            "Sao kê thu học phí không dùng tiền mặt, học kỳ I",
        )
        ev.link(store, fees, assessment_id=asm["id"], item_code="2.4.3")
