"""`socds demo --commune` then `socds aggregate` end to end, through the real command."""
import json

from desktop.cli import main


def test_demo_commune_then_aggregate(tmp_path, capsys):
    out = tmp_path / "xa"
    assert main(["demo", "--commune", "6", "--out", str(out)]) == 0
    capsys.readouterr()
    rc = main(["authority", "set", "--db", str(tmp_path / "xa.db"), "--name", "UBND xã Tuệ Tĩnh", "--signer",
               "Trần Văn Bình", "--title", "Phó Chủ tịch", "--recipient", "Sở Giáo dục và Đào tạo", "--recipient",
               "Lưu: VT"])
    assert rc == 0 and "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" in capsys.readouterr().out
    rc = main(["aggregate", "--db", str(tmp_path / "xa.db"), str(out / "bao-cao"), "--roster",
               str(out / "danh-sach-truong.xlsx"), "--trust", str(out / "chung-thu-goc-thu-nghiem.pem"),
               "--period", "2025-2026", "--out", str(tmp_path / "kq"), "--json"])
    assert rc == 0
    captured = capsys.readouterr()
    res = json.loads(captured.out)
    # the preschools' missing set: the officer is told how to load it; the roll-up files never say it
    assert any(k.startswith("Chưa xếp mức (mầm non") for k in res["rollup"]["level_counts"])
    assert "Lưu ý:" in captured.err and "socds indicators import" in captured.err
    assert res["files"] == 6 and res["accepted"] == 4 and res["superseded"] == 1 and res["rejected"] == 1
    assert res["missing"] == ["31000002", "31000006"]
    written = res["files_written"]
    assert set(written) == {"pdf", "xlsx", "json"} and all((tmp_path / "kq").joinpath(p).exists() for p in written.values())
    rollup = json.loads(open(written["json"], encoding="utf-8").read())
    assert len(rollup["schools"]) == 4
    assert (tmp_path / "xa.db").exists()


def test_aggregate_without_roster_says_what_to_do(tmp_path, capsys):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    rc = main(["aggregate", "--db", str(tmp_path / "x.db"), str(tmp_path / "a.pdf"), "--out", str(tmp_path / "o")])
    assert rc == 1
    assert "Chưa có danh sách trường" in capsys.readouterr().err


def test_aggregate_refuses_a_period_that_is_none_before_touching_anything(tmp_path, capsys):
    """Was: "2026-13" was taken as a period, matched no file, and the roll-up was titled "năm học 2026-13"."""
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    rc = main(["aggregate", "--db", str(tmp_path / "x.db"), str(tmp_path / "a.pdf"), "--period", "2026-13",
               "--kind", "month", "--out", str(tmp_path / "o")])
    assert rc == 1
    assert "--period: Kỳ «2026-13» không đúng dạng: ghi dạng 2026-03" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "o").exists()


def test_demo_commune_needs_out(capsys):
    assert main(["demo", "--commune", "5"]) == 1
    assert "--out" in capsys.readouterr().err


def test_mode_switch(tmp_path, capsys):
    db = str(tmp_path / "m.db")
    assert main(["mode", "--db", db]) == 0
    assert "chưa chọn" in capsys.readouterr().out
    assert main(["mode", "authority", "--db", db]) == 0
    assert "Cơ quan quản lý" in capsys.readouterr().out
    assert main(["mode", "--db", db]) == 0
    assert "Cơ quan quản lý" in capsys.readouterr().out


def test_aggregate_again_over_the_same_folder_skips_what_came_in(tmp_path, capsys):
    """Issue 21: the second run over the same folder adds no refusal line for the files already received."""
    out = tmp_path / "xa"
    assert main(["demo", "--commune", "5", "--out", str(out)]) == 0
    args = ["aggregate", "--db", str(tmp_path / "xa.db"), str(out / "bao-cao"), "--roster",
            str(out / "danh-sach-truong.xlsx"), "--trust", str(out / "chung-thu-goc-thu-nghiem.pem"),
            "--period", "2025-2026", "--out", str(tmp_path / "kq")]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "- " in first            # the tampered file's refusal, once
    assert main(args) == 0
    again = capsys.readouterr().out
    n = len(list((out / "bao-cao").iterdir()))
    assert f"từ chối 0 tệp; {n} tệp đã nhận trước đây, bỏ qua." in again
    assert "\n- " not in again


def test_aggregate_without_the_bodys_name_writes_no_report(tmp_path, capsys):
    """Issue 21: no "(CHƯA KHAI BÁO TÊN)" header: the workbook and data are written, the PDF waits for the name."""
    out = tmp_path / "xa"
    assert main(["demo", "--commune", "4", "--out", str(out)]) == 0
    capsys.readouterr()
    rc = main(["aggregate", "--db", str(tmp_path / "xa.db"), str(out / "bao-cao"), "--roster",
               str(out / "danh-sach-truong.xlsx"), "--trust", str(out / "chung-thu-goc-thu-nghiem.pem"),
               "--out", str(tmp_path / "kq"), "--json"])
    assert rc == 0
    got = capsys.readouterr()
    assert set(json.loads(got.out)["files_written"]) == {"xlsx", "json"}
    assert "Chưa xuất báo cáo PDF" in got.err and "socds authority set --name" in got.err
    assert not list((tmp_path / "kq").glob("*.pdf"))
    assert main(["authority", "set", "--db", str(tmp_path / "xa.db"), "--code", "a/b"]) == 1
    assert "mã cơ quan «a/b»" in capsys.readouterr().err
