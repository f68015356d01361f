"""`socds sign` / `socds verify` / `socds trust` end to end, in a subprocess as a user (or a script) runs them."""
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from tests.core.signing_pki import (make_pdf, make_pki, pdfsig, tamper_content, tamper_flip, tamper_strip,
                                    tamper_swap_attachment)
from tests.core.softhsm import shared_token

PASSWORD = "p12-Mật-Khẩu-55871"


def socds(*args, env=None):
    """In a subprocess, exactly as a user runs it (used where the log file and the process boundary matter)."""
    e = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True, env=e,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def cli(capsys, monkeypatch):
    """The same `main()` in-process (a subprocess costs ~2 s of imports each): returns (code, stdout, stderr)."""
    from desktop.cli import main

    def run(*args, env=None):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def signed(tmp_path, pki, cli):
    src = make_pdf(tmp_path / "bao-cao.pdf")
    (tmp_path / "bao-cao.xlsx").write_bytes(b"PK workbook")
    (tmp_path / "bao-cao.json").write_text('{"attachments": {}}')
    p12 = pki.write_p12(tmp_path / "k.p12", PASSWORD)
    r = cli("sign", src, "--p12", p12, "--password-env", "SOCDS_TEST_PW", "--attach", tmp_path / "bao-cao.xlsx",
              tmp_path / "bao-cao.json", "--box", "300,60,540,160", "--organisation", "Trường THCS A",
              "--db", tmp_path / "d.db", env={"SOCDS_TEST_PW": PASSWORD})
    assert r.returncode == 0, r.stderr
    return tmp_path / "bao-cao_da-ky.pdf"


def test_sign_then_verify_exit_codes(signed, pki, tmp_path, cli):
    ca = pki.write_ca(tmp_path / "ca.pem")
    assert "Total document signed" in pdfsig(signed)
    r = socds("verify", signed, "--trust", ca, "--json", "--db", tmp_path / "d.db")
    assert r.returncode == 0, r.stdout + r.stderr
    [res] = json.loads(r.stdout)
    assert res["state"] == "valid" and set(res["attachments"]) == {"bao-cao.xlsx", "bao-cao.json"}
    r = cli("verify", signed, "--db", tmp_path / "d.db")
    assert r.returncode == 10 and f"{signed}: Nguyên vẹn, chưa xác định người ký" in r.stdout
    assert "chứng thư gốc chưa có" in r.stdout
    # importing the root once into the data file's trust store makes it trusted from then on
    assert cli("trust", "add", ca, "--db", tmp_path / "d.db").returncode == 0
    assert (tmp_path / "d-data" / "trust").is_dir()
    r = cli("verify", signed, "--db", tmp_path / "d.db")
    assert r.returncode == 0 and f"{signed}: Hợp lệ, tin cậy" in r.stdout


def test_signing_time_is_vietnam_time_in_json_and_text(pki, tmp_path, cli):
    """`verify --json` gave the signing time in the offset pyHanko read it in (a CMS signingTime is UTC) while the
    text said +07:00. Signed on a machine whose clock is at UTC-3, both now give the same instant in +07:00."""
    src = make_pdf(tmp_path / "r.pdf")
    p12 = pki.write_p12(tmp_path / "k.p12", PASSWORD)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    r = socds("sign", src, "--p12", p12, "--password-env", "PW", "--out", tmp_path / "s.pdf", "--db", tmp_path / "d.db",
              env={"PW": PASSWORD, "TZ": "America/Sao_Paulo"})
    after = dt.datetime.now(dt.timezone.utc)
    assert r.returncode == 0, r.stderr
    r = cli("verify", tmp_path / "s.pdf", "--json", "--db", tmp_path / "d.db")
    [res] = json.loads(r.stdout)
    when = res["signing_time"]
    assert when.endswith("+07:00") and res["signatures"][0]["signing_time"] == when, when
    assert before <= dt.datetime.fromisoformat(when) <= after
    r = cli("verify", tmp_path / "s.pdf", "--db", tmp_path / "d.db")
    assert f"ký lúc {when};" in r.stdout, r.stdout


