"""The spreadsheet form of an indicator set (docs/indicator-set-format.md, "The spreadsheet form"): its sheets and
columns, and writing a set (or the blank template) to a workbook.

export_xlsx writes a set as three sheets with Vietnamese headers; desktop.core.indicator_xlsx_import reads such a
workbook back into the same IndicatorSet (lossless round trip).
Run `python -m desktop.core.indicator_xlsx template FILE.xlsx` to regenerate the blank template.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop.core.bands import band_from_dict, bands_text, num_text, to_decimal
from desktop.core.indicators import IndicatorSet
from desktop.core.sheets import add_choices, save_workbook, write_table

S_INFO, S_GROUPS, S_ROWS, S_HELP = "Thông tin bộ chỉ số", "Nhóm tiêu chí", "Tiêu chí và mục", "Hướng dẫn"
INFO_COLS = {"Thông tin": "label", "Giá trị": "value"}
INFO_FIELDS = [
    ("Mã bộ chỉ số", "set_id"),
    ("Phiên bản", "version"),
    ("Tên bộ chỉ số", "title"),
    ("Trạng thái", "status"),
    ("Số văn bản", "number"),
    ("Ngày ban hành", "date"),
    ("Cơ quan ban hành", "issuer"),
    ("Trích yếu", "lb_title"),
    ("Cấp học áp dụng", "levels"),
    ("Ghi chú nguồn", "source_note"),
    ("Tên các mức", "level_names"),
    ("Ngưỡng mức của nhóm", "group_level_bands"),
    ("Quy tắc mức chung", "overall_rule"),
    ("Ghi chú quy tắc mức chung", "overall_rule_note"),
    ("Hệ quả khi chưa đạt điều kiện bắt buộc", "mandatory_unmet_effect"),
    ("Mức tối đa khi chưa đạt điều kiện bắt buộc", "mandatory_unmet_cap"),
    ("Ghi chú điều kiện bắt buộc", "mandatory_unmet_note"),
]
GROUP_COLS = {"Mã nhóm": "code", "Tên nhóm": "name", "Điểm tối đa": "max_points", "Điểm đã xác định": "known_max"}
ROW_COLS = {
    "Nhóm": "group",
    "Loại": "type",
    "Mã": "code",
    "Nội dung": "text",
    "Hướng dẫn minh chứng": "guidance",
    "Điểm tối đa": "max_points",
    "Cách tính điểm": "kind",
    "Thang điểm / lựa chọn": "scale",
    "Mức của tiêu chí": "bands",
    "Tình trạng xác minh": "status",
    "Ghi chú nguồn": "source_note",
}
SET_STATUS = {"official": "Chính thức", "draft": "Dự thảo", "incomplete": "Chưa đầy đủ"}
ROW_STATUS = {"verified": "Đã đối chiếu", "partly_verified": "Đối chiếu một phần", "unverified": "Chưa đối chiếu"}
KINDS = {
    "points": "Nhập điểm",
    "yes_no": "Có/Không",
    "percent_bands": "Theo tỉ lệ %",
    "count_bands": "Theo số lượng",
    "choice": "Theo lựa chọn",
    "condition": "Điều kiện bắt buộc",
}
OVERALL = {"lowest_group": "Mức thấp nhất trong các nhóm", "none": "Không xếp mức chung"}
EFFECT = {"cap_group_level": "Giới hạn mức của nhóm", "none": "Không ảnh hưởng đến mức"}
TYPES = {"criterion": "Tiêu chí", "item": "Mục"}


def _scale(a: dict) -> str:
    k = a["kind"]
    if k == "points":
        toks = ([f"bước={num_text(to_decimal(a['step']))}"] if "step" in a else []) + (
            ["gợi ý=tỉ lệ"] if a.get("suggest") else []
        )
        return "; ".join(toks)
    if k == "yes_no":
        return num_text(to_decimal(a["points_yes"]))
    if k in ("percent_bands", "count_bands"):
        return bands_text([band_from_dict(b, "points") for b in a["bands"]])
    if k == "choice":
        return "\n".join(
            f"{c['code']}: {num_text(to_decimal(c['points']))}" + (f": {c['label']}" if c["label"] else "")
            for c in a["choices"]
        )
    return ""


def _row(gcode: str, typ: str, d: dict, bands: list | None) -> list:
    a = d.get("answer")
    return [
        gcode,
        TYPES[typ],
        d["code"],
        d["text"],
        d["guidance"],
        d.get("max_points"),
        KINDS[a["kind"]] if a else None,
        _scale(a) if a else None,
        bands_text([band_from_dict(b, "level") for b in bands]) if bands else None,
        ROW_STATUS[d["status"]],
        d["source_note"],
    ]


def build_workbook(data: dict | None):
    """The workbook of a canonical set dict; None gives the blank template (settings pre-filled as QĐ 4725)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = S_INFO
    blank = data is None
    d: dict[str, Any] = data or _TEMPLATE_SETTINGS
    st, lb = d["settings"], d.get("legal_basis", {})
    values = {
        "set_id": d.get("set_id"),
        "version": d.get("version"),
        "title": d.get("title"),
        "status": SET_STATUS.get(d.get("status", "")),
        "number": lb.get("number"),
        "date": date.fromisoformat(lb["date"]).strftime("%d/%m/%Y") if lb.get("date") else None,
        "issuer": lb.get("issuer"),
        "lb_title": lb.get("title"),
        "levels": ", ".join(d.get("levels", [])) or None,
        "source_note": d.get("source_note"),
        "level_names": "\n".join(
            f"{n['level']}: {n['label']}: {n['name']}" if n["name"] else f"{n['level']}: {n['label']}"
            for n in st["level_names"]
        ),
        "group_level_bands": bands_text([band_from_dict(b, "level") for b in st["group_level_bands"]]),
        "overall_rule": OVERALL[st["overall_rule"]],
        "overall_rule_note": st["overall_rule_note"],
        "mandatory_unmet_effect": EFFECT[st["mandatory_unmet_effect"]],
        "mandatory_unmet_cap": st["mandatory_unmet_cap"],
        "mandatory_unmet_note": st["mandatory_unmet_note"],
    }
    write_table(
        ws,
        list(INFO_COLS),
        [[lbl, None if values[key] in ("", None) else values[key]] for lbl, key in INFO_FIELDS],
        [42, 100],
    )
    gs = wb.create_sheet(S_GROUPS)
    write_table(
        gs,
        list(GROUP_COLS),
        [] if blank else [[g["code"], g["name"], g["max_points"], g.get("known_max")] for g in d["groups"]],
        [10, 60, 14, 18],
    )
    rs = wb.create_sheet(S_ROWS)
    out = []
    for g in [] if blank else d["groups"]:
        for c in g["criteria"]:
            out.append(_row(g["code"], "criterion", c, c.get("bands")))
            out.extend(_row(g["code"], "item", i, None) for i in c.get("items", []))
    write_table(rs, list(ROW_COLS), out, [7, 10, 9, 60, 40, 11, 18, 30, 22, 18, 40])
    add_choices(rs, 2, list(TYPES.values()))
    add_choices(rs, 7, list(KINDS.values()))
    add_choices(rs, 10, list(ROW_STATUS.values()))
    hs = wb.create_sheet(S_HELP)
    write_table(hs, ["Hướng dẫn"], [[line] for line in HELP], [120])
    return wb


