"""`socds school-plan` (issue 24): an empty plan is refused with a message and nothing written; --draft adds the
proposals once; the PDF (and --docx) are written; --sign signs like a report; signer options without --sign are
refused."""
import shutil

from desktop.cli import main
from desktop.core.school_plan import rows
from desktop.core.signing import verify_pdf
from desktop.core.store import Store
from desktop.core.store.profile import current_school_year


def test_school_plan_command(demo_db, tmp_path, capsys):
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "out"
    assert main(["school-plan", "--db", str(db), "--out", str(out)]) == 1
    assert "chưa có dòng nào" in capsys.readouterr().err and not out.exists()
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--draft", "--docx"]) == 0
    printed = capsys.readouterr().out
    assert "Sổ CĐS gợi ý" in printed and "(*)" in printed
    assert sorted(p.name for p in out.iterdir()) == [
        "31012345_ke-hoach-cds_2025-2026.docx", "31012345_ke-hoach-cds_2025-2026_du-thao.pdf"]
    with Store.open(db) as store:
        n = len(rows.list_rows(store, current_school_year(store)["id"]))
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--draft"]) == 0
    assert "Đã thêm 0 dòng" in capsys.readouterr().out
    with Store.open(db) as store:
        assert len(rows.list_rows(store, current_school_year(store)["id"])) == n
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--school-key"]) == 1
    assert "--sign" in capsys.readouterr().err
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--sign"]) == 1
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--sign", "--school-key"]) == 6
    assert "Sổ CĐS gợi ý" in capsys.readouterr().err
    assert not (out / "31012345_ke-hoach-cds_2025-2026.pdf").exists()
    assert main(["school-plan", "--db", str(db), "--out", str(out), "--sign", "--school-key",
                 "--accept-suggestions"]) == 0
    signed = out / "31012345_ke-hoach-cds_2025-2026.pdf"
    result = verify_pdf(signed)
    assert result.intact and result.internal


def test_school_plan_sign_checks_the_certificate(demo_db, tmp_path, capsys, monkeypatch):
    """A .p12 issued to someone other than the principal: exit 6, nothing written, unless --accept-certificate."""
    from tests.core.signing_pki import make_pki

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    out = tmp_path / "out"
    p12 = make_pki("Lê Văn Khác").write_p12(tmp_path / "k.p12", "pw-1")
    monkeypatch.setenv("SOCDS_TEST_PW", "pw-1")
    sign = ["school-plan", "--db", str(db), "--out", str(out), "--draft", "--sign", "--p12", str(p12),
            "--password-env", "SOCDS_TEST_PW", "--accept-suggestions"]
    assert main(sign) == 6
    assert "Lê Văn Khác" in capsys.readouterr().err and not out.exists()
    assert main([*sign, "--accept-certificate"]) == 0
    assert (out / "31012345_ke-hoach-cds_2025-2026.pdf").is_file()
