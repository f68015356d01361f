"""Demo step: the staff and room lists behind items 1.6.x and 1.7.1 (shares consistent with the demo answers)."""

from __future__ import annotations

from datetime import date

from desktop.core.store import Store, lists
from desktop.core.store import assessments as asm

TEACHERS = [
    "Nguyễn Thị Lan",
    "Trần Văn Bình",
    "Lê Thị Hồng",
    "Phạm Minh Tuấn",
    "Hoàng Thị Thu",
    "Vũ Đức Thắng",
    "Đặng Thị Ngọc",
    "Bùi Văn Long",
    "Đỗ Thị Hạnh",
    "Ngô Quang Huy",
    "Dương Thị Yến",
    "Lý Văn Nam",
    "Phan Thị Thảo",
    "Trịnh Công Sơn",
]
ROOMS = [f"Phòng {g}{c}" for g in (6, 7, 8) for c in "ABCD"]


def demo_lists(store: Store, today: date) -> None:
    for i, name in enumerate(TEACHERS):
        # 14/14 have a training account, 11/14 use teaching software, 7/14 build digital materials
        lists.add_row(store, "staff", name, {"1.6.1": True, "1.6.2": i < 11, "1.6.3": i % 2 == 0})
    for i, name in enumerate(ROOMS):
        lists.add_row(store, "room", name, {"1.7.1": i < 9})  # 9/12 rooms have a projector or screen
    a = asm.current_assessment(store)
    if a:  # the lists are the evidence of the share items
        iset = asm.assessment_set(store, a["id"])
        for code in ("1.6.1", "1.6.2", "1.6.3", "1.7.1"):
            lists.attach_as_evidence(store, iset, a["id"], code)