def export_xlsx(iset: IndicatorSet, path: Path | str) -> Path:
    return save_workbook(build_workbook(iset.to_dict()), path)


def write_template(path: Path | str) -> Path:
    return save_workbook(build_workbook(None), path)


_TEMPLATE_SETTINGS: dict[str, Any] = {
    "settings": {
        "level_names": [
            {"level": 1, "label": "Mức 1", "name": "Chưa đáp ứng"},
            {"level": 2, "label": "Mức 2", "name": "Đáp ứng cơ bản"},
            {"level": 3, "label": "Mức 3", "name": "Đáp ứng tốt"},
        ],
        "group_level_bands": [
            {"below": 50, "level": 1},
            {"at_least": 50, "at_most": 75, "level": 2},
            {"above": 75, "level": 3},
        ],
        "overall_rule": "lowest_group",
        "overall_rule_note": "",
        "mandatory_unmet_effect": "cap_group_level",
        "mandatory_unmet_cap": 1,
        "mandatory_unmet_note": "",
    }
}
HELP = [
    "Trang «Thông tin bộ chỉ số»: điền cột «Giá trị». Ngày dạng dd/mm/yyyy. Cấp học: MN, TH, THCS, THPT, GDTX, cách nhau dấu phẩy.",
    "Trạng thái: "
    + ", ".join(SET_STATUS.values())
    + ". «Chưa đầy đủ» khi tổng điểm các mục của một nhóm chưa đủ điểm tối đa; "
    "khi đó ghi «Điểm đã xác định» của nhóm ở trang «Nhóm tiêu chí».",
    "Tên các mức: mỗi dòng «1: Mức 1: Chưa đáp ứng». Ngưỡng và thang điểm: «<50: 1; >=50 & <=75: 2; >75: 3» (dấu chấm thập phân).",
    "Trang «Tiêu chí và mục»: mỗi tiêu chí một dòng «Tiêu chí», các mục của nó là các dòng «Mục» ngay bên dưới. "
    "Tiêu chí không có mục thì điền cách tính điểm ngay ở dòng tiêu chí.",
    "Cách tính điểm: "
    + ", ".join(KINDS.values())
    + ". Thang điểm / lựa chọn: Nhập điểm: để trống, «bước=0.5» hoặc «gợi ý=tỉ lệ»; "
    "Có/Không: số điểm khi «Có»; Theo tỉ lệ % / Theo số lượng: các khoảng; Theo lựa chọn: mỗi dòng «MÃ: ĐIỂM: nhãn».",
    "Điều kiện bắt buộc: để trống «Điểm tối đa». Tình trạng xác minh: " + ", ".join(ROW_STATUS.values()) + ".",
    "Mã bộ chỉ số và phiên bản: bản sửa của một bộ đã phát hành phải mang số phiên bản mới (ví dụ 2022.2).",
]


if (
    __name__ == "__main__"
):  # python -m desktop.core.indicator_xlsx template resources/templates/indicator-set-template.xlsx
    if len(sys.argv) != 3 or sys.argv[1] != "template":
        sys.exit("usage: python -m desktop.core.indicator_xlsx template FILE.xlsx")
    print(write_template(sys.argv[2]))
