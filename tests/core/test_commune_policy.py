"""Issue 17, the commune side: the intake policy (desktop/core/commune/policy.py, docs/commune.md), one test per
row of the table, then what a held file may and may not do, and the officer's decision."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from desktop.core.commune import demo, inbox, policy, roster
from desktop.core.commune.rollup import build_rollup
from desktop.core.commune.rollup_checks import before_sending
from desktop.core.signing import P12Signer
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from tests.core.signing_pki import make_pki

KIND, PERIOD = "self-assessment", "2025-2026"


@pytest.fixture
def office(commune, tmp_path):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    """A CA the office trusts, issuing certificates to whoever a test needs."""
    d = tmp_path_factory.mktemp("ca")
    pki = make_pki()
    return pki, pki.write_ca(d / "ca.pem")


def school_rd(commune, i: int, version: int = 1, **changes):
    rd = demo._school_report(commune.base_report, commune.schools[i], version, dt.date(2026, 5, 12))
    return dataclasses.replace(rd, **changes) if changes else rd


def signed(commune, tmp_path, rd, *, cn=None, name=None, **pki_kw) -> Path:
    """`rd` as a report file signed with a certificate issued to `cn` (default: the signer the report names)."""
    pki = make_pki(cn or rd.signer.name, **pki_kw)
    signer = P12Signer(pki.write_p12(tmp_path / f"k{os.urandom(4).hex()}.p12", "pw"), "pw")
    out = tmp_path / (name or f"{rd.school.code}_{rd.kind}_{rd.period}_v{rd.report_version}.pdf")
    demo.write_report(rd, out, signer)
    return out, pki


def take(office, files, trust, **kw):
    return inbox.take_in(office, files, trust=trust, period=PERIOD, **kw).outcomes


def trusted_file(commune, tmp_path, rd, **kw):
    f, pki = signed(commune, tmp_path, rd, **kw)
    return f, [pki.write_ca(tmp_path / f"ca{os.urandom(4).hex()}.pem")]


# ---- one test per row of policy.POLICY -------------------------------------------------------------------------
def test_row_not_regular(office, tmp_path):
    fifo = tmp_path / "ong.pdf"
    os.mkfifo(fifo)  # reading it without a writer would hang for ever
    (o,) = take(office, [fifo], [])
    assert o.state == "rejected" and "không phải tệp thường" in o.reason


def test_row_too_large(office, tmp_path):
    big = tmp_path / "lon.pdf"
    with open(big, "wb") as fh:
        fh.truncate(policy.MAX_FILE_BYTES + 1)  # sparse: not 50 MB on disk, and never read into memory
    (o,) = take(office, [big], [])
    assert o.state == "rejected" and "lớn hơn 50 MB" in o.reason


def test_row_not_pdf(office, tmp_path):
    f = tmp_path / "ghi-chu.docx"
    f.write_bytes(b"PK\x03\x04 not a pdf")
    (o,) = take(office, [f], [])
    assert o.state == "rejected" and "Không phải tệp PDF" in o.reason


def test_row_ok_and_duplicate(office, commune, tmp_path):
    f, trust = trusted_file(commune, tmp_path, school_rd(commune, 0))
    res = inbox.take_in(office, [f, f], trust=trust, period=PERIOD)
    (first,) = res.outcomes   # the second copy of the same bytes: no row, no refusal line
    assert first.state == "accepted" and "Chữ ký số hợp lệ" in first.reason
    assert [(s.name, s.earlier) for s in res.skipped] == [(f.name, first.inbox_id)]
    assert office.db.execute("SELECT COUNT(*) FROM inbox").fetchone()[0] == 1
    assert "1 tệp đã nhận trước đây, bỏ qua" in res.summary()


def test_row_signature_invalid(office, commune, tmp_path):
    f, trust = trusted_file(commune, tmp_path, school_rd(commune, 0))
    poly = tmp_path / "poly.pdf"
    poly.write_bytes(f.read_bytes() + b"PK\x03\x04" + b"\0" * 64)   # bytes after the signed revision
    tampered = next(x for x in commune.files if x.name.startswith(commune.tampered))
    a, b = take(office, [poly, tampered], trust + [commune.root_cert_path])
    assert a.state == b.state == "rejected"
    assert "không phủ toàn bộ tệp" in a.reason and "không còn nguyên vẹn" in b.reason


def test_row_no_datafile(office, commune, tmp_path):
    from desktop.core.report.pdf import render_pdf_bytes
    from desktop.core.signing import sign_pdf

    pki = make_pki()
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_pdf_bytes(school_rd(commune, 0))[0])
    f = sign_pdf(plain, tmp_path / "no_data.pdf", P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw"))
    (o,) = take(office, [f], [pki.write_ca(tmp_path / "c.pem")])
    assert o.state == "rejected" and "không kèm tệp dữ liệu" in o.reason


def _with_answers(commune, tmp_path, change):
    """A trusted report whose data file's answers are changed by `change(answers dict)` after the report was
    built (what a hand-edited or forged data file looks like)."""
    from desktop.core.report.datafile import render_json
    from desktop.core.report.pdf import render_pdf_bytes
    from desktop.core.signing import sign_pdf

    rd = school_rd(commune, 2)   # THCS: carries the assessment
    doc = json.loads(render_json(rd))
    change(doc)
    pki = make_pki(rd.signer.name)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_pdf_bytes(rd)[0])
    name = f"{rd.school.code}_{KIND}_{PERIOD}_v1"
    f = sign_pdf(plain, tmp_path / f"{name}.pdf", P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw"),
                 attachments=[(f"{name}.json", json.dumps(doc, ensure_ascii=False).encode(), "application/json")])
    return f, [pki.write_ca(tmp_path / "c.pem")]


@pytest.mark.parametrize("how, words", [
    ("out_of_range", "ngoài khoảng cho phép"),
    ("unknown_code", "không có trong bộ chỉ số"),
    ("total", "không khớp điểm tính lại"),
])
def test_row_score_mismatch(office, commune, tmp_path, how, words):
    def change(doc):
        answers = doc["answers"]["answers"]
        code = next(c for c, v in answers.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
        if how == "out_of_range":
            answers[code] = 999
        elif how == "unknown_code":
            answers["9.9.9"] = 1
        else:
            doc["report"]["assessment"]["groups"][0]["total"] = "99.5"
        if how != "total":  # the report's own items say the same, as a forger would make them
            for it in doc["report"]["assessment"]["items"]:
                if it["code"] == code and how == "out_of_range":
                    it["answer_json"] = "999"
    f, trust = _with_answers(commune, tmp_path, change)
    (o,) = take(office, [f], trust)
    assert o.state == "rejected" and words in o.reason, o.reason
    assert build_rollup(office, KIND, PERIOD).rows == []   # and the roll-up still runs


def test_row_other_period(office, commune, tmp_path):
    f, trust = trusted_file(commune, tmp_path, school_rd(commune, 0, period="2024-2025"))
    (o,) = take(office, [f], trust)
    assert o.state == "rejected" and "thuộc năm học 2024-2025, không phải kỳ đang tổng hợp (năm học 2025-2026)" in o.reason


def test_row_same_version_other_bytes_and_older_version(office, commune, tmp_path):
    pki = make_pki(school_rd(commune, 0).signer.name)
    signer = P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw")
    trust = [pki.write_ca(tmp_path / "c.pem")]
    files = []
    for version, extra in ((2, ""), (2, "khác"), (1, "")):
        rd = school_rd(commune, 0, version, difficulties=extra or commune.base_report.difficulties)
        files.append(demo.write_report(rd, tmp_path / f"v{version}{extra}" / f"31000001_{KIND}_{PERIOD}_v{version}.pdf",
                                       signer))
    v2, v2_other, v1 = take(office, files, trust)
    assert v2.state == "accepted"
    assert v2_other.state == "rejected" and "với nội dung khác" in v2_other.reason
    assert v1.state == "superseded" and "phiên bản mới hơn" in v1.reason


@pytest.mark.parametrize("kw, words", [
    ({}, "chưa có trong danh sách tin cậy"),                      # unknown_root
    ({"expired": True}, "đã hết hạn"),                             # expired
    ({"signing_usage": False}, "không được cấp để ký"),            # no_key_usage
])
def test_rows_held_for_the_certificate(office, commune, tmp_path, kw, words):
    f, pki = signed(commune, tmp_path, school_rd(commune, 0), **kw)
    trust = [] if not kw else [pki.write_ca(tmp_path / "c.pem")]
    (o,) = take(office, [f], trust)
    assert o.state == "held" and words in o.reason, o.reason


def test_row_signer_not_school(office, commune, tmp_path):
    f, trust = trusted_file(commune, tmp_path, school_rd(commune, 0), cn="Người Ngoài Cuộc")
    (o,) = take(office, [f], trust)
    assert o.state == "held" and "không phải người ký ghi trong tệp dữ liệu" in o.reason


def test_row_organisation_certificate_of_the_school_is_accepted(office, commune, tmp_path):
    rd = school_rd(commune, 0)
    f, trust = trusted_file(commune, tmp_path, rd, cn=rd.school.name.upper())
    (o,) = take(office, [f], trust)
    assert o.state == "accepted", o.reason


def test_row_signer_changed(office, commune, tmp_path):
    v1, trust1 = trusted_file(commune, tmp_path, school_rd(commune, 0))
    rd2 = school_rd(commune, 0, 2)
    rd2 = dataclasses.replace(rd2, signer=dataclasses.replace(rd2.signer, name="Lê Thị Mới"))
    v2, trust2 = trusted_file(commune, tmp_path, rd2)
    a, b = take(office, [v1, v2], trust1 + trust2)
    assert a.state == "accepted" and b.state == "held" and "khác người ký các phiên bản đã nhận" in b.reason


def test_row_code_vs_file_name(office, commune, tmp_path):
    f, trust = trusted_file(commune, tmp_path, school_rd(commune, 0), name=f"31000004_{KIND}_{PERIOD}_v1.pdf")
    (o,) = take(office, [f], trust)
    assert o.state == "held" and "khác mã trong tên tệp (31000004)" in o.reason


def test_row_not_on_roster(office, commune, tmp_path):
    rd = school_rd(commune, 0)
    rd = dataclasses.replace(rd, school=dataclasses.replace(rd.school, code="79999999"))
    f, trust = trusted_file(commune, tmp_path, rd)
    (o,) = take(office, [f], trust)
    assert o.state == "held" and "không có trong danh sách" in o.reason


def test_row_roster_name_or_level(office, commune, tmp_path):
    rd = school_rd(commune, 0)
    rd = dataclasses.replace(rd, school=dataclasses.replace(rd.school, name="Trường Mầm non Tên Khác"))
    f, trust = trusted_file(commune, tmp_path, rd)
    (o,) = take(office, [f], trust)
    assert o.state == "held" and "khác danh sách" in o.reason


def test_row_signer_not_principal_impersonation(office, commune, tmp_path):
    """Issue 17 audit: a school that never sent anything. Anyone with a certificate under a trusted root names
    themself as the principal in the data file; the roster's principal is the officer's word, not the sender's."""
    rd = school_rd(commune, 0)
    assert roster.get_school(office, rd.school.code).principal == rd.signer.name  # the demo roster names them
    fake = dataclasses.replace(rd, signer=dataclasses.replace(rd.signer, name="Kẻ Mạo Danh"))
    f, trust = trusted_file(commune, tmp_path, fake)    # certificate issued to "Kẻ Mạo Danh", under a trusted root
    (o,) = take(office, [f], trust)
    assert o.state == "held", o.reason
    assert f"người ký «Kẻ Mạo Danh» không phải hiệu trưởng «{rd.signer.name}» ghi trong danh sách trường quản lý" \
        in o.reason


