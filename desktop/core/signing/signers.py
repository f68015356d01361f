"""The ways to sign, all offline: a .p12/.pfx file, a PKCS#11 token, the school's own key.

Each signer is a small description; `open()` is a context manager yielding a pyHanko `Signer` for the time of
one signing and releasing the key material (token session) afterwards. Secrets (password, PIN) live only in the
signer object in memory for that one operation: they are never written, logged, or put in an exception message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from desktop.core.errors import UserError
from desktop.core.fileio import write_bytes

# The organisational-unit text that marks a school-key certificate; verify_pdf recognises it.
SCHOOL_KEY_MARK = "Sổ CĐS - khóa nội bộ của nhà trường"
INTERNAL_NOTICE = "Chữ ký bảo đảm toàn vẹn nội bộ, không phải chữ ký số của tổ chức cung cấp dịch vụ chứng thực"


@dataclass(repr=False)
class P12Signer:
    """A .p12/.pfx file; the password is asked each time by the caller and never stored."""

    path: Path
    password: str | None = field(default=None)
    kind = "p12"
    internal = False

    def __repr__(self) -> str:  # never show the password
        return f"P12Signer({Path(self.path).name!r})"

    def load(self):
        path = Path(self.path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp chứng thư {path} ({exc.strerror}).") from None
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(
                data, self.password.encode("utf-8") if self.password else None
            )
        except ValueError:
            raise UserError(f"Không mở được tệp {path.name}: sai mật khẩu hoặc không phải tệp .p12/.pfx.") from None
        if key is None or cert is None:
            raise UserError(f"Tệp {path.name} không chứa khóa bí mật và chứng thư ký.")
        return key, cert, list(extra or [])

    @contextlib.contextmanager
    def open(self) -> Iterator[object]:
        from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as to_asn1
        from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1 as key_to_asn1
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert, extra = self.load()
        yield SimpleSigner(
            signing_cert=to_asn1(cert),
            signing_key=key_to_asn1(key),
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in extra]),
        )


@dataclass(repr=False)
class Pkcs11Signer:
    """A PKCS#11 token (USB token of a CA): the vendor's library, a token label or slot, the PIN."""

    lib: str
    token_label: str | None = None
    pin: str | None = None
    slot: int | None = None
    key_label: str | None = None
    kind = "pkcs11"
    internal = False

    def __repr__(self) -> str:
        return f"Pkcs11Signer({self.lib!r}, token={self.token_label!r}, slot={self.slot!r})"

    @contextlib.contextmanager
    def open(self) -> Iterator[object]:
        import pkcs11 as p11
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        if not Path(self.lib).is_file():
            raise UserError(f"Không tìm thấy thư viện PKCS#11 của token: {self.lib}.")
        label = self.token_label
        if label is None and self.slot is None:
            label = self._first_initialised_token(p11)  # skip the empty slots some drivers list first
        criteria = TokenCriteria(label=label) if label else None
        try:
            session = open_pkcs11_session(self.lib, slot_no=self.slot, token_criteria=criteria, user_pin=self.pin)
        except p11.PinIncorrect:
            raise UserError("Mã PIN của token không đúng.") from None
        except p11.PinLocked:
            raise UserError("Token đã bị khóa do nhập sai PIN nhiều lần. Hãy liên hệ nhà cung cấp chứng thư.") from None
        except Exception as exc:  # noqa: BLE001 - the library raises many kinds; the PIN is never in them
            raise UserError(
                f"Không mở được token ({type(exc).__name__}). Kiểm tra token đã cắm, đúng thư viện và đúng tên token."
            ) from None
        try:
            cert_id = self._find_cert_id(session, p11)
            key = session.get_key(object_class=p11.ObjectClass.PRIVATE_KEY, id=cert_id)
            # many tokens (SoftHSM2 among them) only do raw ECDSA: hash here, sign the digest there
            raw = key.key_type == p11.KeyType.EC
            yield PKCS11Signer(
                session, cert_id=cert_id, key_id=cert_id, key_label=self.key_label, use_raw_mechanism=raw
            )
        finally:
            with contextlib.suppress(Exception):
                session.close()

    def _first_initialised_token(self, p11) -> str | None:
        try:
            for slot in p11.lib(self.lib).get_slots(token_present=True):
                token = slot.get_token()
                if token.flags & p11.TokenFlag.TOKEN_INITIALIZED:
                    return token.label
        except Exception:  # noqa: BLE001 - fall back to pyHanko's own choice; its error is reported below
            return None
        return None

    def _find_cert_id(self, session, p11) -> bytes:
        """The ID of the first certificate on the token that has a private key with the same ID."""
        key_ids = {k[p11.Attribute.ID] for k in session.get_objects({p11.Attribute.CLASS: p11.ObjectClass.PRIVATE_KEY})}
        for cert in session.get_objects({p11.Attribute.CLASS: p11.ObjectClass.CERTIFICATE}):
            if cert[p11.Attribute.ID] in key_ids:
                return cert[p11.Attribute.ID]
        raise UserError("Token không có chứng thư nào đi kèm khóa bí mật để ký.")


