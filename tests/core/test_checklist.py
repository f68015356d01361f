"""Plan store and checklist: following packs, progress per period, carrying over, freezing, replacing a pack by a
newer version, undo, suggested evidence, and the store-aware calendar."""
import json
from datetime import date

import pytest

from desktop.core.errors import UserError
from desktop.core.plan_parse import parse_pack
from desktop.core.store import evidence as ev
from desktop.core.store import profile as prof
from desktop.core.store.assessments import create_assessment
from desktop.core.store.checklist import checklist, freeze, set_progress, summary
from desktop.core.store.due import due_for_store
from desktop.core.store.evidence_reuse import suggested_evidence
from desktop.core.store.indicator_store import ensure_bundled as ensure_sets
from desktop.core.store.plan_store import (ensure_bundled, follow_pack, followed_packs, get_pack, install_pack,
                                           list_packs, unfollow_pack)

TT = "tuetinh-cv-cds-2026"
NB = "ninhbinh-27-kh-sgddt-2025"


@pytest.fixture
def school(store):
    prof.save_school(store, prof.School(name="Trường THCS Thử", code="1", levels=["THCS"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    follow_pack(store, year, TT)
    follow_pack(store, year, NB)
    return store, year


def test_install_and_list(store):
    assert len(ensure_bundled(store)) == 5
    assert ensure_bundled(store) == []
    rows = list_packs(store)
    assert [r["pack_id"] for r in rows][:2] == ["dongnai-kh-cntt-cds-2026", "lamdong-kh-nq57-2026"]
    pack = get_pack(store, NB)
    changed = parse_pack({**pack.raw, "title": "Khác"})
    with pytest.raises(UserError, match="phiên bản mới"):
        install_pack(store, changed)
    with pytest.raises(UserError, match="Chưa cài kế hoạch"):
        get_pack(store, "khong-co")


def test_checklist_filters_levels_and_tracks_progress(school):
    store, year = school
    rows = checklist(store, year, "2026-03")
    ids = [(r.pack_id, r.task_id) for r in rows]
    assert (NB, "CT-PL1.9") in ids                 # học bạ số: TH/THCS/THPT
    assert (NB, "NV-II.3.b") in ids
    # the THCS school sees every row of these two packs; 004's three tasks restating a target are part of it
    assert len(ids) == 11 + 11 + 22 - 3
    set_progress(store, year, TT, "NV-1", "2026-03", status="done", completed_on="2026-03-10", responsible="Hiệu trưởng")
    set_progress(store, year, TT, "NV-3.5", "2026-03", status="doing", progress=60, note="Đã mở tài khoản thu hộ")
    set_progress(store, year, NB, "NV-II.5.b", "2026-03", status="Không áp dụng", na_reason="Chưa có kế hoạch thí điểm")
    by_id = {r.task_id: r for r in checklist(store, year, "2026-03")}
    assert (by_id["NV-1"].status, by_id["NV-1"].progress, by_id["NV-1"].completed_on) == ("done", 100, "2026-03-10")
    assert by_id["NV-3.5"].status_label == "Đang thực hiện" and by_id["NV-3.5"].progress == 60
    assert by_id["NV-II.5.b"].na_reason == "Chưa có kế hoạch thí điểm"
    # April has no entries of its own: March's state is carried over; February does not see March's
    april = {r.task_id: r for r in checklist(store, year, "2026-04")}
    assert april["NV-1"].status == "done" and april["NV-1"].carried and april["NV-1"].period == "2026-03"
    assert {r.task_id: r for r in checklist(store, year, "2026-02")}["NV-1"].status == "todo"
    # the quarter and the school year see it too; an entry for April wins in April
    assert {r.task_id: r for r in checklist(store, year, "2026-Q1")}["NV-1"].status == "done"
    set_progress(store, year, TT, "NV-3.5", "2026-04", status="done", completed_on=date(2026, 4, 12))
    assert {r.task_id: r for r in checklist(store, year, "2026-04")}["NV-3.5"].status == "done"
    assert {r.task_id: r for r in checklist(store, year, "2026-03")}["NV-3.5"].status == "doing"
    s = summary(checklist(store, year, "2025-2026"))
    assert (s["done"], s["na"], s["doing"]) == (2, 1, 0)


def test_freeze_is_plain_json_and_stays(school):
    store, year = school
    set_progress(store, year, TT, "NV-2", "2026-03", status="done", completed_on="2026-03-02")
    frozen = freeze(store, year, "2026-03")
    text = json.dumps(frozen, ensure_ascii=False)
    row = next(r for r in frozen if r["task_id"] == "NV-2")
    assert row["status"] == "done" and row["indicator_links"] == ["2.1"] and row["deadline"] == ""
    target = next(r for r in frozen if r["task_id"] == "CT-PL1.10")
    assert target["product"] == "Đạt 100% cơ sở giáo dục công lập" and target["deadline"] == "Tháng 11/2025"
    # later edits do not change what was frozen
    set_progress(store, year, TT, "NV-2", "2026-03", status="doing", progress=50)
    assert json.dumps(frozen, ensure_ascii=False) == text
    assert next(r for r in freeze(store, year, "2026-03") if r["task_id"] == "NV-2")["status"] == "doing"


BAD = [
    ({"status": "na"}, "lý do"),
    ({"status": "xong"}, "không hợp lệ"),
    ({"status": "doing", "progress": 130}, "0 đến 100"),
    ({"status": "done", "progress": 50}, "100%"),
    ({"status": "todo", "progress": 10}, "Đang thực hiện"),
    ({"status": "doing", "completed_on": "2026-03-01"}, "ngày hoàn thành"),
    ({"status": "done", "completed_on": "2026-02-30"}, "không hợp lệ"),
]


def test_bad_progress_changes_nothing(school):
    store, year = school
    for kwargs, msg in BAD:
        with pytest.raises(UserError, match=msg):
            set_progress(store, year, TT, "NV-1", "2026-03", **kwargs)
    assert store.db.execute("SELECT COUNT(*) FROM task_progress").fetchone()[0] == 0
    assert store.db.execute("SELECT COUNT(*) FROM history WHERE table_name = 'task_progress'").fetchone()[0] == 0


def test_unknown_task_period_or_pack(school):
    store, year = school
    with pytest.raises(UserError, match="không có nhiệm vụ"):
        set_progress(store, year, TT, "NV-99", "2026-03", status="done")
    with pytest.raises(UserError, match="Kỳ «tháng 3» không đúng dạng"):
        set_progress(store, year, TT, "NV-1", "tháng 3", status="done")
    with pytest.raises(UserError, match="nằm ngoài năm học 2025-2026"):
        set_progress(store, year, TT, "NV-1", "2026-09", status="done")
    with pytest.raises(UserError, match="chưa theo dõi"):
        set_progress(store, year, "dongnai-kh-cntt-cds-2026", "NV-II.1.a", "2026-03", status="done")


def test_undo_history_records_each_edit(school):
    store, year = school
    set_progress(store, year, TT, "NV-1", "2026-03", status="doing", progress=30)
    set_progress(store, year, TT, "NV-1", "2026-03", status="done", completed_on="2026-03-20")
    hist = [r[0] for r in store.db.execute("SELECT summary FROM history WHERE table_name = 'task_progress' ORDER BY id")]
    assert hist == ["Nhiệm vụ NV-1 (tháng 3 năm 2026): Đang thực hiện (30%)", "Nhiệm vụ NV-1 (tháng 3 năm 2026): Hoàn thành"]
    before = json.loads(store.db.execute("SELECT before FROM history ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert before["status"] == "doing" and before["progress"] == 30
    from desktop.core.store.history import undo_last
    undo_last(store)
    row = {r.task_id: r for r in checklist(store, year, "2026-03")}["NV-1"]
    assert (row.status, row.progress, row.completed_on) == ("doing", 30, None)
    undo_last(store)
    assert {r.task_id: r for r in checklist(store, year, "2026-03")}["NV-1"].status == "todo"


def test_newer_version_keeps_progress_of_matching_ids(school):
    store, year = school
    set_progress(store, year, TT, "NV-1", "2026-03", status="done", completed_on="2026-03-05")
    set_progress(store, year, TT, "NV-3.7", "2026-03", status="doing", progress=40)
    old = get_pack(store, TT)
    raw = json.loads(json.dumps(old.raw))
    raw["version"] = "2026.9"
    raw["tasks"] = [t for t in raw["tasks"] if t["task_id"] != "NV-3.7"]
    raw["tasks"][0]["text"] = "Xây dựng kế hoạch chuyển đổi số năm 2026 của đơn vị (sửa lời văn)"
    raw["tasks"].append({"task_id": "NV-6", "source_section": "4", "section": "Mới", "text": "Nhiệm vụ mới",
                         "deadline": {"kind": "date", "date": "2026-06-30"}})
    install_pack(store, parse_pack(raw, "v2"), "v2.xlsx")
    dropped = follow_pack(store, year, TT, "2026.9")
    assert dropped == ["NV-3.7"]
    assert [p.version for p in followed_packs(store, year) if p.pack_id == TT] == ["2026.9"]
    rows = {r.task_id: r for r in checklist(store, year, "2026-03") if r.pack_id == TT}
    assert rows["NV-1"].status == "done" and rows["NV-1"].completed_on == "2026-03-05"
    assert rows["NV-1"].text.endswith("(sửa lời văn)") and rows["NV-1"].pack_version == "2026.9"
    assert "NV-3.7" not in rows and rows["NV-6"].status == "todo"
    # back to the old version: the dropped task's progress is still there
    assert follow_pack(store, year, TT, "2026.2") == []
    assert {r.task_id: r for r in checklist(store, year, "2026-03")}["NV-3.7"].progress == 40
    unfollow_pack(store, year, TT)
    assert [p.pack_id for p in followed_packs(store, year)] == [NB]


def test_suggested_evidence_both_ways(school, tmp_path):
    store, year = school
    ensure_sets(store)
    asm = create_assessment(store, year, "qd4725-2022")
    f = tmp_path / "sao-ke-thu-hoc-phi.pdf"
    f.write_bytes(b"%PDF-1.4 test")
    e_fee = ev.add_file(store, f)
    e_plan = ev.add_link(store, "https://example.edu.vn/ke-hoach-cds", "Kế hoạch CĐS 2026")
    e_other = ev.add_note(store, "Ảnh lớp học", "Ảnh")
    ev.link(store, e_fee, assessment_id=asm, item_code="2.4.3")
    ev.link(store, e_other, assessment_id=asm, item_code="1.7.1")
    ev.link(store, e_plan, pack_id=TT, task_id="NV-1", period="2026-03")
    # task NV-3.5 (tài chính số) ↔ 2.4.3: the fee statement is suggested, the classroom photo is not
    got = suggested_evidence(store, year, pack_id=TT, task_id="NV-3.5")
    assert [(g["id"], g["via"]) for g in got] == [(e_fee, "đã gắn cho chỉ số 2.4.3 trong bản tự đánh giá")]
    ev.link(store, e_fee, pack_id=TT, task_id="NV-3.5")
    assert suggested_evidence(store, year, pack_id=TT, task_id="NV-3.5") == []
    # item 2.2 (kế hoạch CĐS) ↔ task NV-1: the plan link is suggested for the assessment
    got = suggested_evidence(store, year, item_code="2.2")
    assert [g["id"] for g in got] == [e_plan] and "NV-1" in got[0]["via"]
    ev.link(store, e_plan, assessment_id=asm, item_code="2.2")
    assert suggested_evidence(store, year, item_code="2.2") == []
    # a criterion link (NV-3.3 → 1.3) covers its items
    ev.link(store, e_other, assessment_id=asm, item_code="1.3.2")
    assert [g["id"] for g in suggested_evidence(store, year, pack_id=TT, task_id="NV-3.3")] == [e_other]
    assert suggested_evidence(store, year, item_code="1.7.3") == []
    counts = {r.task_id: r.evidence_count for r in checklist(store, year, "2026-03")}
    assert counts["NV-1"] == 1 and counts["NV-3.5"] == 1 and counts["NV-2"] == 0


def test_due_for_store_skips_sent_reports_and_done_rows(school):
    store, year = school
    items = due_for_store(store, date(2025, 12, 11), horizon_days=5)
    assert ("year", "2025") in {(i.kind, i.period) for i in items}
    assert (NB, "CT-PL1.10") in {(i.pack_id, i.row_id) for i in items}
    store.db.execute("INSERT INTO reports (kind, period, version, status, created_at) VALUES ('year', '2025', 1, "
                       "'sent', '2025-12-09T00:00:00+00:00')")
    set_progress(store, year, NB, "CT-PL1.10", "2025-11", status="done", completed_on="2025-11-25")
    items = due_for_store(store, date(2025, 12, 11), horizon_days=5)
    assert ("year", "2025") not in {(i.kind, i.period) for i in items}
    assert (NB, "CT-PL1.10") not in {(i.pack_id, i.row_id) for i in items}


def test_preschool_gets_its_checklist_without_qd4725(store):
    """Issue 19: an MN school still does the plan checklist and periodic reports, but gets no QĐ 4725 links and no
    QĐ 4725 self-assessment date on its calendar."""
    prof.save_school(store, prof.School(name="Trường MN Thử", code="9", levels=["MN"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    ensure_sets(store)
    follow_pack(store, year, TT)
    follow_pack(store, year, NB)
    rows = checklist(store, year, "2026-03")
    assert {r.task_id for r in rows if r.pack_id == TT} >= {"NV-1", "NV-2", "NV-3.5"}
    assert all(r.indicator_links == () for r in rows)
    assert (NB, "CT-PL1.9") not in {(r.pack_id, r.task_id) for r in rows}      # học bạ số is not MN's
    items = due_for_store(store, date(2026, 5, 1), horizon_days=60, school_year_id=year)
    assert "self-assessment" not in {i.kind for i in items}
    assert ("month", "2025-12") in {(i.kind, i.period) for i in items}         # the periodic reports stay
    assert suggested_evidence(store, year, pack_id=TT, task_id="NV-3.5") == []


def test_reports_addressed_to_other_levels_stay_off_the_calendar(store):
    """Issue 19: Đồng Nai's V.9/V.10 reports are for THPT and GDTX units; a TH school does not get them."""
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    follow_pack(store, year, "dongnai-kh-cntt-cds-2026")
    for levels, expected in ((["TH"], False), (["THPT"], True)):
        prof.save_school(store, prof.School(name="Trường Thử", code="8", levels=levels))
        items = due_for_store(store, date(2026, 5, 1), horizon_days=60, school_year_id=year)
        assert (("dongnai-kh-cntt-cds-2026", "BC-1") in {(i.pack_id, i.row_id) for i in items}) is expected


def test_sent_reports_are_matched_per_plan(school):
    """Issue 19: a "year 2025" report sent for one plan does not count as the other plan's "year 2025" report."""
    store, year = school
    raw = json.loads(json.dumps(get_pack(store, NB).raw))
    raw.update(pack_id="khac-2025", version="2025.1")
    install_pack(store, parse_pack(raw, "khac"), "khac.json")
    follow_pack(store, year, "khac-2025")
    store.db.execute("INSERT INTO reports (kind, period, version, status, report_data, created_at) VALUES "
                     "('year', '2025', 1, 'sent', ?, '2025-12-09T00:00:00+00:00')",
                     (json.dumps({"plans": [{"pack_id": NB}]}),))
    items = due_for_store(store, date(2025, 12, 11), horizon_days=5)
    year_reports = {i.pack_id for i in items if (i.kind, i.period) == ("year", "2025")}
    assert year_reports == {"khac-2025"}


def test_same_obligation_is_one_item_with_both_references(school):
    """Issue 19: 004 states the cashless-fee obligation as target CT-PL1.10 and as task NV-II.5.c: one item."""
    store, year = school
    rows = {(r.pack_id, r.task_id): r for r in checklist(store, year, "2025-11")}
    assert (NB, "NV-II.5.c") not in rows
    item = rows[(NB, "CT-PL1.10")]
    assert item.also == ("NV-II.5.c",) and "II.5 (gạch 3)" in item.source_section
    # progress entered on the task goes to the one item
    set_progress(store, year, NB, "NV-II.5.c", "2025-11", status="done", completed_on="2025-11-20")
    assert {(r.pack_id, r.task_id): r for r in checklist(store, year, "2025-11")}[(NB, "CT-PL1.10")].status == "done"
    assert (NB, "CT-PL1.10") not in {(i.pack_id, i.row_id) for i in due_for_store(store, date(2025, 12, 11))}
