"""Issue 20, period content: a month, quarter or year report says what changed in its period, what is behind and
why, what comes next, the school's own figure beside each target, and cites the plans in force as official texts
cite each other. Built on the demo school (its 2025 Sở plan 27/KH-SGDĐT, its 2026 commune letter)."""
import shutil
import subprocess

import pytest

from desktop.core.errors import UserError
from desktop.core.plan_parse import bundled_packs
from desktop.core.report.build import build_report_data
from desktop.core.report.checks import check_report
from desktop.core.report.pdf import render_pdf
from desktop.core.report.period_cite import citation, doc_kind
from desktop.core.store import Store
from desktop.core.store import checklist as cl
from desktop.core.store import plan_store as ps
from desktop.core.store import reports as rep
from desktop.core.store.profile import current_school_year

SO = "ninhbinh-27-kh-sgddt-2025"
COMMUNE = "tuetinh-cv-cds-2026"


@pytest.fixture
def db(demo_db, tmp_path):
    path = tmp_path / "school.db"
    shutil.copyfile(demo_db, path)
    return path


def text_of(rd, path) -> str:
    render_pdf(rd, path)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_month_and_quarter_cover_their_own_changes(db, tmp_path):
    with Store.open(db) as store:
        month = build_report_data(store, "month", "2025-11")
        quarter = build_report_data(store, "quarter", "2025-Q4")
    changed = {c.task_id for c in month.period_content.changes}
    assert changed == {"CT-PL1.10", "NV-II.2.c"}  # entered for November
    assert {c.task_id for c in quarter.period_content.changes} == {
        "CT-PL1.1", "CT-PL1.3", "CT-PL1.4", "CT-PL1.10", "NV-II.2.c"}  # October to December
    assert (month.period_content.since, month.period_content.until) == ("2025-10-31", "2025-11-30")
    assert (quarter.period_content.since, quarter.period_content.until) == ("2025-09-30", "2025-12-31")
    c = next(c for c in month.period_content.changes if c.task_id == "CT-PL1.10")
    assert (c.before, c.status, c.progress) == ("todo", "doing", 60)

    m, q = text_of(month, tmp_path / "m.pdf"), text_of(quarter, tmp_path / "q.pdf")
    # beyond the title: the quarter reports October's and December's results, the month does not
    assert "hoàn thành ngày 08/10/2025" in q and "hoàn thành ngày 08/10/2025" not in m
    assert "hoàn thành ngày 15/12/2025" in q and "hoàn thành ngày 15/12/2025" not in m
    assert "từ ngày 1/11/2025 đến ngày 30/11/2025" in m and "từ ngày 1/10/2025 đến ngày 31/12/2025" in q
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 12 NĂM 2025" in m and "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ I NĂM 2026" in q
    diff = set(m.split(". ")) ^ set(q.split(". "))
    assert len(diff) > 10


def test_plans_are_cited_by_their_own_kind_and_only_when_in_force(db, tmp_path):
    kinds = {p.pack_id: doc_kind(p.doc_number, p.title) for p in bundled_packs()}
    assert kinds == {
        "tayninh-cv-2026": "Công văn",
        "dongnai-kh-cntt-cds-2026": "Kế hoạch",
        "tuetinh-cv-cds-2026": "Công văn",
        "lamdong-kh-nq57-2026": "Kế hoạch",
        SO: "Kế hoạch",
    }
    assert citation("27/KH-SGDĐT", "2025-09-19", "Sở Giáo dục và Đào tạo tỉnh Ninh Bình",
                    "Kế hoạch Chuyển đổi số ngành Giáo dục và Đào tạo năm 2025") == (
        "Kế hoạch số 27/KH-SGDĐT ngày 19/9/2025 của Sở Giáo dục và Đào tạo tỉnh Ninh Bình về chuyển đổi số ngành "
        "Giáo dục và Đào tạo năm 2025")
    # a number the copy leaves blank stays blank; a date known to the month only is not made a day
    assert citation("/KH-SGDĐT", "2026-04", "Sở GDĐT", "Kế hoạch X").startswith("Kế hoạch số …/KH-SGDĐT tháng 4/2026")
    assert citation("", "", "UBND xã", "V/v triển khai") == "Công văn của UBND xã về việc triển khai"

    with Store.open(db) as store:
        nov = build_report_data(store, "month", "2025-11")
        mar = build_report_data(store, "month", "2026-03")
    assert [p.pack_id for p in nov.plans] == [SO]  # the commune letter of 3/2026 is not in force yet
    assert [p.pack_id for p in mar.plans] == [COMMUNE]  # the 2025 plan ended with 2025
    assert {t.pack_id for t in mar.checklist} == {COMMUNE}
    text = text_of(mar, tmp_path / "mar.pdf")
    assert "Thực hiện Công văn số …/UBND-VHXX tháng 3/2026 của Ủy ban nhân dân xã Tuệ Tĩnh" in text
    assert "27/KH-SGDĐT" not in text and "Kế hoạch số …/UBND" not in text