@dataclass(repr=False)
class SchoolKeySigner:
    """The school's own key, for schools without a CA certificate: integrity only, not a legal signature.

    Generated on first use into `<data file>-data/keys/`, with a self-signed certificate naming the school. The
    private key file is unencrypted PKCS#8 readable only by its owner (0600 in a 0700 folder; on Windows the
    per-user folder's ACL): encrypting it with a password stored beside it would protect nothing, and asking a
    password each time would defeat the purpose of the no-certificate path. Whoever controls the data file can
    sign with this key — which is exactly why the PDF and the screen say it is an internal integrity signature.
    """

    keys_dir: Path
    school_name: str
    school_code: str = ""
    kind = "school-key"
    internal = True

    @classmethod
    def for_store(cls, store) -> "SchoolKeySigner":
        from desktop.core.store.profile import get_school

        school = get_school(store)
        name = school.name if school and school.name.strip() else "Nhà trường (chưa khai báo tên)"
        return cls(store.data_dir / "keys", name, school.code if school else "")

    @property
    def key_path(self) -> Path:
        return Path(self.keys_dir) / "school-key.pem"

    @property
    def cert_path(self) -> Path:
        return Path(self.keys_dir) / "school-cert.pem"

    def ensure(self):
        """Load the key and certificate, generating them on first use."""
        if self.key_path.exists() and self.cert_path.exists():
            key = serialization.load_pem_private_key(self.key_path.read_bytes(), None)
            cert = x509.load_pem_x509_certificate(self.cert_path.read_bytes())
            return key, cert
        keys_dir = Path(self.keys_dir)
        keys_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(keys_dir, 0o700)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = self._certificate(key)
        # mode 0600 from the first byte (the temporary file is created private): the key is never world-readable
        write_bytes(
            self.key_path,
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            mode=0o600,
        )
        write_bytes(self.cert_path, cert.public_bytes(serialization.Encoding.PEM))
        return key, cert

    def _certificate(self, key) -> x509.Certificate:
        now = dt.datetime.now(dt.timezone.utc)
        attrs = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.school_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, SCHOOL_KEY_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, self.school_name[:64]),
        ]
        if self.school_code:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, self.school_code[:64]))
        name = x509.Name(attrs)
        return (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )

    def load(self):
        key, cert = self.ensure()
        return key, cert, []

    @contextlib.contextmanager
    def open(self) -> Iterator[object]:
        from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as to_asn1
        from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1 as key_to_asn1
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert = self.ensure()
        yield SimpleSigner(
            signing_cert=to_asn1(cert), signing_key=key_to_asn1(key), cert_registry=SimpleCertificateStore()
        )


def is_school_key_cert(subject_ou: list[str]) -> bool:
    return SCHOOL_KEY_MARK in subject_ou