def test_verify_trust_given_twice_keeps_both_roots(signed, pki, tmp_path, cli):
    """`--trust A --trust B` (as `aggregate --trust` takes it) trusts both roots, not only the last one given."""
    ca = pki.write_ca(tmp_path / "ca.pem")
    other = make_pki("Người Khác", "CA khác").write_ca(tmp_path / "other.pem")
    r = cli("verify", signed, "--trust", ca, "--trust", other, "--db", tmp_path / "d.db")
    assert r.returncode == 0 and "Hợp lệ, tin cậy" in r.stdout, r.stdout + r.stderr
    r = cli("verify", signed, "--trust", ca, other, "--db", tmp_path / "d.db")  # the documented form still works
    assert r.returncode == 0, r.stdout + r.stderr


def test_sign_attach_given_twice_attaches_both(pki, tmp_path, cli):
    """`--attach A --attach B` signs both files into the revision (the last one alone silently left out the
    data file or the workbook)."""
    src = make_pdf(tmp_path / "r.pdf")
    (tmp_path / "a.xlsx").write_bytes(b"PK workbook")
    (tmp_path / "a.json").write_text('{"attachments": {}}')
    r = cli("sign", src, "--p12", pki.write_p12(tmp_path / "k.p12", PASSWORD), "--password-env", "SOCDS_TEST_PW",
            "--attach", tmp_path / "a.xlsx", "--attach", tmp_path / "a.json", "--db", tmp_path / "d.db",
            env={"SOCDS_TEST_PW": PASSWORD})
    assert r.returncode == 0, r.stderr
    r = cli("verify", tmp_path / "r_da-ky.pdf", "--json", "--db", tmp_path / "d.db")
    assert set(json.loads(r.stdout)[0]["attachments"]) == {"a.xlsx", "a.json"}


@pytest.mark.parametrize("tamper", ["flip", "content", "swap", "strip"])
def test_every_tampering_gives_nonzero_exit(signed, pki, tmp_path, tamper, cli):
    bad = tmp_path / f"{tamper}.pdf"
    {"flip": tamper_flip, "content": tamper_content, "strip": tamper_strip,
     "swap": lambda s, d: tamper_swap_attachment(s, d, "bao-cao.xlsx")}[tamper](signed, bad)
    r = cli("verify", bad, "--trust", pki.write_ca(tmp_path / "ca.pem"), "--db", tmp_path / "d.db")
    assert r.returncode == 11, r.stdout + r.stderr
    said = "Không có chữ ký" if tamper == "strip" else "Không hợp lệ, đã bị thay đổi sau khi ký"
    assert f"{bad}: {said}\n" in r.stdout


def test_unreadable_and_mixed(signed, tmp_path, cli):
    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    r = cli("verify", tmp_path / "x.pdf", "--db", tmp_path / "d.db")
    assert r.returncode == 12 and "x.pdf: Không đọc được" in r.stdout
    r = cli("verify", signed, tmp_path / "x.pdf", "--json", "--db", tmp_path / "d.db")
    assert r.returncode == 12 and [x["state"] for x in json.loads(r.stdout)] == ["untrusted", "unreadable"]


def test_school_key_signing(tmp_path, cli):
    src = make_pdf(tmp_path / "r.pdf")
    r = cli("sign", src, "--school-key", "--out", tmp_path / "s.pdf", "--db", tmp_path / "d.db")
    assert r.returncode == 0 and "toàn vẹn nội bộ" in r.stdout, r.stderr
    assert (tmp_path / "d-data" / "keys" / "school-key.pem").exists()
    assert "Signature is Valid" in pdfsig(tmp_path / "s.pdf")
    r = cli("verify", tmp_path / "s.pdf", "--db", tmp_path / "d.db")
    assert r.returncode == 10 and "nội bộ" in r.stdout


def test_secrets_never_from_argv_or_missing_env(tmp_path, pki, cli):
    src = make_pdf(tmp_path / "r.pdf")
    p12 = pki.write_p12(tmp_path / "k.p12", PASSWORD)
    r = cli("sign", src, "--p12", p12, "--password", PASSWORD)
    assert r.returncode == 2  # there is no option that takes the secret itself
    r = cli("sign", src, "--p12", p12, "--password-env", "SOCDS_UNSET_VAR", "--db", tmp_path / "d.db")
    assert r.returncode == 1 and "SOCDS_UNSET_VAR" in r.stderr
    r = cli("sign", src, "--p12", p12, "--db", tmp_path / "d.db")  # no tty, no env var: no prompt possible
    assert r.returncode == 1 and "--password-env" in r.stderr
    r = cli("sign", src, "--p12", p12, "--password-env", "PW", "--db", tmp_path / "d.db", env={"PW": "sai"})
    assert r.returncode == 1 and "sai mật khẩu" in r.stderr


