"""The reporting calendar across month, quarter and year ends, and each seed pack's rhythm."""
from datetime import date

import pytest

from desktop.core.schedule import due_items, undated_reports
from desktop.core.plan_parse import bundled_packs


@pytest.fixture(scope="module")
def packs():
    return {p.pack_id: p for p in bundled_packs()}


def reports(items):
    return [(i.kind, i.due, i.period, i.overdue) for i in items if i.kind in ("month", "quarter", "year")]


def test_ninh_binh_rhythm_over_the_year_end(packs):
    nb = packs["ninhbinh-27-kh-sgddt-2025"]
    items = due_items([nb], date(2025, 12, 15), horizon_days=40, include_self_assessment=False,
                      done_reports={("month", f"2025-{m}") for m in ("09", "10", "11")} | {("quarter", "2025-Q3")})
    assert reports(items) == [
        ("year", date(2025, 12, 10), "2025", True),            # yearly before 10/12: five days late
        ("month", date(2025, 12, 20), "2025-12", False),       # monthly before the 20th
        ("quarter", date(2025, 12, 20), "2025-Q4", False),     # quarterly before the 20th of December
    ]                                                          # a 2025 plan: nothing for January 2026 (issue 19)
    # 10/12 has just passed: the yearly report is overdue, as is November's monthly report
    items = due_items([nb], date(2025, 12, 11), horizon_days=5, include_self_assessment=False,
                      done_reports={("month", "2025-09"), ("month", "2025-10"), ("quarter", "2025-Q3")})
    assert reports(items) == [("month", date(2025, 11, 20), "2025-11", True), ("year", date(2025, 12, 10), "2025", True)]
    # once sent, it is no longer listed
    items = due_items([nb], date(2025, 12, 11), horizon_days=5, include_self_assessment=False,
                      done_reports={("month", "2025-09"), ("month", "2025-10"), ("quarter", "2025-Q3"), ("year", "2025")})
    assert reports(items) == [("month", date(2025, 11, 20), "2025-11", True)]


def test_quarter_end_and_due_day_itself(packs):
    nb = packs["ninhbinh-27-kh-sgddt-2025"]
    items = due_items([nb], date(2025, 9, 20), horizon_days=0, include_self_assessment=False)
    # on the due day itself, nothing is overdue yet
    assert reports(items) == [("month", date(2025, 9, 20), "2025-09", False), ("quarter", date(2025, 9, 20), "2025-Q3", False)]
    items = due_items([nb], date(2025, 9, 21), horizon_days=10, include_self_assessment=False)
    assert reports(items) == [("month", date(2025, 9, 20), "2025-09", True), ("quarter", date(2025, 9, 20), "2025-Q3", True)]
    # month end: from 31/10 the next monthly report is November's, 20/11
    items = due_items([nb], date(2025, 10, 31), horizon_days=29, include_self_assessment=False,
                      done_reports={("month", "2025-09"), ("month", "2025-10"), ("quarter", "2025-Q3")})
    assert reports(items) == [("month", date(2025, 11, 20), "2025-11", False)]


def test_reports_follow_the_plan_life(packs):
    """Issue 19: plan 004, signed 19/9/2025 for the year 2025, asks for no July or August report and none in 2026;
    an unsent report stays overdue however long ago it fell due."""
    nb = packs["ninhbinh-27-kh-sgddt-2025"]
    assert nb.life == (date(2025, 9, 19), date(2025, 12, 31))
    items = due_items([nb], date(2026, 4, 15), horizon_days=400, include_self_assessment=False)
    got = reports(items)
    assert [p for k, _, p, _ in got if k == "month"] == ["2025-09", "2025-10", "2025-11", "2025-12"]
    assert [p for k, _, p, _ in got if k != "month"] == ["2025-Q3", "2025", "2025-Q4"] and all(o for *_, o in got)
    rows = {(i.kind, i.row_id): i for i in items}
    assert rows[("target", "CT-PL1.3")].overdue and rows[("target", "CT-PL1.3")].due == date(2025, 12, 31)
    sent = {("month", p) for _, _, p, _ in got} | {("quarter", "2025-Q3"), ("quarter", "2025-Q4"), ("year", "2025")}
    assert reports(due_items([nb], date(2026, 4, 15), include_self_assessment=False, done_reports=sent)) == []
    # a plan without a date in its copy falls back on the look-back window
    dn = packs["dongnai-kh-cntt-cds-2026"]
    assert dn.life == (date(2026, 4, 1), date(2026, 12, 31))


