"""Teachers' survey for a 40-teacher school (issue 23: make the forms in < 5 s, take back 40 files in < 5 s).

- make: `make_forms` writes 40 fillable PDFs and 40 workbooks (and opens the round); anchor: plain reportlab
  writing 40 one-page PDFs with the same font and about as much text, no fields (what any PDF writer costs here).
- collect: 40 returned files (20 PDFs filled with pyHanko's incremental writer, 20 workbooks filled with openpyxl)
  taken back: read, matched, checked, flags set, each file stored as evidence, one transaction each; anchor: only
  opening the same 40 files with the same readers (pyHanko's reader reaching the AcroForm, openpyxl loading the
  workbook), no checks, no writes.
Both run in this process after the anchors, so the libraries are already imported for ours (not for the anchors:
the anchors pay the imports, which keeps the ratio honest rather than flattering).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import report

N = int(os.environ.get("BENCH_SURVEY_N", "40"))
os.environ.setdefault("SOCDS_REPORT_FONT", "bundled")


def anchor_make(folder: Path) -> float:
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.report import fonts

    t = time.perf_counter()
    fonts.register()
    for i in range(N):
        c = Canvas(str(folder / f"plain-{i}.pdf"))
        c.setFont(fonts.FAMILY, 11)
        for line in range(40):
            c.drawString(50, 800 - 18 * line, f"Câu {line}. Thầy/cô có tài khoản trên nền tảng bồi dưỡng không? {i}")
        c.showPage()
        c.save()
    return time.perf_counter() - t


def anchor_read(files: list[Path]) -> float:
    import openpyxl
    from pyhanko.pdf_utils.reader import PdfFileReader

    t = time.perf_counter()
    for f in files:
        if f.suffix == ".pdf":
            with open(f, "rb") as fh:
                r = PdfFileReader(fh, strict=False)
                len(r.root["/AcroForm"]["/Fields"])
        else:
            openpyxl.load_workbook(f, read_only=True, data_only=True).close()
    return time.perf_counter() - t


def main() -> int:
    from desktop.core.store import Store, lists
    from desktop.core.store import profile as prof
    from desktop.core.survey import collect, questions
    from desktop.core.survey.make import make_forms
    from tests.helpers.survey_fill import fill_pdf, fill_xlsx

    with tempfile.TemporaryDirectory(prefix="socds-bench-survey-") as tmp:
        tmp = Path(tmp)
        (tmp / "plain").mkdir()
        t_anchor_make = anchor_make(tmp / "plain")
        with Store.open(tmp / "truong.db") as store:
            prof.save_school(store, prof.School(name="Trường THCS Thử Nghiệm", code="79000999", levels=["THCS"]))
            for i in range(N):
                lists.add_row(store, "staff", f"Giáo viên số {i + 1}")
            qset = questions.bundled()
            t = time.perf_counter()
            rnd, made = make_forms(store, qset, tmp / "phieu")
            t_make = time.perf_counter() - t
            back = tmp / "nhan"
            back.mkdir()
            files = []
            for i, m in enumerate(made):
                if i % 2 == 0:
                    files.append(fill_pdf(m.files[0], back / f"{i}.pdf", {f"q_{q.qid}": "co" for q in qset.questions}))
                else:
                    files.append(fill_xlsx(m.files[1], back / f"{i}.xlsx", {q.qid: "Có" for q in qset.questions}))
            t_anchor_read = anchor_read(files)
            t = time.perf_counter()
            outcomes = collect.collect(store, [back])
            t_collect = time.perf_counter() - t
        taken = sum(1 for o in outcomes if o.status == "taken")
        if taken != N:
            print("not every file was taken:", *[o.line() for o in outcomes if o.status != "taken"], sep="\n")
            return 1
    report(f"survey make, {N} teachers (PDF + xlsx)", f"{t_make:.2f} s", f"reportlab, {N} plain PDFs {t_anchor_make:.2f} s",
           t_make / t_anchor_make, "< 5 s", t_make < 5)
    report(f"survey collect, {N} files", f"{t_collect:.2f} s", f"opening the {N} files {t_anchor_read:.2f} s",
           t_collect / t_anchor_read, "< 5 s", t_collect < 5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