def test_behind_schedule_rows_carry_their_reason_and_the_check_catches_no_difficulties(db, tmp_path):
    with Store.open(db) as store:
        year = current_school_year(store)
        row = rep.ensure_draft(store, "month", "2025-11", year["id"])
        rep.update_fields(store, row["id"], difficulties="Không có.")
        rd = build_report_data(store, "month", "2025-11")
        late = {r.task_id: r for r in rd.period_content.late}
        assert set(late) == {"CT-PL1.10"} and late["CT-PL1.10"].due == "2025-11-30"
        problems = {(p.code, p.target) for p in check_report(rd)}
        assert ("difficulties_none", "difficulties") in problems
        assert ("late_no_reason", f"{SO}/CT-PL1.10") in problems
        cl.set_progress(store, year["id"], SO, "CT-PL1.10", "2025-11", status="doing", progress=60,
                        late_reason="Phụ huynh chưa quen thanh toán qua ứng dụng")
        rep.update_fields(store, row["id"], difficulties="Một số phụ huynh chưa có tài khoản ngân hàng.")
        rd = build_report_data(store, "month", "2025-11")
    assert rd.period_content.late[0].reason == "Phụ huynh chưa quen thanh toán qua ứng dụng"
    assert not {p.code for p in check_report(rd)} & {"difficulties_none", "late_no_reason"}
    text = text_of(rd, tmp_path / "late.pdf")
    assert "CHỈ TIÊU, NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN" in text
    assert "Phụ huynh chưa quen" in text and "(quá hạn)" in text  # table cells wrap: a line's worth


def test_the_school_figure_stands_beside_the_plan_target(db, tmp_path):
    with Store.open(db) as store:
        year = current_school_year(store)
        with pytest.raises(UserError, match="ngày của số liệu"):
            cl.set_progress(store, year["id"], SO, "CT-PL1.4", "2025-12", status="done", actual="41/48 người",
                            actual_on="15-12-2025")
        cl.set_progress(store, year["id"], SO, "CT-PL1.4", "2025-12", status="done", completed_on="2025-12-15",
                        actual="41/48 người, 85%", actual_on="2025-12-15")
        rd = build_report_data(store, "quarter", "2025-Q4")
        # a share counted over people, linked to a staff-list item: the list gives the figure (plan 003, 1.6.2)
        ps.follow_pack(store, year["id"], "lamdong-kh-nq57-2026")
        rd26 = build_report_data(store, "month", "2026-04")
    row = next(t for t in rd.checklist if t.task_id == "CT-PL1.4")
    assert row.target == "Đạt 80% cán bộ quản lý, giáo viên, nhân viên"
    assert row.actual == "41/48 người, 85% (ngày 15/12/2025)" and row.actual_source == "entered"
    assert row.product == row.actual  # the "Sản phẩm" of a target is no longer the plan's figure again
    other = next(t for t in rd.checklist if t.task_id == "CT-PL1.2")
    assert other.actual == "" and other.target.startswith("Đạt 100%")
    computed = next(t for t in rd26.checklist if t.task_id == "CT-II.2.b.2")
    assert computed.actual.startswith("11/14 giáo viên (78,57%), theo danh sách giáo viên ngày 15/04/2026")
    assert computed.actual_source == "lists"
    assert next(t for t in rd26.checklist if t.task_id == "CT-II.2.b.1").actual == ""  # no list item behind it
    text = text_of(rd, tmp_path / "fig.pdf")
    assert "Đạt 80% cán bộ" in text and "41/48 người, 85%" in text  # table cells wrap: a line's worth
    # the self-assessment's task table: the plan's figure beside the target, the school's (or its absence) after
    with Store.open(db) as store:
        sa = build_report_data(store, "self-assessment")
    text = text_of(sa, tmp_path / "sa.pdf")
    assert "(Đạt 100%" in text and "41/48 người, 85%" in text and "Chưa có số liệu" in text


