"""`socds plans …` and `socds calendar` as a user runs them."""
import json

import openpyxl

from desktop.cli import main
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.checklist import set_progress
from desktop.core.store.plan_store import ensure_bundled, follow_pack

NB = "ninhbinh-27-kh-sgddt-2025"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_export_edit_import(tmp_path, capsys):
    db, x = str(tmp_path / "d.db"), tmp_path / "nb.xlsx"
    code, out, _ = run(capsys, "plans", "list", "--db", db)
    assert code == 0 and out.count("@20") == 5
    assert "ninhbinh-27-kh-sgddt-2025@2025.2" in out and "số 27/KH-SGDĐT (19/09/2025)" in out
    assert "11 chỉ tiêu, 22 nhiệm vụ, 3 loại báo cáo" in out
    assert run(capsys, "plans", "export", NB, str(x), "--db", db)[0] == 0
    wb = openpyxl.load_workbook(x)
    wb["Thông tin kế hoạch"]["B3"] = "2025.3"
    wb["Nhiệm vụ"].append(["NV-THEM", "V.3", "Bổ sung", "Nhiệm vụ bổ sung của Sở", "", "30/06/2026", "2.2", "", ""])
    wb.save(x)
    code, out, _ = run(capsys, "plans", "import", str(x), "--db", db)
    assert code == 0 and "Đã nạp kế hoạch ninhbinh-27-kh-sgddt-2025@2025.3" in out and "23 nhiệm vụ" in out
    code, out, _ = run(capsys, "plans", "import", str(x), "--db", db)
    assert code == 0 and "đã có sẵn" in out
    j = tmp_path / "nb.json"
    assert run(capsys, "plans", "export", f"{NB}@2025.3", str(j), "--db", db)[0] == 0
    assert len(json.loads(j.read_text(encoding="utf-8"))["tasks"]) == 23


def test_import_with_errors_changes_nothing(tmp_path, capsys):
    db, x = str(tmp_path / "d.db"), tmp_path / "nb.xlsx"
    run(capsys, "plans", "export", NB, str(x), "--db", db)
    wb = openpyxl.load_workbook(x)
    wb["Thông tin kế hoạch"]["B3"] = "2025.9"
    wb["Báo cáo"]["D3"] = "Hằng quý trước 20"
    wb.save(x)
    code, out, err = run(capsys, "plans", "import", str(x), "--db", db)
    assert code == 3 and "trang tính «Báo cáo», dòng 3, cột D (Lịch báo cáo)" in err and out == ""
    with Store.open(db) as s:
        assert s.db.execute("SELECT COUNT(*) FROM plan_packs WHERE version = '2025.9'").fetchone()[0] == 0
    code, _, err = run(capsys, "plans", "export", "khong-co", str(x), "--db", db)
    assert code == 1 and "Chưa cài kế hoạch khong-co" in err


def test_calendar_text_and_json(tmp_path, capsys):
    db = tmp_path / "d.db"
    with Store.open(db) as s:
        year = prof.ensure_school_year(s, 2025)
        ensure_bundled(s)
        follow_pack(s, year, NB)
        follow_pack(s, year, "dongnai-kh-cntt-cds-2026")
        set_progress(s, year, NB, "NV-II.5.c", "2025-11", status="done", completed_on="2025-11-28")
    code, out, _ = run(capsys, "calendar", "--db", str(db), "--today", "2025-12-11", "--days", "15", "--json")
    data = json.loads(out)
    assert "2025-Q4" in out  # the machine-readable output keeps the data's period

    got = [(i["kind"], i["due"], i["period"], i["overdue"]) for i in data["items"] if i["kind"] != "target"]
    assert ("year", "2025-12-10", "2025", True) in got and ("quarter", "2025-12-20", "2025-Q4", False) in got
    assert ("task", "2025-11-30", "2025-11", True) not in got            # NV-II.5.c is done
    assert [u["report_id"] for u in data["undated_reports"]] == ["BC-2", "BC-3"]
    code, out, _ = run(capsys, "calendar", "--db", str(db), "--today", "2026-06-01", "--days", "20")
    assert code == 0 and "QUÁ HẠN" in out and "31/05/2026  Báo cáo tự đánh giá năm học 2025-2026: " in out
    assert "15/06/2026  Báo cáo: Báo cáo kết quả thực hiện Kế hoạch (trước ngày 15/6/2026)" in out
    # the garbled date of the Đồng Nai plan is flagged, in Sổ CĐS's words (issue 19)
    assert "Ghi chú của Sổ CĐS: Câu gốc «Định kỳ (trước ngày 15 tháng 6 của tháng và năm 2026)» bị lỗi" in out and "gửi Sở GDĐT (qua Văn phòng Sở)" in out
    code, out, _ = run(capsys, "calendar", "--db", str(db), "--today", "2025-12-11", "--days", "15")
    # the periods in words (issue 16): never the data's "2025-Q4" or "2025" in a line a person reads
    assert "10/12/2025  Báo cáo năm 2025: " in out and "20/12/2025  Báo cáo quý IV năm 2025: " in out
    assert "2025-Q4" not in out
    code, _, err = run(capsys, "calendar", "--db", str(db), "--today", "1/6/2026")
    assert code == 1 and "YYYY-MM-DD" in err
