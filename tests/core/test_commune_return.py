"""The return loop end to end: the commune comments → the school imports the signed request → its new version
answers it → the commune sees it answered. Plus the request file's failure paths."""
import dataclasses
import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4

from desktop.core.commune import inbox, requests, requests_list, roster
from desktop.core.commune.demo import _LoadedSigner, make_test_ca, tamper, write_report
from desktop.core.commune.rollup import build_rollup
from desktop.core.errors import UserError
from desktop.core.report import lifecycle
from desktop.core.report.build import build_report_data
from desktop.core.report.pdf_layout import PORTRAIT
from desktop.core.signing import SchoolKeySigner
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from tests.helpers import pdf_edges

KIND, PERIOD = "self-assessment", "2025-2026"


@pytest.fixture
def sides(tmp_path, demo_db):
    school = Store.open(shutil.copy(demo_db, tmp_path / "truong.db"))
    authority = Store.open(tmp_path / "xa.db")
    ensure_bundled(authority)
    code = school.row("school", {"id": 1})["code"]
    roster.save_school(authority, roster.RosterSchool(code, "Trường THCS Tuệ Tĩnh", ["THCS"]))
    root, key, cert, _ = make_test_ca()
    yield school, authority, code, _LoadedSigner(key, cert, [root]), root
    school.close()
    authority.close()


