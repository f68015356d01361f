"""The reporting period: parse, text, words, bounds, due dates by the usual rhythm and by a plan's rule, today(),
and every place that takes a period from a user or a file refusing what is no period with a Vietnamese message."""
import calendar
import json
from datetime import date

import pytest

from desktop.core.deadlines import Deadline
from desktop.core.demo_day import DEMO_TODAY
from desktop.core.errors import UserError, ValidationError
from desktop.core.paths import resource
from desktop.core.periods import Period, days_in, due_date, label, today
from desktop.core.plan_parse import parse_pack
from desktop.core.store import profile as prof
from desktop.core.store.checklist import set_progress
from desktop.core.store.plan_store import ensure_bundled, follow_pack


@pytest.mark.parametrize("text,kind,words,first,last", [
    ("2026-03", "month", "tháng 3 năm 2026", date(2026, 3, 1), date(2026, 3, 31)),
    ("2024-02", "month", "tháng 2 năm 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("2026-Q1", "quarter", "quý I năm 2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("2025-Q4", "quarter", "quý IV năm 2025", date(2025, 10, 1), date(2025, 12, 31)),
    ("2026", "year", "năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2025-2026", "school-year", "năm học 2025-2026", date(2025, 8, 1), date(2026, 7, 31)),
])
def test_parse_text_words_and_bounds(text, kind, words, first, last):
    p = Period.parse(f" {text} ")
    assert (p.kind, str(p), p.label, p.first, p.last) == (kind, text, words, first, last)
    assert Period.of(kind, first) == p == Period.of(kind, last)
    assert Period.parse(text, kind) == p


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-3", "2026-Q5", "2025-2027", "26", "", "2026-q1",
                                  "2026-03-01", "tháng 3"])
def test_what_is_no_period_is_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match="không đúng dạng"):
        Period.parse(text)


def test_a_period_of_another_kind_is_refused_with_the_form_wanted():
    with pytest.raises(ValueError, match="ghi dạng 2025-2026"):
        Period.parse("2026", "self-assessment")
    with pytest.raises(ValueError, match="ghi dạng 2026-Q1"):
        Period.parse("2026-03", "quarter")
    with pytest.raises(ValueError, match="không có kỳ"):
        Period.parse("2026", "weekly")


@pytest.mark.parametrize("kind,day,expected", [
    ("month", date(2026, 1, 31), "2026-01"), ("quarter", date(2026, 4, 1), "2026-Q2"),
    ("year", date(2025, 12, 31), "2025"), ("self-assessment", date(2026, 7, 31), "2025-2026"),
    ("self-assessment", date(2026, 8, 1), "2026-2027")])
def test_of_a_day(kind, day, expected):
    assert str(Period.of(kind, day)) == expected


def test_between_walks_over_year_ends():
    months = [str(p) for p in Period.between("month", date(2025, 11, 30), date(2026, 2, 1))]
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]
    quarters = [str(p) for p in Period.between("quarter", date(2025, 12, 1), date(2026, 4, 1))]
    assert quarters == ["2025-Q4", "2026-Q1", "2026-Q2"]


@pytest.mark.parametrize("kind,period,due", [
    ("self-assessment", "2025-2026", date(2026, 5, 31)),    # QĐ 4725: before 31/5 of the second year
    ("year", "2025-2026", date(2026, 6, 15)),
    ("month", "2026-03", date(2026, 3, 20)), ("month", "2026-02", date(2026, 2, 20)),
    ("quarter", "2026-Q1", date(2026, 3, 20)), ("quarter", "2025-Q4", date(2025, 12, 20)),
    ("year", "2026", date(2026, 12, 10)),
])
def test_usual_rhythm(kind, period, due):
    assert due_date(kind, period) == due


def test_a_file_from_elsewhere_with_no_period_has_no_due_date_and_is_shown_as_written():
    assert due_date("month", "2026-13") is None and due_date("month", "<script>") is None
    assert label("2026-13") == "kỳ «2026-13»" and label("2026-Q1") == "quý I năm 2026"


