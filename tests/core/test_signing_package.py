"""The report package: lock, render, sign with workbook + data file inside; hand-off round trip; versions."""
import hashlib
import io
import shutil

import pytest

from desktop.core.errors import UserError
from desktop.core.report.lifecycle import lock_version
from desktop.core.report.package import build_package, export_handoff, import_handoff
from desktop.core.signing import P12Signer, SchoolKeySigner, verify_pdf
from desktop.core.store import Store
from desktop.core.store import reports as rep
from tests.core.signing_pki import make_pki, pdfsig
from tests.helpers.ready import ready_draft


@pytest.fixture
def demo(demo_db, tmp_path):
    shutil.copy(demo_db, tmp_path / "demo.db")
    s = Store.open(tmp_path / "demo.db")
    yield s
    s.close()


def _draft(store):
    return ready_draft(store, "self-assessment", "2025-2026")  # the demo school's year


def test_package_signed_with_both_files_inside(demo, tmp_path):
    pki = make_pki()
    row = _draft(demo)
    out = build_package(demo, row["id"], P12Signer(pki.write_p12(tmp_path / "k.p12", "pw-1"), "pw-1"), tmp_path / "o",
                        accept_warnings=True, accept_certificate=True)
    r = verify_pdf(out, [pki.ca_cert])
    assert r.state == "valid", r.problems
    assert sorted(n.rsplit(".", 1)[1] for n in r.attachments) == ["json", "xlsx"]
    from desktop.core.report.datafile import DATAFILE_SCHEMA, read_datafile
    from desktop.core.signing.verify import embedded_files_of

    # the data file lists the workbook's hash (once its schema has the agreed field), and it matches
    assert any("khớp mã băm" in n for n in r.notes) == ("attachments" in DATAFILE_SCHEMA["properties"])
    # whatever the package adds, the embedded data file stays readable by the report/commune reader
    [js] = [v for k, v in embedded_files_of(out).items() if k.endswith(".json")]
    assert read_datafile(js).report_version == 1
    assert r.signatures[0].field == "ChuKyHieuTruong"
    assert "Total document signed" in pdfsig(out) and "Signature is Valid" in pdfsig(out)
    row = rep.get_report(demo, row["id"])
    assert row["status"] == "signed" and row["locked_at"] and row["package_sha256"] == hashlib.sha256(
        (demo.data_dir / "packages" / out.name).read_bytes()).hexdigest()
    assert out.name.endswith("_tu-danh-gia_nam-hoc-2025-2026_v1.pdf")
    # a locked version cannot change any more
    with pytest.raises(Exception):
        rep.update_fields(demo, row["id"], difficulties="khác")


def test_handoff_round_trip_and_wrong_version(demo, tmp_path):
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as c1
    from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1 as k1
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    row = _draft(demo)
    ready = export_handoff(demo, row["id"], tmp_path)
    signer = signers.SimpleSigner(signing_cert=c1(pki.cert), signing_key=k1(pki.key),
                                  cert_registry=SimpleCertificateStore.from_certs([c1(pki.ca_cert)]))
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(ready.read_bytes())),
                     signers.PdfSignatureMetadata(field_name="ChuKyHieuTruong"), signer=signer, output=out)
    (tmp_path / "back.pdf").write_bytes(out.getvalue())
    # another version of the same report must be refused
    other = rep.ensure_draft(demo, row["kind"], row["period"])
    rep.update_fields(demo, other["id"], difficulties="Một nội dung khác hẳn", doc_number="13/BC-THCSTT")
    lock_version(demo, other["id"])
    with pytest.raises(UserError, match="phiên bản báo cáo khác"):
        import_handoff(demo, other["id"], tmp_path / "back.pdf")
    r = import_handoff(demo, row["id"], tmp_path / "back.pdf", trust=[pki.ca_cert])
    assert r.state == "valid" and rep.get_report(demo, row["id"])["status"] == "signed"


def test_school_key_package_is_marked_internal(demo, tmp_path):
    row = _draft(demo)
    out = build_package(demo, row["id"], SchoolKeySigner.for_store(demo), accept_warnings=True)
    assert out.parent == demo.data_dir / "packages"
    r = verify_pdf(out)
    assert r.state == "untrusted" and r.internal


def test_version_life_sent_returned_new_version_diff_and_scan(demo, tmp_path):
    from datetime import date

    from desktop.core.report.lifecycle import attach_scan, diff_versions, mark_returned, mark_sent

    row = _draft(demo)
    with pytest.raises(UserError, match="chưa khóa"):
        mark_sent(demo, row["id"])
    with pytest.raises(UserError, match="khóa phiên bản"):
        attach_scan(demo, row["id"], tmp_path / "x.pdf")
    lock_version(demo, row["id"])
    (tmp_path / "scan.png").write_bytes(b"\x89PNG fake scan")
    sha = attach_scan(demo, row["id"], tmp_path / "scan.png")
    assert any(p.name.endswith(".png") and sha[:12] in p.name for p in (demo.data_dir / "packages").iterdir())
    mark_sent(demo, row["id"], date(2026, 5, 20))
    with pytest.raises(UserError, match="ít nhất một ý kiến"):
        mark_returned(demo, row["id"], ["  "])
    new_id = mark_returned(demo, row["id"], ["Bổ sung minh chứng mục 1.2"])
    old = rep.get_report(demo, row["id"])
    assert old["status"] == "returned" and old["sent_at"] == "2026-05-20" and "minh chứng" in old["return_comments"]
    rep.update_fields(demo, new_id, difficulties="Đã bổ sung minh chứng theo ý kiến.")
    diff = diff_versions(demo, row["id"], new_id)
    assert diff and all(not p.startswith(("report_version", "status")) for p, _, _ in diff)
    assert any("Đã bổ sung minh chứng" in str(after) for _, _, after in diff)
    assert [v["version"] for v in rep.versions(demo, row["kind"], row["period"])] == [1, 2]
