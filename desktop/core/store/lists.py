"""Simple staff and room lists for the share items (1.6.x: share of teachers; 1.7.1: share of classrooms).

A row is a teacher or a room; its flags (JSON `attrs`) say, per item code, whether it counts (has an account on
the training platform, room has a projector…). The share is computed here, the points suggested by the scoring
engine (max × share), and the list can be attached as evidence (a workbook). Rows are removed softly.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from desktop.core.bands import vn_number
from desktop.core.errors import Location, UserError, ValidationError, nfc
from desktop.core.indicators import IndicatorSet, Item
from desktop.core.scoring import suggest_points
from desktop.core.store.db import Store, utcnow

KINDS = {"staff": "Danh sách giáo viên", "room": "Danh sách phòng học"}
NAME_HEADER = {"staff": "Họ và tên", "room": "Tên phòng học"}
SHORT_LABELS = {
    "1.6.1": "Có tài khoản trên nền tảng bồi dưỡng, tập huấn trực tuyến",
    "1.6.2": "Sử dụng phần mềm để đổi mới phương pháp dạy học",
    "1.6.3": "Xây dựng học liệu số",
    "1.7.1": "Có máy chiếu/màn hình hiển thị kết nối mạng",
}
TRUE_WORDS = {"x", "có", "co", "1", "true", "đúng", "yes", "v", "✓", "✔"}
FALSE_WORDS = {"", "không", "khong", "0", "false", "sai", "no", "-"}


@dataclass(frozen=True)
class Flag:
    code: str  # the item code the flag counts for
    kind: str  # staff | room
    label: str


@dataclass(frozen=True)
class Share:
    code: str
    counted: int
    total: int
    percent: Decimal  # 2 decimals
    suggested: Decimal  # points the engine suggests for this share
    max_points: Decimal


def kind_of(item: Item) -> str:
    return "room" if "phòng" in item.text.lower() else "staff"


def flags(iset: IndicatorSet, kind: str | None = None) -> list[Flag]:
    """The share items of a set (answer.suggest == share_percent), as list flags."""
    out = [
        Flag(it.code, kind_of(it), SHORT_LABELS.get(it.code, it.text[:60]))
        for it in iset.items()
        if it.answer.suggest == "share_percent"
    ]
    return [f for f in out if kind is None or f.kind == kind]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(f"Loại danh sách không hợp lệ: {kind}. Chọn «staff» (giáo viên) hoặc «room» (phòng học).")


def _clean_name(name: str) -> str:
    name = nfc(" ".join(str(name).split()))
    if not name:
        raise UserError("Tên không được để trống.")
    if len(name) > 200:
        raise UserError("Tên quá dài (tối đa 200 ký tự).")
    return name


def rows(store: Store, kind: str) -> list[dict]:
    _check_kind(kind)
    out = []
    for r in store.db.query(
        "SELECT * FROM school_lists WHERE kind = ? AND removed_at IS NULL ORDER BY sort_order, id", [kind]
    ):
        r = dict(r)
        r["attrs"] = json.loads(r["attrs"])
        out.append(r)
    return out


def add_row(store: Store, kind: str, name: str, attrs: dict[str, bool] | None = None) -> int:
    _check_kind(kind)
    name = _clean_name(name)
    order = store.db.execute(
        "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM school_lists WHERE kind = ?", (kind,)
    ).fetchone()[0]
    return store.insert(
        "school_lists",
        {"kind": kind, "name": name, "attrs": json.dumps(attrs or {}, sort_keys=True), "sort_order": order},
        summary=f"{KINDS[kind]}: thêm «{name}»",
    )


def _get(store: Store, row_id: int) -> dict:
    row = store.row("school_lists", {"id": row_id})
    if not row or row["removed_at"]:
        raise UserError("Dòng này không còn trong danh sách.")
    return row


def rename_row(store: Store, row_id: int, name: str) -> None:
    row = _get(store, row_id)
    name = _clean_name(name)
    if name != row["name"]:
        store.write(
            "school_lists", {"id": row_id}, {"name": name}, summary=f"{KINDS[row['kind']]}: đổi tên thành «{name}»"
        )


def set_flag(store: Store, row_id: int, code: str, value: bool) -> None:
    row = _get(store, row_id)
    attrs = json.loads(row["attrs"])
    if bool(attrs.get(code)) == bool(value):
        return
    attrs[code] = bool(value)
    store.write(
        "school_lists",
        {"id": row_id},
        {"attrs": json.dumps(attrs, sort_keys=True)},
        summary=f"{KINDS[row['kind']]}: «{row['name']}» mục {code}: {'có' if value else 'không'}",
    )


def remove_row(store: Store, row_id: int) -> None:
    row = _get(store, row_id)
    store.write(
        "school_lists", {"id": row_id}, {"removed_at": utcnow()}, summary=f"{KINDS[row['kind']]}: bỏ «{row['name']}»"
    )


def share(store: Store, iset: IndicatorSet, code: str, listed: list[dict] | None = None) -> Share:
    """The list's share for item `code`. `listed`: the rows of the item's list (rows()) when the caller has just
    read them (a page showing every share item of a 1,000-row list read it once per item)."""
    item = iset.item(code)
    if item.answer.suggest != "share_percent":
        raise UserError(f"Mục {code} không tính theo tỉ lệ từ danh sách.")
    rs = rows(store, kind_of(item)) if listed is None else listed
    counted = sum(1 for r in rs if r["attrs"].get(code))
    pct = (Decimal(counted) * 100 / len(rs)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if rs else Decimal(0)
    return Share(code, counted, len(rs), pct, suggest_points(item, pct) if rs else Decimal(0), item.max_points)


def answer_mismatch(
    store: Store, iset: IndicatorSet, assessment_id: int, code: str, listed: list[dict] | None = None
) -> str | None:
    """A Vietnamese warning when the stored answer of share item `code` no longer matches the list, else None
    (`listed`: as for share())."""
    from desktop.core import shares
    from desktop.core.store import assessments as asm

    try:
        item = iset.item(code)
    except KeyError:
        return None
    if item.answer.suggest != "share_percent":
        return None
    value = asm.get_answers(store, assessment_id).get(code)
    if value is None:
        return None
    s = share(store, iset, code, listed)
    basis = asm.get_bases(store, assessment_id).get(code)
    return shares.mismatch(item, value, basis, s.counted, s.total, KINDS[kind_of(item)].lower())


def mismatches(store: Store, iset: IndicatorSet, assessment_id: int) -> dict[str, str]:
    """Every share item whose stored answer no longer matches its list: item code → the warning."""
    out = {}
    for f in flags(iset):
        msg = answer_mismatch(store, iset, assessment_id, f.code)
        if msg:
            out[f.code] = msg
    return out


def use_share(store: Store, iset: IndicatorSet, assessment_id: int, code: str) -> Share:
    """Record the list's suggested points as the answer of `code`, with the list's share as its basis."""
    from desktop.core.shares import ShareValue
    from desktop.core.store import assessments as asm

    s = share(store, iset, code)
    if not s.total:
        raise UserError(f"{KINDS[kind_of(iset.item(code))]} chưa có dòng nào: chưa tính được tỉ lệ của mục {code}.")
    basis = ShareValue(s.percent, s.counted, s.total).to_basis("list")
    asm.set_answer(store, assessment_id, code, s.suggested, basis=basis)
    return s


# ---- spreadsheets ------------------------------------------------------------------------------------------
def _headers(iset: IndicatorSet, kind: str) -> dict[str, str]:
    cols = {NAME_HEADER[kind]: "name"}
    for f in flags(iset, kind):
        cols[f"{f.code} {f.label}"] = f.code
    return cols


def _flag_value(v) -> bool | None:
    if v is True or v is False:
        return v
    text = "" if v is None else str(v).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def _targets(iset: IndicatorSet, kind: str) -> dict[str, str]:
    return {"name": NAME_HEADER[kind], **{f.code: f"{f.code} {f.label}" for f in flags(iset, kind)}}


def plan_import(iset: IndicatorSet, kind: str, path: Path | str):
    """How the school's workbook maps to the list (desktop/core/list_columns.py): the first sheet whose first rows
    name a name column. Raises one located ValidationError naming the missing column when no sheet does."""
    from desktop.core.list_columns import HEADER_SEARCH_ROWS, plan_columns
    from desktop.core.sheets import MAX_COLS, open_workbook

    _check_kind(kind)
    path = Path(path)
    targets = _targets(iset, kind)
    wb = open_workbook(path)
    try:
        for sheet in wb.sheetnames:
            ws = wb[sheet]
            first = [r for _, r in zip(range(HEADER_SEARCH_ROWS), ws.iter_rows(max_col=MAX_COLS, values_only=True))]
            plan = plan_columns(kind, targets, sheet, first)
            if plan is not None:
                return plan
    finally:
        wb.close()
    raise ValidationError(
        [
            (
                Location(file=path.name, sheet=wb.sheetnames[0] if wb.sheetnames else None),
                f"thiếu cột «{NAME_HEADER[kind]}»: không thấy cột tên trong {HEADER_SEARCH_ROWS} dòng đầu của "
                "trang tính nào (đặt tiêu đề cột, ví dụ «Họ và tên», «Họ tên» hoặc «Tên phòng học»)",
            )
        ],
        title=f"Không nhập được {KINDS[kind].lower()}",
    )


def import_xlsx(
    store: Store, iset: IndicatorSet, kind: str, path: Path | str, mapping: dict[str, int] | None = None
) -> int:
    """Add (or update by name) the rows of the school's workbook. Columns are matched by header (plan_import);
    `mapping` (key → 1-based column, as the user confirmed it) overrides the match. Other columns are ignored.
    All or nothing: on any problem a located Vietnamese ValidationError and no change. Returns the rows read."""
    from openpyxl.utils import get_column_letter

    from desktop.core.sheets import MAX_COLS, MAX_ROWS, Problems, cell_value, open_workbook

    plan = plan_import(iset, kind, path)
    cols = dict(plan.mapping if mapping is None else mapping)
    path = Path(path)
    if "name" not in cols:
        raise ValidationError(
            [(Location(file=path.name, sheet=plan.sheet), f"chưa chọn cột «{NAME_HEADER[kind]}»")],
            title=f"Không nhập được {KINDS[kind].lower()}",
        )
    problems = Problems(path.name)

    def where(col: int) -> str:
        return f"{get_column_letter(col)} ({plan.headers.get(col, plan.targets.get('name', ''))})"

    parsed: list[tuple[str, dict[str, bool]]] = []
    seen: dict[str, int] = {}
    wb = open_workbook(path)
    try:
        ws = wb[plan.sheet]
        rows_iter = ws.iter_rows(min_row=plan.header_row + 1, max_col=MAX_COLS, values_only=True)
        for number, raw in enumerate(rows_iter, start=plan.header_row + 1):
            if number > MAX_ROWS:
                problems.add(f"quá nhiều dòng (tối đa {MAX_ROWS})", plan.sheet, number)
                break
            values = {k: cell_value(raw[c - 1]) if c - 1 < len(raw) else None for k, c in cols.items()}
            if all(v is None for v in values.values()):
                continue
            name = values.pop("name")
            if name is None or not str(name).strip():
                problems.add("thiếu tên", plan.sheet, number, where(cols["name"]))
                continue
            name = nfc(" ".join(str(name).split()))
            if len(name) > 200:
                problems.add("tên quá dài (tối đa 200 ký tự)", plan.sheet, number, where(cols["name"]))
                continue
            if name.casefold() in seen:
                problems.add(
                    f"«{name}» trùng với dòng {seen[name.casefold()]}", plan.sheet, number, where(cols["name"])
                )
                continue
            seen[name.casefold()] = number
            attrs = {}
            for key, value in values.items():
                b = _flag_value(value)
                if b is None:
                    problems.add(
                        f"«{str(value)[:30]}» không hiểu được; ghi «x» hoặc «có» nếu đúng, để trống nếu không",
                        plan.sheet,
                        number,
                        where(cols[key]),
                    )
                else:
                    attrs[key] = b
            parsed.append((name, attrs))
    finally:
        wb.close()
    if not parsed and not problems.items:
        problems.add("trang tính không có dòng dữ liệu nào dưới dòng tiêu đề", plan.sheet, plan.header_row + 1)
    problems.raise_if_any(f"Không nhập được {KINDS[kind].lower()}")
    existing = {r["name"].casefold(): r for r in rows(store, kind)}
    with store.tx():
        for name, attrs in parsed:
            old = existing.get(name.casefold())
            if old is None:
                add_row(store, kind, name, attrs)
            else:
                for code, b in attrs.items():
                    set_flag(store, old["id"], code, b)
    return len(parsed)


def export_xlsx(store: Store, iset: IndicatorSet, kind: str, path: Path | str) -> Path:
    """The list as a workbook in the import layout (also the blank template when the list is empty)."""
    import openpyxl

    from desktop.core.sheets import save_workbook, write_table

    fl = flags(iset, kind)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Giáo viên" if kind == "staff" else "Phòng học"
    data = [[r["name"], *["x" if r["attrs"].get(f.code) else "" for f in fl]] for r in rows(store, kind)]
    write_table(ws, list(_headers(iset, kind)), data, [36] + [24] * len(fl))
    return save_workbook(wb, path)


def attach_as_evidence(store: Store, iset: IndicatorSet, assessment_id: int, code: str) -> int:
    """Attach the list as it stands now (a workbook) as evidence of item `code`; returns the evidence id."""
    from desktop.core.store import evidence as ev

    item = iset.item(code)
    s = share(store, iset, code)
    kind = kind_of(item)
    with tempfile.TemporaryDirectory(prefix="socds-list-") as tmp:
        name = f"{'danh-sach-giao-vien' if kind == 'staff' else 'danh-sach-phong-hoc'}-muc-{code}.xlsx"
        path = export_xlsx(store, iset, kind, Path(tmp) / name)
        with store.tx():
            eid = ev.add_file(
                store, path, title=f"{KINDS[kind]} — mục {code}: {s.counted}/{s.total} ({vn_number(s.percent)}%)"
            )
            ev.link(store, eid, assessment_id=assessment_id, item_code=code)
    return eid