def test_row_genuine_first_version_checked_against_the_roster(office, commune, tmp_path):
    rd = school_rd(commune, 0)
    f, trust = trusted_file(commune, tmp_path, rd, cn=rd.signer.name.upper())   # case/spacing do not matter
    (o,) = take(office, [f], trust)
    assert o.state == "accepted" and "chưa được đối chiếu" not in o.reason, o.reason
    ru = build_rollup(office, KIND, PERIOD)
    assert not any("chưa đối chiếu được người ký" in n for n in before_sending(ru))


def test_row_signer_unchecked_without_principal_on_the_roster(office, commune, tmp_path):
    """No principal on the roster, nothing accepted before: accepted (not every first file held), but the reason
    says the signer was not checked, and the officer's notes before sending count it."""
    for i in (0, 1):
        school = roster.get_school(office, commune.schools[i].code)
        roster.save_school(office, dataclasses.replace(school, principal=""))
    rd0, rd1 = school_rd(commune, 0), school_rd(commune, 1)
    rd1 = dataclasses.replace(rd1, signer=dataclasses.replace(rd1.signer, name="Ai Đó Tự Xưng"))
    f0, t0 = trusted_file(commune, tmp_path, rd0)
    f1, t1 = trusted_file(commune, tmp_path, rd1)
    a, b = take(office, [f0, f1], t0 + t1)
    for o in (a, b):
        assert o.state == "accepted" and "chưa được đối chiếu vì danh sách trường quản lý chưa ghi hiệu trưởng" \
            in o.reason, o.reason
    # a later version signed by the same person is still unchecked: nothing ever checked that signer
    f2, t2 = trusted_file(commune, tmp_path, school_rd(commune, 0, 2))
    (c,) = take(office, [f2], t2)
    assert c.state == "accepted" and "chưa được đối chiếu" in c.reason, c.reason
    notes = before_sending(build_rollup(office, KIND, PERIOD))
    assert ("2 báo cáo nhận lần đầu chưa đối chiếu được người ký vì danh sách trường chưa ghi hiệu trưởng"
            in " ".join(notes)), notes


