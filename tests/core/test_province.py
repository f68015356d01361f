"""Issue 21, one level up: a Sở takes in communes' signed roll-ups (and THPT schools' own reports) with the same
verification and policy as a school's report, and rolls up the province by commune. The demo province is real:
each commune's roll-up is rendered and signed, then verified here (pyHanko, and poppler's pdfsig as a second
opinion)."""
import json
import shutil
import subprocess

import openpyxl
import pytest

from desktop.core.commune import inbox, roster
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.commune.demo_province import build_province_demo
from desktop.core.commune.province import build_province
from desktop.core.commune.province_export import export_province
from desktop.core.commune.rollup import build_rollup
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled

SO = AuthorityInfo(name="Sở Giáo dục và Đào tạo", parent="UBND tỉnh (dữ liệu mẫu)", level="so",
                   signer_name="Lê Thị Hoa", signer_title="Phó Giám đốc")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    return build_province_demo(tmp_path_factory.mktemp("tinh") / "tinh", 4, 5)


@pytest.fixture(scope="module")
def so(tmp_path_factory, province):
    s = Store.open(tmp_path_factory.mktemp("so") / "so.db")
    ensure_bundled(s)
    roster.import_workbook(s, province.roster_path)
    SO.save(s)
    res = inbox.take_in(s, province.files, period="2025-2026", trust=[province.root_cert_path])
    yield s, res
    s.close()