def test_no_password_or_pin_left_anywhere(tmp_path, _isolated_home, cli):
    tok = shared_token()
    lib, pki, PIN = tok.lib, tok.pki, tok.pin
    db = tmp_path / "data" / "d.db"
    src = make_pdf(tmp_path / "r.pdf")
    p12 = pki.write_p12(tmp_path / "k.p12", PASSWORD)
    r = socds("sign", src, "--p12", p12, "--password-env", "PW", "--out", tmp_path / "a.pdf", "--db", db,
              env={"PW": PASSWORD})
    assert r.returncode == 0, r.stderr
    r = socds("sign", tmp_path / "a.pdf", "--pkcs11", lib, "--token", tok.label, "--pin-env", "PIN",
              "--out", tmp_path / "b.pdf", "--db", db, env={"PIN": PIN})
    assert r.returncode == 0, r.stderr
    # the library path is remembered (the PIN is not): a bare --pkcs11 uses it
    r = cli("sign", src, "--pkcs11", "--pin-env", "PIN", "--out", tmp_path / "c.pdf", "--db", db, env={"PIN": PIN})
    assert r.returncode == 0, r.stderr
    r = cli("verify", tmp_path / "b.pdf", "--trust", pki.write_ca(tmp_path / "ca.pem"), "--db", db)
    assert r.returncode == 0, r.stdout
    # a failed attempt must not leak either
    socds("sign", src, "--pkcs11", lib, "--pin-env", "PIN", "--out", tmp_path / "d.pdf", "--db", db,
          env={"PIN": PIN + "x"})
    searched = 0
    for root in (db.parent, _isolated_home):
        for dirpath, _, names in os.walk(root):
            for name in names:
                blob = open(os.path.join(dirpath, name), "rb").read()
                searched += 1
                for secret in (PASSWORD, PIN):
                    for enc in ("utf-8", "utf-16-le"):
                        assert secret.encode(enc) not in blob, f"{secret!r} found in {name}"
    assert searched >= 2 and any((_isolated_home / "logs").iterdir())


def test_export_sign_writes_the_package_in_one_step(demo_db, tmp_path, cli):
    import shutil

    from desktop.core.store import Store
    from desktop.core.store import reports as rep
    from tests.helpers.ready import answer_the_rest

    shutil.copy(demo_db, tmp_path / "d.db")
    sign = ("export", "--db", tmp_path / "d.db", "--kind", "self-assessment", "--out", tmp_path / "out", "--sign",
            "--school-key")
    # issue 17: the demo report still has unanswered items: errors block, nothing is written or locked
    r = cli(*sign)
    assert r.returncode == 1 and "Mục chưa trả lời (4)" in r.stderr and "1.3.5" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    with Store.open(tmp_path / "d.db") as s:
        assert rep.latest(s, "self-assessment", "2025-2026")["locked_at"] is None
        answer_the_rest(s)
    # warnings (items without evidence…) need the explicit flag
    r = cli(*sign)
    assert r.returncode == 6 and "--accept-warnings" not in r.stdout and "minh chứng" in r.stderr, r.stderr
    with Store.open(tmp_path / "d.db") as s:
        assert rep.latest(s, "self-assessment", "2025-2026")["locked_at"] is None
    r = cli(*sign, "--accept-warnings")
    assert r.returncode == 0, r.stderr
    [pdf] = (tmp_path / "out").glob("*.pdf")
    assert pdf.name.endswith("_tu-danh-gia_nam-hoc-2025-2026_v1.pdf") and "Đã ký" in r.stdout
    r = cli("verify", pdf, "--json", "--db", tmp_path / "d.db")
    [res] = json.loads(r.stdout)
    assert r.returncode == 10 and res["internal"] and len(res["attachments"]) == 2
    r = cli("export", "--db", tmp_path / "d.db", "--kind", "self-assessment", "--out", tmp_path / "o2", "--school-key")
    assert r.returncode == 1 and "--sign" in r.stderr
