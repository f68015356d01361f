"""Taking back a file signed outside the product (the CA's desktop tool, a phone app).

The product exported the PDF with an empty signature field and the data file embedded (`prepare_handoff`). What
comes back must be intact, and must be *this* version: its embedded data file must hash to the locked value.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from desktop.core.errors import UserError
from desktop.core.signing.verify import VerifyResult, embedded_files_of, verify_pdf


def import_signed(
    path: Path | str,
    *,
    expected_sha256: str | None = None,
    datafile_name: str | None = None,
    trust=(),
    datafile_matches: Callable[[bytes], bool] | None = None,
) -> VerifyResult:
    """Check a PDF signed elsewhere; return its VerifyResult, or raise UserError saying what is wrong.

    `expected_sha256`: the hash of the locked data file. `datafile_name`: which embedded file is the data file
    (default: the only embedded *.json). An unknown root is accepted (state "untrusted"): trust is the
    recipient's decision; a changed file or another version is not. `datafile_matches(bytes) -> bool` replaces
    the hash comparison when the data file carries fields added at packaging time.
    """
    path = Path(path)
    result = verify_pdf(path, trust)
    if result.state == "unreadable":
        raise UserError(f"Không đọc được tệp {path.name} như một tệp PDF.")
    if result.state == "unsigned":
        raise UserError(f"Tệp {path.name} chưa có chữ ký số nào: hãy ký tệp rồi nhập lại.")
    if result.state == "invalid":
        raise UserError(f"Tệp {path.name} không còn nguyên vẹn từ lúc ký: " + "; ".join(result.problems[:3]))
    if result.state == "bad_data":  # intact, but the data file inside was wrong when signed
        raise UserError(f"Tệp {path.name}: {result.label.lower()} — " + "; ".join(result.problems[:3]))
    files = embedded_files_of(path)
    if datafile_name is None:
        names = [n for n in files if n.lower().endswith(".json")]
        if len(names) != 1:
            raise UserError(
                f"Tệp {path.name} không mang đúng một tệp dữ liệu (.json) đính kèm; không phải bản đã xuất."
            )
        datafile_name = names[0]
    if datafile_name not in files:
        raise UserError(f"Tệp {path.name} không mang tệp dữ liệu «{datafile_name}»; không phải bản đã xuất.")
    if datafile_matches is not None:
        same = datafile_matches(files[datafile_name])
    else:
        same = hashlib.sha256(files[datafile_name]).hexdigest() == str(expected_sha256).lower()
    if not same:
        raise UserError(
            f"Tệp {path.name} là bản ký của một phiên bản báo cáo khác (dữ liệu đính kèm không khớp phiên bản đã khóa)."
        )
    return result