def test_a_plans_rule_sets_the_due_day():
    assert Period.parse("2026-02").due(Deadline("monthly", day=28)) == date(2026, 2, 28)
    assert Period.parse("2026-Q2").due(Deadline("quarterly", day=5)) == date(2026, 6, 5)
    assert Period.parse("2026").due(Deadline("yearly", day=10, in_month=12)) == date(2026, 12, 10)
    assert Period.parse("2024").due(Deadline("yearly", day=30, in_month=2)) == date(2024, 2, 29)
    # a yearly rule over a school year falls in the school year: October in the first year, May in the second
    assert Period.parse("2025-2026").due(Deadline("yearly", day=10, in_month=10)) == date(2025, 10, 10)
    assert Period.parse("2025-2026").due(Deadline("yearly", day=31, in_month=5)) == date(2026, 5, 31)
    # a monthly rule does not recur over a quarter
    assert Period.parse("2026-Q1").due(Deadline("monthly", day=20)) is None


def test_month_lengths_are_the_calendar_modules():
    assert all(days_in(y, m) == calendar.monthrange(y, m)[1] for y in (1900, 2000, 2024, 2026) for m in range(1, 13))


def test_today_is_the_demo_files_own_day(store):
    assert today() == date.today() == today(store)
    store.set_setting("demo", True)
    assert today(store) == DEMO_TODAY


# ---- every place that takes a period refuses what is no period -----------------------------------------------
def test_task_progress_for_no_period_is_refused_in_vietnamese(store):
    """Was: "2026-13" reached date(2026, 13, 1) and the user read Python's "month must be in 1..12"."""
    prof.save_school(store, prof.School(name="Trường THCS Thử", code="1", levels=["THCS"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    follow_pack(store, year, "tuetinh-cv-cds-2026")
    with pytest.raises(UserError, match="Kỳ «2026-13» không đúng dạng"):
        set_progress(store, year, "tuetinh-cv-cds-2026", "NV-1", "2026-13", status="done")


def test_a_pack_report_period_that_is_no_period_is_refused():
    """Was: the pattern took any two digits as a month and any two years as a school year."""
    data = json.loads(resource("plans", "004-ninhbinh-27-kh-sgddt-2025.json").read_text(encoding="utf-8"))
    for bad in ("2026-13", "2025-2030"):
        data["reports"][0]["period"] = bad
        with pytest.raises(ValidationError, match="kỳ báo cáo phải có dạng"):
            parse_pack(data)


def test_file_names_carry_words_not_iso_dates():
    """Issue 22: a file name offered to the user reads "thang-03-2026", not the data's "2026-03"."""
    from desktop.core.periods import KIND_FILE_WORDS, file_words

    assert [file_words(t) for t in ("2026-03", "2026-Q2", "2026", "2025-2026")] == [
        "thang-03-2026", "quy-2-2026", "nam-2026", "nam-hoc-2025-2026"]
    assert file_words("x/y 1") == "xy1"  # no period: only its safe characters
    assert KIND_FILE_WORDS["self-assessment"] == "tu-danh-gia"


def test_reports_are_named_in_words_in_history_and_messages(store):
    """Issue 22: the History page read "Tạo bản nháp báo cáo self-assessment kỳ 2025-2026"."""
    from desktop.core.periods import report_title
    from desktop.core.store import profile as prof
    from desktop.core.store import reports as rep

    assert report_title("self-assessment", "2025-2026") == "báo cáo tự đánh giá năm học 2025-2026"
    assert report_title("month", "2026-03") == "báo cáo tháng 3 năm 2026"
    assert report_title("quarter", "2026-Q2") == "báo cáo quý II năm 2026"
    year = prof.ensure_school_year(store, 2025, current=True)
    rep.create_draft(store, "self-assessment", "2025-2026", year)
    rep.create_draft(store, "month", "2026-03", year)
    lines = [r[0] for r in store.db.execute("SELECT summary FROM history WHERE table_name = 'reports' ORDER BY id")]
    assert lines == ["Tạo bản nháp báo cáo tự đánh giá năm học 2025-2026, phiên bản 1",
                     "Tạo bản nháp báo cáo tháng 3 năm 2026, phiên bản 1"]
