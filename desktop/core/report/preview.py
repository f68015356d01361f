"""Report pages as PIL images (pypdfium2), Qt-free: the GUI's preview and print, and the docs' screenshots.

What is shown is the PDF itself, rendered, so the preview is exactly what prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from desktop.core.errors import UserError


def page_images(pdf: bytes | Path | str, dpi: int = 96, pages: list[int] | None = None) -> Iterator:
    """Yield (page number from 1, PIL.Image) for the wanted pages (all by default)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    except pdfium.PdfiumError as exc:
        raise UserError(f"Không mở được tệp PDF để xem trước ({exc}).") from None
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        for n in wanted:
            if not 1 <= n <= len(doc):
                raise UserError(f"Trang {n} không có: tệp có {len(doc)} trang.")
            page = doc[n - 1]
            try:
                yield n, page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
    finally:
        doc.close()


def page_count(pdf: bytes | Path | str) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()
