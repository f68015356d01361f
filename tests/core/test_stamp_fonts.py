"""Issue 20, PDF metadata: the signed package holds one font subset per font. The signature stamp writes its text
with the report's own embedded faces (signing/stamp_text.py) instead of bringing subsets of its own; a PDF made
elsewhere, or a stamp line with a letter the report never prints, still gets a readable stamp in fonts of its own."""
from __future__ import annotations

import collections
import datetime as dt
import io
import re
import shutil
import subprocess

import pytest

from desktop.core.report.package import build_package
from desktop.core.signing import P12Signer, SchoolKeySigner, sign_pdf
from desktop.core.signing.appearance import Appearance
from desktop.core.signing.signers import INTERNAL_NOTICE
from desktop.core.signing.stamp_text import unicode_codes
from desktop.core.signing.verify import verify_pdf
from desktop.core.store import Store
from desktop.core.store import reports as rep
from tests.core.signing_pki import make_pki

SIGNER = "Nguyễn Văn Hùng"  # the demo report's signer


def fonts_by_name(pdf) -> collections.Counter:
    """How many font objects of each face (the subset tag "AAAAAA+" left out) pdffonts finds in the file."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return collections.Counter(re.sub(r"^[A-Z]{6}\+", "", n) for n in names)


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def month(demo_db, tmp_path):
    shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(tmp_path / "demo.db") as store:
        row = rep.ensure_draft(store, "month", "2026-04")
        rep.update_fields(store, row["id"], doc_number="12/BC-THCSTT", doc_date="2026-04-30")
        yield store, row


def test_signed_package_has_one_subset_per_font(month, tmp_path):
    store, row = month
    pki = make_pki(SIGNER, org="Trường THCS Tuệ Tĩnh")
    signer = P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw")
    pdf = build_package(store, row["id"], signer, tmp_path / "out", accept_warnings=True, accept_certificate=True)
    counts = fonts_by_name(pdf)
    assert counts and all(n == 1 for n in counts.values()), counts
    assert set(counts) == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                           "LiberationSerif-BoldItalic"}
    # the stamp reads as before: the certificate's subject, the school, the time in Vietnam's zone
    stamp = [ln for ln in text_of(pdf).splitlines() if "+07:00" in ln]
    assert stamp and stamp[0].startswith("Trường THCS Tuệ Tĩnh, ")
    assert dt.datetime.fromisoformat(stamp[0].split(", ")[-1]).utcoffset() == dt.timedelta(hours=7)
    assert text_of(pdf).count(SIGNER) >= 2  # the signature block and the stamp
    r = verify_pdf(pdf, [pki.write_ca(tmp_path / "ca.pem")])
    assert r.state == "valid" and r.signatures[0].intact


def test_a_pdf_made_elsewhere_gets_a_stamp_in_its_own_fonts(tmp_path):
    """No Liberation Serif or Times New Roman in the file: the stamp brings its own two faces and still reads."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "A letter set in Helvetica")
    c.showPage()
    c.save()
    (tmp_path / "other.pdf").write_bytes(buf.getvalue())
    pki = make_pki("Lê Thị Ỷ Lan")
    out = sign_pdf(tmp_path / "other.pdf", tmp_path / "signed.pdf", P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"),
                   "pw"), appearance=Appearance(organisation="Trường Mầm non Hoa Sen"))
    counts = fonts_by_name(out)
    assert counts["LiberationSerif"] == 1 and counts["LiberationSerif-Bold"] == 1
    assert "Lê Thị Ỷ Lan" in text_of(out) and "+07:00" in text_of(out)


def test_a_letter_the_report_never_prints_falls_back_readably(month, tmp_path):
    """The school key's notice has "ẹ" ("toàn vẹn"), which the demo's month report never prints in its regular
    face: the stamp then brings its own subsets (docs/signature-stamp.md: 6 font objects instead of 4)."""
    store, row = month
    pdf = build_package(store, row["id"], SchoolKeySigner.for_store(store), tmp_path / "out", accept_warnings=True,
                        accept_certificate=True)
    assert "ẹ" in INTERNAL_NOTICE
    text = " ".join(text_of(pdf).split())
    assert " ".join(INTERNAL_NOTICE.split()) in text
    assert fonts_by_name(pdf)["LiberationSerif"] == 2


def test_tounicode_map_is_read_from_chars_and_ranges():
    cmap = (b"2 beginbfchar\n<01> <1EF0>\n<20> <0020>\nendbfchar\n"
            b"1 beginbfrange\n<41> <43> <0041>\nendbfrange\n")
    assert unicode_codes(cmap) == {"Ự": 1, " ": 32, "A": 0x41, "B": 0x42, "C": 0x43}
