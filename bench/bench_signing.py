"""Signing: lock + render + sign + write the demo school's self-assessment package, and verify it.

Each figure is the median of 5 runs after a first one (imports, fonts), on a fresh copy of the demo data file per
run so every run really locks a draft. Signer: a .p12 (EC P-256) generated here. The anchor for signing is
pyHanko signing the same report PDF with no attachments and no appearance (the floor of any PAdES signature); for
verifying, pyHanko's own validate_pdf_signature on that minimal file.
"""
from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import median, report  # noqa: E402


def main() -> int:
    from desktop.core.demo import build_demo
    from desktop.core.report.package import build_package
    from desktop.core.signing import P12Signer, sign_pdf, verify_pdf
    from desktop.core.store import Store
    from desktop.core.store import reports as rep
    from tests.core.signing_pki import make_pki

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        demo = build_demo(tmp / "demo.db")
        pki = make_pki()
        signer = P12Signer(pki.write_p12(tmp / "k.p12", "bench"), "bench")
        pack_t, verify_t, floor_sign, floor_verify = [], [], [], []
        for i in range(6):
            run = tmp / f"run{i}"
            run.mkdir()
            shutil.copy(demo, run / "d.db")
            with Store.open(run / "d.db") as store:
                row = rep.ensure_draft(store, "self-assessment", "2025-2026")
                t = time.perf_counter()
                pkg = build_package(store, row["id"], signer, run / "out")
                pack_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert verify_pdf(pkg, [pki.ca_cert]).state == "valid"
            verify_t.append(time.perf_counter() - t)
            # anchor: the same report PDF, bare signature
            from pyhanko.pdf_utils.reader import PdfFileReader
            from pyhanko.sign.validation import validate_pdf_signature
            from pyhanko_certvalidator import ValidationContext

            from desktop.core.report.pdf import render_pdf_bytes
            from desktop.core.report.data import ReportData

            with Store.open(run / "d.db") as store:
                rd = ReportData.from_json(rep.get_report(store, row["id"])["report_data"])
            pdf, _ = render_pdf_bytes(rd)
            t = time.perf_counter()
            sign_pdf(pdf, run / "bare.pdf", signer)
            floor_sign.append(time.perf_counter() - t)
            t = time.perf_counter()
            sig = PdfFileReader(io.BytesIO((run / "bare.pdf").read_bytes())).embedded_signatures[0]
            validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
            floor_verify.append(time.perf_counter() - t)
        p, v = median(pack_t[1:]), median(verify_t[1:])
        fs, fv = median(floor_sign[1:]), median(floor_verify[1:])
        size = pkg.stat().st_size
    report("lock + render + sign + write package (demo self-assessment)", f"{p:.2f} s ({size / 1024:.0f} KB)",
           f"bare PAdES signature of the rendered PDF {fs:.2f} s", p / fs if fs else None, "< 5 s", p < 5)
    report("verify the package (all checks)", f"{v:.3f} s", f"pyHanko validate_pdf_signature {fv:.3f} s",
           v / fv if fv else None, "< 1 s", v < 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
