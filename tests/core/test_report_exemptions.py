"""Issue 19's leftovers: one report occurrence can be marked "không áp dụng" (with its reason) and the calendar
honours it; the demo school's 2025 reports are recorded as sent, so its calendar shows none of them overdue."""
from datetime import date

import pytest

from desktop.core.demo import build_demo
from desktop.core.demo_day import DEMO_TODAY
from desktop.core.errors import UserError
from desktop.core.report.build import build_report_data
from desktop.core.report.checks import check_report
from desktop.core.store import Store
from desktop.core.store import history
from desktop.core.store import report_exemptions as rex
from desktop.core.store import reports as rep
from desktop.core.store.due import due_for_store
from desktop.core.store.year_calendar import year_calendar

SO = "ninhbinh-27-kh-sgddt-2025"


def reports_due(store, day):
    return {(d.kind, d.period): d.overdue for d in due_for_store(store, day) if d.kind in ("month", "quarter", "year")}


def test_a_report_marked_not_applicable_leaves_the_calendar_until_unmarked(tmp_path):
    # the demo as it stood on 25/11/2025: September to November sent, December's reports still ahead
    path = build_demo(tmp_path / "d.db", today=date(2025, 11, 25))
    day = date(2025, 12, 25)
    with Store.open(path) as store:
        assert reports_due(store, day) == {("year", "2025"): True, ("month", "2025-12"): True,
                                           ("quarter", "2025-Q4"): True}
        with pytest.raises(UserError, match="lý do"):
            rex.mark_not_applicable(store, SO, "quarter", "2025-Q4", "  ")
        with pytest.raises(UserError, match="không đúng dạng"):
            rex.mark_not_applicable(store, SO, "quarter", "2025-13", "x")
        rex.mark_not_applicable(store, SO, "quarter", "2025-Q4", "UBND xã cho gộp vào báo cáo năm 2025")
        assert ("quarter", "2025-Q4") not in reports_due(store, day)
        assert ("month", "2025-12") in reports_due(store, day)  # only that one occurrence
        entry = next(e for m in year_calendar(store, "2025-2026", day) for e in m.entries
                     if (e.item.kind, e.item.period) == ("quarter", "2025-Q4"))
        assert entry.state == "na" and entry.reason == "UBND xã cho gộp vào báo cáo năm 2025"
        assert "không áp dụng" in history.undo_last(store)  # undoable like every edit
        assert reports_due(store, day)[("quarter", "2025-Q4")] is True
        rex.mark_not_applicable(store, SO, "quarter", "2025-Q4", "UBND xã cho gộp vào báo cáo năm 2025")
        rex.unmark(store, SO, "quarter", "2025-Q4")
        assert reports_due(store, day)[("quarter", "2025-Q4")] is True
        with pytest.raises(UserError, match="chưa được đánh dấu"):
            rex.unmark(store, SO, "quarter", "2025-Q4")


def test_the_demo_school_sent_its_2025_reports(demo_db):
    with Store.open(demo_db, lock=False) as store:
        assert not [d for d in due_for_store(store, DEMO_TODAY) if d.overdue and d.kind in ("month", "quarter", "year")]
        sent = {(r["kind"], r["period"]) for r in store.db.query("SELECT * FROM reports WHERE status = 'sent'")}
        assert {("month", "2025-09"), ("quarter", "2025-Q3"), ("month", "2025-10"), ("month", "2025-11"),
                ("year", "2025"), ("month", "2025-12"), ("quarter", "2025-Q4")} <= sent
        row = rep.latest(store, "month", "2025-11")
        assert (row["doc_number"], row["sent_at"]) == ("52/BC-THCSTT", "2025-11-18")


def test_an_unanswered_item_blocks_the_self_assessment_but_only_warns_in_a_year_report(demo_db):
    with Store.open(demo_db, lock=False) as store:
        year = build_report_data(store, "year", "2025")
        sa = build_report_data(store, "self-assessment")
    assert {p.severity for p in check_report(year) if p.code == "unanswered"} == {"warning"}
    assert {p.severity for p in check_report(sa) if p.code == "unanswered"} == {"error"}
