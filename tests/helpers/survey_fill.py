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


def soffice_fill(src: Path, fillings: list[dict[str, object]], out_dir: Path) -> list[Path]:
    """Fill the form with LibreOffice itself writing the answers: LibreOffice turns the workbook into a flat ODF
    spreadsheet (.fods), the answer cells are typed into copies of that XML (as a user's keystrokes would set them),
    and LibreOffice writes one .xlsx from each (two LibreOffice runs for all the fillings).
    Each filling: question id → text or number."""
    import xml.etree.ElementTree as ET

    wb = openpyxl.load_workbook(src)
    cells = {row[0]: row[1] for row in wb["_socds"].iter_rows(min_row=6, max_col=2, values_only=True) if row[0]}
    exe = soffice()
    common = [exe, f"-env:UserInstallation=file://{out_dir / 'lo-profile'}", "--headless", "--norestore"]
    flat_dir, end_dir = out_dir / "fods", out_dir / "filled"
    flat_dir.mkdir(parents=True, exist_ok=True)
    end_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([*common, "--convert-to", "fods", "--outdir", str(flat_dir), str(src)], check=True,
                   capture_output=True, timeout=180)
    flat = flat_dir / (src.stem + ".fods")
    T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    for _, (prefix, uri) in ET.iterparse(flat, events=("start-ns",)):  # keep LibreOffice's own prefixes
        ET.register_namespace(prefix, uri)
    copies = []
    for n, answers in enumerate(fillings, start=1):
        tree = ET.parse(flat)
        sheet = next(t for t in tree.iter(f"{T}table") if t.get(f"{T}name") == "Phiếu")
        rows = []
        for row in sheet.iter(f"{T}table-row"):
            rows += [row] * int(row.get(f"{T}number-rows-repeated", "1"))
        for qid, value in answers.items():
            ref = cells[qid]
            flat_cells = []
            for cell in rows[int(ref[1:]) - 1]:
                flat_cells += [cell] * int(cell.get(f"{T}number-columns-repeated", "1"))
            cell = flat_cells[ord(ref[0]) - ord("A")]
            assert cell.get(f"{T}number-columns-repeated", "1") == "1", "the answer cell shares a repeat"
            for child in list(cell):
                cell.remove(child)
            if isinstance(value, (int, float)):
                cell.set(f"{O}value-type", "float")
                cell.set(f"{O}value", str(value))
            else:
                cell.set(f"{O}value-type", "string")
            ET.SubElement(cell, f"{X}p").text = str(value)
        copy = flat_dir / f"{src.stem}-{n}.fods"
        tree.write(copy, encoding="UTF-8", xml_declaration=True)
        copies.append(copy)
    subprocess.run([*common, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(end_dir),
                    *map(str, copies)], check=True, capture_output=True, timeout=300)
    return [end_dir / (c.stem + ".xlsx") for c in copies]
