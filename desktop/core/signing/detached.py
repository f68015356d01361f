"""A detached CMS signature (.p7s) beside a stand-alone file (the .xlsx sent on its own).

Key-file signers (.p12, school key) use cryptography's PKCS7SignatureBuilder; a token signs through pyHanko's
generic CMS signing, since its private key never leaves the device. Either way `openssl cms -verify -binary
-content f.xlsx -inform DER -in f.xlsx.p7s -CAfile ca.pem` checks the result.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from desktop.core.errors import UserError
from desktop.core.fileio import write_bytes


def sign_detached(data_path: Path | str, signer, out_p7s: Path | str | None = None) -> Path:
    data_path = Path(data_path)
    out = Path(out_p7s) if out_p7s else data_path.with_name(data_path.name + ".p7s")
    try:
        data = data_path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {data_path} ({exc.strerror}).") from None
    if hasattr(signer, "load"):
        key, cert, extra = signer.load()
        builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, hashes.SHA256())
        for c in extra:
            builder = builder.add_certificate(c)
        der = builder.sign(
            serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
        )
    else:
        der = _sign_with_pyhanko(signer, data)
    return write_bytes(out, der)


def _sign_with_pyhanko(signer, data: bytes) -> bytes:
    def work() -> bytes:
        with signer.open() as hanko_signer:
            ci = asyncio.run(hanko_signer.async_sign_general_data(data, "sha256", detached=True))
            return ci.dump()

    # pyHanko's signing is async: run it in a plain thread so a caller's running loop is never disturbed
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
