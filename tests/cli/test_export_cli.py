"""`socds export` end to end; LibreOffice (headless, private profile) opens the workbook and reads what ReportData holds."""
import csv
import json
import shutil
import subprocess
from decimal import Decimal

import pytest

from desktop.cli import main
from desktop.core.store import Store
from desktop.core.bands import num_text
from desktop.core.report.data import ReportData
from desktop.core.report.xlsx import DATA_COLUMNS, SHEETS, data_rows
from tests.core.report_fixture import prepared_db


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return num_text(v)
    return str(v)


def test_export_writes_three_files_that_agree(demo_db, tmp_path, capsys):
    db = prepared_db(demo_db, tmp_path)
    out = tmp_path / "out"
    assert main(["export", "--db", str(db), "--kind", "self-assessment", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"31012345_tu-danh-gia_nam-hoc-2025-2026_v1_du-thao.{e}" for e in ("json", "pdf", "xlsx")]
    assert "Kiểm tra trước khi gửi" in printed and "Mục chưa trả lời (" in printed and "1.3.5" in printed
    rd = ReportData.from_dict(json.loads((out / names[0]).read_text("utf-8"))["report"])

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    csv_dir = tmp_path / "csv"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", str(csv_dir), str(out / names[2])], check=True, capture_output=True, timeout=180)
    stem = names[2][:-5]
    sheets = {s: list(csv.reader((csv_dir / f"{stem}-{s}.csv").open(encoding="utf-8"))) for s in SHEETS
              if s != "So với năm trước"}  # the demo has no earlier year

    data = sheets["Dữ liệu"]
    assert tuple(data[0]) == DATA_COLUMNS
    assert data[1:] == [[cell(v) for v in row] for row in data_rows(rd)]

    general = {r[0]: r[1] for r in sheets["Thông tin chung"][4:] if len(r) > 1}
    assert general["Tên trường"] == rd.school.name and general["Số văn bản"] == "15/BC-THCSTT"
    assert general["Ngày văn bản"] == "15/04/2026" and general["Mức chuyển đổi số"] == rd.assessment.overall_label

    detail = {r[0]: r for r in sheets["Tự đánh giá"][4:]}
    for it in rd.assessment.items:
        assert detail[it.code][5] == (num_text(it.points) if it.answer_json is not None else ""), it.code
        assert detail[it.code][7] == ", ".join(it.evidence)
    evidence = sheets["Minh chứng"][4:]
    assert [(r[0], r[5]) for r in evidence] == [(e.ref, e.sha256 or "") for e in rd.evidence]
    online = sheets["Nhập trực tuyến"][4:]
    assert [r[1] for r in online] == [i.code for i in rd.assessment.items]


def test_export_failures_leave_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["export", "--db", str(tmp_path / "missing.db"), "--kind", "year", "--out", str(out)])
    assert code != 0 and "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err and not out.exists()
    empty = tmp_path / "empty.db"
    Store.open(empty).close()  # a data file without a school profile
    code = main(["export", "--db", str(empty), "--kind", "year", "--out", str(out)])
    assert code != 0 and "thông tin nhà trường" in capsys.readouterr().err and not out.exists()


def test_export_refuses_a_4725_self_assessment_for_a_corrected_preschool(tmp_path, capsys):
    """Issue 19: a school assessed under QĐ 4725 while declared THCS, then corrected to MN only: exit 1 with a
    Vietnamese line, nothing written; the assessment stays in the data file."""
    from desktop.core.store import assessments as asm
    from tests.core.corrected_preschool import corrected_preschool

    db, out = tmp_path / "mn.db", tmp_path / "out"
    with Store.open(db) as store:
        aid = corrected_preschool(store)
    code = main(["export", "--db", str(db), "--kind", "self-assessment", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Lỗi:" in err and "Traceback" not in err
    assert "Trường mầm non không lập báo cáo tự đánh giá theo bộ chỉ số QĐ 4725" in err
    assert "bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)" in err and not out.exists()
    with Store.open(db) as store:
        assert asm.get_answers(store, aid) == {"1.1": True}
