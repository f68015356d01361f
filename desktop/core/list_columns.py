"""Which column of a school's own staff/room workbook is which: headers matched without regard to diacritics,
case, spacing or punctuation, Vietnamese variants accepted, other columns (STT, Ngày sinh…) ignored.

A header matched exactly (a known variant, or an item code such as "1.6.1 …") is sure; one matched by a key word
only ("Đã có tài khoản") is a guess the user confirms in a mapping step. The header row need not be the first:
school files often start with a title, so the first rows are searched for the one that names the name column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

HEADER_SEARCH_ROWS = 10

NAME_SURE = {
    "staff": {
        "ho va ten",
        "ho ten",
        "ho va ten giao vien",
        "ho ten giao vien",
        "ten giao vien",
        "giao vien",
        "ho va ten can bo giao vien",
        "ho va ten cb gv nv",
        "ho va ten cbgvnv",
        "ho va ten nha giao",
        "ho ten nha giao",
        "ten can bo",
        "can bo giao vien",
    },
    "room": {
        "ten phong hoc",
        "phong hoc",
        "ten phong",
        "phong",
        "ten lop",
        "lop",
        "lop hoc",
        "phong lop",
        "ten lop hoc",
    },
}
# key words of the bundled set's share items, for headers written in the school's own words
FLAG_WORDS = {
    "1.6.1": ("tai khoan", "boi duong", "tap huan"),
    "1.6.2": ("phan mem", "doi moi phuong phap"),
    "1.6.3": ("hoc lieu",),
    "1.7.1": ("may chieu", "man hinh", "tivi", "ti vi", "internet"),
}


def norm(text: Any) -> str:
    """'Họ và Tên ' → 'ho va ten': NFD without marks, đ → d, case-folded, punctuation as spaces."""
    t = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z.]+", " ", t).replace(". ", " ").split()).strip(" .")


def _name_guess(kind: str, h: str) -> bool:
    words = set(h.split())
    if kind == "staff":
        return ("ho" in words and "ten" in words) or ("ten" in words and ("giao" in words or "nhan" in words))
    return "phong" in words or "lop" in words


@dataclass
class ColumnPlan:
    """How the columns of one sheet map to the list's fields."""

    sheet: str
    header_row: int  # 1-based
    headers: dict[int, str]  # 1-based column → header text as written
    targets: dict[str, str]  # key ("name" or an item code) → what it is, in Vietnamese
    mapping: dict[str, int] = field(default_factory=dict)  # key → column
    guessed: set[str] = field(default_factory=set)  # keys matched by a key word only

    @property
    def ignored(self) -> list[str]:
        used = set(self.mapping.values())
        return [h for c, h in sorted(self.headers.items()) if c not in used]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.guessed) or "name" not in self.mapping


def match_headers(kind: str, targets: dict[str, str], header: list[Any]) -> tuple[dict[str, int], set[str]]:
    """(key → column, keys guessed) for one header row; each column and each key used at most once."""
    normed = {i: norm(v) for i, v in enumerate(header, start=1) if v is not None and norm(v)}
    mapping: dict[str, int] = {}
    guessed: set[str] = set()
    flag_keys = [k for k in targets if k != "name"]
    for col, h in normed.items():  # sure matches first
        key = None
        if h in NAME_SURE.get(kind, set()) or h == norm(targets["name"]):
            key = "name"
        else:
            key = next((k for k in flag_keys if h == norm(k) or h.startswith(norm(k) + " ")), None)
            key = key or next((k for k in flag_keys if h == norm(targets[k])), None)
        if key and key not in mapping:
            mapping[key] = col
    used = set(mapping.values())
    for col, h in normed.items():  # then key words, for what is still missing
        if col in used:
            continue
        key = None
        if "name" not in mapping and _name_guess(kind, h):
            key = "name"
        else:
            key = next(
                (k for k in flag_keys if k not in mapping and any(w in h for w in FLAG_WORDS.get(k, ()))),
                None,
            )
        if key:
            mapping[key] = col
            guessed.add(key)
            used.add(col)
    return mapping, guessed


def plan_columns(kind: str, targets: dict[str, str], sheet: str, first_rows: list[tuple]) -> ColumnPlan | None:
    """The plan for the first header-like row among `first_rows` (the sheet's first rows); None when no row names
    a name column."""
    best: ColumnPlan | None = None
    for number, raw in enumerate(first_rows[:HEADER_SEARCH_ROWS], start=1):
        mapping, guessed = match_headers(kind, targets, list(raw))
        if "name" not in mapping:
            continue
        plan = ColumnPlan(
            sheet,
            number,
            {i: str(v).strip() for i, v in enumerate(raw, start=1) if v is not None and str(v).strip()},
            targets,
            mapping,
            guessed,
        )
        if best is None or (len(plan.mapping) - len(plan.guessed), -len(plan.guessed)) > (
            len(best.mapping) - len(best.guessed),
            -len(best.guessed),
        ):
            best = plan
        if not plan.guessed:
            break
    return best
