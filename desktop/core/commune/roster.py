"""The schools a managing body oversees: entered by hand or imported from a workbook (located errors)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import UserError, nfc
from desktop.core.store import Store
from desktop.core.store.db import utcnow

# XA: a commune (UBND xã/phường) on a Sở's roster, sending its roll-up of the MN/TH/THCS schools it manages
LEVELS = ("MN", "TH", "THCS", "THPT", "GDTX", "XA")
ALIASES = {"XÃ": "XA", "PHƯỜNG": "XA", "XÃ/PHƯỜNG": "XA"}
SHEET = "Danh sách trường"
COLUMNS = {
    "Mã trường": "code",
    "Tên trường": "name",
    "Cấp học": "levels",
    "Xã/phường": "commune",
    "Hiệu trưởng": "principal",
    "Người liên hệ": "contact_name",
    "Điện thoại": "phone",
    "Thư điện tử": "email",
}
CODE_RE = re.compile(r"^[0-9A-Za-z._-]{2,20}$")


@dataclass
class RosterSchool:
    code: str
    name: str
    levels: list[str] = field(default_factory=list)
    commune: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True
    principal: str = ""  # who the school's reports are expected to be signed by ('' when the roster names none)


def parse_levels(text: str) -> tuple[list[str], str | None]:
    """ "TH, THCS" → ["TH", "THCS"]; the second value is a Vietnamese error or None."""
    parts: list[str] = []
    for p in (p.strip().upper() for p in re.split(r"[,;/+]+", text or "") if p.strip()):
        p = ALIASES.get(p, p)
        words = p.split()
        parts.extend(words if all(w in LEVELS for w in words) else [" ".join(words)])
    bad = [p for p in parts if p not in LEVELS]
    if not parts:
        return [], f"chưa ghi cấp học (một hoặc nhiều trong {', '.join(LEVELS)}, cách nhau bởi dấu phẩy)"
    if bad:
        return [], f"cấp học «{', '.join(bad)}» không hợp lệ; dùng {', '.join(LEVELS)}"
    return list(dict.fromkeys(parts)), None


def check_school(s: RosterSchool) -> list[tuple[str, str]]:
    """[(field, Vietnamese problem)] for one school."""
    out = []
    if not CODE_RE.match(s.code or ""):
        out.append(("code", "mã trường phải có 2–20 ký tự chữ, số, dấu chấm, gạch ngang hoặc gạch dưới"))
    if not (s.name or "").strip():
        out.append(("name", "chưa ghi tên trường"))
    if not s.levels or any(lv not in LEVELS for lv in s.levels):
        out.append(("levels", f"cấp học phải thuộc {', '.join(LEVELS)}"))
    return out


def save_school(store: Store, s: RosterSchool) -> None:
    problems = check_school(s)
    if problems:
        raise UserError(f"Trường «{s.name or s.code}»: " + "; ".join(p for _, p in problems) + ".")
    now = utcnow()
    existing = store.row("roster", {"code": s.code})
    values = {
        "name": nfc(s.name.strip()),
        "levels": json.dumps(s.levels),
        "commune": nfc(s.commune.strip()),
        "principal": nfc(s.principal.strip()),
        "contact_name": nfc(s.contact_name.strip()),
        "phone": s.phone.strip(),
        "email": s.email.strip(),
        "active": int(s.active),
        "updated_at": now,
    }
    if not existing:
        values["added_at"] = now
    verb = "Sửa" if existing else "Thêm"
    store.write("roster", {"code": s.code}, values, summary=f"{verb} trường {values['name']} vào danh sách quản lý")


def set_active(store: Store, code: str, active: bool) -> None:
    if not store.row("roster", {"code": code}):
        raise UserError(f"Không có trường mã {code} trong danh sách.")
    store.write(
        "roster",
        {"code": code},
        {"active": int(active), "updated_at": utcnow()},
        summary=f"{'Bật' if active else 'Tắt'} theo dõi trường {code}",
    )


def _from_row(r: dict) -> RosterSchool:
    return RosterSchool(
        r["code"],
        r["name"],
        json.loads(r["levels"]),
        r["commune"],
        r["contact_name"],
        r["phone"],
        r["email"],
        bool(r["active"]),
        r["principal"],
    )


def list_schools(store: Store, active_only: bool = False) -> list[RosterSchool]:
    sql = "SELECT * FROM roster" + (" WHERE active = 1" if active_only else "") + " ORDER BY code"
    return [_from_row(r) for r in store.db.query(sql)]


def get_school(store: Store, code: str) -> RosterSchool | None:
    r = store.row("roster", {"code": code})
    return _from_row(r) if r else None


def read_workbook(path: Path | str) -> list[RosterSchool]:
    """All schools of a roster workbook, or a ValidationError locating every problem (nothing is stored)."""
    from desktop.core import sheets  # openpyxl: only when a workbook is read or written

    path = Path(path)
    problems = sheets.Problems(path.name)
    wb = sheets.open_workbook(path)
    try:
        table = sheets.read_table(wb, SHEET, COLUMNS, {"code", "name", "levels"}, problems)
    finally:
        wb.close()
    out: list[RosterSchool] = []
    seen: dict[str, int] = {}
    for row in table.rows if table else []:
        v = {k: ("" if row.values.get(k) is None else str(row.values[k]).strip()) for k in COLUMNS.values()}
        levels, err = parse_levels(v["levels"])
        if err:
            problems.cell(table, row.number, "levels", err)
        s = RosterSchool(
            v["code"], v["name"], levels, v["commune"], v["contact_name"], v["phone"], v["email"], True, v["principal"]
        )
        for fld, msg in check_school(s):
            if fld != "levels":
                problems.cell(table, row.number, fld, msg)
        if s.code in seen:
            problems.cell(table, row.number, "code", f"mã trường {s.code} trùng với dòng {seen[s.code]}")
        seen.setdefault(s.code, row.number)
        out.append(s)
    if table is not None and not table.rows:
        problems.add("trang tính không có trường nào", SHEET, 2)
    problems.raise_if_any("Danh sách trường có lỗi")
    return out


def import_workbook(store: Store, path: Path | str) -> tuple[int, int]:
    """Add or update every school of the workbook in one transaction; returns (added, updated)."""
    schools = read_workbook(path)
    added = updated = 0
    with store.tx():
        for s in schools:
            if store.row("roster", {"code": s.code}):
                updated += 1
            else:
                added += 1
            save_school(store, s)
    return added, updated


def write_workbook(schools: list[RosterSchool], path: Path | str) -> Path:
    """A roster workbook (also the blank template when `schools` is empty)."""
    import openpyxl

    from desktop.core import sheets

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    sheets.write_table(
        ws,
        list(COLUMNS),
        [
            [s.code, s.name, ", ".join(s.levels), s.commune, s.principal, s.contact_name, s.phone, s.email]
            for s in schools
        ],
        [12, 40, 12, 20, 24, 24, 16, 28],
    )
    return sheets.save_workbook(wb, path)
