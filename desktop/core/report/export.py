"""Export one ReportData as the PDF, the workbook and the data file (unsigned), each written atomically.

An unsigned export is a draft: its PDF is marked DỰ THẢO on every page, its workbook in the print header, and its
files are named `<base>_du-thao.*`, never like the signed package (`<base>.pdf`, report/package.py)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.core.fileio import write_bytes
from desktop.core.periods import KIND_FILE_WORDS, file_words
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import render_json
from desktop.core.report.pdf import render_pdf_bytes
from desktop.core.report.pdf_layout import PdfLayout, add_signature_field
from desktop.core.report.xlsx import render_xlsx_bytes


@dataclass(frozen=True)
class ExportResult:
    pdf: Path
    xlsx: Path
    json: Path
    layout: PdfLayout
    seconds: float


def base_name(rd: ReportData) -> str:
    """`<school code>_<kind>_<period>_v<version>` in the user's words, safe on every file system:
    "31012345_tu-danh-gia_nam-hoc-2025-2026_v1", "31012345_bao-cao_thang-03-2026_v2" (issue 22: no
    "self-assessment", no ISO-looking "2026-03" in a name the user sees)."""
    code = re.sub(r"[^0-9A-Za-z-]+", "", rd.school.code) or "truong"
    kind = KIND_FILE_WORDS.get(rd.kind, re.sub(r"[^0-9A-Za-z-]+", "", rd.kind))
    return f"{code}_{kind}_{file_words(rd.period)}_v{rd.report_version}"


DRAFT_SUFFIX = "_du-thao"


def draft_name(rd: ReportData) -> str:
    """The unsigned export's name: the package's base name marked as a draft."""
    return base_name(rd) + DRAFT_SUFFIX


def export_all(rd: ReportData, out_dir: Path | str, *, signature_field: bool = False) -> ExportResult:
    """Render everything first, then write: a failure while rendering leaves no file behind."""
    start = time.perf_counter()
    out_dir = Path(out_dir)
    pdf, layout = render_pdf_bytes(rd, draft=True)
    if signature_field:
        pdf = add_signature_field(pdf, layout)
    xlsx = render_xlsx_bytes(rd, draft=True)
    data = render_json(rd)
    name = draft_name(rd)
    paths = (
        write_bytes(out_dir / f"{name}.pdf", pdf),
        write_bytes(out_dir / f"{name}.xlsx", xlsx),
        write_bytes(out_dir / f"{name}.json", data),
    )
    return ExportResult(*paths, layout=layout, seconds=time.perf_counter() - start)