def test_dong_nai_fixed_date_and_on_request(packs):
    dn = packs["dongnai-kh-cntt-cds-2026"]
    items = due_items([dn], date(2026, 5, 1), horizon_days=60, include_self_assessment=False)
    rep = [i for i in items if i.row_id == "BC-1"]
    # the garbled "15 tháng 6 của tháng và năm 2026": a report due 15/6, not the 2026 yearly report (issue 19)
    assert [(i.kind, i.due, i.period, i.overdue, i.to) for i in rep] == [
        ("other", date(2026, 6, 15), "2026-06", False, "Sở GDĐT (qua Văn phòng Sở)")]
    assert [r.report_id for _, r in undated_reports([dn])] == ["BC-2", "BC-3"]
    late = due_items([dn], date(2026, 6, 16), horizon_days=10, include_self_assessment=False)
    assert [(i.row_id, i.overdue) for i in late if i.row_id == "BC-1"] == [("BC-1", True)]
    # 10/10 is the day of Ngày Chuyển đổi số quốc gia, not a deadline: nothing falls due then (the unsent 15/6
    # report is still overdue)
    oct_items = due_items([dn], date(2026, 10, 1), horizon_days=15, include_self_assessment=False)
    assert [(i.row_id, i.overdue) for i in oct_items] == [("BC-1", True)]


def test_self_assessment_before_31_may(packs):
    items = due_items([], date(2026, 5, 1), horizon_days=60)
    assert [(i.kind, i.due, i.period, i.overdue) for i in items] == [
        ("self-assessment", date(2026, 5, 31), "2025-2026", False)]
    items = due_items([], date(2026, 6, 1))
    assert [(i.kind, i.overdue) for i in items] == [("self-assessment", True)]
    assert due_items([], date(2026, 6, 1), done_reports={("self-assessment", "2025-2026")}) == []
    assert due_items([], date(2026, 1, 1), horizon_days=60) == []


def test_commune_letter_and_cover_letter_have_no_dates(packs):
    """Tuệ Tĩnh and Tây Ninh give no dates: only the self-assessment appears; their reports are undated."""
    for pid in ("tuetinh-cv-cds-2026", "tayninh-cv-2026"):
        items = due_items([packs[pid]], date(2026, 5, 1), horizon_days=365)
        assert [i.kind for i in items] == ["self-assessment"]
        assert [r.schedule.kind for _, r in undated_reports([packs[pid]])] == ["other"]


def test_lam_dong_incident_reports_are_undated(packs):
    ld = packs["lamdong-kh-nq57-2026"]
    assert [r.schedule.kind for _, r in undated_reports([ld])] == ["on_event", "on_event"]
    assert [i.kind for i in due_items([ld], date(2026, 3, 1), horizon_days=120)] == ["self-assessment"]


def test_ninh_binh_dated_targets_and_done_rows(packs):
    nb = packs["ninhbinh-27-kh-sgddt-2025"]
    items = due_items([nb], date(2025, 12, 1), horizon_days=0, lookback_days=60, include_self_assessment=False)
    rows = [(i.kind, i.row_id, i.due) for i in items if i.kind in ("task", "target")]
    # the tasks restating these targets carry no date of their own (issue 19: the date is Phụ lục 1's)
    assert rows == [("target", "CT-PL1.1", date(2025, 10, 10)), ("target", "CT-PL1.10", date(2025, 11, 30))]
    items = due_items([nb], date(2025, 12, 1), horizon_days=0, lookback_days=60, include_self_assessment=False,
                      done_rows={(nb.pack_id, "CT-PL1.1")})
    assert [i.row_id for i in items if i.kind in ("task", "target")] == ["CT-PL1.10"]
