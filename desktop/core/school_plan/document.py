"""PlanDocument: everything the exported school plan shows, as one value built from the store once. The PDF
(pdf.py) and the .docx (word.py) both render it, so they say the same.

Layout (NĐ 30/2020): "KẾ HOẠCH / Chuyển đổi số năm học …"; căn cứ citing the followed plans as their packs record
them (number, date, issuer, subject) and the indicator set's decision; I. mục đích, yêu cầu; II. chỉ tiêu; III.
nhiệm vụ và giải pháp; IV. tổ chức thực hiện; V. the table of rows; nơi nhận and the principal's signature block.
Texts the program drafted (mục đích, yêu cầu, tổ chức thực hiện when the school has not written its own) are built
only from the data file (the plans cited, the rows, the people, the plans' own report rules), and, like any row
value still drafted, carry the mark (*) explained in a note, until the school edits or accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.core.errors import UserError
from desktop.core.plans import PlanPack, applies_to
from desktop.core.report.period_cite import citation
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.assessments import assessment_set, current_assessment, score_assessment
from desktop.core.store.plan_store import followed_packs

from .draft import deadline_notes, plan_label
from .rows import SUGGESTION_MARK, SUGGESTION_NOTE, PlanRow, get_fields, list_rows

SUBJECT = "Chuyển đổi số năm học {year}"
COLUMNS = (  # the table's columns: title, share of the width
    ("TT", 0.06),
    ("Nội dung công việc", 0.28),
    ("Căn cứ", 0.15),
    ("Người phụ trách", 0.13),
    ("Thời hạn", 0.11),
    ("Sản phẩm, minh chứng", 0.16),
    ("Nguồn lực", 0.11),
)
TASK_GROUPS = (
    ("province", "Thực hiện các nhiệm vụ theo kế hoạch của cấp trên"),
    ("assessment", "Nâng mức độ chuyển đổi số theo kết quả tự đánh giá"),
    ("school", "Các nhiệm vụ khác của nhà trường"),
)


@dataclass(frozen=True)
class PlanDocument:
    school_name: str
    managing_body: str
    doc_code: str
    doc_number: str
    doc_date: str | None
    place_name: str
    year_label: str
    year_end: int  # the year printed on an undated date line
    subject: str
    bases: tuple[str, ...]  # the "Căn cứ …" lines
    intro: str  # "<school> xây dựng Kế hoạch … như sau:"
    purpose: str
    requirements: str
    organisation: str
    drafted: tuple[str, ...]  # which of purpose / requirements / organisation are still the program's draft
    targets: tuple[PlanRow, ...]
    tasks: tuple[PlanRow, ...]
    basis_of: dict  # row id -> where it comes from ("27/KH-SGDĐT, mục II.1.c"; "Chỉ số 2.4.3")
    passed: dict  # row id -> "Hạn 10/10/2025 trong kế hoạch của Sở … đã qua: nhà trường tự đặt hạn" (draft)
    recipients: tuple[str, ...]
    signer_authority: str
    signer_position: str
    signer_name: str

    @property
    def rows(self) -> tuple[PlanRow, ...]:
        return (*self.targets, *self.tasks)

    @property
    def has_suggestions(self) -> bool:
        return bool(self.drafted) or any(r.suggested for r in self.rows)

    def deadline_cell(self, r: PlanRow) -> str:
        """The table's deadline: a province deadline already past is left for the school, marked (*) and explained
        in the notes below the table."""
        if r.id in self.passed:
            return f"Nhà trường tự đặt hạn {SUGGESTION_MARK}"
        return r.shown("deadline") or "Chưa ghi"

    @property
    def passed_notes(self) -> list[str]:
        """One "(*) KH03: Hạn 10/10/2025 trong kế hoạch của Sở … đã qua: nhà trường tự đặt hạn." line per such row."""
        return [f"{SUGGESTION_MARK} {r.code}: {self.passed[r.id]}." for r in self.rows if r.id in self.passed]

    def text(self, name: str) -> str:
        """A drafted text as printed: with the mark while it is still the program's draft."""
        value = getattr(self, name)
        return f"{value} {SUGGESTION_MARK}" if value and name in self.drafted else value

    @property
    def note(self) -> str:
        return SUGGESTION_NOTE if self.has_suggestions else ""

    @property
    def closing_line(self) -> str:
        return f"Trên đây là Kế hoạch chuyển đổi số năm học {self.year_label} của {self.school_name}./."

    def grouped_tasks(self) -> list[tuple[str, list[PlanRow]]]:
        return [(title, [r for r in self.tasks if r.source == src]) for src, title in TASK_GROUPS]


