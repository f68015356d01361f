"""Root certificates the user trusts: imported once (.cer/.crt/.pem/.p7b) into `<data file>-data/trust/`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from desktop.core.errors import UserError
from desktop.core.fileio import write_bytes
from desktop.core.paths import sidecar_dir

MAX_CERT_BYTES = 2 * 1024 * 1024


def read_certificates(path: Path | str) -> list[x509.Certificate]:
    """Every certificate in a PEM/DER certificate file or a PKCS#7 bundle (.p7b, PEM or DER)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp chứng thư {path} ({exc.strerror}).") from None
    if len(data) > MAX_CERT_BYTES:
        raise UserError(f"Tệp {path.name} quá lớn, không phải tệp chứng thư.")
    loaders: list[Callable[[bytes], list[x509.Certificate]]] = []
    if b"-----BEGIN PKCS7-----" in data:
        loaders.append(pkcs7.load_pem_pkcs7_certificates)
    if b"-----BEGIN CERTIFICATE-----" in data:
        loaders.append(x509.load_pem_x509_certificates)
    loaders += [lambda d: [x509.load_der_x509_certificate(d)], pkcs7.load_der_pkcs7_certificates]
    for load in loaders:
        try:
            certs = list(load(data))
        except ValueError:
            continue
        if certs:
            return certs
    raise UserError(f"Tệp {path.name} không chứa chứng thư số đọc được (cần .cer, .crt, .pem hoặc .p7b).")


def trust_dir(db_path: Path | str) -> Path:
    return sidecar_dir(Path(db_path)) / "trust"


class TrustStore:
    """A folder of trusted roots, one PEM file per certificate named by its SHA-256 fingerprint."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    @classmethod
    def for_store(cls, store) -> "TrustStore":
        return cls(store.data_dir / "trust")

    def import_file(self, path: Path | str) -> list[x509.Certificate]:
        certs = read_certificates(path)
        for cert in certs:
            pem = cert.public_bytes(serialization.Encoding.PEM)
            target = self.folder / f"{hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()}.pem"
            if not target.exists():
                write_bytes(target, pem)
        return certs

    def certificates(self) -> list[x509.Certificate]:
        if not self.folder.is_dir():
            return []
        out = []
        for f in sorted(self.folder.glob("*.pem")):
            try:
                out.extend(x509.load_pem_x509_certificates(f.read_bytes()))
            except (OSError, ValueError):
                continue  # a damaged entry is skipped, never fatal for verification
        return out

    def remove(self, fingerprint: str) -> bool:
        target = self.folder / f"{fingerprint.lower()}.pem"
        if target.exists():
            target.unlink()
            return True
        return False