def test_next_period_is_prefilled_and_the_school_text_wins(db, tmp_path):
    with Store.open(db) as store:
        year = current_school_year(store)
        rd = build_report_data(store, "month", "2025-11")
        nxt = {r.task_id: r.why for r in rd.period_content.next_rows}
        assert rd.period_content.next_period == "2025-12"
        assert nxt["CT-PL1.10"] == "late" and nxt["CT-PL1.3"] == "due" and nxt["CT-PL1.4"] == "due"
        assert "Khẩn trương hoàn thành chỉ tiêu đã quá hạn" in rd.period_content.directions
        assert "(hạn 31/12/2025)" in rd.period_content.directions
        row = rep.ensure_draft(store, "month", "2025-11", year["id"])
        rep.update_fields(store, row["id"], directions="- Hoàn thành chuyển mạng LAN sang IPv6.")
        rd = build_report_data(store, "month", "2025-11")
    assert rd.period_content.directions == "- Hoàn thành chuyển mạng LAN sang IPv6."
    assert "- Hoàn thành chuyển mạng LAN sang IPv6./." not in text_of(rd, tmp_path / "d.pdf")


def test_year_report_sums_up_the_year(db, tmp_path):
    with Store.open(db) as store:
        rd = build_report_data(store, "year", "2025")
    y = rd.period_content.year
    assert (y.targets, y.targets_met) == (11, 2) and "CT-PL1.10" in y.targets_not_met
    assert y.level == rd.assessment.overall_label and y.level.startswith("Mức")
    assert y.previous_year == "" and y.previous_targets_met == ""  # the demo file holds no earlier year
    text = text_of(rd, tmp_path / "y.pdf")
    assert "Nhà trường đạt 2/11 chỉ tiêu của kế hoạch; chưa đạt 9 chỉ tiêu" in text
    assert "KIẾN NGHỊ, ĐỀ XUẤT" in text and text.rstrip().count("./.") == 1
    with Store.open(db) as store:
        assert build_report_data(store, "self-assessment").period_content is None


def test_the_workbook_carries_the_same_period_content(db, tmp_path):
    import openpyxl

    from desktop.core.report.xlsx import render_xlsx

    with Store.open(db) as store:
        rd = build_report_data(store, "year", "2025")
        sa = build_report_data(store, "self-assessment")
    wb = openpyxl.load_workbook(render_xlsx(rd, tmp_path / "y.xlsx"))
    assert {"Kết quả trong kỳ", "Chỉ tiêu", "Chậm tiến độ, kỳ tới", "Đánh giá năm"} <= set(wb.sheetnames)
    targets = [r for r in wb["Chỉ tiêu"].iter_rows(min_row=5, values_only=True) if r[2]]
    assert len(targets) == sum(t.row_kind == "target" for t in rd.checklist)
    assert targets[0][4] == "Đạt 100% cơ sở giáo dục" and targets[0][5] == "Chưa có số liệu"
    changed = [r[2] for r in wb["Kết quả trong kỳ"].iter_rows(min_row=5, values_only=True)]
    assert changed == [c.task_id for c in rd.period_content.changes]
    late = [r[1] for r in wb["Chậm tiến độ, kỳ tới"].iter_rows(min_row=5, values_only=True) if r[0] == "Chậm tiến độ"]
    assert late == [r.task_id for r in rd.period_content.late]
    assert wb["Đánh giá năm"]["B5"].value == 2  # targets met, a number
    assert not {"Kết quả trong kỳ", "Chỉ tiêu"} & set(
        openpyxl.load_workbook(render_xlsx(sa, tmp_path / "sa.xlsx")).sheetnames)


