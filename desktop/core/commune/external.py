"""External assessment: the managing body's own assessment of a school, started from a copy of the school's
self-assessment (its accepted data file), then edited point by point. Stored in `assessments` with
kind='external' and subject_code = the school's code, so the scoring and undo history are the same as a
school's own."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.commune import datafile
from desktop.core.commune.inbox import accepted_data
from desktop.core.errors import UserError
from desktop.core.periods import Period
from desktop.core.scoring import score
from desktop.core.store import Store
from desktop.core.store.assessments import create_assessment, get_answers, get_assessment, set_answer
from desktop.core.store.indicator_store import ensure_bundled, get_set
from desktop.core.store.profile import ensure_school_year


def _latest(store: Store, school_code: str) -> tuple[dict, datafile.ReportSummary, dict]:
    best = None
    for row, data in accepted_data(store):
        if row["school_code"] == school_code and row["kind"] in ("self-assessment", "year"):
            s = datafile.summarize(data)
            if s.set_id and (best is None or row["id"] > best[0]["id"]):
                best = (row, s, data)
    if not best:
        raise UserError(f"Chưa nhận được báo cáo tự đánh giá nào của trường mã {school_code} để đánh giá ngoài.")
    return best[0], best[1], best[2]


def external_assessment_id(store: Store, school_code: str) -> int | None:
    r = store.db.execute(
        "SELECT id FROM assessments WHERE kind = 'external' AND subject_code = ? ORDER BY id DESC LIMIT 1",
        [school_code],
    ).fetchone()
    return r[0] if r else None


COPIED = "Sao chép từ báo cáo tự đánh giá của trường"


class ReplaceNeedsConfirmation(UserError):
    """A second "Đánh giá ngoài" would replace one that exists: the officer must say so (replace=True)."""


def existing(store: Store, school_code: str) -> dict | None:
    """The school's current external assessment: id, when made and last changed, how many items the officer
    edited since the copy was made (set_points: no longer marked COPIED); None when there is none."""
    aid = external_assessment_id(store, school_code)
    if aid is None:
        return None
    a = get_assessment(store, aid)
    edited = store.db.execute(
        "SELECT COUNT(*) FROM answers WHERE assessment_id = ? AND note IS NOT ?", [aid, COPIED]
    ).fetchone()[0]
    return {"id": aid, "created_at": a["created_at"], "updated_at": a["updated_at"], "edited": edited}


def start_external(store: Store, school_code: str, replace: bool = False) -> int:
    """A new external assessment of the school holding a copy of its self-assessment answers. When one exists
    already, `replace=True` is needed (the officer confirmed): the new copy becomes the school's external
    assessment; the old one stays in the data file, unchanged."""
    ex = existing(store, school_code)
    if ex and not replace:
        edits = f", đã sửa {ex['edited']} chỉ số" if ex["edited"] else ""
        raise ReplaceNeedsConfirmation(
            f"Trường mã {school_code} đã có bản đánh giá ngoài (tạo ngày {_day(ex['created_at'])}{edits}). Tạo bản "
            "mới từ báo cáo của trường sẽ thay bản đang có (bản cũ vẫn được giữ trong tệp dữ liệu)."
        )
    row, s, data = _latest(store, school_code)
    ensure_bundled(store)
    try:
        start_year = Period.parse(str(data.get("report", {}).get("school_year", "")), "school-year").year
    except ValueError:
        raise UserError(
            "Báo cáo của trường không ghi năm học (dạng 2025-2026); không tạo được bản đánh giá ngoài."
        ) from None
    with store.tx():
        year_id = ensure_school_year(store, start_year, current=False)
        aid = create_assessment(
            store, year_id, s.set_id, s.set_version or None, kind="external", subject_code=school_code
        )
        for code, value in s.answers.items():
            set_answer(store, aid, code, value, COPIED)
    return aid


def set_points(store: Store, assessment_id: int, item_code: str, value, note: str | None = None) -> None:
    """The officer's answer for one item: its note replaces the copy's mark (empty without a note), so an edited
    item is told from a copied one by its note, not by a one-second clock."""
    set_answer(store, assessment_id, item_code, value, note or "")


def compare(store: Store, school_code: str) -> list[dict]:
    """Item by item: the school's own points beside the external points (both re-scored)."""
    return side_by_side(store, school_code)["items"]


def side_by_side(store: Store, school_code: str) -> dict:
    """The school's self-assessment beside the external one: per item the answers (as printed) and points, and
    per group and overall the totals and levels. {"assessment_id", "set", "items": [...], "groups": [...],
    "overall": (school's label, external label)}. An item differs when its answer or its points differ."""
    from desktop.core.report.build import answer_text

    aid = external_assessment_id(store, school_code)
    if aid is None:
        raise UserError(f"Chưa có bản đánh giá ngoài của trường mã {school_code}.")
    _, s, _ = _latest(store, school_code)
    a = get_assessment(store, aid)
    iset = get_set(store, a["set_id"], a["set_version"])
    ext_answers = get_answers(store, aid)
    own, ext = score(iset, s.answers), score(iset, ext_answers)
    notes = {
        r["item_code"]: r["note"]
        for r in store.db.query("SELECT item_code, note FROM answers WHERE assessment_id = ?", [aid])
    }
    items = []
    for it in iset.items():
        o, e = own.items[it.code], ext.items[it.code]
        mine, theirs = s.answers.get(it.code), ext_answers.get(it.code)
        items.append(
            {
                "code": it.code,
                "text": it.text,
                "max": it.max_points or Decimal(0),
                "self": o.points,
                "external": e.points,
                "self_answer": answer_text(it, mine),
                "external_answer": answer_text(it, theirs),
                "external_value": theirs,
                "note": "" if notes.get(it.code) == COPIED else notes.get(it.code, ""),
                "differs": o.points != e.points or mine != theirs,
            }
        )
    groups = [
        {
            "code": code,
            "self": own.groups[code].total,
            "external": g.total,
            "name": next((grp.name for grp in iset.groups if grp.code == code), ""),
            "max": g.max,
            "self_level": own.groups[code].level_label,
            "external_level": g.level_label,
        }
        for code, g in ext.groups.items()
    ]
    return {
        "assessment_id": aid,
        "set": iset,
        "items": items,
        "groups": groups,
        "overall": (own.overall_label, ext.overall_label),
        "school_name": s.school_name,
    }


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"
