"""Issue 17, the school side: nothing wrong gets signed. The pre-send check runs before anything is locked; lock
and sign are one step (a failure leaves the report as it was); the certificate is checked against the report; the
stamp names the certificate's subject and the time in +07:00; the report date is checked against the period."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from desktop.core.errors import NeedsConfirmation, UserError
from desktop.core.report.build import build_report_data
from desktop.core.report.package import build_package, packages_dir
from desktop.core.signing import P12Signer, Pkcs11Signer
from desktop.core.signing.cert_check import certificate_findings, same_name
from desktop.core.store import Store
from desktop.core.store import reports as rep
from tests.core.signing_pki import make_pki
from tests.helpers.ready import ready_draft


@pytest.fixture
def demo(demo_db, tmp_path):
    shutil.copy(demo_db, tmp_path / "demo.db")
    s = Store.open(tmp_path / "demo.db")
    yield s
    s.close()


def _unchanged(store, row) -> bool:
    now = rep.get_report(store, row["id"])
    return (now["status"], now["locked_at"], now["report_data"]) == ("draft", None, None) and \
        not list(packages_dir(store).glob("*.pdf"))


def _named(store, tmp_path, **kw):
    """A .p12 whose certificate is issued to the report's signer (as a real one would be)."""
    rd = build_report_data(store, "self-assessment", "2025-2026")
    pki = make_pki(rd.signer.name, org=rd.school.name, **kw)
    return pki, P12Signer(pki.write_p12(tmp_path / "k.p12", "pw-1"), "pw-1")


def test_errors_block_signing_and_nothing_changes(demo, tmp_path):
    row = rep.ensure_draft(demo, "self-assessment", "2025-2026")
    rep.update_fields(demo, row["id"], doc_number="/BC-THCSTT")   # issue 17: "Số: /BC-THCSTT"
    _, signer = _named(demo, tmp_path)
    with pytest.raises(UserError) as err:
        build_package(demo, row["id"], signer, tmp_path / "o", accept_warnings=True, accept_certificate=True)
    assert "chưa có số thứ tự" in err.value.message and "Mục chưa trả lời" in err.value.message
    assert _unchanged(demo, row) and not (tmp_path / "o").exists()


def test_warnings_need_confirmation_before_anything_is_locked(demo, tmp_path):
    row = ready_draft(demo)
    _, signer = _named(demo, tmp_path)
    with pytest.raises(NeedsConfirmation) as err:
        build_package(demo, row["id"], signer)
    assert err.value.what == "warnings" and err.value.lines
    assert "\n- - " not in err.value.message  # each line once bulleted, as the CLI prints it
    assert _unchanged(demo, row)
    build_package(demo, row["id"], signer, accept_warnings=True)
    assert rep.get_report(demo, row["id"])["status"] == "signed"


def test_wrong_password_leaves_the_report_as_it_was(demo, tmp_path):
    row = ready_draft(demo)
    pki, _ = _named(demo, tmp_path)
    with pytest.raises(UserError, match="sai mật khẩu"):
        build_package(demo, row["id"], P12Signer(tmp_path / "k.p12", "wrong"), accept_warnings=True)
    assert _unchanged(demo, row)


def test_missing_token_leaves_the_report_as_it_was(demo, tmp_path):
    row = ready_draft(demo)
    with pytest.raises(UserError):
        build_package(demo, row["id"], Pkcs11Signer(str(tmp_path / "no-such-lib.so"), "socds", "1234"),
                      accept_warnings=True)
    assert _unchanged(demo, row)


@pytest.mark.parametrize("kw, words", [
    ({"signer_cn": "Lê Văn Khác"}, "không phải người ký ghi trong báo cáo"),
    ({"expired": True}, "đã hết hạn"),
    ({"signing_usage": False}, "không được cấp để ký"),
])
def test_certificate_not_matching_the_report_needs_confirmation(demo, tmp_path, kw, words):
    row = ready_draft(demo)
    rd = build_report_data(demo, "self-assessment", "2025-2026")
    pki = make_pki(kw.pop("signer_cn", rd.signer.name), **kw)
    signer = P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw")
    with pytest.raises(NeedsConfirmation) as err:
        build_package(demo, row["id"], signer, accept_warnings=True)
    assert err.value.what == "certificate" and any(words in ln for ln in err.value.lines), err.value.lines
    assert _unchanged(demo, row)  # a refused confirmation (the GUI's "No") leaves it as it was
    build_package(demo, row["id"], signer, accept_warnings=True, accept_certificate=True)
    assert rep.get_report(demo, row["id"])["status"] == "signed"


