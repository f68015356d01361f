"""The signed report package: one PDF carrying the workbook and the data file inside its signed revision.

A locked version (report/lifecycle.py) is rendered and signed here, and filed as signed in
`<data file>-data/packages/`. The hand-off path exports the locked version with an empty signature field and
files the copy signed elsewhere once it proves to be intact and of this very version.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from desktop.core.errors import NeedsConfirmation, UserError
from desktop.core.fileio import write_bytes
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import render_json, to_datafile
from desktop.core.report.export import base_name
from desktop.core.report.lifecycle import (
    check_before_signing,
    file_signed,
    frozen,
    lock_version,
    locked_data,
    packages_dir,
    sha256,
    write_lock,
)
from desktop.core.report.pdf import render_pdf_bytes
from desktop.core.report.pdf_layout import SIGNATURE_FIELD, PdfLayout
from desktop.core.report.xlsx import render_xlsx_bytes
from desktop.core.store import reports as rep
from desktop.core.store.db import Store

SIGNATURE_IMAGE_SETTING = "signing.signature_png"
SEAL_IMAGE_SETTING = "signing.seal_png"


def _files(rd: ReportData) -> tuple[str, bytes, bytes, bytes, PdfLayout]:
    """(base name, pdf, xlsx, data file with the workbook's hash, pdf layout)."""
    name = base_name(rd)
    pdf, layout = render_pdf_bytes(rd)
    xlsx = render_xlsx_bytes(rd)
    data = to_datafile(rd)
    data["attachments"] = {f"{name}.xlsx": sha256(xlsx)}  # the workbook signed beside it (report/datafile.py)
    return name, pdf, xlsx, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), layout


def datafile_matches(row: dict):
    """A check that an embedded data file is this locked version's (the packaging-time "attachments" aside)."""
    expected = json.loads(render_json(locked_data(row)), parse_float=Decimal)

    def check(raw: bytes) -> bool:
        try:
            got = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return False
        if isinstance(got, dict):
            got.pop("attachments", None)
        return got == expected

    return check


def _appearance(store: Store, rd: ReportData, layout):
    from desktop.core.signing import Appearance

    def image(key):
        p = store.get_setting(key)
        return Path(p) if p and Path(p).is_file() else None

    return Appearance(
        box=layout.signature_box,
        page=layout.signature_page - 1,
        signature_png=image(SIGNATURE_IMAGE_SETTING),
        seal_png=image(SEAL_IMAGE_SETTING),
        organisation="",  # the stamp names the certificate's organisation, never the report's text
        signer_name=rd.signer.name,
    )


def build_package(
    store: Store,
    report_id: int,
    signer,
    out_dir: Path | str | None = None,
    *,
    accept_warnings: bool = False,
    accept_certificate: bool = False,
) -> Path:
    """Check, lock and sign in one step: the pre-send check first (errors stop; warnings stop unless
    `accept_warnings`), then the signing certificate against the report (findings stop unless
    `accept_certificate`), then the signature. Only once the package is signed is the version locked and filed,
    in one transaction: a wrong password or PIN, a missing token, a refused confirmation or a failed signature
    leave the report exactly as it was. Returns the package's path (in `out_dir` when given, the copy kept
    under the data folder otherwise)."""
    from desktop.core.signing import Attachment, sign_pdf
    from desktop.core.signing.appearance import vietnam_now
    from desktop.core.signing.cert_check import certificate_findings

    row = rep.get_report(store, report_id)
    if row["status"] not in ("draft", "locked", "signed"):
        raise UserError(f"Phiên bản {row['version']} đã ở trạng thái «{row['status']}»; tạo phiên bản mới để ký lại.")
    now = vietnam_now()
    if row["locked_at"] is None:
        rd, request_id = frozen(store, row)
        check_before_signing(store, rd, accept_warnings=accept_warnings, signing_date=now.date())
    else:
        rd, request_id = locked_data(row), None

    def check_certificate(cert) -> None:
        found = certificate_findings(
            cert, signer_name=rd.signer.name, school_name=rd.school.name, now=now, internal=signer.internal
        )
        if found and not accept_certificate:
            raise NeedsConfirmation(
                "Chứng thư số dùng để ký chưa khớp với báo cáo; hãy xác nhận để vẫn ký:", found, "certificate"
            )

    name, pdf, xlsx, data, layout = _files(rd)
    kept = packages_dir(store) / f"{name}.pdf"
    if kept.exists():
        kept = packages_dir(store) / f"{name}_ky{len(list(packages_dir(store).glob(name + '*.pdf'))) + 1}.pdf"
    sign_pdf(
        pdf,
        kept,
        signer,
        field_name=SIGNATURE_FIELD,
        appearance=_appearance(store, rd, layout),
        before_signing=check_certificate,
        attachments=[
            Attachment(
                f"{name}.xlsx",
                xlsx,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Bảng tính của báo cáo",
            ),
            Attachment(f"{name}.json", data, "application/json", "Tệp dữ liệu của báo cáo"),
        ],
    )
    try:
        with store.tx():
            if row["locked_at"] is None:
                write_lock(store, row, rd, request_id)
            file_signed(store, rep.get_report(store, report_id), kept, "package")
    except BaseException:
        kept.unlink(missing_ok=True)  # the version stays as it was: no package without its row
        raise
    if out_dir is None:
        return kept
    out = Path(out_dir) / kept.name
    write_bytes(out, kept.read_bytes())
    return out


def export_handoff(store: Store, report_id: int, out_dir: Path | str) -> Path:
    """The locked version with an empty signature field over the signature block, attachments embedded."""
    from desktop.core.signing import Attachment, prepare_handoff

    row = lock_version(store, report_id)
    rd = locked_data(row)
    name, pdf, xlsx, data, layout = _files(rd)
    out = Path(out_dir) / f"{name}_cho-ky.pdf"
    prepare_handoff(
        pdf,
        out,
        page=layout.signature_page - 1,
        box=layout.signature_box,
        field_name=SIGNATURE_FIELD,
        attachments=[Attachment(f"{name}.xlsx", xlsx), Attachment(f"{name}.json", data, "application/json")],
    )
    return out


def import_handoff(store: Store, report_id: int, path: Path | str, trust=()):
    """File a copy signed elsewhere as this version's package, once it is intact and of this version."""
    from desktop.core.signing import import_signed

    row = rep.get_report(store, report_id)
    if row["locked_at"] is None:
        raise UserError("Phiên bản này chưa được khóa, nên không thể là bản đã gửi đi ký.")
    result = import_signed(path, trust=trust, datafile_matches=datafile_matches(row))
    kept = packages_dir(store) / f"{base_name(locked_data(row))}.pdf"
    if kept.exists():
        kept = kept.with_name(kept.stem + "_nhap.pdf")
    write_bytes(kept, Path(path).read_bytes())
    file_signed(store, row, kept, "handoff")
    return result
