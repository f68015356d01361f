"""Making a round's forms: one PDF and one workbook a teacher, named by round and list row (never by the teacher's
name: names stay inside the documents)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.fileio import describe_os_error, write_bytes
from desktop.core.store.db import Store
from desktop.core.store.profile import get_school
from desktop.core.survey import pdf_form, rounds, xlsx_form
from desktop.core.survey.questions import QuestionSet

FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class MadeForm:
    teacher: str
    form_id: str
    files: tuple[Path, ...]


def file_stem(round_id: str, row_id: int) -> str:
    return f"phieu-khao-sat-{round_id}-gv{row_id:03d}"


def make_forms(
    store: Store,
    qset: QuestionSet,
    out_dir: Path | str,
    teachers: str | list[str] = "all",
    round_id: str | None = None,
    formats: tuple[str, ...] = FORMATS,
    progress=None,
) -> tuple[rounds.Round, list[MadeForm]]:
    """Open a round (or add forms to `round_id`) and write the forms into `out_dir`."""
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserError(f"Dạng phiếu không hợp lệ: {', '.join(bad) or '(trống)'}. Chọn pdf, xlsx hoặc cả hai.")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(describe_os_error(exc, out_dir)) from exc
    chosen = rounds.pick_teachers(store, teachers)
    school = get_school(store)
    school_name = school.name if school else "Nhà trường"
    rnd = rounds.start_round(store, qset, chosen, round_id)
    made = []
    paragraphs: dict = {}
    book = xlsx_form.Template(rnd.questions, school_name, rnd.round_id) if "xlsx" in formats else None
    for i, t in enumerate(chosen):
        fid = rnd.form_for_row(t["id"])
        head = pdf_form.FormHeader(school_name, rnd.round_id, t["name"], fid)
        stem = file_stem(rnd.round_id, t["id"])
        files = []
        if "pdf" in formats:
            files.append(write_bytes(out_dir / f"{stem}.pdf", pdf_form.render(rnd.questions, head, paragraphs)))
        if book is not None:
            files.append(write_bytes(out_dir / f"{stem}.xlsx", book.render(t["name"], fid)))
        made.append(MadeForm(t["name"], fid, tuple(files)))
        if progress:
            progress(i + 1, len(chosen))
    return rnd, made