def blocks(doc: PlanDocument) -> list[tuple[str, str]]:
    """The body between the title and the closing block, as (kind, text): kind is "para", "h1", "h2", "table" (the
    table of rows), "note" or "end". The PDF and the .docx render this same list."""
    out = [("para", b) for b in doc.bases] + [("para", doc.intro)]
    out += [("h1", "I. MỤC ĐÍCH, YÊU CẦU"), ("h2", "1. Mục đích")]
    out += [("para", t) for t in doc.text("purpose").splitlines() if t.strip()]
    out += [("h2", "2. Yêu cầu")] + [("para", t) for t in doc.text("requirements").splitlines() if t.strip()]
    out.append(("h1", "II. CHỈ TIÊU"))
    for n, r in enumerate(doc.targets, start=1):
        deadline = f" Thời hạn: {r.shown('deadline')}." if r.deadline else ""
        out.append(("para", f"{n}. {r.shown('action')} ({r.code}).{deadline}"))
    if not doc.targets:
        out.append(("para", "Nhà trường thực hiện các nhiệm vụ tại mục III; không đặt chỉ tiêu riêng."))
    out.append(("h1", "III. NHIỆM VỤ VÀ GIẢI PHÁP"))
    k = 0
    for title, rows in doc.grouped_tasks():
        if rows:
            k += 1
            out.append(("h2", f"{k}. {title}"))
            out += [("para", f"- {r.shown('action')} ({r.code}).") for r in rows]
    out.append(("h1", "IV. TỔ CHỨC THỰC HIỆN"))
    out += [("para", t) for t in doc.text("organisation").splitlines() if t.strip()]
    out += [("h1", "V. BẢNG PHÂN CÔNG THỰC HIỆN"), ("table", "")]
    if doc.note:
        out.append(("note", doc.note))
    out += [("note", t) for t in doc.passed_notes]
    return out + [("end", doc.closing_line)]


def row_cells(doc: PlanDocument, n: int, r: PlanRow) -> list[str]:
    """One row of the table as text, in COLUMNS order (the PDF and the .docx print the same)."""
    return [
        str(n),
        f"{r.code}. {r.shown('action')}",
        doc.basis_of.get(r.id, ""),
        r.responsible or "Chưa phân công",
        doc.deadline_cell(r),
        r.shown("product"),
        r.shown("resources"),
    ]


def cite(pack: PlanPack) -> str:
    """ "Căn cứ Kế hoạch số 27/KH-SGDĐT ngày 19/9/2025 của Sở … về …;": the document as its pack records it, worded
    as the period reports cite it (report/period_cite.py); a number the copy leaves blank stays blank."""
    return f"Căn cứ {citation(pack.doc_number, pack.doc_date, pack.issuer, pack.title)};"


def _people_text(store: Store, rows: list[PlanRow]) -> list[str]:
    by_person: dict[int, list[str]] = {}
    for r in rows:
        if r.responsible_id:
            by_person.setdefault(r.responsible_id, []).append(r.code)
    people = {p["id"]: p for p in prof.list_people(store)}
    out = []
    for pid, codes in by_person.items():
        p = people.get(pid) or store.row("people", {"id": pid}) or {"full_name": "", "title": ""}
        who = f"{p['title']} {p['full_name']}".strip()
        out.append(f"{who} phụ trách các nội dung {', '.join(codes)} trong bảng phân công.")
    unassigned = [r.code for r in rows if not r.responsible_id]
    if unassigned:
        out.append(f"Các nội dung chưa phân công người phụ trách: {', '.join(unassigned)}.")
    return out


def draft_texts(store: Store, school_year_id: int) -> dict[str, str]:
    """The program's drafts of mục đích, yêu cầu and tổ chức thực hiện, from the data file only."""
    school = prof.get_school(store)
    year = store.row("school_years", {"id": school_year_id}) or {"label": ""}
    levels = list(school.levels) if school else []
    packs = followed_packs(store, school_year_id)
    rows = list_rows(store, school_year_id)
    names = "; ".join(plan_label(p) for p in packs)
    purpose = [
        f"Triển khai tại nhà trường các chỉ tiêu, nhiệm vụ chuyển đổi số năm học {year['label']} của cấp trên"
        + (f" ({names})" if names else "")
        + " áp dụng cho nhà trường, thành công việc cụ thể của nhà trường."
    ]
    steps = [r.item_code for r in rows if r.source == "assessment" and r.item_code]
    a = current_assessment(store)
    if a is not None and steps:
        _, result = score_assessment(store, a["id"])
        low = [c for c in steps if c not in result.items or result.items[c].answered]
        open_ = [c for c in steps if c in result.items and not result.items[c].answered]
        if low:
            purpose.append(
                f"Cải thiện các chỉ số còn thấp trong kết quả tự đánh giá mức độ chuyển đổi số của nhà trường "
                f"(mức chung hiện tại: {result.overall_label}): {', '.join(low)}."
            )
        if open_:  # not answered yet: nothing is known of them, they are not "low"
            purpose.append(
                f"Hoàn thành tự đánh giá các chỉ số nhà trường chưa tự đánh giá: {', '.join(open_)}"
                + ("." if low else f" (mức chung hiện tại: {result.overall_label}).")
            )
    requirements = (
        "Mỗi nội dung có người phụ trách, thời hạn và sản phẩm hoặc minh chứng cụ thể; tiến độ được cập nhật trong "
        "sổ theo dõi và báo cáo theo lịch báo cáo của cơ quan quản lý."
    )
    org = _people_text(store, rows)
    for pack in packs:
        for rule in pack.reports:
            if applies_to(rule, pack, levels):
                when = rule.schedule.label
                org.append(f"Báo cáo theo {plan_label(pack)}: {rule.text}" + (f" ({when})." if when else "."))
    return {"purpose": "\n".join(purpose), "requirements": requirements, "organisation": "\n".join(org)}


