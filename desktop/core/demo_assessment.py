"""Demo step: install the bundled indicator sets and give the demo THCS a realistic 2025-2026 self-assessment.

Around Mức 2 in both groups: some items at full marks, some partial, one at zero, both mandatory conditions of
each group met, and a few items left unanswered so "what to do next" has something to say.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.core.store import Store
from desktop.core.store.assessments import create_assessment, set_answer
from desktop.core.store.indicator_store import ensure_bundled
from desktop.core.store.profile import require_school_year

DEMO_SET = "qd4725-2022"
# item → (value, note); items not listed stay unanswered (1.3.5, 1.7.3, 2.3.6, 2.4.2)
DEMO_ANSWERS: dict[str, tuple[object, str]] = {
    "1.1": (True, "Kế hoạch số 12/KH-THCSTT ngày 05/9/2025, có mục dạy học trực tuyến."),
    "1.2": (True, "Quyết định số 15/QĐ-THCSTT ngày 08/9/2025 ban hành quy chế."),
    "1.3.1": (6, "Dùng Microsoft Teams (tài khoản của Sở)."),
    "1.3.2": (6, "LMS thuê của nhà cung cấp; giáo viên giao bài tự học hằng tuần."),
    "1.3.3": (4, "Mới 2/3 khối lớp dùng chức năng hỏi đáp."),
    "1.3.4": (3, "Kiểm tra thường xuyên trên LMS ở môn Toán, Tiếng Anh."),
    "1.4": (6, "Kho học liệu số khoảng 300 bài giảng, bài kiểm tra."),
    "1.5.1": (10, "Kiểm tra giữa kỳ môn Tin học, Tiếng Anh trên máy tính."),
    "1.5.2": (0, "Phần mềm kiểm tra chưa chuyển được điểm sang phần mềm quản lý."),
    "1.6.1": (7, "48/48 giáo viên có tài khoản bồi dưỡng trực tuyến."),
    "1.6.2": (Decimal("5.5"), "Khoảng 80% giáo viên dùng phần mềm hỗ trợ dạy học."),
    "1.6.3": (3, "Khoảng một nửa giáo viên tự xây dựng học liệu số."),
    "1.7.1": (6, "18/24 phòng học có máy chiếu hoặc TV và Internet."),
    "1.7.2": (5, "Phòng Tin học 30 máy, còn thiếu thiết bị theo yêu cầu mới."),
    "2.1": (True, "Quyết định thành lập tổ chuyển đổi số số 03/QĐ-THCSTT."),
    "2.2": (True, "Kế hoạch ứng dụng CNTT và chuyển đổi số năm học 2025-2026."),
    "2.3.1": (6, "Quy chế sử dụng phần mềm quản lý nhà trường."),
    "2.3.2": (6, ""),
    "2.3.3": (10, "Sổ điểm điện tử và học bạ số toàn trường."),
    "2.3.4": (6, ""),
    "2.3.5": (5, "Mới nhập một phần danh mục thiết bị."),
    "2.3.7": (6, "Phần mềm kế toán MISA."),
    "2.3.8": (6, "Đồng bộ CSDL ngành hằng tháng."),
    "2.4.1": (8, "Ứng dụng liên lạc điện tử với phụ huynh."),
    "2.4.3": (4, "Khoảng 40% phụ huynh nộp học phí qua ngân hàng."),
}


def demo_assessment(store: Store, today: date) -> None:
    ensure_bundled(store)
    year = require_school_year(store)
    aid = create_assessment(store, year["id"], DEMO_SET)
    for code, (value, note) in DEMO_ANSWERS.items():
        set_answer(store, aid, code, value, note)
