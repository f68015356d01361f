"""Signing a PDF with PAdES B-B, attachments embedded in the very revision that is signed.

One incremental update holds the embedded files (workbook, data file), the signature field and the signature,
so the signature's byte range covers the report, the workbook and the data file together. A second signature
is another incremental update: the first stays valid (pyHanko's diff analysis sees only form filling).
"""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from desktop.core.errors import UserError
from desktop.core.fileio import write_bytes
from desktop.core.signing.appearance import Appearance, stamp_style_for, vietnam_now
from desktop.core.signing.signers import INTERNAL_NOTICE

MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime: str | None = None
    description: str | None = None

    @classmethod
    def from_path(cls, path: Path | str, description: str | None = None) -> "Attachment":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp đính kèm {path} ({exc.strerror}).") from None
        return cls(path.name, data, mimetypes.guess_type(path.name)[0], description)


def _as_attachment(a) -> Attachment:
    if isinstance(a, Attachment):
        return a
    if isinstance(a, (str, Path)):
        return Attachment.from_path(a)
    name, data, *rest = a
    return Attachment(name, data, rest[0] if rest else None)


def _writer(in_pdf: Path | str | bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError

    if isinstance(in_pdf, (bytes, bytearray)):
        data, path = bytes(in_pdf), Path("báo cáo.pdf")
    else:
        path = Path(in_pdf)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp {path} ({exc.strerror}).") from None
    if len(data) > MAX_PDF_BYTES:
        raise UserError(f"Tệp {path.name} quá lớn để ký (trên 200 MB).")
    try:
        return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise UserError(f"Tệp {path.name} không phải PDF đọc được ({str(exc)[:80]}).") from None


def embed_attachments(writer, attachments) -> None:
    from pyhanko.pdf_utils import embed

    now = dt.datetime.now(dt.timezone.utc)
    for a in map(_as_attachment, attachments):
        ef = embed.EmbeddedFileObject.from_file_data(
            writer, a.data, mime_type=a.mime, params=embed.EmbeddedFileParams(creation_date=now, modification_date=now)
        )
        try:
            embed.embed_file(
                writer,
                embed.FileSpec(file_spec_string=a.name, file_name=a.name, embedded_data=ef, description=a.description),
            )
        except NotImplementedError:  # pyHanko only extends flat name trees
            raise UserError(
                "Tệp PDF này đã có danh sách tệp đính kèm dạng cây, không thêm tệp đính kèm được; "
                "hãy ký mà không đính kèm, hoặc xuất lại PDF từ Sổ CĐS."
            ) from None


def subject_name(cert) -> str:
    """The name a certificate (asn1crypto) is issued to: its common name, else its organisation."""
    try:
        subject = cert.subject.native
    except Exception:  # noqa: BLE001 - an odd subject must not stop the signature
        return ""
    return str(subject.get("common_name") or subject.get("organization_name") or "")


def _subject_organisation(cert) -> str:
    try:
        return str(cert.subject.native.get("organization_name") or "")
    except Exception:  # noqa: BLE001 - an odd subject must not stop the signature
        return ""


def _field_names(writer) -> dict[str, bool]:
    """{field name: filled?} for every signature field already in the document."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return {name: value is not None for name, value, _ in enumerate_sig_fields(writer)}


def _field_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """A signature field's rectangle in whole points, as pyHanko's SigFieldSpec declares it (the report's unsigned
    field, report/pdf_layout.py, is placed the same way)."""
    x1, y1, x2, y2 = (int(v) for v in box)
    return x1, y1, x2, y2


def _page_index(writer, page: int) -> int:
    count = int(writer.root["/Pages"]["/Count"])
    idx = page if page >= 0 else count + page
    if not 0 <= idx < count:
        raise UserError(f"Tài liệu có {count} trang, không có trang {page + 1 if page >= 0 else page} để đặt chữ ký.")
    return idx


def sign_pdf(
    in_pdf: Path | str | bytes,
    out_pdf: Path | str,
    signer,
    *,
    attachments=(),
    field_name: str | None = None,
    appearance: Appearance | None = None,
    reason: str | None = None,
    location: str | None = None,
    before_signing: Callable[[object], None] | None = None,
) -> Path:
    """Sign `in_pdf` into `out_pdf` (PAdES B-B) with `signer` (P12Signer, Pkcs11Signer, SchoolKeySigner).

    `field_name`: an existing empty signature field to fill (hand-off block), else a new field of that name.
    `appearance`: where/how the signature shows; None gives an invisible signature. The stamp names the signing
    certificate's subject (never a text that could differ from it) and the time in Vietnam's zone (+07:00).
    `before_signing(certificate)`: called with the signer's certificate (asn1crypto) once the key is open and
    before anything is signed; it may raise (a UserError) to stop, and then nothing is written.
    `out_pdf` is written only once the signature is made.
    """
    from pyhanko.sign import fields, signers

    w = _writer(in_pdf)
    existing = _field_names(w)
    if field_name and existing.get(field_name):
        raise UserError(f"Ô chữ ký «{field_name}» trong tệp đã được ký rồi; hãy chọn ô khác.")
    if not field_name:
        n = 1
        while f"ChuKy{n}" in existing:
            n += 1
        field_name = f"ChuKy{n}"
    embed_attachments(w, attachments)
    new_spec, style = None, None
    if field_name not in existing:
        box = _field_box(appearance.box) if appearance else None
        page = _page_index(w, appearance.page) if appearance else 0
        new_spec = fields.SigFieldSpec(field_name, on_page=page, box=box)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or (INTERNAL_NOTICE if signer.internal else None),
        location=location,
    )
    out = io.BytesIO()
    with signer.open() as hanko_signer:
        cert = hanko_signer.signing_cert
        if before_signing is not None:
            before_signing(cert)
        if appearance is not None:
            name, org = subject_name(cert), _subject_organisation(cert)
            # the stamp's organisation is the certificate's (never a text that could differ from it); only a
            # certificate naming no organisation leaves the caller's text (`socds sign --organisation`)
            changes = {"signer_name": name, "organisation": "" if org == name else (org or appearance.organisation)}
            if signer.internal and not appearance.internal_notice:
                changes["internal_notice"] = INTERNAL_NOTICE
            appearance = Appearance(**{**appearance.__dict__, **changes})
            style = stamp_style_for(w, appearance, vietnam_now())
        pdf_signer = signers.PdfSigner(meta, signer=hanko_signer, stamp_style=style, new_field_spec=new_spec)
        try:
            pdf_signer.sign_pdf(w, output=out)
        except UserError:
            raise
        except Exception as exc:  # noqa: BLE001 - token/crypto failures: say so without leaking secrets
            raise UserError(f"Ký không thành công ({type(exc).__name__}: {str(exc)[:120]}).") from None
    return write_bytes(out_pdf, out.getvalue())


def prepare_handoff(
    in_pdf: Path | str | bytes,
    out_pdf: Path | str,
    *,
    page: int = -1,
    box: tuple[float, float, float, float] = (300, 60, 540, 160),
    field_name: str = "ChuKyHieuTruong",
    attachments=(),
) -> Path:
    """A copy with an empty signature field at `box` on `page` (and the attachments), for signing elsewhere.

    The outside tool's signature then covers this whole revision, attachments included.
    """
    from pyhanko.sign import fields

    w = _writer(in_pdf)
    if field_name in _field_names(w):
        raise UserError(f"Tệp đã có ô chữ ký «{field_name}».")
    embed_attachments(w, attachments)
    fields.append_signature_field(w, fields.SigFieldSpec(field_name, on_page=_page_index(w, page), box=_field_box(box)))
    out = io.BytesIO()
    w.write(out)
    return write_bytes(out_pdf, out.getvalue())