def _bases(store: Store, school_year_id: int, school_name: str, year_label: str) -> tuple[str, ...]:
    out = [cite(p) for p in followed_packs(store, school_year_id)]
    a = current_assessment(store)
    if a is not None:
        iset = assessment_set(store, a["id"])
        basis = iset.legal_basis if isinstance(iset.legal_basis, dict) else {}
        if basis.get("number"):
            when = f" ngày {date.fromisoformat(basis['date']):%d/%m/%Y}" if basis.get("date") else ""
            by = f" của {basis['issuer']}" if basis.get("issuer") else ""
            out.append(f"Căn cứ Quyết định số {basis['number']}{when}{by} ({iset.title});")
        out.append(f"Căn cứ kết quả tự đánh giá mức độ chuyển đổi số năm học {year_label} của {school_name};")
    return tuple(out)


def _basis_of(store: Store, school_year_id: int, rows: list[PlanRow]) -> dict:
    packs = {p.pack_id: p for p in followed_packs(store, school_year_id)}
    out = {}
    for r in rows:
        pack = packs.get(r.pack_id or "")
        prow = pack.row(r.pack_row_id) if pack and r.pack_row_id else None
        if pack is not None and prow is not None:
            num = pack.doc_number if not pack.doc_number.startswith("/") else f"VB …{pack.doc_number}"
            out[r.id] = f"{num}, mục {prow.source_section}"
        elif r.item_code:
            out[r.id] = f"Chỉ số {r.item_code}"
        else:
            out[r.id] = "Nhà trường"
    return out


def build_plan_document(store: Store, school_year_id: int | None = None) -> PlanDocument:
    school = prof.get_school(store)
    if not school:
        raise UserError("Chưa nhập thông tin nhà trường (trang «Hồ sơ nhà trường»). Hãy nhập trước khi lập kế hoạch.")
    year = (
        prof.current_school_year(store) if school_year_id is None else store.row("school_years", {"id": school_year_id})
    )
    if not year:
        raise UserError("Chưa có năm học nào trong tệp dữ liệu. Hãy tạo năm học trước khi lập kế hoạch.")
    rows = list_rows(store, year["id"])
    if not rows:
        raise UserError(
            f"Kế hoạch của nhà trường năm học {year['label']} chưa có dòng nào: hãy lập dự thảo "
            "(trang «Kế hoạch của nhà trường» hoặc `socds school-plan --draft`)."
        )
    fields = get_fields(store, year["id"])
    drafts = draft_texts(store, year["id"])
    drafted = set(fields.get("drafted", []))
    texts = {}
    for k in ("purpose", "requirements", "organisation"):
        texts[k] = fields.get(k) or drafts[k]
        if not fields.get(k):
            drafted.add(k)  # never written by the school: the program's draft
    principal = prof.list_people(store, "principal")
    body = school.managing_body or "Cơ quan quản lý"
    recipients = fields.get("recipients") or [f"{body} (để báo cáo)", "Lưu: VT, CĐS"]
    return PlanDocument(
        school_name=school.name,
        managing_body=school.managing_body,
        doc_code=school.doc_code,
        doc_number=str(fields.get("doc_number") or ""),
        doc_date=fields.get("doc_date") or None,
        place_name=school.place_name or school.commune,
        year_label=year["label"],
        year_end=date.fromisoformat(year["end_date"]).year,
        subject=SUBJECT.format(year=year["label"]),
        bases=_bases(store, year["id"], school.name, year["label"]),
        intro=f"{school.name} xây dựng Kế hoạch chuyển đổi số năm học {year['label']} như sau:",
        purpose=texts["purpose"],
        requirements=texts["requirements"],
        organisation=texts["organisation"],
        drafted=tuple(sorted(drafted)),
        targets=tuple(r for r in rows if r.kind == "target"),
        tasks=tuple(r for r in rows if r.kind == "task"),
        basis_of=_basis_of(store, year["id"], rows),
        passed=deadline_notes(store, year["id"], rows),
        recipients=tuple(recipients),
        signer_authority=str(fields.get("signer_authority") or "HIỆU TRƯỞNG"),
        signer_position=str(fields.get("signer_position") or ""),
        signer_name=str(fields.get("signer_name") or (principal[0]["full_name"] if principal else "")),
    )