def test_communes_roll_ups_are_signed_and_carry_their_data(province):
    pdfs = [f for f in province.files if f.name.startswith("XA")]
    assert len(pdfs) == 4
    if shutil.which("pdfsig"):
        good = next(f for f in pdfs if not f.name.startswith(province.tampered_commune))
        out = subprocess.run(["pdfsig", "-nocert", str(good)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out and "Total document signed" in out
        listing = subprocess.run(["pdfdetach", "-list", str(good)], capture_output=True, text=True).stdout
        assert ".xlsx" in listing and ".json" in listing


def test_sở_takes_in_with_the_same_policy(so, province):
    s, res = so
    by_code = {o.school_code: o for o in res.outcomes}
    assert {o.state for o in res.outcomes if o.school_code != province.tampered_commune} == {"accepted"}
    bad = next(o for o in res.outcomes if o.name.startswith(province.tampered_commune))
    assert bad.state == "rejected" and "không còn nguyên vẹn" in bad.reason  # the verifier's own words
    for d in province.direct:
        assert by_code[d.code].state == "accepted"
    row = s.row("inbox", {"school_code": "XA001"})
    assert row["due_date"] is None and row["late"] == 0  # no deadline is known for a commune's roll-up


def test_policy_holds_a_roll_up_from_a_commune_not_on_the_roster(tmp_path, province):
    with Store.open(tmp_path / "so.db") as s:
        ensure_bundled(s)
        roster.save_school(s, roster.RosterSchool("XA999", "UBND xã Khác", ["XA"]))
        (o,) = inbox.take_in(s, [province.files[0]], trust=[province.root_cert_path]).outcomes
        assert o.state == "held" and "không có trong danh sách" in o.reason
        # the sender is named as what it is: a commune, not a school (was: "trường «UBND xã …»")
        assert "xã, phường «" in o.reason and "danh sách đơn vị quản lý" in o.reason and "trường" not in o.reason
        (o,) = inbox.take_in(s, [province.files[2]], trust=[]).outcomes  # root not trusted: held, never counted
        assert o.state == "held" and "chưa có trong danh sách tin cậy" in o.reason
        assert "trường" not in o.reason


def test_held_reasons_name_the_sender_by_kind():
    from desktop.core.commune.policy import Facts, hold_reasons

    def words(sender: str, **kw) -> str:
        f = Facts(trust="trusted", signer="Nguyễn Văn X", named_signer="Trần Văn Bình", school_code="XA001",
                  school_name="UBND xã Tuệ Tĩnh", levels=("XA",), file_name="XA002_tong-hop.pdf", roster=None,
                  earlier_signers=("Lê Văn Y",), sender=sender, **kw)
        return " | ".join(w for _, w in hold_reasons(f))

    commune, school = words("commune"), words("school")
    assert "trường" not in commune and commune.count("xã, phường") == 4, commune
    assert "UBND xã, phường gửi báo cáo" in commune and "mã xã, phường trong tệp dữ liệu (XA001)" in commune
    assert "nhà trường" in school and "trường «UBND xã Tuệ Tĩnh»" in school
    on_roster = roster.RosterSchool("XA001", "UBND xã Khác", ["XA"])
    f = Facts(trust="trusted", signer="Trần Văn Bình", named_signer="Trần Văn Bình", school_code="XA001",
              school_name="UBND xã Tuệ Tĩnh", levels=("XA",), file_name="XA001_x.pdf", roster=on_roster,
              sender="commune")
    assert [w for _, w in hold_reasons(f)] == ["tên xã, phường trong báo cáo «UBND xã Tuệ Tĩnh» khác danh sách "
                                               "(«UBND xã Khác»)"]


def test_province_by_commune(so, province):
    s, _ = so
    pv = build_province(s, "self-assessment", "2025-2026")
    assert [c.code for c in pv.communes] == ["XA001", "XA003", "XA004"]
    assert sorted(c for c, _ in pv.missing_communes) == sorted([province.missing_commune, province.tampered_commune])
    assert [c for c, _ in pv.refused_communes] == [province.tampered_commune]
    for c in pv.communes:
        assert c.schools == province.schools_per_commune
        assert c.received + c.not_sent + c.refused == c.schools
        assert sum(c.levels.values()) == c.received
        assert all(m[2] == "Chưa gửi" for m in c.missing) and len(c.missing) == c.not_sent
    assert {c.code: c.not_sent for c in pv.communes} == {"XA001": 1, "XA003": 1, "XA004": 0}  # every other one
    assert sum(c.late for c in pv.communes) >= 1
    assert [r.code for r in pv.direct.rows] == [d.code for d in province.direct]
    assert not pv.direct.missing  # the communes are not "schools not sent"
    t = pv.totals()
    assert t["schools"] == 3 * province.schools_per_commune + 2
    assert sum(pv.level_counts.values()) == t["received"]
    # the schools' rows came from the communes' signed data files: nothing of a school was taken in here
    assert not build_rollup(s, "self-assessment", "2025-2026").rows[2:]


def test_province_files(so, province, tmp_path):
    s, _ = so
    pv = build_province(s, "self-assessment", "2025-2026")
    out = export_province(pv, SO, tmp_path, created_at="2026-07-01T18:30:00+00:00")
    wb = openpyxl.load_workbook(out["xlsx"])
    rows = list(wb["Theo xã"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:4]] == ["XA001", "XA003", "XA004"] and rows[-1][1] == "Cộng"
    assert rows[-1][2] == pv.totals()["schools"]
    assert {r[2] for r in wb["Chưa nộp theo xã"].iter_rows(min_row=2, values_only=True)} == {
        m[0] for c in pv.communes for m in c.missing}
    doc = json.loads(out["json"].read_text(encoding="utf-8"))
    assert doc["totals"] == pv.totals() and len(doc["communes"]) == 3
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out["pdf"]), "-"], capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        assert "KT. GIÁM ĐỐC" in flat and "PHÓ GIÁM ĐỐC" in flat and "Lê Thị Hoa" in flat
        assert "Đã nhận báo cáo tổng hợp đã ký số hợp lệ của 3/5 xã, phường" in flat
        for c in pv.communes:
            assert c.name in flat
        info = subprocess.run(["pdfinfo", "-isodates", str(out["pdf"])], capture_output=True, text=True).stdout
        assert "2026-07-02T01:30:00+07" in info.split("CreationDate:")[1].split()[0], info  # the export's moment, not 1/1/2000


