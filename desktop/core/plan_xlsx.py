"""The spreadsheet form of a plan pack (docs/plan-pack-format.md, "The spreadsheet form").

export_xlsx writes a pack as four sheets with Vietnamese headers; import_xlsx reads such a workbook back into the
same PlanPack (lossless round trip). The workbook is read with the shared safe reader (desktop/core/sheets.py);
every problem is reported with its sheet, row and column, and an import with errors returns nothing.
Run `python -m desktop.core.plan_xlsx template FILE.xlsx` to regenerate the blank template.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.errors import Location
from desktop.core.plan_parse import parse_pack
from desktop.core.plans import FORMAT, FORMAT_VERSION, SCHOOL_LEVELS, PlanPack
from desktop.core.sheets import (
    Problems,
    Table,
    add_choices,
    info_rows,
    open_workbook,
    read_table,
    save_workbook,
    write_table,
)

S_INFO, S_TARGETS, S_TASKS, S_REPORTS, S_HELP = "Thông tin kế hoạch", "Chỉ tiêu", "Nhiệm vụ", "Báo cáo", "Hướng dẫn"
INFO_COLS = {"Thông tin": "label", "Giá trị": "value"}
INFO_FIELDS = [
    ("Mã kế hoạch", "pack_id"),
    ("Phiên bản", "version"),
    ("Cơ quan ban hành", "issuer"),
    ("Số văn bản", "doc_number"),
    ("Ngày văn bản", "doc_date"),
    ("Trích yếu", "title"),
    ("Năm áp dụng", "year"),
    ("Cấp học áp dụng", "levels"),
    ("Nơi nhận", "receiver"),
    ("Căn cứ", "based_on"),
    ("Bộ chỉ số liên quan", "indicator_set"),
    ("Ghi chú nguồn", "source_note"),
]
# the columns added for issue 19 come last, so a workbook made from the older template still imports
ROW_EXTRA_COLS = {
    "Lý do liên kết chỉ số": "link_reasons",
    "Cùng nghĩa vụ với": "same_as",
    "Trích văn bản": "source_text",
    "Gợi ý của Sổ CĐS (trường: lý do)": "inferred",
}
TARGET_COLS = {
    "Mã": "target_id",
    "Mục trong văn bản": "source_section",
    "Nội dung chỉ tiêu": "text",
    "Giá trị": "value",
    "Đơn vị": "unit",
    "Thời hạn": "deadline",
    "Chỉ số liên quan": "indicator_links",
    "Cấp học": "levels",
    "Ghi chú": "note",
    **ROW_EXTRA_COLS,
}
TASK_COLS = {
    "Mã": "task_id",
    "Mục trong văn bản": "source_section",
    "Nhóm nhiệm vụ": "section",
    "Nội dung nhiệm vụ": "text",
    "Sản phẩm, minh chứng": "product",
    "Thời hạn": "deadline",
    "Chỉ số liên quan": "indicator_links",
    "Cấp học": "levels",
    "Ghi chú": "note",
    **ROW_EXTRA_COLS,
}
REPORT_COLS = {
    "Mã": "report_id",
    "Mục trong văn bản": "source_section",
    "Nội dung báo cáo": "text",
    "Lịch báo cáo": "schedule",
    "Loại báo cáo": "report_kind",
    "Kỳ báo cáo": "period",
    "Gửi đến": "to",
    "Cấp học": "levels",
    "Ghi chú": "note",
    "Trích văn bản": "source_text",
    "Gợi ý của Sổ CĐS (trường: lý do)": "inferred",
}
REPORT_KINDS = {"month": "Tháng", "quarter": "Quý", "year": "Năm", "other": "Khác"}
LISTS = ("indicator_links", "levels", "same_as")
PAIRS = ("inferred", "link_reasons")  # one "name: reason" a line; in `inferred` the name is the column's header
HELP = [
    ["Trang tính", "Cách điền"],
    [
        S_INFO,
        "Mỗi dòng một thông tin. Ngày văn bản: 19/09/2025, hoặc 04/2026 / 2026 khi bản gốc để trống ngày. "
        "Cấp học: MN, TH, THCS, THPT, GDTX, cách nhau bằng dấu phẩy. Không ghi tên người ký.",
    ],
    [
        S_TARGETS,
        "Mỗi chỉ tiêu một dòng; Mã không trùng trong cả tệp (ví dụ CT-2.1). Giá trị là số (100), Đơn vị là "
        "phần còn lại («% cơ sở giáo dục»). Chỉ số liên quan: mã trong bộ chỉ số, ví dụ 2.4.3, 2.3.3.",
    ],
    [S_TASKS, "Mỗi nhiệm vụ một dòng (ví dụ NV-II.1.a). Mục trong văn bản: nơi nhiệm vụ xuất hiện trong văn bản."],
    [
        S_REPORTS,
        "Mỗi loại báo cáo một dòng. Loại báo cáo: Tháng, Quý, Năm hoặc Khác (để trống: theo lịch). Gửi đến: để "
        "trống khi văn bản không ghi nơi nhận.",
    ],
    ["Trích văn bản", "Câu của văn bản mà dòng lấy ra, chép nguyên văn; các đoạn không liền nhau nối bằng « … »."],
    [
        "Gợi ý của Sổ CĐS",
        "Điều người soạn thêm khi văn bản không ghi (sản phẩm, thời hạn «Thường xuyên», nơi nhận, cấp học): "
        "mỗi dòng «Tên cột: lý do», ví dụ «Sản phẩm, minh chứng: văn bản không nêu sản phẩm». Chương trình "
        "hiển thị các giá trị này là gợi ý, không phải yêu cầu của văn bản.",
    ],
    [
        "Lý do liên kết chỉ số",
        "Mỗi mã ở cột Chỉ số liên quan một dòng «mã: lý do», ví dụ «2.4.3: thu không dùng tiền mặt».",
    ],
    [
        "Cùng nghĩa vụ với",
        "Mã các dòng khác nêu cùng một nghĩa vụ (chỉ tiêu và nhiệm vụ): danh mục gộp thành một dòng.",
    ],
    [
        "Thời hạn",
        "Một trong: 10/10/2025 · Tháng 12/2025 · Hằng tháng, trước ngày 20 · Hằng quý, trước ngày 20 tháng "
        "cuối quý · Hằng năm, trước ngày 10/12 · Thường xuyên · Theo kế hoạch của Bộ · Khi có yêu cầu · Khi phát "
        "sinh · để trống (văn bản không ghi) · lời văn khác của văn bản.",
    ],
]


def _fold(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().casefold()


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _list(v: Any) -> list[str]:
    return [x.strip() for x in re.split(r"[,;\n]", _text(v)) if x.strip()]


def _doc_date_in(v: Any) -> str:
    """19/09/2025 → 2025-09-19; 04/2026 → 2026-04; 2026 → 2026; anything else is passed on for the parser."""
    if isinstance(v, date):
        return v.isoformat()
    t = _text(v).strip()
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", t):
        return f"{m[2]}-{int(m[1]):02d}"
    return t


def _doc_date_out(s: str) -> str:
    parts = s.split("-")
    return "/".join(reversed(parts)) if s else ""


# ---- import ------------------------------------------------------------------------------------------------
def import_xlsx(path: Path | str) -> PlanPack:
    path = Path(path)
    name = path.name
    wb = open_workbook(path, name)
    try:
        pr = Problems(name)
        info = read_table(wb, S_INFO, INFO_COLS, {"label", "value"}, pr)
        tables = {
            kind: read_table(wb, sheet, cols, set(req), pr)
            for kind, sheet, cols, req in (
                ("target", S_TARGETS, TARGET_COLS, ("target_id", "source_section", "text", "deadline")),
                ("task", S_TASKS, TASK_COLS, ("task_id", "source_section", "section", "text", "deadline")),
                ("report", S_REPORTS, REPORT_COLS, ("report_id", "source_section", "text", "schedule", "to")),
            )
        }
    finally:
        wb.close()
    pr.raise_if_any("Tệp kế hoạch có lỗi, chưa nạp gì")
    locs: dict[tuple[str, str, str], Location] = {}
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, **_info(info, pr, locs)}
    for kind, key in (("target", "targets"), ("task", "tasks"), ("report", "reports")):
        data[key] = _rows(tables[kind], kind, pr, locs)
    pr.raise_if_any("Tệp kế hoạch có lỗi, chưa nạp gì")

    def locate(kind: str, rid: str, fieldname: str) -> Location | None:
        return (
            locs.get((kind, rid, fieldname))
            or locs.get((kind, rid, ""))
            or (locs.get(("pack", "", "pack_id")) if kind == "pack" else None)
        )

    return parse_pack(data, name, locate)


def _remember(locs, pr: Problems, table: Table, number: int, kind: str, rid: str) -> None:
    for key in table.headers:
        locs[(kind, rid, key)] = pr.where(table, number, key)
    locs[(kind, rid, "")] = pr.at(table.sheet, number)


def _info(t: Table, pr: Problems, locs) -> dict:
    got: dict[str, Any] = {}
    for key, v, where in info_rows(t, INFO_FIELDS, pr):
        locs[("pack", "", key)] = where
        if key == "levels":
            got[key] = _list(v)
        elif key == "doc_date":
            got[key] = _doc_date_in(v)
        elif v is not None:
            got[key] = _text(v)
    return got


def _rows(t: Table, kind: str, pr: Problems, locs) -> list[dict]:
    idkey = next(iter(t.headers))
    out = []
    for r in t.rows:
        d: dict[str, Any] = {}
        for key, v in r.values.items():
            if key in LISTS:
                d[key] = _list(v)
            elif key == "value":
                d[key] = _value(v)
            elif key == "report_kind":
                if v is not None:
                    d[key] = next((c for c, lbl in REPORT_KINDS.items() if _fold(v) in (_fold(lbl), c)), _text(v))
            elif key in PAIRS:
                names = {_fold(h): k for k, h in t.headers.items()} | {k: k for k in t.headers}
                d[key] = _pairs(v, names if key == "inferred" else {})
            elif key in ("deadline", "schedule"):
                d[key] = _text(v) if not isinstance(v, date) else {"kind": "date", "date": v.isoformat()}
            elif v is not None:
                d[key] = _text(v)
        rid = d.get(idkey)
        if not rid:
            pr.cell(t, r.number, idkey, "thiếu mã dòng")
            continue
        _remember(locs, pr, t, r.number, kind, rid)
        out.append({k: v for k, v in d.items() if v not in ("", [], None)})
    return out


def _pairs(v: Any, names: dict[str, str]) -> dict[str, str] | str:
    """ "name: reason" lines → {key: reason}; names maps a folded header (or key) to its key. A line that does not
    parse is passed on whole, for the parser to report at this cell."""
    out: dict[str, str] = {}
    for line in _text(v).splitlines():
        if not line.strip():
            continue
        name, sep, why = line.partition(":")
        out[names.get(_fold(name), name.strip()) if sep else line.strip()] = why.strip() if sep else ""
    return out


def _pair_text(pairs, headers: dict[str, str]) -> str:
    return "\n".join(f"{headers.get(k, k)}: {why}" for k, why in pairs)


def _value(v: Any) -> Any:
    if isinstance(v, str) and re.fullmatch(r"\d+([.,]\d+)?", v.strip()):
        return Decimal(v.strip().replace(",", "."))
    return v


# ---- export ------------------------------------------------------------------------------------------------
def build_workbook(pack: PlanPack | None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = S_INFO
    raw = pack.raw if pack else {}
    info = []
    for label, key in INFO_FIELDS:
        v = raw.get(key, "")
        info.append([label, ", ".join(v) if key == "levels" else _doc_date_out(v) if key == "doc_date" else v])
    write_table(ws, list(INFO_COLS), info, [26, 100])
    ts = wb.create_sheet(S_TARGETS)
    t_head, k_head, r_head = ({k: h for h, k in cols.items()} for cols in (TARGET_COLS, TASK_COLS, REPORT_COLS))

    def extra(t, head):
        return [_pair_text(t.link_reasons, {}), ", ".join(t.same_as), t.source_text, _pair_text(t.inferred, head)]

    write_table(
        ts,
        list(TARGET_COLS),
        [
            [
                t.target_id,
                t.source_section,
                t.text,
                t.value,
                t.unit,
                t.deadline.label,
                ", ".join(t.indicator_links),
                ", ".join(t.levels),
                t.note,
                *extra(t, t_head),
            ]
            for t in (pack.targets if pack else ())
        ],
        [12, 16, 70, 8, 22, 24, 16, 14, 30, 40, 14, 70, 40],
    )
    ks = wb.create_sheet(S_TASKS)
    write_table(
        ks,
        list(TASK_COLS),
        [
            [
                t.task_id,
                t.source_section,
                t.section,
                t.text,
                t.product,
                t.deadline.label,
                ", ".join(t.indicator_links),
                ", ".join(t.levels),
                t.note,
                *extra(t, k_head),
            ]
            for t in (pack.tasks if pack else ())
        ],
        [12, 16, 24, 70, 40, 24, 16, 14, 30, 40, 14, 70, 40],
    )
    rs = wb.create_sheet(S_REPORTS)
    write_table(
        rs,
        list(REPORT_COLS),
        [
            [
                r.report_id,
                r.source_section,
                r.text,
                r.schedule.label,
                REPORT_KINDS[r.report_kind],
                r.period,
                r.to,
                ", ".join(r.levels),
                r.note,
                r.source_text,
                _pair_text(r.inferred, r_head),
            ]
            for r in (pack.reports if pack else ())
        ],
        [12, 16, 60, 34, 12, 12, 50, 14, 30, 70, 40],
    )
    add_choices(rs, 5, list(REPORT_KINDS.values()))
    for sheet in (ts, ks, rs):  # text columns must stay text: "10/10/2025" is a deadline, not a date cell
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    hs = wb.create_sheet(S_HELP)
    write_table(hs, HELP[0], HELP[1:], [22, 120])
    hs.append([])
    hs.append(["Cấp học", ", ".join(SCHOOL_LEVELS)])
    return wb


def export_xlsx(pack: PlanPack, path: Path | str) -> Path:
    return save_workbook(build_workbook(pack), path)


def write_template(path: Path | str) -> Path:
    return save_workbook(build_workbook(None), path)


if __name__ == "__main__":  # python -m desktop.core.plan_xlsx template resources/templates/plan-pack-template.xlsx
    if len(sys.argv) == 3 and sys.argv[1] == "template":
        print(write_template(sys.argv[2]))
    else:
        print("usage: python -m desktop.core.plan_xlsx template FILE.xlsx", file=sys.stderr)
        sys.exit(2)
