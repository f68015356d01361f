"""Sign and verify report files, offline (pyHanko, cryptography). Qt-free.

- `sign_pdf(in_pdf, out_pdf, signer, attachments=..., field_name=..., appearance=...)`: PAdES B-B, attachments in
  the signed revision; signers `P12Signer`, `Pkcs11Signer`, `SchoolKeySigner`.
- `prepare_handoff(...)` / `import_signed(...)`: an empty signature field for signing elsewhere, and the check of
  the file that comes back.
- `verify_pdf(path, trust)` -> `VerifyResult`; `TrustStore`; `sign_detached(...)` for a stand-alone .xlsx.

Offline: nothing here opens a connection. Validation runs with `allow_fetching=False` against the trust roots the
user imported, and the app never asks a time-stamping service for a token.
"""

# pyHanko still imports its network client: every `pyhanko.sign.*` import (signing, verifying, the signature
# field of an export) runs pyhanko/sign/__init__.py -> .signers -> signers/functions.py
# (`from pyhanko.sign.timestamps import TimeStamper`) -> timestamps/__init__.py
# (`from .aiohttp_client import HTTPTimeStamper`) -> `import aiohttp` (pyHanko 0.38, certvalidator 0.33).
# No public API avoids it (allow_fetching=False stops fetchers being built, not imported). Cost: ~90 ms CPU and
# 100 modules on top of what verifying imports anyway, of 0.64 s CPU for a whole cold `socds verify` (medians
# of 9, load ~2). Proposal for upstream: import HTTPTimeStamper lazily in timestamps/__init__.py, as the
# requests-based client (a module of its own) already is, so that code that never asks a time-stamping
# service never loads aiohttp.

from desktop.core.signing.appearance import Appearance
from desktop.core.signing.detached import sign_detached
from desktop.core.signing.handoff import import_signed
from desktop.core.signing.sign import Attachment, prepare_handoff, sign_pdf
from desktop.core.signing.signers import INTERNAL_NOTICE, P12Signer, Pkcs11Signer, SchoolKeySigner
from desktop.core.signing.trust import TrustStore, read_certificates, trust_dir
from desktop.core.signing.verify import STATES, SignatureInfo, VerifyResult, verify_pdf

__all__ = [
    "Appearance",
    "Attachment",
    "INTERNAL_NOTICE",
    "P12Signer",
    "Pkcs11Signer",
    "STATES",
    "SchoolKeySigner",
    "SignatureInfo",
    "TrustStore",
    "VerifyResult",
    "import_signed",
    "prepare_handoff",
    "read_certificates",
    "sign_detached",
    "sign_pdf",
    "trust_dir",
    "verify_pdf",
]
