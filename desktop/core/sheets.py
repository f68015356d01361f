"""Reading and writing workbooks safely, shared by every spreadsheet form (indicator sets, plan packs…).

Before openpyxl sees a file, the zip container is checked: file size, number of parts, total and per-part
uncompressed size and compression ratio (zip bombs). XML safety is defusedxml's: openpyxl parses every part it
reads through it when it is installed (a DTD or entity declaration is refused, whatever the part's name or
encoding), and a workbook is not opened unless it is. The workbook is then read in read-only mode. Problems are collected
with their sheet, row and column (letter and header name) and raised together as one Vietnamese
ValidationError; nothing is written while reading.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter

from desktop.core.errors import Location, UserError, ValidationError, nfc
from desktop.core.fileio import atomic_writer

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PARTS = 5000
MAX_RATIO = 150  # real xlsx parts compress ~5–30×; bombs reach 1000×
MAX_ROWS = 20000
MAX_COLS = 100


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip().casefold()


@dataclass
class Row:
    number: int  # 1-based row number as Excel shows it
    values: dict[str, Any]


@dataclass
class Table:
    sheet: str
    columns: dict[str, int]  # key → 1-based column index
    headers: dict[str, str]  # key → header text
    rows: list[Row] = field(default_factory=list)


class Problems:
    """Located problems of one workbook."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[tuple[Location, str]] = []

    def at(self, sheet: str | None, row: int | None = None, column: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, row=row, column=column)

    def where(self, table: Table, row: int | None, key: str) -> Location:
        """`key`'s cell in `row`: "C (Header)", or the header alone when the sheet lacks the column."""
        col = table.columns.get(key)
        column = f"{get_column_letter(col)} ({table.headers[key]})" if col else table.headers.get(key, key)
        return self.at(table.sheet, row, column)

    def cell(self, table: Table, row: int, key: str, msg: str) -> None:
        self.items.append((self.where(table, row, key), msg))

    def add(self, msg: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.items.append((self.at(sheet, row, column), msg))

    def raise_if_any(self, title: str) -> None:
        if self.items:
            raise ValidationError(self.items, title=title)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Excel 97-2003 (.xls)


def _is_old_excel(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(OLE_MAGIC)) == OLE_MAGIC
    except OSError:
        return False


def check_container(path: Path, name: str) -> None:
    """Refuse files that are not a plain xlsx of sane size before any XML parser runs."""
    where = Location(file=name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ValidationError([(Location(file=str(path)), "không tìm thấy tệp")], title="Không đọc được tệp") from None
    except OSError as exc:
        raise ValidationError([(where, f"không đọc được tệp ({exc.strerror})")], title="Không đọc được tệp") from None
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            [(where, f"tệp quá lớn ({size // 1048576} MB; tối đa {MAX_FILE_BYTES // 1048576} MB)")],
            title="Không đọc được tệp",
        )
    bad = [(where, "không phải tệp Excel .xlsx hợp lệ (hãy lưu lại bằng Excel dưới dạng «Excel Workbook (.xlsx)»)")]
    if _is_old_excel(path):
        raise ValidationError(
            [
                (
                    where,
                    "là tệp Excel 97-2003 (.xls) mà Sổ CĐS chỉ đọc được .xlsx: mở tệp bằng Excel (hoặc LibreOffice), "
                    "chọn «Lưu thành» với kiểu «Excel Workbook (.xlsx)», rồi chọn tệp .xlsx vừa lưu",
                )
            ],
            title="Không đọc được tệp",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ValidationError(bad, title="Không đọc được tệp")
            if (
                len(infos) > MAX_PARTS
                or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED
                or any(i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
            ):
                raise ValidationError(
                    [(where, "tệp nén có kích thước giải nén bất thường (có thể là tệp độc hại); không mở")],
                    title="Không đọc được tệp",
                )
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        raise ValidationError(bad, title="Không đọc được tệp") from None


HOSTILE_XML = "tệp chứa khai báo DOCTYPE/ENTITY (có thể là tệp độc hại); không mở"


def _hostile(exc: BaseException | None) -> bool:
    """defusedxml refused a part (openpyxl re-raises it as the cause of its own ValueError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def open_workbook(path: Path | str, name: str | None = None):
    """The workbook in read-only mode after the container checks. Close it with wb.close()."""
    import openpyxl

    path = Path(path)
    name = name or path.name
    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment would parse DTDs and entities
        raise UserError(
            "Không mở tệp Excel: chương trình đang chạy không có lớp đọc XML an toàn (defusedxml). "
            "Hãy cài đặt lại Sổ CĐS."
        )
    check_container(path, name)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile or broken file is a bad-file message
        why = HOSTILE_XML if _hostile(exc) else f"không mở được tệp Excel ({type(exc).__name__})"
        raise ValidationError([(Location(file=name), why)], title="Không đọc được tệp") from None


def cell_value(v: Any) -> Any:
    """A cell value in our terms: NFC stripped text, exact Decimal for non-integer numbers, date for dates."""
    if isinstance(v, str):
        v = nfc(v.replace("\r\n", "\n").strip())
        return v or None
    if isinstance(v, bool) or v is None or isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**53 else Decimal(repr(v))
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return str(v)


def read_table(wb, sheet: str, columns: dict[str, str], required: set[str], problems: Problems) -> Table:
    """Rows of `sheet` keyed by column key; `columns` maps Vietnamese header → key. Headers are on row 1.
    A missing sheet is a problem and an empty table."""
    table = Table(sheet, {}, {k: h for h, k in columns.items()})
    if sheet not in wb.sheetnames:
        problems.add(f"thiếu trang tính «{sheet}»")
        return table
    ws = wb[sheet]
    wanted = {_norm(h): k for h, k in columns.items()}
    try:
        rows = ws.iter_rows(max_col=MAX_COLS, values_only=True)  # a cell at column XFD must not pad every row
        header = next(rows, ()) or ()
        for idx, raw in enumerate(header[: MAX_COLS + 1], start=1):
            text = cell_value(raw)
            if text is None:
                continue
            key = wanted.get(_norm(text))
            if key is None:
                problems.add(
                    f"tiêu đề cột «{str(text)[:40]}» không thuộc mẫu; các cột hợp lệ: {', '.join(columns)}",
                    sheet,
                    1,
                    get_column_letter(idx),
                )
            elif key in table.columns:
                problems.add(f"cột «{text}» bị lặp", sheet, 1, get_column_letter(idx))
            else:
                table.columns[key] = idx
        for key in sorted(required - set(table.columns)):
            problems.add(f"thiếu cột «{table.headers[key]}» ở dòng tiêu đề", sheet, 1)
        for number, raw in enumerate(rows, start=2):
            if number > MAX_ROWS:
                problems.add(f"quá nhiều dòng (tối đa {MAX_ROWS})", sheet, number)
                break
            values = {k: cell_value(raw[i - 1]) if i - 1 < len(raw) else None for k, i in table.columns.items()}
            if any(v is not None for v in values.values()):
                table.rows.append(Row(number, values))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML surfaces while iterating
        problems.add(HOSTILE_XML if _hostile(exc) else f"không đọc được trang tính ({type(exc).__name__})", sheet)
        return Table(sheet, {}, table.headers)
    return table


# ---- writing -----------------------------------------------------------------------------------------------
def info_rows(t: Table, fields: list[tuple[str, str]], problems: Problems) -> list[tuple[str, Any, Location]]:
    """The rows of a label/value sheet (columns "label" and "value"): (key, value, where the value is) for each row
    whose label is one of `fields` ((label, key); case and spacing ignored). An unknown label and a repeated one
    are problems (the repeat is left out)."""
    labels = {_norm(lbl): key for lbl, key in fields}
    seen: set[str] = set()
    out = []
    for r in t.rows:
        label = r.values.get("label")
        key = labels.get(_norm(label or ""))
        if key is None:
            problems.cell(
                t,
                r.number,
                "label",
                f"dòng thông tin «{str(label)[:40]}» không thuộc mẫu; các dòng hợp lệ: "
                + ", ".join(lbl for lbl, _ in fields),
            )
        elif key in seen:
            problems.cell(t, r.number, "label", f"dòng «{label}» bị lặp")
        else:
            seen.add(key)
            out.append((key, r.values.get("value"), problems.where(t, r.number, "value")))
    return out


def write_table(ws, headers: list[str], rows: list[list[Any]], widths: list[int] | None = None) -> None:
    """A header row (bold, shaded, frozen) then the rows, wrapped text, given column widths."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([_out(v) for v in r])
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    for i, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _out(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def add_choices(ws, column: int, options: list[str], first_row: int = 2, last_row: int = 500) -> None:
    """A drop-down list for a column (Excel data validation); typing another value is still caught on import."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True, showErrorMessage=False)
    letter = get_column_letter(column)
    dv.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(dv)


def save_workbook(wb, path: Path | str) -> Path:
    with atomic_writer(path) as fh:
        wb.save(fh)
    return Path(path)
