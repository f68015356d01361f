"""Issue 19: the indicator set follows the school's CURRENT levels. A school assessed under QĐ 4725 while wrongly
declared THCS, then corrected to MN only, gets no QĐ 4725 score, report or calendar item; its assessment stays in
the data file untouched."""
from datetime import date

import pytest

from desktop.core.errors import UserError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.preschool import QD4725_LEVELS, applies
from desktop.core.report.build import build_report_data
from desktop.core.store import assessments as asm
from desktop.core.store import profile as prof
from desktop.core.store.due import due_for_store
from tests.core.corrected_preschool import corrected_preschool


def test_the_rule_and_the_4725_levels_it_is_given():
    assert [s.levels for s in bundled_sets() if s.set_id == "qd4725-2022"] == [QD4725_LEVELS]
    assert not applies(QD4725_LEVELS, ["MN"]) and applies(["MN"], ["MN"])
    assert applies(QD4725_LEVELS, ["MN", "TH"]) and applies(QD4725_LEVELS, ["THCS"]) and applies(QD4725_LEVELS, [])


def test_corrected_preschool_has_no_4725_assessment_but_keeps_it(store):
    aid = corrected_preschool(store)
    year = prof.current_school_year(store)
    assert asm.current_assessment(store) is None
    assert asm.self_assessment(store, year["id"]) is None
    assert asm.kept_assessment(store, year["id"])["id"] == aid
    assert asm.get_answers(store, aid) == {"1.1": True}  # nothing lost
    # corrected back to a general-education level: the same assessment applies again
    school = prof.get_school(store)
    school.levels = ["MN", "TH"]
    prof.save_school(store, school)
    assert asm.current_assessment(store)["id"] == aid and asm.kept_assessment(store, year["id"]) is None


def test_corrected_preschool_report_and_calendar(store):
    corrected_preschool(store)
    with pytest.raises(UserError) as err:
        build_report_data(store, "self-assessment", today=date(2026, 4, 5))
    msg = str(err.value)
    assert "Trường mầm non không lập báo cáo tự đánh giá theo bộ chỉ số QĐ 4725" in msg
    assert "socds indicators import" in msg
    rd = build_report_data(store, "year", "2026", today=date(2026, 4, 5))
    assert rd.assessment is None  # the year report says why it has no self-assessment (the preschool statement)
    due = due_for_store(store, date(2026, 5, 1), horizon_days=60)
    assert not [d for d in due if d.kind == "self-assessment"]


def test_new_4725_assessment_refused_after_correction(store):
    corrected_preschool(store)
    year = prof.current_school_year(store)
    with pytest.raises(UserError, match="không áp dụng cho trường mầm non"):
        asm.create_assessment(store, year["id"], "qd4725-2022")
