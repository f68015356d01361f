"""Seeing a round: who returned a form and who has not, what changed since the previous round, the reminder list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.store.db import Store
from desktop.core.store.profile import get_school
from desktop.core.survey import rounds
from desktop.core.survey.questions import answer_text

SOURCE_WORDS = {"pdf": "tệp PDF", "xlsx": "tệp Excel", "paper": "phiếu giấy"}


@dataclass(frozen=True)
class FormState:
    teacher: str
    form_id: str
    row_id: int
    returned_at: str | None  # ISO time the answers were taken, None = not returned
    source: str = ""
    replaced: int = 0  # how many earlier forms this one replaced


@dataclass(frozen=True)
class Change:
    teacher: str
    question: str
    before: str
    after: str


@dataclass(frozen=True)
class RoundView:
    round_id: str
    created_at: str
    forms: tuple[FormState, ...]
    previous_id: str | None
    changes: tuple[Change, ...]

    @property
    def returned(self) -> list[FormState]:
        return [f for f in self.forms if f.returned_at]

    @property
    def missing(self) -> list[FormState]:
        return [f for f in self.forms if not f.returned_at]


def view(store: Store, round_id: str | None = None) -> RoundView:
    rnd = rounds.get_round(store, round_id) if round_id else rounds.current_round(store)
    if rnd is None:
        raise UserError(
            f"Không có đợt khảo sát {round_id}."
            if round_id
            else "Chưa có đợt khảo sát nào: hãy tạo phiếu trước (socds survey make)."
        )
    got = rounds.returns(store, rnd)
    forms = tuple(
        FormState(
            t["name"],
            fid,
            t["row_id"],
            got[fid]["at"] if fid in got else None,
            got[fid]["source"] if fid in got else "",
            len(got[fid].get("previous", [])) if fid in got else 0,
        )
        for fid, t in sorted(rnd.forms.items(), key=lambda kv: kv[1]["row_id"])
    )
    prev = rounds.previous_round(store, rnd.round_id)
    return RoundView(
        rnd.round_id,
        rnd.created_at,
        forms,
        prev.round_id if prev else None,
        tuple(changes(store, rnd, prev)) if prev else (),
    )


def changes(store: Store, rnd: rounds.Round, prev: rounds.Round) -> list[Change]:
    """Answers of the same teacher (list row) to the same question (id) that differ from the previous round."""
    now, before = rounds.returns(store, rnd), rounds.returns(store, prev)
    before_by_row = {r["row_id"]: r for r in before.values()}
    shared = [
        q
        for q in rnd.questions.questions  # the same id asking the same thing
        if any(p.qid == q.qid and p.text == q.text and p.kind == q.kind for p in prev.questions.questions)
    ]
    out = []
    for fid, r in sorted(now.items(), key=lambda kv: kv[1]["row_id"]):
        old = before_by_row.get(r["row_id"])
        if not old:
            continue
        for q in shared:
            a, b = old["answers"].get(q.qid), r["answers"].get(q.qid)
            if a != b:
                out.append(Change(r["name"], q.text, answer_text(a), answer_text(b)))
    return out


def write_reminders(store: Store, path: Path | str, round_id: str | None = None) -> Path:
    """The teachers who have not returned their form, as a printable list (.pdf or .xlsx by the extension)."""
    v = view(store, round_id)
    path = Path(path)
    school = get_school(store)
    school_name = school.name if school else "Nhà trường"
    title = f"Danh sách giáo viên chưa nộp phiếu khảo sát — đợt {v.round_id}"
    rows = [[i, f.teacher, f.form_id, ""] for i, f in enumerate(v.missing, start=1)]
    headers = ["STT", "Họ và tên", "Mã phiếu", "Ghi chú"]
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        from desktop.core.sheets import save_workbook, write_table

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Chưa nộp"
        write_table(ws, headers, rows, [6, 36, 26, 30])
        ws.insert_rows(1, 2)
        ws["A1"] = school_name
        ws["A2"] = title
        ws.freeze_panes = "A4"
        return save_workbook(wb, path)
    if path.suffix.lower() != ".pdf":
        raise UserError("Danh sách nhắc nộp phiếu lưu dạng .pdf hoặc .xlsx.")
    return _reminder_pdf(path, school_name, title, headers, rows, len(v.forms))


def _reminder_pdf(path: Path, school_name: str, title: str, headers, rows, total: int) -> Path:
    import io

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

    from desktop.core.fileio import write_bytes
    from desktop.core.report import fonts
    from desktop.core.report.pdf_layout import portrait_doc

    fonts.register()
    body = ParagraphStyle("b", fontName=fonts.FAMILY, fontSize=12, leading=15)
    head = ParagraphStyle("h", parent=body, fontName=fonts.BOLD, fontSize=14, leading=18, alignment=1)
    cell = ParagraphStyle("c", parent=body, fontSize=11, leading=13)
    buf = io.BytesIO()
    doc = portrait_doc(
        buf,
        title=title,
        creator="Sổ CĐS",
    )
    data = [[Paragraph(f"<b>{h}</b>", cell) for h in headers]]
    data += [[Paragraph(_esc(str(v)), cell) for v in r] for r in rows]
    # number, name, form code, note: the name's column takes what the others leave of the page's width
    width = doc.width  # between the margins
    table = LongTable(data, colWidths=[12 * mm, width - 102 * mm, 50 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
            ]
        )
    )
    story = [
        Paragraph(_esc(school_name.upper()), body),
        Spacer(1, 6 * mm),
        Paragraph(_esc(title), head),
        Spacer(1, 3 * mm),
        Paragraph(f"Còn {len(rows)} trên {total} giáo viên chưa nộp phiếu.", body),
        Spacer(1, 4 * mm),
    ]
    story.append(table if rows else Paragraph("Tất cả giáo viên đã nộp phiếu.", body))
    doc.build(story)
    return write_bytes(path, buf.getvalue())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
