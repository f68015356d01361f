"""Hand-off: export with an empty field, sign outside the product (pyHanko directly here), import it back."""
import hashlib
import io
import json

import pytest

from desktop.core.errors import UserError
from desktop.core.signing import import_signed, prepare_handoff, verify_pdf
from tests.core.signing_pki import make_pdf, make_pki, pdfsig

DATA = json.dumps({"school": "THCS A", "attachments": {}}).encode()


def _sign_elsewhere(src, dst, pki, field):
    """What a CA's desktop tool does: fill the named empty field, as an incremental update."""
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as cert1
    from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1 as key1
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(signing_cert=cert1(pki.cert), signing_key=key1(pki.key),
                                  cert_registry=SimpleCertificateStore.from_certs([cert1(pki.ca_cert)]))
    w = IncrementalPdfFileWriter(io.BytesIO(src.read_bytes()))
    out = io.BytesIO()
    signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name=field), signer=signer, output=out)
    dst.write_bytes(out.getvalue())
    return dst


@pytest.fixture(scope="module")
def pki():
    return make_pki()


def test_handoff_round_trip(tmp_path, pki):
    ready = prepare_handoff(make_pdf(tmp_path / "r.pdf"), tmp_path / "ready.pdf", page=-1, box=(320, 80, 540, 180),
                            field_name="ChuKyHieuTruong", attachments=[("r.json", DATA, "application/json")])
    assert verify_pdf(ready).state == "unsigned"
    signed = _sign_elsewhere(ready, tmp_path / "back.pdf", pki, "ChuKyHieuTruong")
    ca = pki.write_ca(tmp_path / "ca.pem")
    r = import_signed(signed, expected_sha256=hashlib.sha256(DATA).hexdigest(), trust=[ca])
    assert r.state == "valid" and r.signatures[0].field == "ChuKyHieuTruong" and r.covers_whole
    assert "Total document signed" in pdfsig(signed) and "Signature is Valid" in pdfsig(signed)
    # an unknown root is still accepted on import (trust is the recipient's call), reported as such
    assert import_signed(signed, expected_sha256=hashlib.sha256(DATA).hexdigest()).state == "untrusted"


def test_handoff_rejects_other_version_tampered_and_unsigned(tmp_path, pki):
    ready = prepare_handoff(make_pdf(tmp_path / "r.pdf"), tmp_path / "ready.pdf",
                            attachments=[("r.json", DATA, "application/json")])
    with pytest.raises(UserError, match="chưa có chữ ký"):
        import_signed(ready, expected_sha256=hashlib.sha256(DATA).hexdigest())
    signed = _sign_elsewhere(ready, tmp_path / "back.pdf", pki, "ChuKyHieuTruong")
    with pytest.raises(UserError, match="phiên bản báo cáo khác"):
        import_signed(signed, expected_sha256=hashlib.sha256(b"another version").hexdigest())
    data = bytearray(signed.read_bytes())
    data[data.index("trang 1".encode())] ^= 0x02
    (tmp_path / "bad.pdf").write_bytes(bytes(data))
    with pytest.raises(UserError, match="không còn nguyên vẹn"):
        import_signed(tmp_path / "bad.pdf", expected_sha256=hashlib.sha256(DATA).hexdigest())


def test_handoff_bad_page_and_duplicate_field(tmp_path):
    src = make_pdf(tmp_path / "r.pdf", pages=2)
    with pytest.raises(UserError, match="không có trang 5"):
        prepare_handoff(src, tmp_path / "x.pdf", page=4)
    assert not (tmp_path / "x.pdf").exists()
    once = prepare_handoff(src, tmp_path / "once.pdf")
    with pytest.raises(UserError, match="đã có ô chữ ký"):
        prepare_handoff(once, tmp_path / "twice.pdf")
