"""Survey rounds in the data file: a round's questions and forms, the returned answers, the round's state.

Kept in the settings table (one key a round, one key a returned form) and written through Store.write, so every
change is in the history and can be undone, without a table of its own:
- `survey.rounds`: the round ids, oldest first; the last is the current round;
- `survey.round.<id>`: {id, created_at, school, title, fingerprint, questions, forms: {form_id: {row_id, name}}};
- `survey.return.<form_id>`: the answers taken from that form, with what they replaced.

A form id is `<school>.<round>.<row id>`: the school part is the school's code (or, with no code yet, a random
token kept in the data file), so a file from another school or another round is recognised before anything else.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from desktop.core.errors import UserError
from desktop.core.store import lists
from desktop.core.store.db import Store, utcnow
from desktop.core.store.profile import get_school
from desktop.core.survey.questions import QuestionSet, parse

ROUND_RE = re.compile(r"^[A-Za-z0-9\-]{1,20}$")
FORM_RE = re.compile(r"^([A-Za-z0-9\-]{1,40})\.([A-Za-z0-9\-]{1,20})\.([0-9]{1,9})$")
ROUNDS_KEY = "survey.rounds"
TOKEN_KEY = "survey.school_token"


@dataclass(frozen=True)
class Round:
    round_id: str
    created_at: str
    school: str
    questions: QuestionSet
    forms: dict  # form_id -> {"row_id": int, "name": str}

    def form_for_row(self, row_id: int) -> str:
        """The form id given to this teacher row in the round (KeyError: none was)."""
        for fid, t in self.forms.items():
            if t["row_id"] == row_id:
                return fid
        raise KeyError(row_id)


def school_part(store: Store) -> str:
    """The school part of new form ids: the school's code, else this data file's own random token."""
    school = get_school(store)
    code = re.sub(r"[^A-Za-z0-9\-]", "", school.code if school else "")[:40]
    if code:
        return code
    token = store.get_setting(TOKEN_KEY)
    if not token:
        token = "T" + os.urandom(5).hex().upper()
        _put(store, TOKEN_KEY, token, "Khảo sát giáo viên: tạo mã nhận diện trường cho phiếu")
    return token


def form_id(school: str, round_id: str, row_id: int) -> str:
    return f"{school}.{round_id}.{row_id}"


def split_form_id(text: str) -> tuple[str, str, int] | None:
    m = FORM_RE.match(text.strip()) if isinstance(text, str) else None
    return (m.group(1), m.group(2), int(m.group(3))) if m else None


def _put(store: Store, key: str, value: Any, summary: str) -> None:
    store.write(
        "settings", {"key": key}, {"value": json.dumps(value, ensure_ascii=False, default=_json)}, summary=summary
    )


def _json(o: Any) -> Any:
    if isinstance(o, Decimal):
        return str(o)
    raise TypeError(type(o).__name__)


def round_ids(store: Store) -> list[str]:
    return list(store.get_setting(ROUNDS_KEY, []))


def get_round(store: Store, round_id: str) -> Round | None:
    d = store.get_setting(f"survey.round.{round_id}")
    return _round(d) if d else None


def _round(d: dict) -> Round:
    """A round from its stored record."""
    return Round(
        d["id"],
        d["created_at"],
        d["school"],
        parse(d["questions"], "đợt khảo sát"),
        {k: {"row_id": int(v["row_id"]), "name": v["name"]} for k, v in d["forms"].items()},
    )


def current_round(store: Store) -> Round | None:
    ids = round_ids(store)
    return get_round(store, ids[-1]) if ids else None


def previous_round(store: Store, round_id: str) -> Round | None:
    ids = round_ids(store)
    i = ids.index(round_id) if round_id in ids else -1
    return get_round(store, ids[i - 1]) if i > 0 else None


def pick_teachers(store: Store, which: str | list[str] = "all") -> list[dict]:
    """The staff rows to make forms for: "all", or names / row ids (as given by `socds survey status`)."""
    staff = lists.rows(store, "staff")
    if not staff:
        raise UserError("Danh sách giáo viên đang trống: hãy nhập danh sách giáo viên trước (trang Danh sách).")
    if which == "all" or which == ["all"]:
        return staff
    wanted = [which] if isinstance(which, str) else list(which)
    out, missing = [], []
    for w in wanted:
        w = " ".join(str(w).split())
        hit = [r for r in staff if str(r["id"]) == w or r["name"].casefold() == w.casefold()]
        if not hit:
            missing.append(w)
        for r in hit:
            if r not in out:
                out.append(r)
    if missing:
        raise UserError(f"Không có trong danh sách giáo viên: {', '.join(missing)}.")
    return out


def new_round_id(store: Store) -> str:
    year = datetime.now(timezone.utc).year
    ids = round_ids(store)
    n = 1
    while f"{year}-{n}" in ids:
        n += 1
    return f"{year}-{n}"


def start_round(store: Store, qset: QuestionSet, teachers: list[dict], round_id: str | None = None) -> Round:
    """A new round (the current one from now on), or more forms in an existing round with the same questions.

    Adding teachers to an existing round keeps its questions: forms already out must stay valid."""
    with store.tx():
        school = school_part(store)
        rid = round_id or new_round_id(store)
        if not ROUND_RE.match(rid):
            raise UserError(f"Mã đợt «{rid}» không hợp lệ: chỉ chữ không dấu, số và gạch ngang, tối đa 20 ký tự.")
        old = get_round(store, rid)
        if old is not None and old.questions.fingerprint != qset.fingerprint:
            raise UserError(f"Đợt {rid} đã phát phiếu với bộ câu hỏi khác; muốn đổi câu hỏi thì tạo đợt mới.")
        forms = dict(old.forms) if old else {}
        for t in teachers:
            fid = form_id(old.school if old else school, rid, t["id"])
            forms[fid] = {"row_id": t["id"], "name": t["name"]}
        record = {
            "id": rid,
            "created_at": old.created_at if old else utcnow(),
            "school": old.school if old else school,
            "questions": qset.canonical(),
            "fingerprint": qset.fingerprint,
            "forms": forms,
        }
        _put(
            store,
            f"survey.round.{rid}",
            record,
            f"Khảo sát giáo viên: {'thêm phiếu vào' if old else 'mở'} đợt {rid} ({len(teachers)} phiếu)",
        )
        if rid not in round_ids(store):
            _put(store, ROUNDS_KEY, [*round_ids(store), rid], f"Khảo sát giáo viên: đợt {rid} là đợt hiện tại")
    return _round(record)


# ---- returns ------------------------------------------------------------------------------------------------
def get_return(store: Store, fid: str) -> dict | None:
    return store.get_setting(f"survey.return.{fid}")


def put_return(store: Store, fid: str, record: dict, summary: str) -> None:
    _put(store, f"survey.return.{fid}", record, summary)


def returns(store: Store, rnd: Round) -> dict[str, dict]:
    out = {}
    for fid in rnd.forms:
        r = get_return(store, fid)
        if r:
            out[fid] = r
    return out
