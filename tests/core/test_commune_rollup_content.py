"""Issue 21, "a roll-up ready to forward": refused apart from not sent, the refused files' sheet, the signing date
beside the day taken in (lateness on the first, in Vietnam's time zone), counts per school type, the charts in
the PDF and the workbook, the commune's signature block kept with the last paragraph, no document without the
body's name, no word broken in a table cell. Checked on the real files with poppler and openpyxl."""
import re
import shutil
import subprocess
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.core.commune import datafile, inbox, roster
from desktop.core.commune.authority import NOT_NAMED, AuthorityInfo
from desktop.core.commune.rollup import build_rollup, school_type
from desktop.core.commune.rollup_pdf import export_rollup, subject
from desktop.core.commune.rollup_tables import fit_widths
from desktop.core.errors import UserError
from desktop.core.report.fonts import FAMILY, register
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
COMMUNE = AuthorityInfo(name="UBND xã Tuệ Tĩnh", parent="UBND thành phố Hải Phòng", place_name="Tuệ Tĩnh",
                        signer_name="Trần Văn Bình", signer_title="Phó Chủ tịch",
                        recipients=("Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Lưu: VT"))


@pytest.fixture(scope="module")
def taken_in(tmp_path_factory, commune):
    s = Store.open(tmp_path_factory.mktemp("xa") / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    yield s
    s.close()


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def test_refused_is_apart_from_not_sent(taken_in, commune):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    assert [c for c, _ in ru.not_sent] == [commune.missing]
    assert [c for c, _ in ru.refused_schools] == [commune.tampered]
    assert sorted(ru.missing) == sorted(ru.not_sent + ru.refused_schools)
    (refused,) = ru.refused
    assert refused.school_code == commune.tampered and "không còn nguyên vẹn" in refused.reason
    assert refused.school_name == next(s.name for s in commune.schools if s.code == commune.tampered)


def test_types_count_every_roster_school(taken_in, commune):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    by = {t.type: t for t in ru.by_type}
    assert list(by) == ["MN", "TH", "THCS", "Liên cấp"]
    assert sum(t.schools for t in ru.by_type) == len(commune.schools)
    for s in commune.schools:
        assert school_type(s.levels) in by
    assert sum(t.received for t in ru.by_type) == len(ru.rows)
    assert sum(t.refused for t in ru.by_type) == 1 and sum(t.not_sent for t in ru.by_type) == 1
    assert sum(sum(t.levels.values()) for t in ru.by_type) == len(ru.rows)
    assert set(by["MN"].levels) == {"Chưa xếp mức (mầm non: chưa cài bộ chỉ số QĐ 3276)"}
    assert school_type(["TH", "THCS"]) == "Liên cấp" and school_type([]) == "Khác"


def test_signed_date_beside_received_and_lateness_on_it(taken_in, commune):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    for r in ru.rows:
        assert r.signed_on == r.doc_date  # the demo's reports carry their date of issue
        assert r.late == (r.signed_on > r.due_date)  # judged on the signing date, not on the day taken in
        assert r.received_at[:10] == date.today().isoformat() != r.signed_on
    assert {r.code for r in ru.rows if r.late} == set(commune.late) - {commune.tampered}


def test_signing_time_counts_in_vietnam():
    """A report without a date of its own signed at 06:00 on 1/6 in Vietnam (23:00 on 31/5 in UTC, as pyHanko
    reports it) was signed after the 31/5 deadline."""
    s = datafile.ReportSummary("1", "T", ("TH",), "self-assessment", "2025-2026", 1, "", "")
    assert inbox.submitted_date(s, "2026-05-31T23:00:00+00:00", date(2026, 6, 3)) == date(2026, 6, 1)
    assert inbox.submitted_date(s, "2026-05-31T16:00:00+00:00", date(2026, 6, 3)) == date(2026, 5, 31)
    assert inbox.submitted_date(s, None, date(2026, 6, 3)) == date(2026, 6, 3)


def test_workbook_has_refused_sheet_types_and_charts(taken_in, commune, tmp_path):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    out = export_rollup(ru, COMMUNE, tmp_path)
    wb = openpyxl.load_workbook(out["xlsx"])
    refused = list(wb["Bị từ chối"].iter_rows(values_only=True))
    assert len(refused) == 2 and refused[1][2] == commune.tampered and "nguyên vẹn" in refused[1][7]
    missing = {r[0]: r[2] for r in wb["Chưa nộp"].iter_rows(min_row=2, values_only=True)}
    assert missing[commune.missing] == "Chưa gửi" and missing[commune.tampered].startswith("Bị từ chối")
    types = list(wb["Theo loại trường"].iter_rows(values_only=True))
    assert [r[0] for r in types[1:]] == ["Mầm non", "Tiểu học", "Trung học cơ sở", "Liên cấp"]
    head = [c.value for c in wb["Các trường"][1]]
    assert {"Ngày ghi trên báo cáo", "Thời điểm ký số", "Ngày ký/gửi (tính hạn)", "Ngày nhận"} <= set(head)
    with zipfile.ZipFile(out["xlsx"]) as z:  # native charts, as a spreadsheet program opens them
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_pdf_content_charts_signature_block(taken_in, commune, tmp_path):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    out = export_rollup(ru, COMMUNE, tmp_path)
    pages = pdf_pages(out["pdf"])
    flat = " ".join(" ".join(pages).split())
    assert "Chưa gửi báo cáo (1 cơ sở)" in flat and "Báo cáo bị từ chối hoặc đang chờ xem xét" in flat
    assert "Mầm non" in flat and "Liên cấp" in flat and "Trung học cơ sở" in flat
    assert "Số cơ sở theo mức chuyển đổi số" in flat  # the charts' titles (reportlab graphics)
    assert "tiêu chí thấp nhất (%)" in flat
    block = [p for p in pages if "Nơi nhận" in p]
    assert len(block) == 1 and "./." in block[0]  # the last paragraph and the signature block on one page
    lines = [ln.strip() for ln in block[0].splitlines() if ln.strip()]
    i = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[i + 1: i + 3] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and "Trần Văn Bình" in lines[i + 3:]
    assert "CHƯA KHAI BÁO" not in flat.upper()


def test_no_word_broken_in_table_cells(taken_in, commune, tmp_path):
    """Every date and code of the school table comes out whole ("02/12/2 026" and "THC S" were broken)."""
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    out = export_rollup(ru, COMMUNE, tmp_path)
    words = " ".join(pdf_pages(out["pdf"])).split()
    received = ru.rows[0].received_at
    day = f"{received[8:10]}/{received[5:7]}/{received[:4]}"
    assert words.count(day) >= len(ru.rows)
    for r in ru.rows:
        assert r.code in words and f"{r.signed_on[8:10]}/{r.signed_on[5:7]}/{r.signed_on[:4]}" in words
    assert "THCS" in words and "THC" not in words
    register()
    head, rows = ["TT", "Loại"], [["1", "THCS"], ["2", "Liên cấp"]]
    widths = fit_widths(head, rows, 200, 11, [0, 1])
    from reportlab.pdfbase.pdfmetrics import stringWidth
    assert widths[1] > stringWidth("THCS", FAMILY, 11) and abs(sum(widths) - 200) < 0.01
    assert fit_widths(head, rows, 20, 11, [0, 1]) is None  # too narrow: the caller takes a smaller size


def test_sở_signs_as_its_director(taken_in, tmp_path):
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    so = AuthorityInfo(name="Sở Giáo dục và Đào tạo", parent="UBND thành phố Hải Phòng", level="so",
                       signer_name="Lê Thị Hoa", signer_title="Phó Giám đốc")
    assert so.signature_lines() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert AuthorityInfo(name="X", signer_title="Chủ tịch").signature_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    out = export_rollup(ru, so, tmp_path)
    text = " ".join(pdf_pages(out["pdf"]))
    assert "KT. GIÁM ĐỐC" in text and "TM. ỦY BAN" not in text and "/BC-SGDĐT" in text


def test_no_document_without_the_bodys_name(taken_in, store, tmp_path):
    assert AuthorityInfo.load(store).declared is False
    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    with pytest.raises(UserError) as err:
        export_rollup(ru, AuthorityInfo.load(store), tmp_path / "out")
    assert err.value.message == NOT_NAMED and "socds authority set" in NOT_NAMED
    assert not (tmp_path / "out").exists()  # nothing half-written
    # a file saved by an older version with its placeholder name counts as not declared either
    store.set_setting("authority_profile", {"name": "Cơ quan quản lý (chưa khai báo tên)"})
    assert AuthorityInfo.load(store).declared is False


def test_old_settings_keep_their_signer_title(store):
    store.set_setting("authority_profile", {"name": "UBND xã A", "signer_authority": "CHỦ TỊCH",
                                            "signer_position": "Phó Chủ tịch"})
    assert AuthorityInfo.load(store).signature_lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_no_school_year_without_its_year(taken_in):
    ru = build_rollup(taken_in, "self-assessment", None)
    for text in (subject(ru), subject(build_rollup(taken_in, "self-assessment", "2025-2026"))):
        assert not re.search(r"năm học(?! \d{4}-\d{4})", text), text
    assert subject(ru).endswith("(tất cả các kỳ)")


def test_untrusted_rows_are_said_in_the_verdicts_words(taken_in):
    """The roll-up said every accepted report not trusted had a signer 'chưa xác định được người ký', also one
    accepted after review with an expired certificate: it now says the verdict's own words for what the inbox
    kept (signing/verdict.py signature_label), which name no reason the roll-up does not know."""
    import dataclasses

    from desktop.core.commune.rollup_pdf import schools_section
    from desktop.core.signing.verdict import signature_label

    ru = build_rollup(taken_in, "self-assessment", "2025-2026")
    ru.rows[0] = dataclasses.replace(ru.rows[0], signature_state="untrusted")
    texts = [f.getPlainText() for f in schools_section(ru, 400) if hasattr(f, "getPlainText")]
    said = [t for t in texts if "báo cáo có chữ ký" in t]
    assert said and f"có chữ ký {signature_label('untrusted').lower()}" in said[0], texts
    assert "chưa xác định được người ký" not in said[0]
