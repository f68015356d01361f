"""The demo school's plans: two followed packs, progress with every status, overdue rows, shared evidence."""
from desktop.core.demo import DEMO_TODAY
from desktop.core.store import Store
from desktop.core.store.checklist import checklist, freeze, summary
from desktop.core.store.due import due_for_store
from desktop.core.store.evidence_reuse import suggested_evidence
from desktop.core.store.plan_store import followed_packs
from desktop.core.store.profile import current_school_year


def test_demo_plans(demo_db):
    with Store.open(demo_db, lock=False) as store:
        year = current_school_year(store)["id"]
        assert [p.pack_id for p in followed_packs(store, year)] == ["ninhbinh-27-kh-sgddt-2025", "tuetinh-cv-cds-2026"]
        rows = checklist(store, year, "2026-04")
        s = summary(rows)
        assert s["done"] >= 8 and s["doing"] >= 6 and s["na"] == 1 and s["todo"] > 0
        by = {(r.pack_id, r.task_id): r for r in rows}
        na = by[("ninhbinh-27-kh-sgddt-2025", "NV-II.5.b")]
        assert na.status == "na" and "thí điểm" in na.na_reason and na.carried
        assert by[("tuetinh-cv-cds-2026", "NV-1")].completed_on == "2026-03-20"
        assert by[("tuetinh-cv-cds-2026", "NV-1")].evidence_count == 1
        overdue = {(d.pack_id, d.row_id) for d in due_for_store(store, DEMO_TODAY) if d.overdue}
        assert {("ninhbinh-27-kh-sgddt-2025", "CT-PL1.3"), ("ninhbinh-27-kh-sgddt-2025", "CT-PL1.10")} <= overdue
        assert ("ninhbinh-27-kh-sgddt-2025", "CT-PL1.1") not in overdue       # done on 8/10/2025
        due = due_for_store(store, DEMO_TODAY)
        coming = [(d.kind, d.due.isoformat()) for d in due if not d.overdue]
        assert ("self-assessment", "2026-05-31") in coming
        # Ninh Bình's plan is for 2025: the demo school sent its 2025 reports (so none is overdue; an unsent one
        # stays overdue: test_report_exemptions), and the plan asks for none in 2026 (issue 19)
        late = {(d.kind, d.period) for d in due if d.overdue}
        assert not {k for k, _p in late} & {"month", "quarter", "year"}
        everything = {(d.kind, d.period) for d in due_for_store(store, DEMO_TODAY, lookback_days=400, with_done=True)}
        assert ("month", "2025-09") in everything and ("year", "2025") in everything
        assert not [d for d in due if d.pack_id == "ninhbinh-27-kh-sgddt-2025" and d.due.year == 2026]
        fees = suggested_evidence(store, year, pack_id="tuetinh-cv-cds-2026", task_id="NV-3.5")
        assert [f["title"] for f in fees] == ["Sao kê thu học phí không dùng tiền mặt, học kỳ I"]
        assert [e["title"] for e in suggested_evidence(store, year, item_code="2.2")] == [
            "Kế hoạch 31/KH-THCSTT chuyển đổi số năm 2026"]
        march = {r["task_id"]: r for r in freeze(store, year, "2026-03") if r["pack_id"] == "tuetinh-cv-cds-2026"}
        assert "NV-3.5" in march and march["NV-3.5"]["status"] == "todo"   # entered in April only
