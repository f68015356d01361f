"""Screenshots of the teachers' survey dialog (called from desktop/ui/screenshots.py): the forms made for the demo
staff, two paper forms typed in, one blank form dropped back (refused, said why), and the round."""
from __future__ import annotations

from pathlib import Path


def survey_shots(w, store, shot, tmp: Path) -> None:
    from desktop.core.survey import collect as col
    from desktop.core.survey import questions as Q
    from desktop.core.survey.make import make_forms

    w.show_page(w.lists_page)
    dlg = w.lists_page.survey_dialog()
    dlg.resize(1100, 680)
    dlg.show()
    shot(dlg, "04-lists-survey-make")
    rnd, made = make_forms(store, Q.bundled(), tmp / "phieu")
    answers = [("có", "có", "có", "có", "không"), ("có", "không", "không", "có", "có")]
    for m, a in zip(made, answers):
        col.enter(store, m.form_id, dict(zip([q.qid for q in rnd.questions.questions], a)))
    dlg.show_outcomes(col.collect(store, [made[2].files[0]]))
    shot(dlg, "04-lists-survey-collect")
    dlg.tabs.setCurrentIndex(2)
    shot(dlg, "04-lists-survey-round")
    dlg.close()
