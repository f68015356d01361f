"""The school profile, its people and its school years."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from desktop.core.errors import UserError, nfc
from desktop.core.periods import Period
from desktop.core.store.db import Store, utcnow

LEVELS = {
    "MN": "Mầm non",
    "TH": "Tiểu học",
    "THCS": "Trung học cơ sở",
    "THPT": "Trung học phổ thông",
    "GDTX": "Giáo dục thường xuyên",
}
ROLE_TITLES = {
    "principal": "Hiệu trưởng",
    "deputy": "Phó Hiệu trưởng",
    "focal_point": "Đầu mối chuyển đổi số",
    "technical_focal": "Đầu mối kỹ thuật",
    "staff": "Cán bộ, giáo viên",
    "other": "",
}


@dataclass
class School:
    """The school's profile as the data file keeps it."""

    name: str
    code: str = ""
    levels: list[str] = field(default_factory=list)
    address: str = ""
    commune: str = ""
    province: str = ""
    managing_body: str = ""
    managing_body_kind: str = "commune"
    phone: str = ""
    email: str = ""
    website: str = ""
    doc_code: str = ""
    place_name: str = ""


def suggest_managing_body(levels: list[str], commune: str, province: str) -> tuple[str, str]:
    """Since 1/7/2025 the commune manages MN/TH/THCS; the Sở manages THPT and GDTX (and liên cấp with THPT)."""
    if any(lv in ("THPT", "GDTX") for lv in levels):
        return "so", f"Sở Giáo dục và Đào tạo {province}".strip()
    name = commune.strip()
    if name and not name.lower().startswith(("ubnd", "ủy ban", "uỷ ban")):
        name = f"UBND {name}"
    return "commune", name


def get_school(store: Store) -> School | None:
    row = store.row("school", {"id": 1})
    if not row:
        return None
    row.pop("id")
    row.pop("updated_at")
    row["levels"] = json.loads(row["levels"])
    return School(**row)


def save_school(store: Store, school: School) -> None:
    unknown = [lv for lv in school.levels if lv not in LEVELS]
    if unknown:
        raise UserError(f"Cấp học không hợp lệ: {', '.join(unknown)}. Chọn trong: {', '.join(LEVELS)}.")
    if not school.name.strip():
        raise UserError("Tên trường không được để trống.")
    _check_contact(school, get_school(store))
    values = {k: (nfc(v.strip()) if isinstance(v, str) else v) for k, v in asdict(school).items()}
    values["levels"] = json.dumps(values["levels"])
    values["updated_at"] = utcnow()
    store.write("school", {"id": 1}, values, summary="Cập nhật thông tin nhà trường")


def _check_contact(new: School, old: School | None) -> None:
    """The e-mail and phone are checked when they change (a value stored before these checks stays editable
    around it). The school code's form is checked by the forms as it is entered and said on the dashboard, not
    refused here: a file made with a short test code must still open and save."""
    from desktop.core.contact import email_problem, phone_problem

    def changed(name: str) -> bool:
        return old is None or getattr(old, name).strip() != getattr(new, name).strip()

    found = []
    if changed("email"):
        found.append(email_problem(new.email))
    if changed("phone"):
        found.append(phone_problem(new.phone))
    problems = [p for p in found if p]
    if problems:
        raise UserError("Thông tin nhà trường chưa lưu: " + "; ".join(problems) + ".")


def list_people(store: Store, role: str | None = None) -> list[dict]:
    sql = "SELECT * FROM people WHERE removed_at IS NULL"
    args: list = []
    if role:
        sql += " AND role = ?"
        args.append(role)
    return [dict(r) for r in store.db.query(sql + " ORDER BY sort_order, id", args)]


def save_person(
    store: Store,
    role: str,
    full_name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    person_id: int | None = None,
    sort_order: int = 0,
) -> int:
    if role not in ROLE_TITLES:
        raise UserError(f"Vai trò không hợp lệ: {role}.")
    if not full_name.strip():
        raise UserError("Họ và tên không được để trống.")
    values = {
        "role": role,
        "full_name": nfc(full_name.strip()),
        "title": nfc(title.strip() or ROLE_TITLES[role]),
        "phone": phone.strip(),
        "email": email.strip(),
        "sort_order": sort_order,
    }
    from desktop.core.contact import email_problem, phone_problem

    before = store.row("people", {"id": person_id}) if person_id else None
    problems = [
        p
        for field_name, check in (("phone", phone_problem), ("email", email_problem))
        if (before is None or before[field_name] != values[field_name]) and (p := check(str(values[field_name])))
    ]
    if problems:
        raise UserError(f"Thông tin của {values['full_name']} chưa lưu: " + "; ".join(problems) + ".")
    summary = f"Cập nhật người: {values['full_name']}"
    if person_id:
        store.write("people", {"id": person_id}, values, summary=summary)
        return person_id
    return store.insert("people", values, summary=summary)


def remove_person(store: Store, person_id: int) -> None:
    """Remove a person (undoable). The school's only principal cannot be removed: reports need the signer."""
    row = store.row("people", {"id": person_id})
    if row and row["role"] == "principal" and not row["removed_at"] and len(list_people(store, "principal")) <= 1:
        raise UserError(
            f"Không thể để trống tên Hiệu trưởng ({row['full_name']}): báo cáo cần người ký. Muốn thay người, "
            "hãy gõ tên người mới vào ô này."
        )
    store.write("people", {"id": person_id}, {"removed_at": utcnow()}, summary="Xóa một người khỏi danh sách")


def ensure_school_year(store: Store, start_year: int, current: bool = True) -> int:
    year = Period("school-year", start_year)
    label = str(year)
    row = store.db.execute("SELECT id FROM school_years WHERE label = ?", [label]).fetchone()
    with store.tx():
        if row:
            year_id = row[0]
        else:
            year_id = store.insert(
                "school_years",
                {
                    "label": label,
                    "start_date": year.first.isoformat(),
                    "end_date": year.last.isoformat(),
                    "is_current": 0,
                },
                summary=f"Thêm năm học {label}",
            )
        if current:
            store.db.execute("UPDATE school_years SET is_current = (id = ?)", (year_id,))
    return year_id


def current_school_year(store: Store) -> dict | None:
    rows = list(store.db.query("SELECT * FROM school_years ORDER BY is_current DESC, label DESC LIMIT 1"))
    return rows[0] if rows else None


def list_school_years(store: Store) -> list[dict]:
    """Every school year of the data file, newest first."""
    return [dict(r) for r in store.db.query("SELECT * FROM school_years ORDER BY label DESC")]


def require_school_year(store: Store) -> dict:
    """The current school year; a UserError when the file has none yet."""
    year = current_school_year(store)
    if year is None:
        raise UserError("Chưa có năm học nào trong tệp dữ liệu. Hãy tạo năm học trước.")
    return year
