"""Throw-away test PKI, generated at test time: a root CA, a signer certificate, .p12 files. Never committed keys."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def _name(cn: str, org: str = "Phòng thử nghiệm") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass
class Pki:
    ca_key: object
    ca_cert: x509.Certificate
    key: object
    cert: x509.Certificate

    def write_ca(self, path: Path) -> Path:
        path.write_bytes(self.ca_cert.public_bytes(serialization.Encoding.PEM))
        return path

    def write_p12(self, path: Path, password: str) -> Path:
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"signer", self.key, self.cert, [self.ca_cert],
            serialization.BestAvailableEncryption(password.encode())))
        return path

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def make_pki(signer_cn: str = "Nguyễn Văn An", ca_cn: str = "CA thử nghiệm", *, expired: bool = False,
             signing_usage: bool = True, org: str = "Trường THCS Thử Nghiệm") -> Pki:
    """`expired`: the signer's certificate ended yesterday; `signing_usage=False`: its key usage allows only key
    encipherment (neither digitalSignature nor nonRepudiation)."""
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(ca_cn)
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                            crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    start, end = (now - dt.timedelta(days=400), now - dt.timedelta(days=1)) if expired else \
        (now - dt.timedelta(days=1), now + dt.timedelta(days=365))
    cert = (x509.CertificateBuilder().subject_name(_name(signer_cn, org)).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=signing_usage, content_commitment=signing_usage,
                                         key_encipherment=not signing_usage,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return Pki(ca_key, ca_cert, key, cert)


def pdfsig(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def make_pdf(path: Path, pages: int = 2, text: str = "Báo cáo thử nghiệm") -> Path:
    """A small real PDF made with reportlab (the report renderer is not needed here)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from desktop.core.paths import resource

    if "LibSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("LibSerif", str(resource("fonts", "LiberationSerif-Regular.ttf"))))
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)  # uncompressed: tests flip text bytes
    for i in range(pages):
        c.setFont("LibSerif", 14)
        c.drawString(72, 760, f"{text} — trang {i + 1}")
        c.showPage()
    c.save()
    return path


# ---- the tampering a recipient's verification must catch ---------------------------------------------------
def append_update(src: Path, dst: Path, change) -> Path:
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(src.read_bytes()))
    change(w)
    out = io.BytesIO()
    w.write(out)
    dst.write_bytes(out.getvalue())
    return dst


def tamper_flip(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    data[data.index("trang 1".encode())] ^= 0x01  # inside the uncompressed page text: the file still parses
    dst.write_bytes(bytes(data))
    return dst


def tamper_content(src: Path, dst: Path) -> Path:
    from pyhanko.pdf_utils import generic

    def change(w):
        page = w.root["/Pages"]["/Kids"][0].get_object()
        page["/Contents"] = w.add_object(generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 400 Td (SUA) Tj ET"))
        w.update_container(page)

    return append_update(src, dst, change)


def tamper_swap_attachment(src: Path, dst: Path, name: str) -> Path:
    from pyhanko.pdf_utils import embed

    def change(w):
        names = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if str(names[i]) == name:
                spec = names[i + 1].get_object()
                ef = embed.EmbeddedFileObject.from_file_data(w, b"PK another workbook")
                spec["/EF"]["/F"] = spec["/EF"]["/UF"] = w.add_object(ef)
                w.update_container(spec)

    return append_update(src, dst, change)


def tamper_strip(src: Path, dst: Path) -> Path:
    def strip(w):
        for f in w.root["/AcroForm"]["/Fields"]:
            field = f.get_object()
            if "/V" in field:
                del field["/V"]
                w.update_container(field)

    return append_update(src, dst, strip)
