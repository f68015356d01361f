"""Signing and verifying: every kind of signature is valid for poppler's pdfsig, and every tampering is caught."""
import hashlib
import json
import os
import subprocess

import pytest

from desktop.core.errors import UserError
from desktop.core.signing import (INTERNAL_NOTICE, Appearance, P12Signer, SchoolKeySigner, TrustStore, sign_detached,
                                  sign_pdf, verify_pdf)
from desktop.core.signing.appearance import render_appearance
from tests.core.signing_pki import (make_pdf, make_pki, pdfsig, tamper_content, tamper_flip, tamper_strip,
                                    tamper_swap_attachment)

PASSWORD = "Mk-bí-mật-9137"
XLSX = b"PK\x03\x04 workbook bytes " * 200


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def files(tmp_path, pki):
    data = json.dumps({"attachments": {"bao-cao.xlsx": hashlib.sha256(XLSX).hexdigest()}}).encode()
    return {"pdf": make_pdf(tmp_path / "in.pdf"), "p12": pki.write_p12(tmp_path / "signer.p12", PASSWORD),
            "ca": pki.write_ca(tmp_path / "ca.pem"),
            "att": [("bao-cao.xlsx", XLSX, None), ("bao-cao.json", data, "application/json")]}


@pytest.fixture
def signed(tmp_path, files):
    out = tmp_path / "signed.pdf"
    sign_pdf(files["pdf"], out, P12Signer(files["p12"], PASSWORD), attachments=files["att"],
             appearance=Appearance(organisation="Trường THCS Thử Nghiệm", signer_name="Nguyễn Văn An"))
    return out


def test_p12_signature_valid_trusted_and_covers_everything(signed, files):
    r = verify_pdf(signed, [files["ca"]])
    assert (r.state, r.intact, r.trusted, r.covers_whole) == ("valid", True, True, True)
    assert r.signer == "Nguyễn Văn An" and r.signing_time and not r.problems
    assert r.attachments == {"bao-cao.xlsx": hashlib.sha256(XLSX).hexdigest(),
                             "bao-cao.json": hashlib.sha256(files["att"][1][1]).hexdigest()}
    out = pdfsig(signed)
    assert "Signature is Valid" in out and "Total document signed" in out and "ETSI.CAdES.detached" in out


def test_foreign_root_gives_intact_untrusted(signed, tmp_path):
    r = verify_pdf(signed, [make_pki(ca_cn="CA khác").write_ca(tmp_path / "other.pem")])
    assert (r.state, r.intact, r.trusted) == ("untrusted", True, False)
    assert r.trust == "unknown_root" and any("chứng thư gốc chưa có trong danh sách tin cậy" in n for n in r.notes)
    assert "Chưa xác định được người ký" in r.explanation


def test_wrong_password_is_a_clear_error_without_the_secret(files, tmp_path):
    with pytest.raises(UserError) as err:
        sign_pdf(files["pdf"], tmp_path / "x.pdf", P12Signer(files["p12"], "sai-mat-khau"))
    assert "sai mật khẩu" in err.value.message and "sai-mat-khau" not in err.value.message
    assert not (tmp_path / "x.pdf").exists()
    assert PASSWORD not in repr(P12Signer(files["p12"], PASSWORD))


def test_second_signature_keeps_the_first_valid(signed, files, store, tmp_path):
    twice = tmp_path / "twice.pdf"
    school = SchoolKeySigner.for_store(store)
    sign_pdf(signed, twice, school)  # invisible: it shows nothing on any page
    r = verify_pdf(twice, [files["ca"], school.cert_path])
    assert r.state == "valid" and len(r.signatures) == 2, r.problems
    assert [s.coverage for s in r.signatures] == ["later-signatures", "whole"]
    assert r.signatures[1].internal and not r.signatures[0].internal
    out = pdfsig(twice)
    assert out.count("Signature is Valid") == 2 and "Total document signed" in out


def test_a_later_trusted_signature_pasting_an_appearance_over_a_page_is_reported(signed, files, tmp_path):
    """Issue 17: a second signature, under a trusted root, whose appearance puts new text on page 1. pyHanko calls
    the update FORM_FILLING and pdfsig says both signatures are valid; the product reports it."""
    other = make_pki("Kẻ Giả Mạo", ca_cn="CA tin cậy khác")
    p12 = other.write_p12(tmp_path / "other.p12", "pw")
    over = tmp_path / "over.pdf"
    sign_pdf(signed, over, P12Signer(p12, "pw"),
             appearance=Appearance(page=0, box=(50, 700, 550, 800), signer_name="ĐÃ DUYỆT: XẾP LOẠI TỐT"))
    out = pdfsig(over)
    assert out.count("Signature is Valid") == 2  # the independent validator sees nothing wrong
    r = verify_pdf(over, [files["ca"], other.write_ca(tmp_path / "other.pem")])
    assert r.state == "invalid" and r.signatures[1].trusted and r.covers_whole
    assert any("hình hiển thị mới lên trang 1" in p for p in r.problems), r.problems


