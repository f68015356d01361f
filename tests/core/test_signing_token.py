"""Signing with a real PKCS#11 token (SoftHSM2), as a school's USB token would be used."""
import pytest

from desktop.core.errors import UserError
from desktop.core.signing import Appearance, Pkcs11Signer, sign_detached, sign_pdf, verify_pdf
from tests.core.signing_pki import make_pdf, pdfsig
from tests.core.softhsm import shared_token


def test_token_signs_pdf_and_p7s(tmp_path):
    import subprocess

    tok = shared_token()
    pki, lib, PIN = tok.pki, tok.lib, tok.pin
    ca = pki.write_ca(tmp_path / "ca.pem")
    out = sign_pdf(make_pdf(tmp_path / "in.pdf"), tmp_path / "tok.pdf", Pkcs11Signer(lib, "SoCDS-test", PIN),
                   attachments=[("a.xlsx", b"PK data")], appearance=Appearance(organisation="Trường THCS A"))
    r = verify_pdf(out, [ca])
    assert r.state == "valid" and r.signer == "Nguyễn Văn An" and "a.xlsx" in r.attachments
    assert "Signature is Valid" in pdfsig(out) and "Total document signed" in pdfsig(out)
    xlsx = tmp_path / "a.xlsx"
    xlsx.write_bytes(b"PK data")
    p7s = sign_detached(xlsx, Pkcs11Signer(lib, "SoCDS-test", PIN))
    ok = subprocess.run(["openssl", "cms", "-verify", "-binary", "-content", str(xlsx), "-inform", "DER", "-in",
                         str(p7s), "-CAfile", str(ca), "-out", "/dev/null"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


def test_token_wrong_pin_and_missing_token(tmp_path):
    tok = shared_token()
    lib, PIN = tok.lib, tok.pin
    src = make_pdf(tmp_path / "in.pdf")
    with pytest.raises(UserError, match="PIN") as err:
        sign_pdf(src, tmp_path / "x.pdf", Pkcs11Signer(lib, "SoCDS-test", "0000-wrong"))
    assert "0000-wrong" not in err.value.message
    with pytest.raises(UserError, match="token"):
        sign_pdf(src, tmp_path / "x.pdf", Pkcs11Signer(lib, "Khong-co", PIN))
    with pytest.raises(UserError, match="thư viện PKCS#11"):
        sign_pdf(src, tmp_path / "x.pdf", Pkcs11Signer(str(tmp_path / "nope.so"), "SoCDS-test", PIN))
    assert not (tmp_path / "x.pdf").exists()
