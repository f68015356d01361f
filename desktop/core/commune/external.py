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
from desktop.core.store.assessments import create_assessment, get_answers, set_answer
from desktop.core.store.indicator_store import ensure_bundled, get_set
from desktop.core.store.profile import ensure_school_year


def _latest(store: Store, school_code: str) -> tuple[dict, datafile.ReportSummary]:
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


def start_external(store: Store, school_code: str) -> int:
    """A new external assessment of the school holding a copy of its self-assessment answers."""
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
            set_answer(store, aid, code, value, "Sao chép từ báo cáo tự đánh giá của trường")
    return aid


def set_points(store: Store, assessment_id: int, item_code: str, value, note: str | None = None) -> None:
    set_answer(store, assessment_id, item_code, value, note)


def compare(store: Store, school_code: str) -> list[dict]:
    """Item by item: the school's own points beside the external points (both re-scored)."""
    aid = external_assessment_id(store, school_code)
    if aid is None:
        raise UserError(f"Chưa có bản đánh giá ngoài của trường mã {school_code}.")
    _, s, _ = _latest(store, school_code)
    a = store.row("assessments", {"id": aid})
    iset = get_set(store, a["set_id"], a["set_version"])
    own, ext = score(iset, s.answers), score(iset, get_answers(store, aid))
    out = []
    for it in iset.items():
        o, e = own.items[it.code], ext.items[it.code]
        out.append(
            {
                "code": it.code,
                "text": it.text,
                "max": it.max_points or Decimal(0),
                "self": o.points,
                "external": e.points,
                "differs": o.points != e.points,
            }
        )
    return out
