"""`socds indicators …` and `socds score …` as a user runs them."""
import json
import subprocess
import sys

import openpyxl
import pytest

from desktop.cli import main
from desktop.core.indicator_xlsx import S_INFO, S_ROWS
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.indicator_store import list_sets


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_shows_bundled_set_and_its_gap(tmp_path, capsys):
    code, out, _ = run(capsys, "indicators", "list", "--db", str(tmp_path / "d.db"))
    assert code == 0 and "qd4725-2022@2022.1  [chưa đầy đủ]" in out
    assert "10 điểm của nhóm 2 chưa xác định" in out and "26/29 mục chưa đối chiếu" in out


def test_export_correct_import_new_version(tmp_path, capsys):
    db, x = str(tmp_path / "d.db"), tmp_path / "bo.xlsx"
    assert run(capsys, "indicators", "export", "qd4725-2022", str(x), "--db", db)[0] == 0
    wb = openpyxl.load_workbook(x)
    wb[S_INFO]["B3"] = "2022.2"
    wb[S_INFO]["B5"] = "Chính thức"
    wb["Nhóm tiêu chí"]["D3"] = None
    wb[S_ROWS].append(["2", "Tiêu chí", "2.5", "Dòng giả định để kiểm thử", "", 10, "Nhập điểm", None, None,
                       "Đã đối chiếu", ""])
    wb.save(x)
    code, out, _ = run(capsys, "indicators", "import", str(x), "--db", db)
    assert code == 0 and "Đã nạp bộ chỉ số qd4725-2022 phiên bản 2022.2 (chính thức)" in out
    code, out, _ = run(capsys, "indicators", "import", str(x), "--db", db)
    assert code == 0 and "đã có sẵn" in out
    with Store.open(db) as s:
        assert [r["version"] for r in list_sets(s)] == ["2022.1", "2022.2"]
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"indicators": "qd4725-2022", "answers": {"2.5": 10, "2.1": True}}), "utf-8")
    code, out, _ = run(capsys, "score", "--answers", str(ans), "--json", "--db", db)
    data = json.loads(out)
    assert data["set"]["version"] == "2022.2" and data["groups"]["2"]["total"] == 10 and data["notes"] == [
        "26 dòng của bộ chỉ số chưa được đối chiếu với văn bản chính thức."]  # no gap left
    code, out, _ = run(capsys, "score", "--indicators", "qd4725-2022@2022.1", "--answers", str(ans), "--db", db)
    assert code == 3  # 2.5 does not exist in the old version


def test_import_with_errors_changes_nothing(tmp_path, capsys):
    db, x = tmp_path / "d.db", tmp_path / "bo.xlsx"
    run(capsys, "indicators", "export", "qd4725-2022", str(x), "--db", str(db))
    wb = openpyxl.load_workbook(x)
    wb[S_INFO]["B3"] = "2022.9"
    wb[S_ROWS]["F5"] = 99
    wb.save(x)
    with Store.open(db) as s:
        before = s.db.execute("SELECT count(*), max(installed_at) FROM indicator_sets").fetchone()
    code, _, err = run(capsys, "indicators", "import", str(x), "--db", str(db))
    assert code == 3 and "trang tính «Tiêu chí và mục», dòng" in err
    with Store.open(db) as s:
        assert s.db.execute("SELECT count(*), max(installed_at) FROM indicator_sets").fetchone() == before


def test_score_human_summary(tmp_path, capsys):
    ans = tmp_path / "a.json"
    ans.write_text(json.dumps({"indicators": "qd4725-2022", "version": "2022.1", "answers": {
        "1.1": True, "1.2": True, "1.3.1": 6, "1.4": 10, "1.5.1": 15, "1.6.1": 7, "1.7.1": 8, "2.1": True, "2.2": False,
        "2.3.3": 10, "2.3.2": 6, "2.4.1": 8, "2.4.2": 12, "2.4.3": 10}}), "utf-8")
    code, out, _ = run(capsys, "score", "--answers", str(ans), "--db", str(tmp_path / "none.db"))
    assert code == 0
    assert "Nhóm 1 — Chuyển đổi số trong dạy, học: 46/100 điểm → Mức 1 — Chưa đáp ứng" in out
    assert "Nhóm 2 — Chuyển đổi số trong quản trị cơ sở giáo dục: 46/100 điểm, đã xác định 90 → Mức 1" in out
    assert "2.2 chưa đạt" in out and "Mức chung của nhà trường: Mức 1 — Chưa đáp ứng" in out
    assert "Việc nên làm tiếp" in out and "1. Trả lời mục 1.3.2" not in out
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("content, expected", [
    ('{"indicators": "qd4725-2022", "answers": {"1.4": 11, "9.9": 1, "1.1": "có"}}', "(3 lỗi)"),
    ('{"indicators": "qd4725-2022", "answers": [1]}', "thiếu phần «answers»"),
    ("{oops", "không phải tệp JSON hợp lệ"),
    ('{"indicators": "khac", "answers": {}}', "Chưa cài bộ chỉ số khac"),
])
def test_score_errors(tmp_path, capsys, content, expected):
    ans = tmp_path / "a.json"
    ans.write_text(content, "utf-8")
    code, out, err = run(capsys, "score", "--answers", str(ans), "--db", str(tmp_path / "none.db"))
    assert code in (1, 3) and expected in err and err.startswith("Lỗi: ")


def test_preschool_is_told_plainly(tmp_path, capsys):
    db = tmp_path / "mn.db"
    with Store.open(db) as s:
        prof.save_school(s, prof.School(name="Trường Mầm non Hoa Sen", levels=["MN"]))
    code, out, _ = run(capsys, "indicators", "list", "--db", str(db))
    assert "chưa có sẵn bộ chỉ số chuyển đổi số cho trường mầm non (QĐ 3276/QĐ-BGDĐT)" in out
    assert "UBND xã/phường hoặc Sở GDĐT" in out and "socds indicators import" in out


def test_subprocess_exit_code_and_no_traceback(tmp_path):
    ans = tmp_path / "a.json"
    ans.write_text('{"indicators": "qd4725-2022", "answers": {"1.4": "mười"}}', "utf-8")
    r = subprocess.run([sys.executable, "-m", "desktop", "score", "--answers", str(ans), "--db", str(tmp_path / "x.db")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 3 and "mục 1.4: cần một số, không phải chữ «mười»" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("before, after", [(["--db", "{db}", "indicators"], ["list"]),
                                           (["indicators", "--db", "{db}"], ["list"]),
                                           (["indicators"], ["list", "--db", "{db}"])])
def test_db_option_anywhere_on_the_line(tmp_path, capsys, before, after):
    db = str(tmp_path / "here.db")
    code, _, _ = run(capsys, *[a.format(db=db) for a in before + after])
    assert code == 0 and (tmp_path / "here.db").exists()


def test_template_mn_writes_the_empty_preschool_workbook(tmp_path, capsys):
    x = tmp_path / "mn.xlsx"
    code, out, _ = run(capsys, "indicators", "template-mn", str(x))
    assert code == 0 and "QĐ 3276/QĐ-BGDĐT, 30/10/2024" in out
    info = {r[0]: r[1] for r in openpyxl.load_workbook(x)[S_INFO].iter_rows(min_row=2, values_only=True)}
    assert info["Số văn bản"] == "3276/QĐ-BGDĐT" and info["Tên các mức"] is None
    code, _, err = run(capsys, "indicators", "template-mn", str(tmp_path / "mn.txt"))
    assert code != 0 and "đuôi .xlsx" in err
