"""Sign and verify report files, offline (pyHanko, cryptography). Qt-free.

- `sign_pdf(in_pdf, out_pdf, signer, attachments=..., field_name=..., appearance=...)`: PAdES B-B, attachments in
  the signed revision; signers `P12Signer`, `Pkcs11Signer`, `SchoolKeySigner`.
- `prepare_handoff(...)` / `import_signed(...)`: an empty signature field for signing elsewhere, and the check of
  the file that comes back.
- `verify_pdf(path, trust)` -> `VerifyResult`; `TrustStore`; `sign_detached(...)` for a stand-alone .xlsx.
"""
import importlib

from desktop.core.signing import offline

# pyHanko's HTTP clients are replaced before any of our modules imports pyHanko (offline.py says why).
offline.install()

# Each name is imported from its module on first use (PEP 562), so a screen that needs only the trust store or the
# school key does not import pyHanko (start-up and first-navigation time, issue 11).
_WHERE = {"Appearance": "appearance", "sign_detached": "detached", "import_signed": "handoff",
          "Attachment": "sign", "prepare_handoff": "sign", "sign_pdf": "sign",
          "INTERNAL_NOTICE": "signers", "P12Signer": "signers", "Pkcs11Signer": "signers", "SchoolKeySigner": "signers",
          "TrustStore": "trust", "read_certificates": "trust", "trust_dir": "trust",
          "STATES": "verify", "SignatureInfo": "verify", "VerifyResult": "verify", "verify_pdf": "verify"}

__all__ = ["Appearance", "Attachment", "INTERNAL_NOTICE", "P12Signer", "Pkcs11Signer", "STATES", "SchoolKeySigner",
           "SignatureInfo", "TrustStore", "VerifyResult", "import_signed", "prepare_handoff", "sign_detached", "read_certificates", "sign_pdf",
           "trust_dir", "verify_pdf"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