def test_a_suggestion_is_printed_only_once_the_school_adopts_it(db, tmp_path):
    """Issues 19/20: a product or deadline Sổ CĐS suggested (the document gives none) is neither the province's
    requirement nor the school's text: the signed report leaves it out, and counts nothing late from it. Once the
    school's plan carries the row with its own deadline (edited or accepted), that deadline is printed, untagged."""
    from desktop.core.plans import SUGGESTED
    from desktop.core.school_plan import rows as plan_rows

    with Store.open(db) as store:
        year = current_school_year(store)["id"]
        before = build_report_data(store, "month", "2026-03")
        nov = build_report_data(store, "month", "2025-11")
        by = {(t.pack_id, t.task_id): t for t in before.checklist + nov.checklist}
        # a deadline and a product the document gives are printed as they are
        assert by[(SO, "CT-PL1.10")].deadline == "Tháng 11/2025"
        assert by[(COMMUNE, "NV-4")].deadline == "" and by[(COMMUNE, "NV-4")].product == ""  # both suggested
        assert by[(SO, "NV-II.2.c")].product == ""
        m = text_of(before, tmp_path / "before.pdf")
        assert SUGGESTED not in m and "Thường xuyên" not in m and "Dữ liệu trên cơ sở dữ liệu ngành" not in m
        # the school's plan takes NV-4 on: a drafted row is still a suggestion; edited, it is the school's own
        rid = plan_rows.add_row(store, year, action="Cập nhật dữ liệu lên CSDL ngành", source="province",
                                deadline="Thường xuyên", product="Dữ liệu cập nhật", pack_id=COMMUNE,
                                pack_row_id="NV-4", suggested=("deadline", "product"))
        drafted = build_report_data(store, "month", "2026-03")
        assert next(t for t in drafted.checklist if t.task_id == "NV-4").deadline == ""
        plan_rows.update_row(store, rid, deadline="31/03/2026")
        adopted = build_report_data(store, "month", "2026-03")
        nv4 = next(t for t in adopted.checklist if t.task_id == "NV-4")
        assert (nv4.deadline, nv4.product) == ("31/03/2026", "")  # the product is still only suggested
        # the school's own deadline counts: NV-4 (75% in April) is behind at the end of March
        assert ("NV-4", "2026-03-31") in {(r.task_id, r.due) for r in adopted.period_content.late}
        assert "NV-4" not in {r.task_id for r in before.period_content.late}
        plan_rows.accept_rows(store, [rid])
        accepted = build_report_data(store, "month", "2026-03")
        assert next(t for t in accepted.checklist if t.task_id == "NV-4").product == "Dữ liệu cập nhật"
    a = text_of(accepted, tmp_path / "adopted.pdf")
    assert "31/03/2026" in a and SUGGESTED not in a and "Dữ liệu cập nhật" in a


def test_progress_entered_under_the_school_year_counts_in_the_month_it_is_dated(db, tmp_path):
    """Issue 20: the checklist opens on "Năm học"; progress entered there belongs to the month it was entered in
    (the demo file lives on 15/04/2026) and a completion to its completion day, not only once the year is over."""
    from desktop.core.store import evidence as ev

    with Store.open(db) as store:
        year = current_school_year(store)
        sy = year["label"]
        cl.set_progress(store, year["id"], COMMUNE, "NV-3.1", sy, status="doing", progress=40)
        note = ev.add_note(store, "Dự thảo quy chế điều hành", "Dự thảo quy chế")
        ev.link(store, note, pack_id=COMMUNE, task_id="NV-3.1", period=sy)
        april, march = build_report_data(store, "month", "2026-04"), build_report_data(store, "month", "2026-03")
        q2 = build_report_data(store, "quarter", "2026-Q2")
        c = next(c for c in april.period_content.changes if c.task_id == "NV-3.1")
        assert (c.before, c.status, c.progress, len(c.evidence)) == ("todo", "doing", 40, 1)
        assert "NV-3.1" in {c.task_id for c in q2.period_content.changes}
        assert "NV-3.1" not in {c.task_id for c in march.period_content.changes}  # entered in April
        assert next(t for t in march.checklist if t.task_id == "NV-3.1").status == "todo"
        # then finished, on a day the school gives (28/03): March shows it done; April, done already
        cl.set_progress(store, year["id"], COMMUNE, "NV-3.1", sy, status="done", completed_on="2026-03-28")
        march = build_report_data(store, "month", "2026-03")
        april = build_report_data(store, "month", "2026-04")
        done = next(c for c in march.period_content.changes if c.task_id == "NV-3.1")
        assert (done.status, done.completed_on) == ("done", "2026-03-28")
        again = next(c for c in april.period_content.changes if c.task_id == "NV-3.1")  # for its April evidence
        assert (again.before, again.status, len(again.evidence)) == ("done", "done", 1)
        assert next(t for t in april.checklist if t.task_id == "NV-3.1").status == "done"
        # an undone change never happened: the value before it stands
        from desktop.core.store.history import undo_last

        cl.set_progress(store, year["id"], COMMUNE, "NV-3.6", sy, status="doing", progress=30)
        cl.set_progress(store, year["id"], COMMUNE, "NV-3.6", sy, status="doing", progress=80)
        undo_last(store)
        assert next(t for t in build_report_data(store, "month", "2026-04").checklist
                    if t.task_id == "NV-3.6").progress == 30
        # an entry for the month itself still wins in that month
        cl.set_progress(store, year["id"], COMMUNE, "NV-3.2", "2026-04", status="doing", progress=20)
        cl.set_progress(store, year["id"], COMMUNE, "NV-3.2", sy, status="doing", progress=60)
        assert next(t for t in build_report_data(store, "month", "2026-04").checklist
                    if t.task_id == "NV-3.2").progress == 20
    assert "hoàn thành ngày 28/03/2026" in " ".join(text_of(march, tmp_path / "m.pdf").split()).lower()
