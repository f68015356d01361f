"""A whole, intact signature over a badly exported data file (not JSON, or not the data file's schema) was
explained as "changed after signing" (verify, the check page) and refused as "chữ ký số không hợp lệ" at intake.
The signature is intact and covers the file: the data file inside was already wrong when it was signed. The
verdict says so, and which file and where it fails."""
from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.commune import inbox, roster
from desktop.core.report.datafile import render_json
from desktop.core.report.pdf import render_pdf_bytes
from desktop.core.signing import sign_pdf, verify_pdf
from desktop.core.signing.verdict import LABELS, STATES
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled


def _cut_short(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]  # an export stopped half-way: not JSON any more


def _code_as_number(raw: bytes) -> bytes:
    doc = json.loads(raw)
    doc["report"]["school"]["code"] = int(doc["report"]["school"]["code"])  # the schema wants a string
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


BAD = {"not-json": (_cut_short, "dòng"), "off-schema": (_code_as_number, "report.school.code")}


@pytest.fixture(params=sorted(BAD))
def badly_exported(request, commune, tmp_path):
    """The school's real report PDF, signed by the real path (sign_pdf) with a data file that is wrong inside."""
    rd = commune.base_report
    stem = f"{rd.school.code}_self-assessment_2025-2026_v1"
    pdf, _ = render_pdf_bytes(rd)
    (tmp_path / "in.pdf").write_bytes(pdf)
    spoil, where = BAD[request.param]
    out = sign_pdf(tmp_path / "in.pdf", tmp_path / f"{stem}.pdf", commune.signer,
                   attachments=[(f"{stem}.json", spoil(render_json(rd)), "application/json")])
    return out, f"{stem}.json", where


def test_verify_says_the_signature_is_intact_and_the_data_file_is_wrong(badly_exported, commune):
    out, name, where = badly_exported
    r = verify_pdf(out, [commune.root_cert_path])
    assert (r.state, r.intact, r.covers_whole, r.trusted) == ("bad_data", True, True, True), r.problems
    assert r.label == LABELS["bad_data"] and "thay đổi" not in r.label
    assert r.explanation == STATES["bad_data"] and "nguyên vẹn" in r.explanation
    assert "KHÔNG còn như lúc ký" not in r.explanation and "sửa sau khi ký" not in " ".join(r.problems)
    [problem] = r.problems
    assert name in problem and where in problem, problem


def test_socds_verify_prints_it_and_exits_11(badly_exported, commune, tmp_path, capsys):
    out, name, where = badly_exported
    code = main(["verify", str(out), "--trust", str(commune.root_cert_path), "--db", str(tmp_path / "d.db")])
    text = capsys.readouterr().out
    assert code == 11 and f"{out}: {LABELS['bad_data']}\n" in text and where in text, text


def test_intake_refuses_it_without_blaming_the_signature(badly_exported, commune, tmp_path):
    out, name, where = badly_exported
    with Store.open(tmp_path / "xa.db") as s:
        ensure_bundled(s)
        roster.import_workbook(s, commune.roster_path)
        [o] = inbox.take_in(s, [out], trust=[commune.root_cert_path]).outcomes
        row = s.db.execute("SELECT signature_state FROM inbox WHERE id = ?", [o.inbox_id]).fetchone()
    assert o.state == "rejected" and where in o.reason and "tệp dữ liệu" in o.reason, o.reason
    assert "chữ ký số không hợp lệ" not in o.reason and "sau khi ký" not in o.reason
    assert row[0] == "trusted"  # the signature itself was fine