def test_return_loop_end_to_end(sides, tmp_path):
    school, authority, code, authority_signer, root = sides
    school_signer = SchoolKeySigner.for_store(school)
    v1 = write_report(build_report_data(school, KIND, PERIOD), tmp_path / "v1.pdf", school_signer)
    (o1,) = inbox.take_in(authority, [v1]).outcomes
    # the school's own key (integrity only): held until the officer decides (issue 17)
    assert o1.state == "held" and "chưa có trong danh sách tin cậy" in o1.reason
    inbox.review(authority, o1.inbox_id, accept=True, reason="Trường xác nhận qua điện thoại", who="Cán bộ xã")

    rid = requests.create_request(authority, o1.inbox_id, [
        {"target": "criterion", "code": "1.3", "text": "Bổ sung minh chứng về hệ thống dạy học trực tuyến."},
        {"target": "task", "code": "NV-05", "text": "Nêu rõ tiến độ triển khai học bạ số."}], "UBND xã Tuệ Tĩnh")
    req_file = requests.write_request_file(authority, rid, tmp_path / "yeu-cau.pdf", authority_signer)
    assert authority.row("return_requests", {"request_id": rid})["sent_at"]
    # the request is an official letter: the authority's NĐ 30 letterhead, as on its roll-up report
    text = subprocess.run(["pdftotext", "-layout", str(req_file), "-"], capture_output=True, text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND XÃ TUỆ TĨNH" in text and "Số:" in text and "Nơi nhận:" in text
    # report/pdf_layout's portrait page: the text starts at its left margin (it started 6 pt further, 32.1 mm)
    on_page = pdf_edges.words(req_file)
    kinh_gui = next(w for w in on_page if w[2] == "Kính")  # the first line under the letterhead
    assert abs(kinh_gui[0] - PORTRAIT["left"]) < 0.5, kinh_gui
    assert max(x1 for _, x1, _ in on_page) <= A4[0] - PORTRAIT["right"] + 0.5

    doc = requests.import_request(school, req_file, trust=[root])
    assert doc["request_id"] == rid
    (c,) = requests_list.comments_for(school, "1.3")
    assert c["text"].startswith("Bổ sung minh chứng") and c["authority"] == "UBND xã Tuệ Tĩnh"
    assert lifecycle.open_request_id(school, KIND, PERIOD) == rid
    assert build_rollup(authority, KIND, PERIOD).rows[0].open_requests == 1

    rd2 = build_report_data(school, KIND, PERIOD)
    rd2 = dataclasses.replace(rd2, report_version=2,
                              answers_to_request=lifecycle.open_request_id(school, KIND, PERIOD))
    v2 = write_report(rd2, tmp_path / "v2.pdf", school_signer)
    lifecycle.mark_answered(school, rid)
    assert requests_list.open_requests(school) == []

    (o2,) = inbox.take_in(authority, [v2]).outcomes
    assert o2.state == "held"
    inbox.review(authority, o2.inbox_id, accept=True, reason="Trường xác nhận qua điện thoại", who="Cán bộ xã")
    assert authority.row("inbox", {"id": o1.inbox_id})["state"] == "superseded"
    (sent,) = requests.sent_requests(authority, code)
    assert sent["answered_by"] == o2.inbox_id and sent["answered_at"]
    ru = build_rollup(authority, KIND, PERIOD)
    assert ru.rows[0].version == 2 and ru.rows[0].open_requests == 0


def test_request_file_failures(sides, tmp_path):
    school, authority, code, signer, root = sides
    v1 = write_report(build_report_data(school, KIND, PERIOD), tmp_path / "v1.pdf", SchoolKeySigner.for_store(school))
    (o1,) = inbox.take_in(authority, [v1]).outcomes
    with pytest.raises(UserError, match="nội dung"):
        requests.create_request(authority, o1.inbox_id, [{"target": "item", "code": "1.1", "text": "  "}], "UBND xã")
    with pytest.raises(UserError, match="ít nhất một"):
        requests.create_request(authority, o1.inbox_id, [], "UBND xã")
    rid = requests.create_request(authority, o1.inbox_id, [{"target": "item", "code": "1.1", "text": "Ghi rõ số kế hoạch."}],
                                  "UBND xã Tuệ Tĩnh")
    good = requests.write_request_file(authority, rid, tmp_path / "yc.pdf", signer)
    bad = shutil.copy(good, tmp_path / "yc-sua.pdf")
    tamper(bad)
    with pytest.raises(UserError, match="không dùng được"):
        requests.import_request(school, bad, trust=[root])
    with pytest.raises(UserError, match="không phải tệp yêu cầu bổ sung"):
        requests.import_request(school, v1, trust=[SchoolKeySigner.for_store(school).cert_path])  # a report file
    requests.import_request(school, good, trust=[root])
    with pytest.raises(UserError, match="Đã nhập"):
        requests.import_request(school, good, trust=[root])
    school.db.execute("UPDATE school SET code = '99999999'")
    school.db.execute("DELETE FROM return_requests")
    with pytest.raises(UserError, match="không phải trường"):
        requests.import_request(school, good, trust=[root])


def root_file(tmp_path, root):
    from cryptography.hazmat.primitives import serialization

    p = tmp_path / "goc-xa.pem"
    p.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return p


def test_cli_import_request(sides, tmp_path, capsys):
    from desktop.cli import main

    school, authority, code, signer, root = sides
    v1 = write_report(build_report_data(school, KIND, PERIOD), tmp_path / "v1.pdf", SchoolKeySigner.for_store(school))
    (o1,) = inbox.take_in(authority, [v1]).outcomes
    rid = requests.create_request(authority, o1.inbox_id, [{"target": "item", "code": "1.2", "text": "Đính kèm quy chế."}],
                                  "UBND xã Tuệ Tĩnh")
    f = requests.write_request_file(authority, rid, tmp_path / "yc.pdf", signer)
    path = school.path
    school.close()
    # signed under a root the school does not trust: refused (issue 17: it would reopen a signed report)
    assert main(["import-request", "--db", str(path), str(f)]) == 1
    assert "không được nhập" in capsys.readouterr().err
    assert main(["trust", "add", str(root_file(tmp_path, root)), "--db", str(path)]) == 0
    assert main(["import-request", "--db", str(path), str(f)]) == 0
    out = capsys.readouterr().out
    assert "1.2" in out and "Đính kèm quy chế." in out
    assert main(["import-request", "--db", str(path), str(f)]) == 1
    sides_school = Store.open(path)
    assert requests_list.comments_for(sides_school, "1.2")
    sides_school.close()


def test_return_loop_through_the_school_report_versions(sides, tmp_path):
    """The school's real lifecycle: lock + sign v1, send; the request returns v1 and opens v2; locking v2 names
    the request it answers, and the commune sees it answered."""
    from desktop.core.report.lifecycle import locked_data, mark_sent
    from desktop.core.report.package import build_package
    from desktop.core.store import reports as rep

    school, authority, code, authority_signer, root = sides
    from tests.helpers.ready import ready_draft

    signer = SchoolKeySigner.for_store(school)
    r1 = ready_draft(school, KIND, PERIOD)["id"]
    v1 = build_package(school, r1, signer, out_dir=tmp_path / "v1", accept_warnings=True)
    mark_sent(school, r1)
    (o1,) = inbox.take_in(authority, [v1]).outcomes
    assert o1.state == "held"
    inbox.review(authority, o1.inbox_id, accept=True, reason="Trường xác nhận qua điện thoại", who="Cán bộ xã")
    rid = requests.create_request(authority, o1.inbox_id, [
        {"target": "item", "code": "1.5.2", "text": "Nêu rõ phần mềm kiểm tra đang dùng."}], "UBND xã Tuệ Tĩnh")
    requests.import_request(school, requests.write_request_file(authority, rid, tmp_path / "yc.pdf", authority_signer),
                            trust=[root])

    assert rep.get_report(school, r1)["status"] == "returned"
    r2 = rep.latest(school, KIND, PERIOD)
    assert r2["version"] == 2 and r2["status"] == "draft"
    rep.update_fields(school, r2["id"], doc_number="14/BC-THCSTT")
    v2 = build_package(school, r2["id"], signer, out_dir=tmp_path / "v2", accept_warnings=True)
    assert locked_data(rep.get_report(school, r2["id"])).answers_to_request == rid
    assert requests_list.open_requests(school) == []

    (o2,) = inbox.take_in(authority, [v2]).outcomes
    assert o2.state == "held"
    inbox.review(authority, o2.inbox_id, accept=True, reason="Trường xác nhận qua điện thoại", who="Cán bộ xã")
    (sent,) = requests.sent_requests(authority, code)
    assert sent["answered_by"] == o2.inbox_id
    assert build_rollup(authority, KIND, PERIOD).rows[0].version == 2


@pytest.mark.parametrize("version", ["abc", "1" * 30, -1])
def test_a_request_with_a_version_no_report_has_is_refused_plainly(sides, tmp_path, capsys, version):
    """issue 18, 4: non-numeric text or a 30-digit number as report_version ended in exit 70 (int('abc'); an int
    too large for SQLite). The request's version is checked with the rest of its content."""
    from desktop.cli import main

    school, authority, code, signer, root = sides
    v1 = write_report(build_report_data(school, KIND, PERIOD), tmp_path / "v1.pdf", SchoolKeySigner.for_store(school))
    (o1,) = inbox.take_in(authority, [v1]).outcomes
    rid = requests.create_request(authority, o1.inbox_id, [{"target": "item", "code": "1.2", "text": "Bổ sung."}],
                                  "UBND xã Tuệ Tĩnh")
    authority.db.execute("UPDATE return_requests SET report_version = ? WHERE request_id = ?", [version, rid])
    f = requests.write_request_file(authority, rid, tmp_path / "yc.pdf", signer)
    path = school.path
    school.close()
    assert main(["trust", "add", str(root_file(tmp_path, root)), "--db", str(path)]) == 0  # its managing body
    assert main(["import-request", "--db", str(path), str(f)]) == 1
    assert "không đúng mẫu" in capsys.readouterr().err
    with Store.open(path) as again:
        assert requests_list.open_requests(again) == []
