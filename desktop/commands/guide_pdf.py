"""`socds guide-pdf [--out FILE]`: the user guide as a printable PDF (desktop/core/guide_pdf.py)."""
from __future__ import annotations

DEFAULT_NAME = "huong-dan-su-dung-so-cds.pdf"


def register(sub, common) -> None:
    p = sub.add_parser("guide-pdf", parents=[common], help="xuất hướng dẫn sử dụng ra tệp PDF để in")
    p.add_argument("--out", metavar="TỆP.pdf", default=DEFAULT_NAME,
                   help=f"tệp PDF sẽ ghi (mặc định {DEFAULT_NAME} ở thư mục hiện tại)")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from desktop.core.errors import UserError
    from desktop.core.guide_pdf import write_guide_pdf

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"Tệp «{out.name}» phải có đuôi .pdf.")
    path = write_guide_pdf(out)  # written whole or not at all; a disk error is a UserError saying where
    print(f"Đã ghi hướng dẫn sử dụng: {path}")
    return 0
