"""Assessments and their answers. An assessment is pinned to one installed version of an indicator set, so
installing a newer version never changes how an existing assessment scores. Every answer edit goes through
Store.write (undoable, in the history)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from desktop.core.bands import num_text, to_decimal, vn_number
from desktop.core.errors import Location, UserError, ValidationError, nfc
from desktop.core.indicators import IndicatorSet
from desktop.core.preschool import HOW_TO_LOAD, applies, kept_text, not_loaded_text, preschool_only
from desktop.core.scoring import ScoreResult, check_value, score
from desktop.core.shares import answer_problem
from desktop.core.store.db import Store, utcnow
from desktop.core.store.indicator_store import get_set, needs_preschool_notice
from desktop.core.store.profile import current_school_year, get_school


def dump_value(value: Any) -> str | None:
    """An answer as JSON text; decimals stay exact (written as JSON numbers, never through float)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return num_text(to_decimal(value))


def load_value(text: str | None) -> Any:
    return None if text is None else json.loads(text, parse_float=Decimal)


def create_assessment(
    store: Store,
    school_year_id: int,
    set_id: str,
    version: str | None = None,
    kind: str = "self",
    subject_code: str = "",
    based_on: int | None = None,
) -> int:
    iset = get_set(store, set_id, version)  # pins the newest installed version when none is given
    if not store.row("school_years", {"id": school_year_id}):
        raise UserError("Năm học không tồn tại trong tệp dữ liệu.")
    if kind == "self":
        if not set_applies(store, iset.levels):
            raise UserError(
                f"Bộ chỉ số «{iset.title}» không áp dụng cho trường mầm non (bộ này dành cho cấp học "
                f"{', '.join(iset.levels)}). {HOW_TO_LOAD}"
            )
    now = utcnow()
    return store.insert(
        "assessments",
        {
            "school_year_id": school_year_id,
            "set_id": iset.set_id,
            "set_version": iset.version,
            "kind": kind,
            "subject_code": subject_code,
            "based_on": based_on,
            "created_at": now,
            "updated_at": now,
        },
        summary=f"Tạo bản đánh giá theo bộ chỉ số {iset.ref}",
    )


def get_assessment(store: Store, assessment_id: int) -> dict:
    row = store.row("assessments", {"id": assessment_id})
    if not row:
        raise UserError(f"Không có bản đánh giá số {assessment_id}.")
    return row


def list_assessments(store: Store, school_year_id: int | None = None) -> list[dict]:
    sql, args = "SELECT * FROM assessments", []
    if school_year_id is not None:
        sql, args = sql + " WHERE school_year_id = ?", [school_year_id]
    return [dict(r) for r in store.db.query(sql + " ORDER BY id", args)]


def set_applies(store: Store, set_levels: tuple[str, ...] | list[str]) -> bool:
    """Whether a set with these levels applies to this school by its CURRENT levels (the profile can be corrected
    after an assessment was made): the one place the dashboard, the assessment page, the reports and the calendar
    ask (preschool.applies holds the rule, issue 19)."""
    school = get_school(store)
    return applies(set_levels, school.levels if school else None)


def _self_rows(store: Store, school_year_id: int) -> list[dict]:
    sql = "SELECT * FROM assessments WHERE school_year_id = ? AND kind = 'self' ORDER BY id DESC"
    return [dict(r) for r in store.db.query(sql, [school_year_id])]


def _split(store: Store, school_year_id: int) -> tuple[list[dict], list[dict]]:
    """The year's self-assessments, newest first: (those whose set applies to the school now, those kept that don't)."""
    rows = _self_rows(store, school_year_id)
    school = get_school(store)
    if not rows or not (school and preschool_only(school.levels)):  # only a preschool can hold one that doesn't apply
        return rows, []
    fits: list[dict] = []
    kept: list[dict] = []
    for r in rows:
        (fits if set_applies(store, get_set(store, r["set_id"], r["set_version"]).levels) else kept).append(r)
    return fits, kept


def self_assessment(store: Store, school_year_id: int) -> dict | None:
    """The school's own assessment of a school year on a set that applies to it now (the newest if several)."""
    fits, _kept = _split(store, school_year_id)
    return fits[0] if fits else None


def kept_assessment(store: Store, school_year_id: int) -> dict | None:
    """The newest self-assessment of a school year on a set that no longer applies to the school (a preschool first
    declared with another level): kept untouched in the data file, never scored or reported."""
    _fits, kept = _split(store, school_year_id)
    return kept[0] if kept else None


NO_ASSESSMENT = "Chưa có bản tự đánh giá. Vào «Hồ sơ nhà trường» để khai báo trường, năm học và bộ chỉ số."


def no_assessment_text(store: Store) -> str:
    """What the dashboard and the assessment page say when the school has no self-assessment to show this year:
    an earlier one made on a set that no longer applies (a school corrected to preschool only) is kept unchanged and
    why it is not shown; a preschool is told the QĐ 3276 set is not loaded and how to load it; else where to start."""
    school = get_school(store)
    text = (
        not_loaded_text()
        if school and preschool_only(school.levels) and needs_preschool_notice(store)
        else NO_ASSESSMENT
    )
    year = current_school_year(store)
    kept = kept_assessment(store, year["id"]) if year else None
    if kept:
        iset = assessment_set(store, kept["id"])
        number = iset.legal_basis.get("number", "")
        title = (
            iset.title[:1].lower() + iset.title[1:]
        )  # "Bộ chỉ số đánh giá …" mid-sentence, not "bộ chỉ số Bộ chỉ số"
        name = title if title.startswith("bộ chỉ số") else f"bộ chỉ số {title}"
        text = kept_text(name + (f" (Quyết định {number})" if number else "")) + " " + text
    return text


