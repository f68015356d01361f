"""The demo school: a lower-secondary school (THCS) in a commune, with a full school year of data.

Users open it to look around; tests and benchmarks use it. People and the school are fictional. Each
capability adds its own step to STEPS (profile, assessment, plan progress, evidence, reports…), so the demo
always shows everything the product can do.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Callable

from desktop.core import paths
from desktop.core.demo_assessment import demo_assessment
from desktop.core.demo_day import DEMO_TODAY, DEMO_YEAR
from desktop.core.demo_lists import demo_lists
from desktop.core.demo_plans import demo_plans
from desktop.core.demo_report import demo_report, demo_sent_reports
from desktop.core.errors import UserError
from desktop.core.fileio import describe_os_error, fsync_dir
from desktop.core.store import Store
from desktop.core.store import profile as prof


def _profile(store: Store, today: date) -> None:
    prof.save_school(
        store,
        prof.School(
            name="Trường THCS Tuệ Tĩnh",
            code="31012345",
            levels=["THCS"],
            address="Thôn Đông, xã Tuệ Tĩnh, thành phố Hải Phòng",
            commune="xã Tuệ Tĩnh",
            province="Hải Phòng",
            managing_body="UBND xã Tuệ Tĩnh",
            managing_body_kind="commune",
            phone="0220 3123 456",
            email="thcs.tuetinh@example.edu.vn",
            website="https://thcstuetinh.example.edu.vn",
            doc_code="THCSTT",
            place_name="Tuệ Tĩnh",
        ),
    )
    people = [
        ("principal", "Nguyễn Văn Hùng", "Hiệu trưởng", "0912 000 111", "hung.nv@example.edu.vn"),
        ("deputy", "Trần Thị Mai", "Phó Hiệu trưởng", "0912 000 222", "mai.tt@example.edu.vn"),
        ("deputy", "Lê Quang Minh", "Phó Hiệu trưởng", "0912 000 333", "minh.lq@example.edu.vn"),
        (
            "focal_point",
            "Phạm Thu Hà",
            "Giáo viên Tin học — đầu mối chuyển đổi số",
            "0987 654 321",
            "ha.pt@example.edu.vn",
        ),
        (
            "technical_focal",
            "Đỗ Đức Anh",
            "Nhân viên thiết bị — đầu mối kỹ thuật",
            "0987 111 222",
            "anh.dd@example.edu.vn",
        ),
    ]
    for order, (role, name, title, phone, email) in enumerate(people):
        prof.save_person(store, role, name, title, phone, email, sort_order=order)
    prof.ensure_school_year(store, DEMO_YEAR, current=True)


STEPS: list[Callable[[Store, date], None]] = [
    _profile,
    demo_assessment,
    demo_lists,
    demo_plans,
    demo_sent_reports,
    demo_report,
]


def build_demo(path: Path | str, today: date = DEMO_TODAY) -> Path:
    """Create the demo school's data file at `path` (and its `<name>-data/` folder of evidence files).

    It is built in a staging folder beside `path` and moved into place only once complete, the data file last:
    a failure part-way (a full disk, a missing package) leaves nothing behind, and trying again is not refused
    because of a half-built file."""
    path = Path(path)
    side = paths.sidecar_dir(path)
    if path.exists():
        raise UserError(f"Tệp {path} đã tồn tại; chọn tệp khác để tạo dữ liệu mẫu (không ghi đè dữ liệu có sẵn).")
    if side.exists():
        raise UserError(
            f"Thư mục {side} (minh chứng, bản sao lưu của một tệp dữ liệu cùng tên) đã tồn tại; chọn tên tệp khác "
            "để tạo dữ liệu mẫu (không ghi đè dữ liệu có sẵn)."
        )
    try:
        _build_staged(path, side, today)
    except OSError as exc:  # a full disk, a read-only folder: say which, in words
        raise UserError(describe_os_error(exc, path)) from exc
    return path


def _build_staged(path: Path, side: Path, today: date) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)  # as Store.open does for a new data file
    stage = Path(tempfile.mkdtemp(prefix=".socds-demo-", dir=path.parent))
    try:
        staged = stage / path.name
        with Store.open(staged) as store:
            with store.tx():
                for step in STEPS:
                    step(store, today)
            store.set_setting("demo", True)
        staged_side = paths.sidecar_dir(staged)
        if staged_side.exists():
            os.replace(staged_side, side)
        try:
            os.replace(staged, path)
            fsync_dir(path.parent)
        except BaseException:
            shutil.rmtree(side, ignore_errors=True)  # ours: it did not exist before this call
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
