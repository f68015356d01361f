"""The school plan's files (issue 24): the PDF in the NĐ 30 layout (checked with pdftotext), signed like a report
(checked with verify_pdf and poppler's pdfsig), and the editable .docx opened by LibreOffice headless and
converted to PDF with the same content."""
import shutil
import subprocess

import pytest

from desktop.core.errors import NeedsConfirmation, UserError
from desktop.core.school_plan import draft, rows
from desktop.core.school_plan.document import blocks, build_plan_document, cite, row_cells
from desktop.core.school_plan.export import export_plan
from desktop.core.signing import P12Signer, SchoolKeySigner, verify_pdf
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.plan_store import followed_packs
from tests.core.signing_pki import make_pki, pdfsig


@pytest.fixture
def planned(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_db, path)
    with Store.open(path) as store:
        year = prof.current_school_year(store)
        draft.add_proposals(store, year["id"], draft.default_pick(draft.proposals(store, year["id"])))
        yield store, year


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_an_empty_plan_is_refused_with_a_message(demo_db, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_db, path)
    with Store.open(path) as store:
        with pytest.raises(UserError, match="chưa có dòng nào"):
            export_plan(store, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_pdf_cites_the_province_plans_and_has_every_section(planned, tmp_path):
    store, year = planned
    hung = prof.list_people(store, "principal")[0]
    first = rows.list_rows(store, year["id"])[0]
    rows.update_row(store, first.id, responsible_id=hung["id"], resources="Kinh phí chi thường xuyên năm 2026")
    files = export_plan(store, tmp_path / "out")
    text = _text(files.pdf)
    assert files.pdf.name == "31012345_ke-hoach-cds_2025-2026_du-thao.pdf" and "DỰ THẢO - bản chưa ký" in text
    assert "KẾ HOẠCH" in text and "Chuyển đổi số năm học 2025-2026" in text
    assert "Số: /KH-THCSTT" in text.replace("  ", " ")
    for pack in followed_packs(store, year["id"]):
        assert " ".join(cite(pack).split()) in text
    assert "Căn cứ Kế hoạch số 27/KH-SGDĐT ngày 19/9/2025 của Sở Giáo dục và Đào tạo tỉnh Ninh Bình" in text
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. CHỈ TIÊU", "III. NHIỆM VỤ VÀ GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN",
                    "V. BẢNG PHÂN CÔNG THỰC HIỆN", "Nơi nhận:", "HIỆU TRƯỞNG", "Nguyễn Văn Hùng"):
        assert heading in text, heading
    # the table's cells (pdftotext cannot read a wrapped table in order: checked on the rendered value)
    doc = build_plan_document(store)
    assert row_cells(doc, 1, doc.rows[0])[3:] == [
        "Nguyễn Văn Hùng (Hiệu trưởng)", "Nhà trường tự đặt hạn (*)", "", "Kinh phí chi thường xuyên năm 2026"]
    assert "Hiệu trưởng Nguyễn Văn Hùng phụ trách các nội dung KH01 trong bảng phân công." in text
    # what the program drafted is marked, and the mark explained
    assert files.suggestions and "(*) Nội dung do Sổ CĐS gợi ý, nhà trường chưa xem lại." in text
    assert "Nguyễn Văn Hùng" in text[-120:]  # the signature block closes the document


def test_a_province_deadline_past_when_drafted_is_not_printed_as_the_schools(planned, tmp_path):
    """The demo's day is 15/04/2026: CT-PL1.1 (10/10/2025) and CT-PL1.10 (tháng 11/2025) are past; the PDF and the
    .docx leave their deadline to the school and say why, in the (*) notes; no date is made up."""
    store, year = planned
    files = export_plan(store, tmp_path / "out", docx=True)
    code = {r.pack_row_id: r.code for r in rows.list_rows(store, year["id"])}
    docx = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                           str(files.docx)], capture_output=True, timeout=180)
    assert docx.returncode == 0
    for text in (_text(files.pdf), _text(tmp_path / "lo" / files.docx.with_suffix(".pdf").name)):
        assert f"(*) {code['CT-PL1.1']}: Hạn 10/10/2025 trong kế hoạch của Sở Giáo dục và Đào tạo tỉnh Ninh Bình đã qua: nhà trường tự đặt hạn." in text
        assert f"(*) {code['CT-PL1.10']}: Hạn tháng 11/2025 trong kế hoạch của Sở Giáo dục và Đào tạo tỉnh Ninh Bình đã qua: nhà trường tự đặt hạn." in text
        assert "Nhà trường tự đặt hạn (*)" in text
        assert text.count("10/10/2025") == 1  # only in the note
    doc = build_plan_document(store)
    cells = {r.pack_row_id: row_cells(doc, 1, r)[4] for r in doc.rows}
    assert cells["CT-PL1.1"] == cells["CT-PL1.10"] == "Nhà trường tự đặt hạn (*)"
    assert cells["CT-PL1.2"] == "Thường xuyên (*)"  # a recurring deadline is never past: still proposed


