"""A plan-progress report: the checklist as frozen for the period, in the PDF, the checks and the preview."""
import subprocess

import pytest

from desktop.core.errors import UserError
from desktop.core.report.checks import check_report
from desktop.core.periods import Period
from desktop.core.report.build import build_report_data
from desktop.core.report.period_cite import in_force as in_force_in
from desktop.core.report.pdf import render_pdf
from desktop.core.report.preview import page_count, page_images
from desktop.core.store import Store
from desktop.core.store import checklist as cl
from desktop.core.store import plan_store as ps
from desktop.core.store.profile import current_school_year
from tests.core.report_fixture import prepared_db


def test_quarter_report_carries_the_frozen_checklist(demo_db, tmp_path):
    with Store.open(prepared_db(demo_db, tmp_path)) as store:
        ps.ensure_bundled(store)
        year = current_school_year(store)
        if not ps.followed_packs(store, year["id"]):
            ps.follow_pack(store, year["id"], ps.list_packs(store)[0]["pack_id"])
        in_force = {p.pack_id for p in ps.followed_packs(store, year["id"])
                    if in_force_in(p.life, Period.parse("2026-Q1"))}
        rows = [r for r in cl.checklist(store, year["id"], "2026-Q1") if r.row_kind == "task" and r.pack_id in in_force]
        done = next(r for r in rows if not r.evidence_count)
        cl.set_progress(store, year["id"], done.pack_id, done.task_id, "2026-Q1", status="done", progress=100,
                        completed_on="2026-03-10", responsible="Phạm Thu Hà", na_reason="", note="Đã ban hành")
        rd = build_report_data(store, "quarter", "2026-Q1")
        frozen = cl.freeze(store, year["id"], "2026-Q1")
    assert rd.assessment is None and rd.plans
    # a period is reported only against the plans in force in it (issue 20): the 2025 plan is not in 2026-Q1's
    assert {p.pack_id for p in rd.plans} == in_force
    assert [(t.pack_id, t.task_id, t.status) for t in rd.checklist] == [
        (r["pack_id"], r["task_id"], r["status"]) for r in frozen if r["pack_id"] in in_force]
    row = next(t for t in rd.checklist if t.task_id == done.task_id)
    assert row.status == "done" and row.progress == 100 and row.completed_on == "2026-03-10"
    assert ("no_evidence", f"{done.pack_id}/{done.task_id}") in {(p.code, p.target) for p in check_report(rd)}

    layout = render_pdf(rd, tmp_path / "q.pdf")
    flat = " ".join(subprocess.run(["pdftotext", str(tmp_path / "q.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU, NHIỆM VỤ ĐẾN CUỐI KỲ" in flat and "Đã hoàn thành" in flat
    n_targets = sum(t.row_kind == "target" for t in rd.checklist)
    what = (f"{n_targets} chỉ tiêu và {len(rd.checklist) - n_targets} nhiệm vụ" if n_targets
            else f"{len(rd.checklist)} nhiệm vụ")
    assert (f"Có {what} áp dụng đối với nhà trường: "
            f"hoàn thành {sum(t.status == 'done' for t in rd.checklist)};") in flat
    assert page_count(tmp_path / "q.pdf") == layout.pages
    (n, img), = list(page_images(tmp_path / "q.pdf", dpi=30, pages=[layout.pages]))
    assert n == layout.pages and img.width > img.height  # the task table is an appendix on landscape pages
    with pytest.raises(UserError, match="không có"):
        list(page_images(tmp_path / "q.pdf", pages=[99]))
    with pytest.raises(UserError, match="PDF"):
        list(page_images(b"not a pdf"))