def test_a_roll_up_data_file_of_the_wrong_shape_is_refused_saying_where():
    from desktop.core.commune import datafile
    from desktop.core.commune.rollup_file import RollupFileProblem, check

    good = {"format": "socds-rollup", "format_version": 1, "version": 1, "kind": "self-assessment",
            "period": "2025-2026", "authority": {"name": "UBND xã A", "code": "XA1", "signer_name": "B"},
            "schools": [], "missing": [], "not_sent": [], "refused_schools": [], "level_counts": {}}
    assert check(good)["code"] == "XA1"
    for broken, where in (({**good, "authority": {"name": "A", "signer_name": "B"}}, "authority.code"),
                          ({**good, "schools": [{"code": "1"}]}, "schools[0].name"),
                          ({**good, "version": "1"}, "version"),
                          ({**good, "level_counts": {"Mức 1": -1}}, "level_counts")):
        with pytest.raises(RollupFileProblem) as err:
            check(broken)
        assert where in str(err.value)
    with pytest.raises(datafile.DataFileProblem, match="không có mã cơ quan"):
        datafile.read_report(json.dumps({**good, "authority": {**good["authority"], "code": " "}}).encode())
    assert datafile.read_report(json.dumps(good).encode())[1].is_rollup


def test_reading_a_roll_up_loads_no_pdf_writer():
    """The Sở's intake reads a roll-up's data file without importing reportlab (it cost ~0.9 s per run)."""
    import subprocess
    import sys

    code = ("import json, sys\nfrom desktop.core.commune import datafile\n"
            "doc = {'format': 'socds-rollup', 'format_version': 1, 'version': 1, 'kind': 'self-assessment', "
            "'period': '2025-2026', 'authority': {'name': 'A', 'code': 'XA1', 'signer_name': 'B'}, 'schools': [], "
            "'missing': [], 'not_sent': [], 'refused_schools': [], 'level_counts': {}}\n"
            "assert datafile.read_report(json.dumps(doc).encode())[1].is_rollup\n"
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_corrected_roll_up_sent_again_replaces_the_first(tmp_path, commune):
    """Each export is a new version (next_version), so the Sở keeps the newest; a second file claiming the same
    version with other content is refused, as for a school's report."""
    from desktop.core.commune.demo import _LoadedSigner, make_test_ca, school_certificate
    from desktop.core.commune.rollup_file import next_version
    from desktop.core.commune.rollup_pdf import export_rollup

    root, _k, _c, ca_key = make_test_ca()
    from cryptography.hazmat.primitives.serialization import Encoding

    (tmp_path / "root.pem").write_bytes(root.public_bytes(Encoding.PEM))
    key, cert = school_certificate(ca_key, root, "Trần Văn Bình")
    signer = _LoadedSigner(key, cert, [root])
    a = AuthorityInfo(name="UBND xã Tuệ Tĩnh", code="XA001", signer_name="Trần Văn Bình", signer_title="Phó Chủ tịch")
    with Store.open(tmp_path / "xa.db") as xa:
        ensure_bundled(xa)
        roster.import_workbook(xa, commune.roster_path)
        inbox.take_in(xa, commune.files[:3], trust=[commune.root_cert_path])
        v1 = export_rollup(build_rollup(xa, "self-assessment", "2025-2026"), a, tmp_path / "v1", signer,
                           version=next_version(xa, "self-assessment", "2025-2026"))["pdf"]
        inbox.take_in(xa, commune.files[3:], trust=[commune.root_cert_path])
        ru = build_rollup(xa, "self-assessment", "2025-2026")
        v2 = export_rollup(ru, a, tmp_path / "v2", signer, version=next_version(xa, "self-assessment", "2025-2026"))
        other_v1 = export_rollup(ru, a, tmp_path / "v1b", signer, version=1)["pdf"]
    assert v1.name.endswith("_v1.pdf") and v2["pdf"].name.endswith("_v2.pdf")
    with Store.open(tmp_path / "so.db") as s:
        ensure_bundled(s)
        roster.save_school(s, roster.RosterSchool("XA001", "UBND xã Tuệ Tĩnh", ["XA"]))
        trust = [tmp_path / "root.pem"]
        assert [o.state for o in inbox.take_in(s, [v1], trust=trust).outcomes] == ["accepted"]
        assert [o.state for o in inbox.take_in(s, [v2["pdf"]], trust=trust).outcomes] == ["accepted"]
        (o,) = inbox.take_in(s, [other_v1], trust=trust).outcomes
        assert o.state in ("rejected", "superseded")  # v2 is in: an older version never replaces it
        pv = build_province(s, "self-assessment", "2025-2026")
        (line,) = pv.communes
        assert line.version == 2 and line.received == len(ru.rows)