def test_no_word_of_the_table_is_broken(planned, tmp_path):
    """Audit of issue 24: the table's narrow columns broke a deadline in the middle ("10/10/202" / "5 (*)") and a
    citation before its comma. Every word of every cell comes out whole in the table's text."""
    store, _ = planned
    files = export_plan(store, tmp_path / "out")
    table_text = set(_text(files.pdf).split("V. BẢNG PHÂN CÔNG THỰC HIỆN", 1)[1].split())
    doc = build_plan_document(store)
    broken = sorted({w for n, r in enumerate(doc.rows, start=1) for cell in row_cells(doc, n, r)
                     for w in cell.split() if w not in table_text})
    assert not broken, broken


def test_accepted_plan_has_no_marks(planned, tmp_path):
    store, year = planned
    rows.accept_rows(store, [r.id for r in rows.list_rows(store, year["id"])])
    doc = build_plan_document(store)
    assert doc.drafted == ("organisation", "purpose", "requirements")  # the texts the school has not written yet
    rows.set_fields(store, year["id"], purpose="Mục đích của trường.", requirements="Yêu cầu của trường.",
                    organisation="Tổ chức thực hiện của trường.")
    doc = build_plan_document(store)
    assert not doc.has_suggestions and doc.note == ""
    files = export_plan(store, tmp_path / "out")
    assert "(*)" not in _text(files.pdf) and "Mục đích của trường." in _text(files.pdf)
    # nothing left to review: signed without being asked
    assert export_plan(store, tmp_path / "signed", signer=SchoolKeySigner.for_store(store)).signed


def test_signed_like_a_report(planned, tmp_path):
    store, _ = planned
    pki = make_pki(signer_cn="Nguyễn Văn Hùng")
    signer = P12Signer(pki.write_p12(tmp_path / "k.p12", "pw-1"), "pw-1")
    # still the program's suggestions: asked first, nothing written
    with pytest.raises(NeedsConfirmation) as asked:
        export_plan(store, tmp_path / "out", signer=signer)
    assert asked.value.what == "suggestions" and not (tmp_path / "out").exists()
    assert any("dòng còn nội dung Sổ CĐS gợi ý" in line for line in asked.value.lines)
    files = export_plan(store, tmp_path / "out", signer=signer, accept_suggestions=True)
    assert files.signed and files.pdf.name == "31012345_ke-hoach-cds_2025-2026.pdf"
    assert "DỰ THẢO" not in _text(files.pdf)
    r = verify_pdf(files.pdf, [pki.ca_cert])
    assert r.state == "valid", r.problems
    assert r.signatures[0].field == "ChuKyHieuTruong" and r.signer == "Nguyễn Văn Hùng"
    assert "Signature is Valid" in pdfsig(files.pdf)


@pytest.mark.parametrize("kw, words", [
    ({"signer_cn": "Lê Văn Khác"}, "không phải người ký ghi trong báo cáo"),
    ({"signer_cn": "Nguyễn Văn Hùng", "expired": True}, "đã hết hạn"),
])
def test_the_certificate_is_checked_against_the_plan_like_a_report(planned, tmp_path, kw, words):
    """Audit of issues 17/24: "signed like a report" includes the report's certificate check — a certificate issued
    to someone else, or expired, is said plainly and needs a confirmation; nothing is written until then."""
    store, _ = planned
    signer = P12Signer(make_pki(**kw).write_p12(tmp_path / "k.p12", "pw-1"), "pw-1")
    with pytest.raises(NeedsConfirmation) as asked:
        export_plan(store, tmp_path / "out", signer=signer, accept_suggestions=True)
    assert asked.value.what == "certificate" and any(words in ln for ln in asked.value.lines), asked.value.lines
    assert not (tmp_path / "out").exists()
    files = export_plan(store, tmp_path / "out", signer=signer, accept_suggestions=True, accept_certificate=True)
    assert files.signed and files.pdf.is_file()


@pytest.mark.external
def test_docx_opens_in_libreoffice_with_the_same_content(planned, tmp_path):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    store, _ = planned
    files = export_plan(store, tmp_path / "out", docx=True)
    assert files.docx is not None and files.docx.suffix == ".docx"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "lo"), str(files.docx)],
        capture_output=True, text=True, timeout=240,
    )
    converted = tmp_path / "lo" / (files.docx.stem + ".pdf")
    assert converted.is_file(), done.stdout + done.stderr
    word, ours = _text(converted), _text(files.pdf)
    doc = build_plan_document(store)
    for kind, text in blocks(doc):
        if kind != "table":
            assert " ".join(text.split())[:60] in word, text  # each paragraph's opening, in Word's copy
    for r in doc.rows:
        assert f"{r.code}." in word and f"{r.code}." in ours
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: /KH-THCSTT", "Nơi nhận:",
                 "HIỆU TRƯỞNG", "Nguyễn Văn Hùng", "UBND XÃ TUỆ TĨNH", "TRƯỜNG THCS TUỆ TĨNH"):
        assert line in word.replace("Số:  ", "Số: ").replace("Số: /", "Số: /"), line