def test_vietnamese_name_comparison():
    import unicodedata

    assert same_name("Nguyễn Văn An", unicodedata.normalize("NFD", "NGUYỄN  VĂN AN"))
    assert not same_name("Nguyễn Văn An", "Nguyen Van An")   # diacritics count as written
    assert not same_name("", "")


def test_organisation_certificate_of_the_school_matches(demo, tmp_path):
    rd = build_report_data(demo, "self-assessment", "2025-2026")
    pki = make_pki(rd.school.name.upper())
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as to_asn1

    now = dt.datetime.now(dt.timezone.utc)
    assert certificate_findings(to_asn1(pki.cert), signer_name=rd.signer.name, school_name=rd.school.name,
                                now=now) == []


def test_stamp_names_the_certificate_and_vietnam_time_whatever_the_zone(demo, tmp_path):
    """The report names one signer, the certificate another: the stamp shows the certificate's subject, and the
    time with +07:00 although this process runs in New York time."""
    import os
    import sys

    row = ready_draft(demo)
    pki = make_pki("Trần Thị Chứng Thư")
    p12 = pki.write_p12(tmp_path / "k.p12", "pw")
    demo.close()
    code = ("import sys; from desktop.core.store import Store; from desktop.core.report.package import build_package;"
            "from desktop.core.signing import P12Signer\n"
            f"with Store.open({str(tmp_path / 'demo.db')!r}) as s:\n"
            f"    print(build_package(s, {row['id']}, P12Signer({str(p12)!r}, 'pw'), accept_warnings=True, "
            "accept_certificate=True))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "TZ": "America/New_York"})
    assert out.returncode == 0, out.stderr
    text = subprocess.run(["pdftotext", out.stdout.strip(), "-"], capture_output=True, text=True).stdout
    assert "Trần Thị Chứng Thư" in text
    stamp = [ln for ln in text.splitlines() if "+07:00" in ln]
    assert stamp and dt.datetime.fromisoformat(stamp[0].split(", ")[-1].strip()).utcoffset() == dt.timedelta(hours=7)


def test_stamp_organisation_is_the_certificates_not_the_reports(demo, tmp_path):
    """Issue 17: the stamp names the certificate's subject, not the report's text. A certificate issued to the
    report's signer by another organisation: the stamp's second line names that organisation, never the school
    the report was written for (which would vouch for a link the certificate does not make)."""
    row = ready_draft(demo)
    rd = build_report_data(demo, "self-assessment", "2025-2026")
    pki = make_pki(rd.signer.name, org="Công ty Chứng Thư Khác")
    signer = P12Signer(pki.write_p12(tmp_path / "k.p12", "pw"), "pw")
    out = build_package(demo, row["id"], signer, tmp_path / "o", accept_warnings=True, accept_certificate=True)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    stamp = [ln for ln in text.splitlines() if "+07:00" in ln]
    assert stamp and stamp[0].startswith("Công ty Chứng Thư Khác, "), stamp
    assert f"{rd.school.name}, " not in text


@pytest.mark.parametrize("kind, period, day, code", [
    ("year", "2026", "2026-04-15", "date_before_period"),     # issue 17's example
    ("month", "2026-03", "2026-02-27", "date_before_period"),
    ("self-assessment", "2025-2026", "2099-01-01", "date_after_signing"),
])
def test_report_date_against_period_and_signing_date(demo, kind, period, day, code):
    import dataclasses

    from desktop.core.report.checks import check_report

    rd = dataclasses.replace(build_report_data(demo, "self-assessment", "2025-2026"), kind=kind, period=period,
                             doc_date=day)
    found = [p.code for p in check_report(rd, signing_date=dt.date(2026, 12, 3))]
    assert code in found


def test_wrong_pin_on_a_real_token_leaves_the_report_as_it_was(demo, tmp_path):
    from tests.core.softhsm import shared_token

    token = shared_token()
    row = ready_draft(demo)
    with pytest.raises(UserError):
        build_package(demo, row["id"], Pkcs11Signer(token.lib, token.label, "not-the-pin"), accept_warnings=True,
                      accept_certificate=True)
    assert _unchanged(demo, row)
    build_package(demo, row["id"], Pkcs11Signer(token.lib, token.label, token.pin), accept_warnings=True,
                  accept_certificate=True)   # the token's test certificate names nobody in the report
    assert rep.get_report(demo, row["id"])["status"] == "signed"
