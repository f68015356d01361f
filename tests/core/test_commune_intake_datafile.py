"""The data file at intake (issue 17): read once, from the verified bytes, checked against the report's schema and
summarised without building its ReportData — what the summary says must be what the report itself says, answers
are compared and kept exactly as signed, and no data file stops the run."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from desktop.core import jsonin
from desktop.core.commune import datafile, demo
from desktop.core.commune.rollup import build_rollup
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import load_datafile, render_json
from desktop.core.signing.verify import embedded_files_of
from tests.core.test_commune_policy import KIND, PERIOD, _with_answers, office, school_rd, take, trusted_file

__all__ = ["office"]  # the fixture, used by name


def _variants(commune):
    yield from (school_rd(commune, i) for i in range(len(commune.schools)))   # MN (no assessment), TH, THCS
    rd = school_rd(commune, 2)
    yield dataclasses.replace(rd, answers_to_request="yc-2026-07", doc_date=None)
    yield dataclasses.replace(rd, school=dataclasses.replace(rd.school, code="  31000003 "))


def test_the_summary_read_from_the_checked_file_is_the_reports_own(commune):
    for rd in _variants(commune):
        raw = render_json(rd)
        doc = load_datafile(raw)
        assert datafile._summary_of(doc) == datafile._summary(ReportData.from_dict(doc["report"]))
        assert datafile.read_report(raw)[1] == datafile.read_report(raw, doc=jsonin.loads(raw))[1]


@pytest.mark.parametrize("bad", ["{", "9" * 5000, "[1,"])
def test_an_unreadable_answer_inside_the_data_file_is_rejected_and_the_run_goes_on(office, commune, tmp_path, bad):
    """Was: an item's answer_json that is not JSON (in a file signed by anyone) stopped the whole intake with a
    traceback, the files after it never taken in."""
    def change(doc):
        item = next(i for i in doc["report"]["assessment"]["items"] if i["answer_json"] is not None)
        item["answer_json"] = bad

    f, trust = _with_answers(commune, tmp_path, change)
    good, good_trust = trusted_file(commune, tmp_path, school_rd(commune, 1))
    bad_one, after = take(office, [f, good], trust + good_trust)
    assert bad_one.state == "rejected" and "không đọc được" in bad_one.reason, bad_one.reason
    assert after.state == "accepted", after.reason


@pytest.fixture(scope="module")
def decimal_report(commune, tmp_path_factory):
    """A THCS report whose points answers include 2.3 and 1.1 (not exact in binary floating point), made by the
    real builder from a school's data file, as a school's own answers would be."""
    from desktop.core.demo import build_demo
    from desktop.core.report.build import build_report_data
    from desktop.core.store import Store
    from desktop.core.store.assessments import create_assessment, set_answer
    from desktop.core.store.indicator_store import get_set
    from desktop.core.store.profile import current_school_year

    d = tmp_path_factory.mktemp("decimal")
    with Store.open(build_demo(d / "school.db")) as store:
        iset = get_set(store, "qd4725-2022")
        with store.tx():
            aid = create_assessment(store, current_school_year(store)["id"], iset.set_id, iset.version)
            set_answer(store, aid, "1.3.1", Decimal("2.3"))
            set_answer(store, aid, "1.3.2", Decimal("1.1"))
            set_answer(store, aid, "1.3.3", 6)
        rd = build_report_data(store, KIND, PERIOD, today=dt.date(2026, 5, 20))
    return demo._school_report(rd, commune.schools[2], 1, dt.date(2026, 5, 12))


def test_a_decimal_answer_is_accepted_kept_exactly_and_rolled_up(office, commune, tmp_path, decimal_report):
    """Was: the answers section was read with floats and compared with the report's own (exact) answers, so a
    school answering 2,3 points had its report rejected as "answers differ"; and the inbox kept the data file
    re-written through floats."""
    f, trust = trusted_file(commune, tmp_path, decimal_report)
    (o,) = take(office, [f], trust)
    assert o.state == "accepted", o.reason
    raw = next(v for k, v in embedded_files_of(f).items() if k.endswith(".json"))
    stored = office.db.execute("SELECT data FROM inbox WHERE id = ?", [o.inbox_id]).fetchone()[0]
    assert jsonin.loads(stored) == jsonin.loads(raw)
    assert jsonin.loads(stored)["answers"]["answers"]["1.3.1"] == Decimal("2.3")
    (row,) = build_rollup(office, KIND, PERIOD).rows
    stated = {g.code: g.total for g in decimal_report.assessment.groups}
    assert {c: g["total"] for c, g in row.groups.items()} == stated


def test_the_stored_text_is_the_signed_text_without_its_layout(commune):
    f = next(x for x in commune.files if not x.name.startswith(commune.tampered))
    raw = next(v for k, v in embedded_files_of(f).items() if k.endswith(".json"))
    text = datafile.stored_text(raw)
    assert "\n" not in text and len(text) < len(raw) * 0.85
    assert jsonin.loads(text) == jsonin.loads(raw)
    # layout only: a string value keeps its spaces, and escaped line breaks stay escaped
    doc = {"a": "x  \\n y", "b": [1, 2.50], "c": {"d": "tab\there"}}
    for raw2 in (json.dumps(doc, indent=2), json.dumps(doc, indent="\t").replace("\n", "\r\n")):
        text = datafile.stored_text(raw2.encode())
        assert jsonin.loads(text) == doc and not set("\r\n\t") & set(text)
