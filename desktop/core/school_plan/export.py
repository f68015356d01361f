"""Writing the school plan: the PDF (an unsigned draft with an empty signature field for signing elsewhere, or signed
like a report: the same signers, the same visible stamp over the signature block, the school's signature and seal images)
and the editable .docx. Everything is rendered before anything is written, so a failure leaves no file behind; the
signed PDF is written only once the signature is made (sign_pdf)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import NeedsConfirmation
from desktop.core.fileio import write_bytes
from desktop.core.store import Store

from .document import PlanDocument, build_plan_document


@dataclass(frozen=True)
class PlanFiles:
    pdf: Path
    docx: Path | None
    signed: bool
    pages: int
    suggestions: bool  # the plan still holds values the program drafted (marked (*) in the files)


def base_name(doc: PlanDocument, school_code: str) -> str:
    """`<school code>_ke-hoach-cds_<school year>`, safe on every file system."""
    code = re.sub(r"[^0-9A-Za-z-]+", "", school_code) or "truong"
    return f"{code}_ke-hoach-cds_{re.sub(r'[^0-9A-Za-z-]+', '', doc.year_label)}"


def _appearance(store: Store, doc: PlanDocument, layout):
    from desktop.core.report.package import SEAL_IMAGE_SETTING, SIGNATURE_IMAGE_SETTING
    from desktop.core.signing import Appearance

    def image(key):
        p = store.get_setting(key)
        return Path(p) if p and Path(p).is_file() else None

    return Appearance(
        box=tuple(layout.signature_box),
        page=layout.signature_page - 1,
        signature_png=image(SIGNATURE_IMAGE_SETTING),
        seal_png=image(SEAL_IMAGE_SETTING),
        organisation="",  # the stamp names the certificate's organisation, never the report's text
        signer_name=doc.signer_name,
    )


def open_suggestions(doc: PlanDocument) -> list[str]:
    """What is still the program's suggestion, in words (for the confirmation before signing)."""
    labels = {"purpose": "Mục đích", "requirements": "Yêu cầu", "organisation": "Tổ chức thực hiện"}
    out = [f"{labels[k]}: dự thảo do Sổ CĐS soạn" for k in doc.drafted]
    rows = [r.code for r in doc.rows if r.suggested]
    if rows:
        out.append(f"{len(rows)} dòng còn nội dung Sổ CĐS gợi ý: {', '.join(rows[:12])}{'…' if len(rows) > 12 else ''}")
    return out


def export_plan(
    store: Store,
    out_dir: Path | str,
    *,
    docx: bool = False,
    signer=None,
    school_year_id: int | None = None,
    accept_suggestions: bool = False,
    accept_certificate: bool = False,
) -> PlanFiles:
    """Write the plan's PDF and, with `docx`, its Word file (`<base>.docx`, the copy to edit) into `out_dir`. With
    `signer` the PDF is signed (`<base>.pdf`); without, it is a draft like an unsigned report: DỰ THẢO on every
    page, named `<base>_du-thao.pdf`, with an empty signature field for signing in another tool. As for a report,
    the signing certificate is checked against the plan's signer and the school (a mismatch, an expired
    certificate, one not issued for signing): findings stop with NeedsConfirmation("certificate") unless
    `accept_certificate`, and nothing is written."""
    from desktop.core.report.export import DRAFT_SUFFIX
    from desktop.core.report.pdf_layout import SIGNATURE_FIELD, add_signature_field
    from desktop.core.store.profile import get_school

    from .pdf import render_plan_pdf_bytes

    doc = build_plan_document(store, school_year_id)
    if signer is not None and doc.has_suggestions and not accept_suggestions:
        raise NeedsConfirmation(
            "Kế hoạch còn nội dung Sổ CĐS gợi ý, nhà trường chưa xem lại (in kèm dấu (*)); hãy xác nhận để vẫn ký:",
            open_suggestions(doc),
            "suggestions",
        )
    school = get_school(store)
    name = base_name(doc, school.code if school else "")
    out_dir = Path(out_dir)
    pdf, layout = render_plan_pdf_bytes(doc, draft=signer is None)
    word = None
    if docx:
        from .word import render_plan_docx_bytes

        word = render_plan_docx_bytes(doc)
    pdf_path = out_dir / f"{name}{DRAFT_SUFFIX}.pdf"
    if signer is not None:
        from desktop.core.signing import sign_pdf
        from desktop.core.signing.appearance import vietnam_now
        from desktop.core.signing.cert_check import certificate_findings

        def check_certificate(cert) -> None:
            found = certificate_findings(
                cert,
                signer_name=doc.signer_name,
                school_name=doc.school_name,
                now=vietnam_now(),
                internal=signer.internal,
            )
            if found and not accept_certificate:
                raise NeedsConfirmation(
                    "Chứng thư số dùng để ký chưa khớp với kế hoạch; hãy xác nhận để vẫn ký:", found, "certificate"
                )

        pdf_path = out_dir / f"{name}.pdf"
        sign_pdf(
            pdf,
            pdf_path,
            signer,
            field_name=SIGNATURE_FIELD,
            appearance=_appearance(store, doc, layout),
            before_signing=check_certificate,
        )
    else:
        write_bytes(pdf_path, add_signature_field(pdf, layout))
    docx_path = write_bytes(out_dir / f"{name}.docx", word) if word is not None else None
    return PlanFiles(pdf_path, docx_path, signer is not None, layout.pages, doc.has_suggestions)
