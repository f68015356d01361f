"""ReportData: building it from the store, its exact JSON round trip, draft report versions, checks."""
import hashlib
import json
from decimal import Decimal

import pytest

from desktop.core.errors import UserError
from desktop.core.report.build import build_report_data
from desktop.core.report.checks import check_report
from desktop.core.report.data import ReportData
from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.core.store.assessments import current_assessment, score_assessment
from tests.core.report_fixture import FIELDS, prepared_db


@pytest.fixture
def rd(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path)) as store:
        yield build_report_data(store, "self-assessment")


def test_values_come_from_the_scoring_engine_and_the_store(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path)) as store:
        rd = build_report_data(store, "self-assessment")
        _, result = score_assessment(store, current_assessment(store)["id"])
        blob = next(store.data_dir.glob("evidence/*/*"))
    a = rd.assessment
    assert {g.code: g.total for g in a.groups} == {c: g.total for c, g in result.groups.items()}
    assert {i.code: i.points for i in a.items} == {c: s.points for c, s in result.items.items()}
    assert a.overall_label == result.overall_label and a.overall_rule_note == result.overall_rule_note
    assert rd.doc_number == "15/BC-THCSTT" and rd.doc_date == "2026-04-15"
    assert rd.signer.authority == "KT. HIỆU TRƯỞNG" and rd.signer.name == "Trần Thị Mai"
    assert rd.difficulties == FIELDS["difficulties"] and rd.recipients == tuple(FIELDS["recipients"])
    items = {i.code: i for i in a.items}
    assert items["1.1"].evidence == ("MC01",) and items["1.3.2"].evidence == ("MC01", "MC02")
    files = [e for e in rd.evidence if e.kind == "file"]
    assert files[0].sha256 == hashlib.sha256(blob.read_bytes()).hexdigest() and files[0].size == blob.stat().st_size
    assert items["1.6.2"].points == Decimal("5.5") and items["1.6.2"].answer == Decimal("5.5")
    # a points answer prints as its points only; a share item shows the count from the staff list (issue 20)
    assert items["1.6.2"].answer_text == "" and items["1.1"].answer_text == "Đạt"
    assert items["1.6.2"].measure == "11/14 = 78,57%" and items["1.6.1"].measure == "14/14 = 100%"
    assert items["1.3.1"].measure == ""


def test_json_round_trip_is_exact(rd):
    text = rd.to_json()
    back = ReportData.from_json(text)
    assert back == rd and back.to_json() == text
    data = json.loads(text)
    assert data["assessment"]["groups"][0]["total"] == str(rd.assessment.groups[0].total)
    assert isinstance(back.assessment.items[0].points, Decimal)


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["assessment"]["items"][0].__setitem__("points", 6.0), "chuỗi"),
    (lambda d: d.pop("school"), "thiếu «school»"),
    (lambda d: d.__setitem__("data_version", 99), "mới hơn"),
])
def test_bad_json_is_refused_with_a_message(rd, mutate, words):
    data = json.loads(rd.to_json())
    mutate(data)
    with pytest.raises(UserError, match=words):
        ReportData.from_json(json.dumps(data))
    with pytest.raises(UserError, match="JSON"):
        ReportData.from_json("{not json")


def test_without_a_profile_or_assessment_the_user_is_told(store):
    with pytest.raises(UserError, match="thông tin nhà trường"):
        build_report_data(store, "self-assessment")
    with pytest.raises(UserError, match="Loại báo cáo"):
        build_report_data(store, "weekly")


def test_draft_versions_numbered_per_kind_and_period(store):
    a = rep.ensure_draft(store, "self-assessment", "2025-2026")
    assert rep.ensure_draft(store, "self-assessment", "2025-2026")["id"] == a["id"]
    assert rep.ensure_draft(store, "month", "2026-03")["version"] == 1
    rep.update_fields(store, a["id"], doc_number="3/BC-X", doc_date="2026-05-02", recipients=["A", " ", "Lưu: VT"])
    row = rep.get_report(store, a["id"])
    assert row["doc_date"] == "2026-05-02" and rep.fields_of(row)["recipients"] == ["A", "Lưu: VT"]
    with pytest.raises(UserError, match="đã có bản nháp"):
        rep.create_draft(store, "self-assessment", "2025-2026")
    with pytest.raises(UserError, match="dd/mm/yyyy"):
        rep.update_fields(store, a["id"], doc_date="32/13/2026")
    with pytest.raises(UserError, match="không sửa được"):
        rep.update_fields(store, a["id"], report_data="x")
    # the signing code locks a version; after that it is read-only and the next draft is version 2
    store.db.execute("UPDATE reports SET locked_at = '2026-05-02T00:00:00+00:00', status = 'locked' WHERE id = ?", (a["id"],))
    with pytest.raises(UserError, match="đã khóa"):
        rep.update_fields(store, a["id"], doc_number="4/BC-X")
    b = rep.ensure_draft(store, "self-assessment", "2025-2026")
    assert b["version"] == 2 and b["doc_number"] == "" and rep.fields_of(b)["recipients"] == ["A", "Lưu: VT"]


def test_checks_point_at_what_to_fix(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path, fields=False)) as store:
        bare = build_report_data(store, "self-assessment")
    problems = check_report(bare)
    targets = {(p.code, p.target) for p in problems}
    assert {("missing_field", "doc_number"), ("missing_field", "doc_date"), ("missing_field", "signer_name")} <= targets
    assert ("missing_field", "recipients") not in targets
    unanswered = {i.code for i in bare.assessment.items if i.answer_json is None}
    assert unanswered and {t for c, t in targets if c == "unanswered"} == unanswered
    assert ("no_evidence", "1.3.1") in targets and ("no_evidence", "1.1") not in targets
    assert ("unverified", "1.3.2") in targets and ("unverified", "1.1") not in targets
    assert not any(p.code == "too_large" for p in problems)
    assert any(p.code == "too_large" and p.target_kind == "evidence" for p in check_report(bare, email_budget=100))


def test_periods_are_checked(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path, fields=False)) as store:
        with pytest.raises(UserError, match="Không có năm học «2019-2020»"):
            build_report_data(store, "self-assessment", "2019-2020")
        for kind, bad in (("month", "2026-13"), ("quarter", "2026-Q5"), ("year", "26"), ("self-assessment", "2025-2027")):
            with pytest.raises(UserError, match=f"Kỳ báo cáo «{bad}» không hợp lệ"):
                build_report_data(store, kind, bad)
        assert build_report_data(store, "month", "2026-03").subject == \
            "Kết quả thực hiện kế hoạch chuyển đổi số tháng 3 năm 2026"
