"""Fill a survey form the way a PDF reader or a spreadsheet program saves it, with real libraries.

PDF: pyHanko's incremental writer sets each field's /V (and a tick group's widget states /AS) and appends an
incremental update, as Acrobat Reader or Foxit do when a filled form is saved. Workbook: openpyxl writes the
answer cells; `soffice_roundtrip` opens and saves the workbook with LibreOffice headless.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def fill_pdf(src: Path, dst: Path, values: dict[str, str]) -> Path:
    """`values`: field name → text, or a tick group's export value ('co', 'khong', 'o2')."""
    with open(src, "rb") as fh:
        w = IncrementalPdfFileWriter(fh, strict=False)
        fields = w.root["/AcroForm"]["/Fields"]
        for ref in fields:
            f = ref.get_object()
            name = str(f["/T"])
            if name not in values:
                continue
            value = values[name]
            if f.get("/FT") == "/Btn":
                f["/V"] = generic.NameObject("/" + value)
                for kid_ref in f["/Kids"]:
                    kid = kid_ref.get_object()
                    states = kid["/AP"]["/N"]
                    kid["/AS"] = generic.NameObject("/" + value if "/" + value in states else "/Off")
                    w.mark_update(kid_ref)
            else:
                f["/V"] = generic.TextStringObject(value)
            w.mark_update(ref)
        with open(dst, "wb") as out:
            w.write(out)
    return dst


def fill_xlsx(src: Path, dst: Path, answers: dict[str, object]) -> Path:
    """`answers`: question id → cell value, written into the answer cell the form lists for it."""
    wb = openpyxl.load_workbook(src)
    meta = wb["_socds"]
    cells = {row[0]: row[1] for row in meta.iter_rows(min_row=6, max_col=2, values_only=True) if row[0]}
    ws = wb["Phiếu"]
    for qid, value in answers.items():
        ws[cells[qid]] = value
    wb.save(dst)
    return dst


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_roundtrip(src: Path, out_dir: Path, via: str = "ods") -> Path:
    """Open `src` in LibreOffice headless, save it as `via`, then back to .xlsx (what a teacher's office suite does
    when it opens and saves the form). Returns the .xlsx LibreOffice wrote."""
    exe = soffice()
    profile = out_dir / "lo-profile"
    mid_dir, end_dir = out_dir / "mid", out_dir / "end"
    mid_dir.mkdir(parents=True, exist_ok=True)
    end_dir.mkdir(parents=True, exist_ok=True)
    common = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    subprocess.run([*common, "--convert-to", via, "--outdir", str(mid_dir), str(src)], check=True,
                   capture_output=True, timeout=180)
    mid = mid_dir / (src.stem + "." + via)
    subprocess.run([*common, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(end_dir), str(mid)],
                   check=True, capture_output=True, timeout=180)
    return end_dir / (src.stem + ".xlsx")
