"""`socds demo --province N` then `socds aggregate` in a Sở's data file, through the real command (issue 21)."""
import json

from desktop.cli import main


def test_demo_province_then_aggregate(tmp_path, capsys):
    out = tmp_path / "tinh"
    assert main(["demo", "--province", "3", "--schools", "3", "--out", str(out)]) == 0
    assert "3 xã × 3 trường" in capsys.readouterr().out
    db = str(tmp_path / "so.db")
    assert main(["authority", "set", "--db", db, "--level", "so", "--name", "Sở Giáo dục và Đào tạo",
                 "--signer", "Lê Thị Hoa", "--title", "Phó Giám đốc"]) == 0
    capsys.readouterr()
    rc = main(["aggregate", "--db", db, str(out / "bao-cao"), "--roster", str(out / "danh-sach-truong.xlsx"),
               "--trust", str(out / "chung-thu-goc-thu-nghiem.pem"), "--period", "2025-2026",
               "--out", str(tmp_path / "kq"), "--json"])
    assert rc == 0
    res = json.loads(capsys.readouterr().out)
    assert res["communes"] == ["XA001", "XA003"] and sorted(res["missing_communes"]) == ["XA002", "XA004"]
    assert res["rejected"] == 1 and res["accepted"] == 4  # a tampered roll-up; 2 roll-ups and 2 THPT reports
    assert set(res["files_written"]) == {"pdf", "xlsx", "json"}
    assert res["province"]["totals"]["communes"] == 4
    assert main(["demo", "--province", "1", "--out", str(out)]) == 1
    assert "từ 2 đến 500 xã" in capsys.readouterr().err