def test_every_policy_row_has_its_test():
    covered = {"not_regular", "too_large", "not_pdf", "duplicate", "ok", "signature_invalid", "no_datafile",
               "score_mismatch", "other_period", "same_version_other_bytes", "older_version", "unknown_root",
               "expired", "no_key_usage", "signer_not_school", "signer_changed", "code_vs_file_name",
               "not_on_roster", "roster_name_or_level", "unknown_indicator_set", "signer_not_principal",
               "signer_unchecked"}
    assert covered == set(policy.POLICY)   # the table and this file's tests name the same rows


def test_row_unknown_indicator_set(office, commune, tmp_path):
    def change(doc):
        doc["answers"]["indicators"] = "bo-chi-so-chua-cai"
        doc["report"]["assessment"]["indicators"]["set_id"] = "bo-chi-so-chua-cai"
    f, trust = _with_answers(commune, tmp_path, change)
    (o,) = take(office, [f], trust)
    assert o.state == "held" and "chưa có bộ chỉ số" in o.reason, o.reason


# ---- what a held file may do, and the officer's decision --------------------------------------------------------
def test_held_never_replaces_accepted_nor_enters_the_roll_up(office, commune, tmp_path):
    v1, trust = trusted_file(commune, tmp_path, school_rd(commune, 0))
    v2, _ = signed(commune, tmp_path, school_rd(commune, 0, 2))    # unknown root: held
    a, b = take(office, [v1, v2], trust)
    assert (a.state, b.state) == ("accepted", "held")
    assert [r.version for r in build_rollup(office, KIND, PERIOD).rows] == [1]
    assert office.row("inbox", {"id": a.inbox_id})["state"] == "accepted"


