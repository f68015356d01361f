"""Workbook XML is parsed through defusedxml (openpyxl uses it when installed): a DTD or an entity declaration is
refused in any part openpyxl reads, whatever the part is called and however it is encoded. The hand-made byte
scan this replaces looked only at parts named .xml/.rels/.vml and only for ASCII, so both files below got
through it and their entity was expanded into a cell."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core import sheets
from desktop.core.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _sheet(cell: str, dtd: str = "", encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>{dtd}<worksheet xmlns="{NS}"><sheetData><row r="1">'
            f'<c r="A1" t="inlineStr"><is><t>Tiêu đề</t></is></c></row><row r="2">'
            f'<c r="A2" t="inlineStr"><is><t>{cell}</t></is></c></row></sheetData></worksheet>')


def _workbook(path: Path, sheet: bytes, part: str = "worksheets/sheet1.xml") -> Path:
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
             'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             f'<Override PartName="/xl/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
          '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="{part}"/>'
               '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr(f"xl/{part}", sheet)
    return path


def _read(path: Path) -> list:
    problems = sheets.Problems(path.name)
    wb = sheets.open_workbook(path)
    try:
        table = sheets.read_table(wb, "Dữ liệu", {"Tiêu đề": "title"}, {"title"}, problems)
    finally:
        wb.close()
    problems.raise_if_any("Tệp có lỗi")
    return [r.values["title"] for r in table.rows]


DTD = '<!DOCTYPE worksheet [<!ENTITY e "MỞ RỘNG">]>'


def test_a_plain_workbook_reads(tmp_path):
    """The hand-built workbook is a real one: without a DTD it opens and its cell is read."""
    assert _read(_workbook(tmp_path / "ok.xlsx", _sheet("Nội dung").encode())) == ["Nội dung"]
    assert _read(_workbook(tmp_path / "ok16.xlsx", _sheet("Nội dung", encoding="UTF-16").encode("utf-16-le"))) \
        == ["Nội dung"]


@pytest.mark.parametrize("case", ["utf16-no-bom", "part-not-named-xml", "plain"])
def test_entities_are_refused_wherever_they_hide(tmp_path, case):
    if case == "utf16-no-bom":
        path = _workbook(tmp_path / "a.xlsx", _sheet("&e;", DTD, "UTF-16").encode("utf-16-le"))
    elif case == "part-not-named-xml":
        path = _workbook(tmp_path / "a.xlsx", _sheet("&e;", DTD).encode(), part="worksheets/sheet1.dat")
    else:
        path = _workbook(tmp_path / "a.xlsx", _sheet("&e;", DTD).encode())
    with pytest.raises(ValidationError) as exc:
        _read(path)
    assert "DOCTYPE/ENTITY" in str(exc.value) and "MỞ RỘNG" not in str(exc.value)


def test_no_workbook_is_opened_without_defusedxml(tmp_path):
    """OPENPYXL_DEFUSEDXML=False makes openpyxl parse with the standard library's expat: refused before parsing."""
    path = _workbook(tmp_path / "ok.xlsx", _sheet("Nội dung").encode())
    code = ("from pathlib import Path\nfrom desktop.core import sheets\nfrom desktop.core.errors import UserError\n"
            f"try:\n    sheets.open_workbook(Path({str(path)!r}))\nexcept UserError as e:\n    print(e.message)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"OPENPYXL_DEFUSEDXML": "False", "PATH": "/usr/bin:/bin"})
    assert "defusedxml" in out.stdout
