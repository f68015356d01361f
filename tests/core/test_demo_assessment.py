"""The demo school's self-assessment: a THCS around Mức 2 with something left to do."""
from decimal import Decimal as D

from desktop.core.store import Store
from desktop.core.store.assessments import current_assessment, get_answers, get_notes, score_assessment


def test_demo_self_assessment(demo_db):
    with Store.open(demo_db, lock=False) as store:
        a = current_assessment(store)
        assert (a["set_id"], a["set_version"], a["kind"]) == ("qd4725-2022", "2022.1", "self")
        iset, r = score_assessment(store, a["id"])
        answers = get_answers(store, a["id"])
        assert get_notes(store, a["id"])["1.5.2"].startswith("Phần mềm kiểm tra")
    # hand sums of DEMO_ANSWERS: 6+6+4+3+6+10+0+7+5.5+3+6+5 and 6+6+10+6+5+6+6+8+4
    assert r.groups["1"].total == D("61.5") and r.groups["2"].total == 57
    assert r.groups["1"].level == r.groups["2"].level == r.overall_level == 2
    assert all(r.mandatory.values()) and len(r.mandatory) == 4
    states = {s.state for s in r.items.values()}
    assert {"full", "partial", "zero", "unanswered", "met"} <= states
    assert {c for c in (i.code for i in iset.items()) if c not in answers} == {"1.3.5", "1.7.3", "2.3.6", "2.4.2"}
    assert r.next_steps and r.next_steps[0].gain > 0