def test_a_trusted_file_replaces_a_held_one_of_the_same_version(office, commune, tmp_path):
    forged, _ = signed(commune, tmp_path, school_rd(commune, 0), cn="Kẻ Gửi Trước", name="truoc.pdf")
    genuine, trust = trusted_file(commune, tmp_path, school_rd(commune, 0))
    first, second = take(office, [forged, genuine], trust)
    assert first.state == "held" and second.state == "accepted"
    row = office.row("inbox", {"id": first.inbox_id})
    assert row["state"] == "superseded" and row["superseded_by"] == second.inbox_id


def test_officer_accepts_or_rejects_with_who_and_when(office, commune, tmp_path, capsys):
    from desktop.cli import main

    a, _ = signed(commune, tmp_path, school_rd(commune, 0))
    b, _ = signed(commune, tmp_path, school_rd(commune, 3))
    oa, ob = take(office, [a, b], [])
    assert oa.state == ob.state == "held"
    with pytest.raises(inbox.UserError, match="lý do"):
        inbox.review(office, oa.inbox_id, accept=True, reason=" ", who="x")
    path = office.path
    office.close()
    assert main(["inbox", "accept", str(oa.inbox_id), "--reason", "Đã gọi điện xác nhận với hiệu trưởng",
                 "--by", "Nguyễn Thị Cán Bộ", "--db", str(path)]) == 0
    assert main(["inbox", "reject", str(ob.inbox_id), "--reason", "Không xác nhận được người ký", "--db",
                 str(path)]) == 0
    assert main(["inbox", "accept", str(ob.inbox_id), "--reason", "lại", "--db", str(path)]) == 1
    with Store.open(path) as s:
        ra, rb = s.row("inbox", {"id": oa.inbox_id}), s.row("inbox", {"id": ob.inbox_id})
        assert (ra["state"], ra["decided_by"], ra["decision"]) == ("accepted", "Nguyễn Thị Cán Bộ",
                                                                   "Đã gọi điện xác nhận với hiệu trưởng")
        assert rb["state"] == "rejected" and rb["decided_by"] and rb["decided_at"][:4] == "2026"[:4] or rb["decided_at"]
        assert [r.code for r in build_rollup(s, KIND, PERIOD).rows] == [oa.school_code]


