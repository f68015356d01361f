"""`socds survey …` as the focal point runs it: make the forms, collect a folder, see the round, type a paper form."""
import json
import re
import shutil

from desktop.cli import build_parser, main
from tests.helpers.survey_fill import fill_pdf, fill_xlsx

OWN = {"format": "socds-survey-questions", "format_version": 1, "set_id": "rieng", "title": "Câu hỏi riêng",
       "questions": [{"id": "so_tiet", "type": "number", "text": "Số tiết có dùng phần mềm", "min": 0, "max": 100,
                      "integer": True}]}


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_make_collect_status_enter(demo_db, tmp_path, capsys):
    db = str(shutil.copy(demo_db, tmp_path / "d.db"))
    own = tmp_path / "rieng.json"
    own.write_text(json.dumps(OWN, ensure_ascii=False), encoding="utf-8")
    out_dir = tmp_path / "phieu"
    code, out, err = run(capsys, "survey", "make", "--db", db, "--out", str(out_dir), "--questions", str(own))
    assert code == 0, err
    assert re.search(r"Đợt khảo sát \S+: 14 phiếu, 6 câu hỏi", out)
    ids = re.findall(r"^  (\S+)  ", out, re.M)
    pdfs = sorted(out_dir.glob("*.pdf"))
    books = sorted(out_dir.glob("*.xlsx"))
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill_pdf(pdfs[0], inbox / "a.pdf", {"q_tai_khoan_boi_duong": "co", "q_phan_mem_day_hoc": "co", "q_hoc_lieu_so": "co",
                                        "q_boi_duong_ky_nang_so": "co", "q_chu_ky_so_ca_nhan": "co", "q_so_tiet": "5"})
    fill_xlsx(books[1], inbox / "b.xlsx", {"tai_khoan_boi_duong": "Có", "phan_mem_day_hoc": "Có", "hoc_lieu_so": "Có",
                                           "boi_duong_ky_nang_so": "Có", "chu_ky_so_ca_nhan": "Không", "so_tiet": 500})
    code, out, err = run(capsys, "survey", "collect", "--db", db, str(inbox))
    assert code == 3, err
    assert "a.pdf — " in out and ": Đã nhận." in out
    assert "b.xlsx — " in out and "Không nhận. Câu 6: 500 nằm ngoài khoảng cho phép" in out
    assert "Tổng: 2 tệp — nhận 1, không nhận 1" in out and "Mục 1.6.1: " in out
    code, out, _ = run(capsys, "survey", "collect", "--db", db, str(inbox / "a.pdf"), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "duplicate"
    code, out, _ = run(capsys, "survey", "enter", "--db", db, "--form", ids[2], "tai_khoan_boi_duong=có",
                       "phan_mem_day_hoc=không", "hoc_lieu_so=không", "boi_duong_ky_nang_so=có",
                       "chu_ky_so_ca_nhan=không", "so_tiet=3")
    assert code == 0 and "phiếu giấy" in out and "Đã nhận" in out
    assert run(capsys, "survey", "enter", "--db", db, "--form", ids[3], "so_tiet")[0] == 1
    reminders = tmp_path / "nhac.pdf"
    code, out, _ = run(capsys, "survey", "status", "--db", db, "--reminders", str(reminders))
    assert code == 0 and "đã nộp 2/14" in out and out.count("CHƯA NỘP") == 12 and reminders.exists()
    code, out, _ = run(capsys, "survey", "status", "--db", db, "--json")
    assert sum(1 for f in json.loads(out)["forms"] if f["returned_at"]) == 2


def test_errors_are_one_vietnamese_line(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    code, _, err = run(capsys, "survey", "collect", "--db", db, str(tmp_path))
    assert code == 1 and err.startswith("Lỗi: Chưa có đợt khảo sát")
    code, _, err = run(capsys, "survey", "make", "--db", db, "--out", str(tmp_path / "o"))
    assert code == 1 and "Danh sách giáo viên đang trống" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "survey", "make", "--db", db, "--out", str(tmp_path / "o"), "--questions", str(bad))
    assert code == 3 and "không đọc được JSON" in err


def test_readme_lists_every_survey_command(capsys):
    from pathlib import Path

    import pytest

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["survey", "--help"])
    names = re.findall(r"^    ([a-z]+) ", capsys.readouterr().out, re.M)
    assert names == ["make", "collect", "status", "enter"]
    for name in names:
        assert f"| `socds survey {name} " in readme, name