def current_assessment(store: Store) -> dict | None:
    """The school's own assessment of the current school year on a set that applies to the school (the newest one if
    there are several)."""
    year = current_school_year(store)
    return self_assessment(store, year["id"]) if year else None


def assessment_set(store: Store, assessment_id: int) -> IndicatorSet:
    a = get_assessment(store, assessment_id)
    return get_set(store, a["set_id"], a["set_version"])


def set_answer(
    store: Store,
    assessment_id: int,
    item_code: str,
    value: Any,
    note: str | None = None,
    basis: dict | None = None,
) -> None:
    """Record one answer (None clears it), checked against the item of the assessment's own set version.

    `basis` is the share a share item's answer was based on (desktop/core/shares.py); given, it replaces the
    stored one; not given, the stored one stays (typing the points by hand keeps the school's share). Clearing
    the answer clears it."""
    iset = assessment_set(store, assessment_id)
    try:
        item = iset.item(item_code)
    except KeyError:
        raise UserError(f"Mục «{item_code}» không có trong bộ chỉ số {iset.ref} của bản đánh giá này.") from None
    msg = answer_problem(item, value)
    if msg:
        raise ValidationError([(Location(path=item_code), msg)], title="Câu trả lời không hợp lệ")
    values: dict[str, Any] = {"value": dump_value(value), "updated_at": utcnow()}
    if basis is not None or value is None:
        values["basis"] = json.dumps(basis, ensure_ascii=False, sort_keys=True) if basis and value is not None else None
    if note is not None:
        values["note"] = nfc(note.strip())
    shown = (
        "xóa câu trả lời"
        if value is None
        else (
            "có"
            if value is True
            else "không"
            if value is False
            else vn_number(to_decimal(value))
            if not isinstance(value, str)
            else value
        )
    )
    with store.tx():
        store.write(
            "answers",
            {"assessment_id": assessment_id, "item_code": item_code},
            values,
            summary=f"Mục {item_code}: {shown}",
        )
        store.write(
            "assessments",
            {"id": assessment_id},
            {"updated_at": values["updated_at"]},
            summary=f"Mục {item_code}: {shown}",
        )


def get_answers(store: Store, assessment_id: int) -> dict[str, Any]:
    return {
        r["item_code"]: load_value(r["value"])
        for r in store.db.query(
            "SELECT item_code, value FROM answers WHERE assessment_id = ? AND value IS NOT NULL", [assessment_id]
        )
    }


def get_bases(store: Store, assessment_id: int) -> dict[str, dict]:
    """The shares the answers of share items were based on (item code → basis), where one was recorded."""
    out = {}
    for r in store.db.query(
        "SELECT item_code, basis FROM answers WHERE assessment_id = ? AND basis IS NOT NULL", [assessment_id]
    ):
        try:
            b = json.loads(r["basis"])
        except ValueError:
            continue
        if isinstance(b, dict):
            out[r["item_code"]] = b
    return out


def get_notes(store: Store, assessment_id: int) -> dict[str, str]:
    return {
        r["item_code"]: r["note"]
        for r in store.db.query(
            "SELECT item_code, note FROM answers WHERE assessment_id = ? AND note != ''", [assessment_id]
        )
    }


def score_assessment(store: Store, assessment_id: int) -> tuple[IndicatorSet, ScoreResult]:
    iset = assessment_set(store, assessment_id)
    answers = get_answers(store, assessment_id)
    known = {i.code for i in iset.items()}
    return iset, score(iset, {c: v for c, v in answers.items() if c in known})


def copy_to_version(store: Store, assessment_id: int, version: str | None = None) -> tuple[int, list[str]]:
    """A new assessment on another version of the same set, starting from this one's answers (the old one is
    kept as it was). Returns the new id and the item codes whose answers could not be carried over."""
    old = get_assessment(store, assessment_id)
    target = get_set(store, old["set_id"], version)
    skipped = []
    with store.tx():
        new_id = create_assessment(
            store,
            old["school_year_id"],
            target.set_id,
            target.version,
            old["kind"],
            old["subject_code"],
            based_on=assessment_id,
        )
        notes = get_notes(store, assessment_id)
        for code, value in get_answers(store, assessment_id).items():
            try:
                item = target.item(code)
            except KeyError:
                skipped.append(code)
                continue
            if check_value(item, value):
                skipped.append(code)
                continue
            set_answer(store, new_id, code, value, notes.get(code))
    return new_id, skipped


def answers_document(store: Store, assessment_id: int) -> dict:
    """The assessment's answers in the answers-file format (desktop/core/answers_file.py)."""
    from desktop.core import answers_file

    a = get_assessment(store, assessment_id)
    return answers_file.document(
        a["set_id"], a["set_version"], get_answers(store, assessment_id), get_notes(store, assessment_id)
    )