def test_bytes_appended_after_the_signature_are_not_the_whole_file(signed, files, tmp_path):
    """Issue 17: bytes after the signed revision (no new xref: a PDF+ZIP polyglot) made verify say "Phủ toàn bộ
    tệp: có" while pdfsig says "Not total document signed" (ENTIRE_REVISION + NONE was taken for later signatures)."""
    poly = tmp_path / "poly.pdf"
    poly.write_bytes(signed.read_bytes() + b"PK\x03\x04" + b"\x00" * 200)
    assert "Not total document signed" in pdfsig(poly)
    r = verify_pdf(poly, [files["ca"]])
    assert (r.state, r.covers_whole, r.signatures[0].coverage) == ("invalid", False, "not-whole")
    assert any("không phủ toàn bộ tệp" in p for p in r.problems)


@pytest.mark.parametrize("kind, pdfsig_says, words", [
    ("expired", "Certificate has Expired", "hết hạn"),
    ("no_key_usage", "Unknown issue with Certificate", "không được cấp để ký"),
    ("unknown_root", "Certificate issuer isn't Trusted", "Chưa xác định được người ký"),
    ("trusted", "Signature is Valid", "Người ký đã được xác định"),
])
def test_four_distinct_trust_verdicts(tmp_path, kind, pdfsig_says, words):
    pki = make_pki(expired=kind == "expired", signing_usage=kind != "no_key_usage")
    out = sign_pdf(make_pdf(tmp_path / "r.pdf"), tmp_path / "s.pdf", P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw"))
    roots = [] if kind == "unknown_root" else [pki.write_ca(tmp_path / "ca.pem")]
    r = verify_pdf(out, roots)
    assert pdfsig_says in pdfsig(out)
    assert r.trust == kind and r.intact and r.covers_whole
    assert r.state == ("valid" if kind == "trusted" else "untrusted")
    assert words in r.explanation or (kind == "trusted" and r.state == "valid")


def test_school_key_generated_once_protected_and_labelled(store, files, tmp_path):
    school = SchoolKeySigner.for_store(store)
    out = sign_pdf(files["pdf"], tmp_path / "s.pdf", school, appearance=Appearance())
    first_cert = school.cert_path.read_bytes()
    sign_pdf(files["pdf"], tmp_path / "s2.pdf", SchoolKeySigner.for_store(store))
    assert school.cert_path.read_bytes() == first_cert  # generated on first use only
    assert school.key_path.parent == store.data_dir / "keys"
    if os.name == "posix":
        assert os.stat(school.key_path).st_mode & 0o077 == 0
    r = verify_pdf(out, [])
    assert r.state == "untrusted" and r.internal and any("toàn vẹn nội bộ" in n for n in r.notes)
    assert "Signature is Valid" in pdfsig(out) and "Total document signed" in pdfsig(out)
    # the visible appearance says in words what this signature is
    stamp = tmp_path / "stamp.pdf"
    stamp.write_bytes(render_appearance(Appearance(organisation="Trường", internal_notice=INTERNAL_NOTICE)))
    text = subprocess.run(["pdftotext", str(stamp), "-"], capture_output=True, text=True).stdout
    assert "toàn vẹn nội bộ" in " ".join(text.split()) and "chứng thực" in text
    fonts = subprocess.run(["pdffonts", str(stamp)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f and "LiberationSerif" in f for f in fonts)  # every font embedded


def test_appearance_with_images(tmp_path, files):
    from PIL import Image

    Image.new("RGBA", (120, 40), (0, 0, 200, 255)).save(tmp_path / "sig.png")
    Image.new("RGBA", (80, 80), (200, 0, 0, 128)).save(tmp_path / "seal.png")
    out = sign_pdf(files["pdf"], tmp_path / "img.pdf", P12Signer(files["p12"], PASSWORD),
                   appearance=Appearance(signature_png=tmp_path / "sig.png", seal_png=tmp_path / "seal.png"))
    assert verify_pdf(out, [files["ca"]]).state == "valid"
    (tmp_path / "bad.png").write_bytes(b"not a png")
    with pytest.raises(UserError, match="PNG"):
        sign_pdf(files["pdf"], tmp_path / "b.pdf", P12Signer(files["p12"], PASSWORD),
                 appearance=Appearance(signature_png=tmp_path / "bad.png"))


# ---- tampering (every case must be caught) ---------------------------------------------------------------------------------------------
def test_flipped_byte_is_caught(signed, files, tmp_path):
    r = verify_pdf(tamper_flip(signed, tmp_path / "flipped.pdf"), [files["ca"]])
    assert r.state == "invalid" and not r.intact


def test_appended_update_changing_content_is_caught(signed, files, tmp_path):
    r = verify_pdf(tamper_content(signed, tmp_path / "appended.pdf"), [files["ca"]])
    assert r.state == "invalid" and not r.covers_whole
    assert any("thay đổi nội dung" in p for p in r.problems)


def test_swapped_attachment_is_caught(signed, files, tmp_path):
    r = verify_pdf(tamper_swap_attachment(signed, tmp_path / "swapped.pdf", "bao-cao.xlsx"), [files["ca"]])
    assert r.state == "invalid"
    assert r.attachments["bao-cao.xlsx"] != hashlib.sha256(XLSX).hexdigest()


def test_stripped_signature_is_caught(signed, files, tmp_path):
    assert verify_pdf(tamper_strip(signed, tmp_path / "stripped.pdf"), [files["ca"]]).state == "unsigned"
    # cutting the file back to before the signed revision leaves an unsigned PDF
    data = signed.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: data.index(b"%%EOF") + 5])
    assert verify_pdf(cut, [files["ca"]]).state == "unsigned"


