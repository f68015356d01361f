"""The same form as an Excel workbook, and reading a returned one.

Sheet «Phiếu»: the header (school, round, form id, teacher), then one row a question: number, question, answer
(the only unlocked cells, shaded), what a valid answer is. The sheet is protected (no password: it guards against
slips, not against the teacher). Answers get drop-downs (Có/Không, the options) or number/length checks by data
validation. A very hidden sheet «_socds» holds the form id, the questions' fingerprint and, per question, its id and
answer cell, plus the choice lists the drop-downs read (docs/survey-format.md).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.survey.questions import QuestionSet

SHEET = "Phiếu"
META = "_socds"
FORMAT_TAG = "socds-survey-form 1"
FIRST_ROW = 9


# A round's workbooks differ only in the teacher's name and the form id: the workbook is built once with these
# placeholders and each teacher's copy replaces them in the XML parts that hold them (the sheets' text cells, or
# the shared strings), which is much faster than building each workbook (bench/bench_survey.py).
_NAME, _FORM = "@@SOCDS-TEACHER-NAME@@", "@@SOCDS-FORM-ID@@"


class Template:
    """The round's workbook with placeholders; `render(teacher, form_id)` gives one teacher's file."""

    def __init__(self, qset: QuestionSet, school_name: str, round_id: str):
        import io
        import zipfile
        from types import SimpleNamespace

        head = SimpleNamespace(school_name=school_name, round_id=round_id, teacher=_NAME, form_id=_FORM)
        buf = io.BytesIO()
        _build(qset, head).save(buf)
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
            self.parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
        xml = b"".join(data for info, data in self.parts if info.filename.endswith(".xml"))
        if _NAME.encode() not in xml or _FORM.encode() not in xml:
            raise RuntimeError("workbook template: the placeholders are not in its XML parts")

    def render(self, teacher: str, form_id: str) -> bytes:
        import io
        import zipfile
        from xml.sax.saxutils import escape

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in self.parts:
                if info.filename.endswith(".xml") and (_NAME.encode() in data or _FORM.encode() in data):
                    teacher = "".join(ch for ch in teacher if ch >= " ")  # no control characters in XML
                    data = data.replace(_NAME.encode(), escape(teacher).encode("utf-8")).replace(
                        _FORM.encode(), escape(form_id).encode("utf-8")
                    )
                zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()


def write(path: Path, qset: QuestionSet, head) -> Path:
    from desktop.core.sheets import save_workbook

    return save_workbook(_build(qset, head), path)


def _build(qset: QuestionSet, head):
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    meta = wb.create_sheet(META)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    meta.append(["form_id", head.form_id])
    meta.append(["fingerprint", qset.fingerprint])
    meta.append(["format", FORMAT_TAG])
    meta.append(["round", head.round_id])
    meta.append(["id", "cell", "type"])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws["A1"] = head.school_name.upper()
    ws["A1"].font = bold
    ws["A2"] = qset.title.upper()
    ws["A2"].font = Font(bold=True, size=14)
    ws["A3"] = f"Đợt khảo sát: {head.round_id}"
    ws["A4"] = f"Mã phiếu: {head.form_id}"
    ws["A5"] = f"Họ và tên giáo viên: {head.teacher}"
    ws["A5"].font = bold
    ws["A6"] = (
        "Thầy/cô chỉ điền vào cột «Trả lời» (ô tô vàng), chọn trong danh sách thả xuống nếu có; lưu lại "
        "(giữ dạng .xlsx) và gửi tệp cho đầu mối chuyển đổi số của trường."
    )
    ws["A6"].alignment = wrap
    ws.merge_cells("A6:D6")
    ws.row_dimensions[6].height = 32
    for col, text in zip("ABCD", ("Câu", "Câu hỏi", "Trả lời", "Hướng dẫn")):
        cell = ws[f"{col}{FIRST_ROW - 1}"]
        cell.value = text
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    list_col = 5  # E, F… of «_socds»: one column of options per choice question
    for i, q in enumerate(qset.questions):
        r = FIRST_ROW + i
        ws.cell(r, 1, i + 1).alignment = wrap
        text = q.text + ("" if q.required else " (không bắt buộc)")
        if q.sources:
            text += "\nPhục vụ: " + "; ".join(s.label for s in q.sources)
        ws.cell(r, 2, text).alignment = wrap
        ans = ws.cell(r, 3)
        ans.protection = Protection(locked=False)
        ans.fill = answer_fill
        ans.alignment = wrap
        ws.cell(r, 4, q.hint).alignment = wrap
        meta.append([q.qid, f"C{r}", q.kind])
        dv = None
        if q.kind == "yesno":
            dv = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
        elif q.kind == "choice":
            letter = openpyxl.utils.get_column_letter(list_col)
            for k, o in enumerate(q.options, start=1):
                meta.cell(k, list_col, o)
            dv = DataValidation(
                type="list", formula1=f"'{META}'!${letter}$1:${letter}${len(q.options)}", allow_blank=True
            )
            list_col += 1
        elif q.kind == "number":
            kind = "whole" if q.integer else "decimal"
            if q.minimum is not None and q.maximum is not None:
                dv = DataValidation(
                    type=kind, operator="between", formula1=_f(q.minimum), formula2=_f(q.maximum), allow_blank=True
                )
            elif q.minimum is not None:
                dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_f(q.minimum), allow_blank=True)
            elif q.maximum is not None:
                dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=_f(q.maximum), allow_blank=True)
            else:
                dv = DataValidation(
                    type=kind, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True
                )
        elif q.kind == "text":
            dv = DataValidation(
                type="textLength", operator="lessThanOrEqual", formula1=str(q.max_length), allow_blank=True
            )
        if dv is not None:  # every kind of question has its check
            dv.error = q.hint
            dv.errorTitle = "Giá trị không hợp lệ"
            dv.showErrorMessage = True
            dv.prompt = q.hint
            dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(f"C{r}")
        ws.row_dimensions[r].height = 15 * max(2, len(text) // 60 + 1 + text.count("\n"))
    for col, w in zip("ABCD", (6, 62, 24, 30)):
        ws.column_dimensions[col].width = w
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return wb


def _f(d) -> str:
    return str(int(d)) if d == d.to_integral_value() else format(d, "f")


class Unreadable(Exception):
    """Not a workbook we can read, or not one of our forms (Vietnamese message)."""


def read(path: Path) -> tuple[str | None, str | None, dict[str, object], set[str]]:
    """(form id, fingerprint, {question id: raw answer}, the question ids the form lists)."""
    from desktop.core.errors import ValidationError
    from desktop.core.sheets import cell_value, open_workbook

    try:
        wb = open_workbook(path)
    except ValidationError as exc:
        raise Unreadable(exc.problems[0][1] if exc.problems else "không đọc được tệp Excel") from None
    try:
        if META not in wb.sheetnames or SHEET not in wb.sheetnames:
            return None, None, {}, set()
        meta = {}
        cells: list[tuple[str, str]] = []
        for row in wb[META].iter_rows(min_row=1, max_row=5 + 60, max_col=3, values_only=True):
            if not row or row[0] is None:
                continue
            key, value = str(row[0]), row[1] if len(row) > 1 else None
            if key in ("form_id", "fingerprint", "format", "round"):
                meta[key] = None if value is None else str(value)
            elif key != "id" and value is not None:
                cells.append((key, str(value)))
        if meta.get("format") != FORMAT_TAG:
            return None, None, {}, set()
        ws = wb[SHEET]
        grid = {}
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=FIRST_ROW + 60, max_col=3, values_only=True), start=1):
            for c, v in enumerate(row, start=1):
                grid[(r, c)] = v
        answers = {}
        for qid, ref in cells:
            col, row_no = ref[:1], ref[1:]
            if col != "C" or not row_no.isdigit():
                raise Unreadable(f"ô trả lời của câu «{qid}» không đúng vị trí (tệp đã bị sửa cấu trúc)")
            answers[qid] = cell_value(grid.get((int(row_no), 3)))
        return meta.get("form_id"), meta.get("fingerprint"), answers, {q for q, _ in cells}
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML surfaces while iterating
        raise Unreadable(f"không đọc được nội dung tệp Excel ({type(exc).__name__})") from None
    finally:
        wb.close()
