"""The commune's own roll-up report: administrative header, a row per school, signed with the workbook and JSON
inside the signed revision (checked with poppler: pdftotext, pdfsig, pdfdetach)."""
import re
import shutil
import subprocess

import openpyxl
import pytest

from desktop.core.commune import inbox, roster
from desktop.core.commune.demo import _LoadedSigner, make_test_ca
from desktop.core.commune.rollup import build_rollup
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.rollup_checks import before_sending
from desktop.core.commune.rollup_pdf import export_rollup
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled


pytestmark = pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils missing")


def test_rollup_report_signed(tmp_path, commune):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    ru = build_rollup(s, "self-assessment", "2025-2026")
    a = AuthorityInfo(name="UBND xã Tuệ Tĩnh", parent="UBND thành phố Hải Phòng", doc_number="45/BC-UBND",
                      doc_date="2026-06-20", place_name="Tuệ Tĩnh", signer_name="Trần Văn Bình")
    a.save(s)
    assert AuthorityInfo.load(s) == a
    root, key, cert, _ = make_test_ca()
    out = export_rollup(ru, a, tmp_path / "kq", _LoadedSigner(key, cert, [root]), created_at="2026-06-20T02:15:30+00:00")
    text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True).stdout
    assert "UBND XÃ TUỆ TĨNH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tuệ Tĩnh, ngày 20 tháng 6 năm 2026" in text and "Trần Văn Bình" in text
    assert "<b>" not in text and "&amp;" not in text and "&lt;" not in text  # table markup is markup, not text
    # the preschools are not "Chưa xếp mức" without a reason: the report says why; how to load the set into this
    # program is the officer's business, told before sending (rollup_checks), never in the signed roll-up
    flat = " ".join(text.split())
    assert "trường mầm non chưa xếp mức vì chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)" in flat
    assert "socds" not in flat and "Nạp tệp bộ chỉ số" not in flat
    assert any("socds indicators import" in n for n in before_sending(ru))
    book = openpyxl.load_workbook(out["xlsx"], read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not [c for c in cells if "socds" in c or "Nạp tệp" in c]
    assert "socds indicators" not in out["json"].read_text(encoding="utf-8")
    # the creation date is the export's moment in Vietnam's time, not reportlab's invariant 1/1/2000
    info = subprocess.run(["pdfinfo", "-isodates", str(out["pdf"])], capture_output=True, text=True).stdout
    assert re.search(r"CreationDate:\s+2026-06-20T09:15:30\+07", info), info
    for r in ru.rows:
        assert r.code in text
    for code, _ in ru.missing:
        assert code in text
    sig = subprocess.run(["pdfsig", str(out["pdf"])], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig and "Total document signed" in sig
    listing = subprocess.run(["pdfdetach", "-list", str(out["pdf"])], capture_output=True, text=True).stdout
    assert out["xlsx"].name in listing and out["json"].name in listing
    ws = openpyxl.load_workbook(out["xlsx"], read_only=True)["Các trường"]
    assert ws.max_row == len(ru.rows) + 1
    s.close()


def test_rollup_report_unsigned_has_field(tmp_path, store):
    ru = build_rollup(store, "self-assessment", "2025-2026")
    out = export_rollup(ru, AuthorityInfo(name="UBND xã Tuệ Tĩnh"), tmp_path)
    sig = subprocess.run(["pdfsig", "-nocert", str(out["pdf"])], capture_output=True, text=True)
    assert "Signature Field Name: ChuKyThuTruong" in sig.stdout and "is not signed" in sig.stdout
    info = subprocess.run(["pdfinfo", "-isodates", str(out["pdf"])], capture_output=True, text=True).stdout
    assert "CreationDate:" in info and "2000-01-01" not in info  # no creation date given: the export's own
