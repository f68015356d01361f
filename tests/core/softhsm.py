"""A real PKCS#11 token for tests: SoftHSM2 in a temporary folder, holding a throw-away key and certificate.

A PKCS#11 library is initialised once per process with the SOFTHSM2_CONF of that moment, so every test of a
process shares one token (`shared_token()`), made on first use in its own temporary folder.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
import subprocess
from pathlib import Path

import pytest

LIB_CANDIDATES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"]


def softhsm_lib() -> str | None:
    for cand in LIB_CANDIDATES:
        if Path(cand).is_file():
            return cand
    if shutil.which("dpkg"):
        out = subprocess.run(["dpkg", "-L", "softhsm2"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.endswith("libsofthsm2.so") and Path(line).is_file():
                return line
    return None


@dataclass(frozen=True)
class Token:
    lib: str
    label: str
    pin: str
    pki: object


@functools.lru_cache(maxsize=None)
def shared_token() -> Token:
    from tests.core.signing_pki import make_pki

    tmp = Path(tempfile.mkdtemp(prefix="socds-hsm-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    pki = make_pki()
    pin = "PIN-token-90417"

    class _Env:  # the setting must outlive any one test: the library keeps it
        @staticmethod
        def setenv(key, value):
            os.environ[key] = value

    return Token(make_token(tmp, _Env, pki, "SoCDS-test", pin), "SoCDS-test", pin, pki)


def make_token(tmp: Path, monkeypatch, pki, label: str, pin: str, so_pin: str = "so-0000") -> str:
    """Create a token labelled `label`, import the signer key (PKCS#8 PEM) and its certificate. Returns the lib."""
    lib = softhsm_lib()
    if lib is None or not shutil.which("softhsm2-util"):
        pytest.skip("SoftHSM2 is not installed (make test installs it)")
    (tmp / "tokens").mkdir()
    conf = tmp / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    run = lambda *a: subprocess.run(["softhsm2-util", *a], check=True, capture_output=True, text=True)  # noqa: E731
    run("--init-token", "--free", "--label", label, "--so-pin", so_pin, "--pin", pin)
    key = tmp / "key.pem"
    key.write_bytes(pki.key_pem())
    run("--import", str(key), "--token", label, "--label", "signer", "--id", "01", "--pin", pin)
    key.unlink()
    import pkcs11
    from cryptography.hazmat.primitives import serialization

    token = pkcs11.lib(lib).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object({
            pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
            pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: "signer", pkcs11.Attribute.ID: b"\x01",
            pkcs11.Attribute.SUBJECT: pki.cert.subject.public_bytes(),
            pkcs11.Attribute.ISSUER: pki.cert.issuer.public_bytes(),
            pkcs11.Attribute.VALUE: pki.cert.public_bytes(serialization.Encoding.DER)})
    return lib
