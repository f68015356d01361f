"""A demo report made ready to lock and sign: the pre-send check's errors fixed the way a user would fix them."""
from __future__ import annotations

from desktop.core.store import assessments as asm
from desktop.core.store import reports as rep


def first_valid(item):
    """The first valid answer of an item, by its answer kind (what a user picks first in the form)."""
    kind = item.answer.kind
    if kind in ("yes_no", "condition"):
        return True
    if kind == "choice":
        return item.answer.choices[0].code
    return 0


def answer_the_rest(store) -> None:
    """Answer every unanswered item of the current assessment."""
    a = asm.current_assessment(store)
    if a is None:
        return
    iset, answers = asm.assessment_set(store, a["id"]), asm.get_answers(store, a["id"])
    for item in iset.items():
        if answers.get(item.code) is None:
            asm.set_answer(store, a["id"], item.code, first_valid(item))


def ready_draft(store, kind: str = "self-assessment", period: str = "2025-2026") -> dict:
    answer_the_rest(store)
    return rep.ensure_draft(store, kind, period)