def test_data_file_hash_mismatch_is_caught(files, tmp_path):
    lying = json.dumps({"attachments": {"bao-cao.xlsx": "0" * 64, "thieu.xlsx": "1" * 64}}).encode()
    out = sign_pdf(files["pdf"], tmp_path / "lie.pdf", P12Signer(files["p12"], PASSWORD),
                   attachments=[("bao-cao.xlsx", XLSX), ("bao-cao.json", lying)])
    r = verify_pdf(out, [files["ca"]])
    # signed as it is (intact, whole file): a data file that lies about its attachments is a bad export, not a
    # change after signing (it was "invalid" and intact at once)
    assert (r.state, r.intact, r.covers_whole) == ("bad_data", True, True)
    assert len(r.problems) == 2 and any("thieu.xlsx" in p for p in r.problems)


def test_unreadable_file(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    assert verify_pdf(junk).state == "unreadable"
    assert verify_pdf(tmp_path / "missing.pdf").state == "unreadable"


# ---- trust store, detached CMS ---------------------------------------------------------------------------
def test_trust_store_imports_pem_der_p7b(tmp_path, pki, signed, files):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    ts = TrustStore(tmp_path / "trust")
    der = tmp_path / "root.cer"
    der.write_bytes(pki.ca_cert.public_bytes(serialization.Encoding.DER))
    p7b = tmp_path / "bundle.p7b"
    p7b.write_bytes(pkcs7.serialize_certificates([pki.ca_cert, pki.cert], serialization.Encoding.DER))
    assert len(ts.import_file(der)) == 1 and len(ts.import_file(p7b)) == 2
    ts.import_file(files["ca"])
    assert len(ts.certificates()) == 2  # the same root once
    assert verify_pdf(signed, ts.certificates()).state == "valid"
    (tmp_path / "bad.crt").write_bytes(b"hello")
    with pytest.raises(UserError, match="không chứa chứng thư"):
        ts.import_file(tmp_path / "bad.crt")


def test_detached_p7s_checked_by_openssl(tmp_path, files, store):
    xlsx = tmp_path / "bao-cao.xlsx"
    xlsx.write_bytes(XLSX)
    for signer, ca in ((P12Signer(files["p12"], PASSWORD), files["ca"]),
                       (SchoolKeySigner.for_store(store), SchoolKeySigner.for_store(store).cert_path)):
        p7s = sign_detached(xlsx, signer)
        assert p7s.name == "bao-cao.xlsx.p7s"
        cmd = ["openssl", "cms", "-verify", "-binary", "-content", str(xlsx), "-inform", "DER", "-in", str(p7s),
               "-CAfile", str(ca), "-out", os.devnull]
        if signer.internal:
            cmd.insert(3, "-partial_chain")
        ok = subprocess.run(cmd, capture_output=True, text=True)
        assert ok.returncode == 0, ok.stderr
        xlsx.write_bytes(XLSX + b"x")
        assert subprocess.run(cmd, capture_output=True).returncode != 0
        xlsx.write_bytes(XLSX)
