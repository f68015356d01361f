"""Issue 21, "ask and record": the officer's list of requests for changes (sent, answered by which version, open),
`socds requests list|create`, and the request letter in Vietnamese words throughout with the authority's header."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import time

import pytest

from desktop.cli import main
from desktop.core.commune import demo, inbox, requests, roster
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.requests_list import describe, request_list
from desktop.core.errors import UserError
from desktop.core.signing import P12Signer
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from tests.core.signing_pki import make_pki

NAME = "UBND xã Tuệ Tĩnh"


def _signed(commune, tmp_path, version, **changes):
    rd = demo._school_report(commune.base_report, commune.schools[0], version, dt.date(2026, 5, 12))
    rd = dataclasses.replace(rd, **changes) if changes else rd
    pki = make_pki(rd.signer.name)
    signer = P12Signer(pki.write_p12(tmp_path / f"k{os.urandom(4).hex()}.p12", "pw"), "pw")
    out = tmp_path / f"{rd.school.code}_self-assessment_2025-2026_v{version}.pdf"
    demo.write_report(rd, out, signer)
    return out, pki.write_ca(tmp_path / f"ca{os.urandom(4).hex()}.pem")


@pytest.fixture
def office(commune, tmp_path):
    db = tmp_path / "xa.db"
    s = Store.open(db)
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    yield s, db
    s.close()


def test_a_request_is_never_issued_under_a_placeholder_name(office, commune, tmp_path):
    s, _ = office
    f, ca = _signed(commune, tmp_path, 1)
    (o,) = inbox.take_in(s, [f], trust=[ca]).outcomes
    for name in ("", "   ", AuthorityInfo.load(s).name):   # nothing declared yet: the placeholder
        with pytest.raises(UserError, match="Chưa khai báo tên cơ quan quản lý"):
            requests.create_request(s, o.inbox_id, [{"target": "general", "code": "", "text": "x"}], name)
    assert request_list(s) == []


def test_open_then_answered_by_the_next_version(office, commune, tmp_path):
    s, _ = office
    code = commune.schools[0].code
    f1, ca1 = _signed(commune, tmp_path, 1)
    (o1,) = inbox.take_in(s, [f1], trust=[ca1]).outcomes
    assert o1.state == "accepted"
    rid = requests.create_request(s, o1.inbox_id, requests.parse_comment_lines("1.3: Bổ sung minh chứng"), NAME)
    (d,) = request_list(s, code)
    assert d["state"] == "draft" and describe(d) == "Chưa xuất tệp"
    requests.write_request_file(s, rid, tmp_path / "yc.pdf", requests.authority_signer(s, NAME))
    (d,) = request_list(s, open_only=True)
    assert d["state"] == "open" and d["school_name"] == commune.schools[0].name and describe(d) == "Đã gửi, chưa trả lời"
    f2, ca2 = _signed(commune, tmp_path, 2, answers_to_request=rid)
    (o2,) = inbox.take_in(s, [f2], trust=[ca2]).outcomes
    assert o2.state == "accepted"
    (d,) = request_list(s)
    assert d["state"] == "answered" and d["answered_version"] == 2
    assert describe(d) == f"Đã trả lời bằng phiên bản v2 (mục số {o2.inbox_id})"
    assert request_list(s, open_only=True) == []


def test_a_newer_version_that_does_not_name_the_request_is_said(office, commune, tmp_path):
    s, _ = office
    f1, ca1 = _signed(commune, tmp_path, 1)
    (o1,) = inbox.take_in(s, [f1], trust=[ca1]).outcomes
    rid = requests.create_request(s, o1.inbox_id, [{"target": "general", "code": "", "text": "Ghi rõ"}], NAME)
    requests.write_request_file(s, rid, tmp_path / "yc.pdf", requests.authority_signer(s, NAME))
    f2, ca2 = _signed(commune, tmp_path, 2)
    inbox.take_in(s, [f2], trust=[ca2])
    (d,) = request_list(s)
    assert d["state"] == "open" and "đã nhận v2 nhưng phiên bản đó không ghi là trả lời" in describe(d)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_the_request_letter_speaks_vietnamese(office, commune, tmp_path):
    """Was: "Báo cáo: self-assessment, kỳ 2025-2026" on the letter; and a bare "Chung" for a general comment."""
    s, _ = office
    AuthorityInfo(name=NAME, place_name="Tuệ Tĩnh", signer_name="Nguyễn Văn An").save(s)
    f1, ca1 = _signed(commune, tmp_path, 1)
    (o1,) = inbox.take_in(s, [f1], trust=[ca1]).outcomes
    rid = requests.create_request(s, o1.inbox_id, requests.parse_comment_lines("1.3: Bổ sung\nGhi chung"), NAME)
    out = requests.write_request_file(s, rid, tmp_path / "yc.pdf", requests.authority_signer(s, NAME))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "self-assessment" not in text
    assert "Về: báo cáo tự đánh giá năm học 2025-2026, phiên bản v1 (nhận ngày" in text
    assert "Chung (cả báo cáo)" in text and "Tiêu chí 1.3" in text
    assert "Nguyễn Văn An" in text and "Nơi nhận:" in text and "Lưu: VT" in text
    assert "Tuệ Tĩnh, ngày" in text


def test_the_request_is_dated_by_the_local_day(monkeypatch):
    """Was: the UTC date — a request made at 06:30 in Việt Nam on 3/12 (23:30 UTC on 2/12) was dated 02/12."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        assert requests.local_day("2026-12-02T23:30:00+00:00") == "2026-12-03"
        assert requests.local_day("2026-12-02T10:00:00+00:00") == "2026-12-02"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_cli_create_then_list(office, commune, tmp_path, capsys):
    s, db = office
    AuthorityInfo(name=NAME).save(s)
    f1, ca1 = _signed(commune, tmp_path, 1)
    inbox.take_in(s, [f1], trust=[ca1])
    s.close()
    code = commune.schools[0].code
    (tmp_path / "yc.txt").write_text("NV-02: Nêu tiến độ\n", encoding="utf-8")
    assert main(["requests", "create", "--db", str(db), "--school", code, "--comment", "1.3: Bổ sung minh chứng",
                 "--comments-file", str(tmp_path / "yc.txt"), "--out", str(tmp_path / "yc.pdf")]) == 0
    assert "2 nội dung" in capsys.readouterr().out and (tmp_path / "yc.pdf").exists()
    assert main(["requests", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert code in out and "báo cáo tự đánh giá năm học 2025-2026 v1, 2 nội dung: Đã gửi, chưa trả lời" in out
    assert main(["requests", "--db", str(db), "--json", "--open"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["state"] == "open" and [c["code"] for c in row["comments"]] == ["1.3", "NV-02"]
    assert main(["requests", "create", "--db", str(db), "--school", "99999999", "--comment", "x",
                 "--out", str(tmp_path / "b.pdf")]) == 1
    assert "Chưa nhận được báo cáo hợp lệ nào của trường mã 99999999" in capsys.readouterr().err