def test_aggregate_trust_goes_into_the_trust_store(commune, tmp_path, capsys):
    from desktop.cli import main
    from desktop.core.signing import TrustStore

    db = tmp_path / "xa.db"
    assert main(["aggregate", "--db", str(db), str(commune.files[0]), "--roster", str(commune.roster_path),
                 "--trust", str(commune.root_cert_path), "--out", str(tmp_path / "out")]) == 0
    assert "Đã thêm chứng thư gốc tin cậy" in capsys.readouterr().err
    with Store.open(db) as s:
        assert len(TrustStore.for_store(s).certificates()) == 1   # the GUI and the next run see it too


def test_a_roll_up_survives_a_bad_data_file_taken_in_earlier(office, commune, tmp_path):
    """One bad file can never make the roll-up fail (before intake re-scored, one made every aggregate exit 3)."""
    good, trust = trusted_file(commune, tmp_path, school_rd(commune, 2))   # THCS: carries the assessment
    (o,) = take(office, [good], trust)
    assert o.state == "accepted", o.reason
    data = json.loads(office.row("inbox", {"id": o.inbox_id})["data"])
    data["answers"]["answers"][next(iter(data["answers"]["answers"]))] = 999
    with office.tx():
        office.db.execute("UPDATE inbox SET data = ? WHERE id = ?", [json.dumps(data), o.inbox_id])
    ru = build_rollup(office, KIND, PERIOD)
    assert ru.rows[0].note.startswith("Không tính được điểm")
