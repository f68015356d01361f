"""What the officer is told before sending a roll-up, and never printed in it: the signed roll-up (its PDF, its
workbook, its data file) states facts; how to act on them in this program is the app's to say (as the school's
pre-send check does for its report, issue 20)."""

from __future__ import annotations

from desktop.core.commune.rollup import Rollup
from desktop.core.preschool import COMMUNE_HOW, NO_LEVEL_MN


def before_sending(ru: Rollup) -> list[str]:
    """Notes for the officer about this roll-up (Vietnamese sentences), empty when there is nothing to say."""
    notes = []
    mn = ru.level_counts.get(NO_LEVEL_MN)
    if mn:
        notes.append(f"{mn} trường mầm non chưa xếp mức vì chưa cài bộ chỉ số mầm non. {COMMUNE_HOW}")
    held = [f for f in ru.refused if f.state == "held"]
    if held:
        notes.append(
            f"{len(held)} tệp đang chờ xem xét, chưa tính vào tổng hợp: chấp nhận hoặc từ chối ở trang «Hộp thư "
            "đến» (hoặc lệnh «socds inbox accept|reject MỤC_SỐ») trước khi gửi, nếu cần."
        )
    unchecked = sum(1 for r in ru.rows if r.signer_unchecked)
    if unchecked:
        notes.append(
            f"{unchecked} báo cáo nhận lần đầu chưa đối chiếu được người ký vì danh sách trường chưa ghi hiệu "
            "trưởng: ghi hiệu trưởng ở trang «Danh sách trường» (cột «Hiệu trưởng» của tệp Excel) và xem lại "
            "người ký của các báo cáo này ở trang «Hộp thư đến» trước khi gửi, nếu cần."
        )
    return notes
