"""Taking returned forms back: each file read, matched by its form id, checked, then taken in one transaction.

The same check takes a paper form typed in by the focal point (`enter`). A file that fails any check changes
nothing and is told in one Vietnamese sentence; a damaged file or one sent twice loses nothing. A teacher's later
form replaces the one taken before, and the outcome says so (the earlier form stays in the round's record and in
the evidence store).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.store import evidence as ev
from desktop.core.store import lists
from desktop.core.store.db import Store, utcnow
from desktop.core.survey import pdf_form, rounds, xlsx_form
from desktop.core.survey.questions import QuestionSet, answer_text, check_answer

MAX_PDF_BYTES = 20 * 1024 * 1024
TAKEN, REPLACED, DUPLICATE, REFUSED = "taken", "replaced", "duplicate", "refused"
STATUS_WORDS = {
    TAKEN: "Đã nhận",
    REPLACED: "Đã nhận (thay phiếu trước)",
    DUPLICATE: "Đã có, bỏ qua",
    REFUSED: "Không nhận",
}


@dataclass(frozen=True)
class RawForm:
    source: str  # pdf | xlsx | paper
    form_id: str | None
    fingerprint: str | None
    values: dict  # question id -> raw answer
    qids: frozenset = frozenset()  # the question ids the form carries


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str
    message: str
    form_id: str = ""
    teacher: str = ""
    changed: tuple = field(default_factory=tuple)  # (question text, old, new) when a form replaced another

    @property
    def ok(self) -> bool:
        return self.status != REFUSED

    def line(self) -> str:
        who = f" — {self.teacher}" if self.teacher else ""
        return f"{self.file}{who}: {STATUS_WORDS[self.status]}. {self.message}"


# ---- reading -----------------------------------------------------------------------------------------------
class Refused(Exception):
    def __init__(self, message: str, form_id: str = "", teacher: str = ""):
        super().__init__(message)
        self.message, self.form_id, self.teacher = message, form_id, teacher


def read_file(path: Path) -> RawForm:
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise Refused("không tìm thấy tệp") from None
    except OSError as exc:
        raise Refused(f"không đọc được tệp ({exc.strerror or type(exc).__name__})") from None
    if size == 0:
        raise Refused("tệp rỗng (0 byte), có thể bị lỗi khi chép hoặc tải về")
    if b"%PDF-" in head:
        if size > MAX_PDF_BYTES:
            raise Refused("tệp PDF quá lớn cho một phiếu (trên 20 MB)")
        try:
            fields = pdf_form.read_fields(path)
        except pdf_form.Unreadable as exc:
            raise Refused(str(exc)) from None
        # A tick group's value is its export value ('co', 'o2', 'Off'); _answers maps it with the questions.
        values = {name[2:]: v for name, v in fields.items() if name.startswith("q_")}
        fid, fp = fields.get(pdf_form.FIELD_FORM_ID), fields.get(pdf_form.FIELD_FINGERPRINT)
        return RawForm(
            "pdf", fid if isinstance(fid, str) else None, fp if isinstance(fp, str) else None, values, frozenset(values)
        )
    if head.startswith(b"PK\x03\x04"):
        try:
            fid, fp, values, qids = xlsx_form.read(path)
        except xlsx_form.Unreadable as exc:
            raise Refused(str(exc)) from None
        return RawForm("xlsx", fid, fp, values, frozenset(qids))
    raise Refused("không phải tệp PDF hay Excel (.xlsx) của phiếu khảo sát")


# ---- checking ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Checked:
    rnd: rounds.Round
    form_id: str
    row_id: int
    teacher: str
    answers: dict  # question id -> checked value (None = not answered)


def check(store: Store, raw: RawForm) -> Checked:
    """The form matched to its round and teacher with every answer valid, or Refused (plain Vietnamese)."""
    if not raw.form_id:
        raise Refused(
            "không có mã phiếu trong tệp: đây không phải phiếu khảo sát do Sổ CĐS tạo, hoặc phiếu đã bị "
            "«in ra PDF»/chuyển đổi làm mất các ô điền; hãy gửi lại chính tệp phiếu đã điền và lưu"
        )
    parts = rounds.split_form_id(raw.form_id)
    if parts is None:
        raise Refused(f"mã phiếu «{raw.form_id[:40]}» không đúng dạng")
    school, rid, row_id = parts
    ids = rounds.round_ids(store)
    known = [r for r in (rounds.get_round(store, i) for i in ids) if r is not None]
    if not any(r.school == school for r in known):
        raise Refused(f"phiếu của trường khác (mã trường trên phiếu: {school}); không nhận vào trường này", raw.form_id)
    cur = known[-1]
    rnd = next((r for r in known if r.round_id == rid and r.school == school), None)
    if rnd is None:
        raise Refused(f"phiếu của đợt {rid}, không có trong tệp dữ liệu này", raw.form_id)
    teacher = rnd.forms.get(raw.form_id)
    if teacher is None:
        raise Refused(f"mã phiếu {raw.form_id} không có trong danh sách phiếu đã phát của đợt {rid}", raw.form_id)
    name = teacher["name"]
    if rnd.round_id != cur.round_id:
        raise Refused(
            f"phiếu của đợt cũ {rid}; đợt hiện tại là {cur.round_id}. Hãy gửi lại phiếu của đợt mới", raw.form_id, name
        )
    if not any(r["id"] == row_id for r in lists.rows(store, "staff")):
        raise Refused("giáo viên này không còn trong danh sách giáo viên (đã bỏ khỏi danh sách)", raw.form_id, name)
    qset = rnd.questions
    if raw.source != "paper" and (
        raw.fingerprint != qset.fingerprint or set(raw.qids) != {q.qid for q in qset.questions}
    ):
        raise Refused(
            "câu hỏi trong phiếu khác với câu hỏi đã phát ở đợt này (phiếu đã bị sửa hoặc lấy từ mẫu khác)",
            raw.form_id,
            name,
        )
    answers, problems = _answers(qset, raw)
    if problems:
        raise Refused("; ".join(problems), raw.form_id, name)
    if all(v is None for v in answers.values()):
        raise Refused("phiếu chưa được điền (không có câu nào được trả lời)", raw.form_id, name)
    missing = [str(n) for n, q in enumerate(qset.questions, start=1) if q.required and answers[q.qid] is None]
    if missing:
        raise Refused(f"chưa trả lời câu {', '.join(missing)} (câu bắt buộc)", raw.form_id, name)
    return Checked(rnd, raw.form_id, row_id, name, answers)


def _answers(qset: QuestionSet, raw: RawForm) -> tuple[dict, list[str]]:
    answers, problems = {}, []
    for n, q in enumerate(qset.questions, start=1):
        v = raw.values.get(q.qid)
        if raw.source == "pdf" and q.kind in ("yesno", "choice"):
            if v in (None, "", "Off"):
                v = None
            else:
                labels = dict(pdf_form.option_values(q))
                if v not in labels:
                    problems.append(f"câu {n}: ô đánh dấu lạ «{str(v)[:20]}»")
                    continue
                v = (v == "co") if q.kind == "yesno" else labels[v]
        value, problem = check_answer(q, v)
        if problem:
            problems.append(f"câu {n}: {problem}")
        answers[q.qid] = value
    return answers, problems


# ---- taking ------------------------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _stored(v: Any) -> Any:
    return v if v is None or isinstance(v, (bool, int, str)) else str(v)


def _shown(v: Any) -> str:
    return answer_text(v)


def take(store: Store, c: Checked, source: str, path: Path | None = None, file_label: str = "") -> Outcome:
    """Write a checked form: staff-list flags, evidence, the round's record; one transaction."""
    from desktop.core.store import assessments as asm

    digest = _sha256(path) if path else None
    old = rounds.get_return(store, c.form_id)
    label = file_label or (path.name if path else "phiếu giấy")
    if old and digest and (old.get("sha256") == digest or digest in {p.get("sha256") for p in old.get("previous", [])}):
        when = _vn_time(old["at"]) if old.get("sha256") == digest else "trước đây (đã được phiếu mới hơn thay)"
        return Outcome(label, DUPLICATE, f"Tệp này đã nhận lúc {when}; không thay đổi gì.", c.form_id, c.teacher)
    qset = c.rnd.questions
    stored = {k: _stored(v) for k, v in c.answers.items()}
    changed = []
    if old:
        for q in qset.questions:
            before = old["answers"].get(q.qid)
            if before != stored[q.qid]:
                changed.append((q.text, _shown(before), _shown(stored[q.qid])))
    current = asm.current_assessment(store)
    share_codes = {f.code for f in lists.flags(asm.assessment_set(store, current["id"]), "staff")} if current else set()
    with store.tx():
        title = f"Phiếu khảo sát giáo viên, đợt {c.rnd.round_id}: {c.teacher}"
        if path:
            eid = ev.add_file(store, path, title=title)
        else:
            lines = [f"{q.text}: {_shown(c.answers[q.qid])}" for q in qset.questions]
            eid = ev.add_note(store, "Phiếu giấy do đầu mối chuyển đổi số nhập lại.\n" + "\n".join(lines), title=title)
        if old and old.get("evidence_id") and current:  # the earlier form no longer stands for the items
            for code in sorted(share_codes):
                for e in ev.for_item(store, current["id"], code):
                    if e["id"] == old["evidence_id"]:
                        ev.unlink(store, e["link_id"])
        for q in qset.questions:
            value = c.answers[q.qid]
            if q.kind == "yesno" and q.attr and value is not None:
                lists.set_flag(store, c.row_id, q.attr, value)
                if current and q.attr in share_codes:
                    ev.link(store, eid, assessment_id=current["id"], item_code=q.attr)
        previous = []
        if old:
            previous = [
                *old.get("previous", []),
                {k: old.get(k) for k in ("at", "source", "file", "sha256", "evidence_id", "answers")},
            ]
        rounds.put_return(
            store,
            c.form_id,
            {
                "form_id": c.form_id,
                "round": c.rnd.round_id,
                "row_id": c.row_id,
                "name": c.teacher,
                "at": utcnow(),
                "source": source,
                "file": ev.safe_title(label),
                "sha256": digest,
                "evidence_id": eid,
                "answers": stored,
                "previous": previous,
            },
            summary=f"Khảo sát giáo viên: nhận phiếu của «{c.teacher}» (đợt {c.rnd.round_id})",
        )
    if old:
        what = f"đổi {len(changed)} câu trả lời" if changed else "câu trả lời không đổi"
        return Outcome(
            label,
            REPLACED,
            f"Phiếu này thay phiếu đã nhận lúc {_vn_time(old['at'])} ({what}); phiếu "
            "cũ vẫn được giữ trong hồ sơ đợt khảo sát.",
            c.form_id,
            c.teacher,
            tuple(changed),
        )
    return Outcome(label, TAKEN, f"Đã ghi nhận {_count(c.answers)} câu trả lời.", c.form_id, c.teacher)


def _count(answers: dict) -> int:
    return sum(1 for v in answers.values() if v is not None)


def _vn_time(iso: str) -> str:
    from datetime import datetime

    try:
        t = datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError):
        return str(iso)
    return t.strftime("%H:%M %d/%m/%Y")


def collect_file(store: Store, path: Path) -> Outcome:
    label = ev.safe_title(path.name)
    try:
        raw = read_file(path)
        checked = check(store, raw)
    except Refused as exc:
        return Outcome(label, REFUSED, _sentence(exc.message), exc.form_id, exc.teacher)
    try:
        return take(store, checked, raw.source, path, label)
    except UserError as exc:  # the disk or the data file refused the write: nothing was taken
        return Outcome(label, REFUSED, _sentence(exc.message), checked.form_id, checked.teacher)


def _sentence(msg: str) -> str:
    msg = msg.strip()
    msg = msg[:1].upper() + msg[1:]
    return msg if msg.endswith((".", "!", "?")) else msg + "."


def expand(inputs: list[Path | str]) -> list[Path]:
    """Files as given, and the .pdf/.xlsx files inside folders (recursively, sorted; Office lock files skipped)."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in (".pdf", ".xlsx") and not f.name.startswith(("~$", "."))
            )
            out.extend(found)
        else:
            out.append(p)
    seen, unique = set(), []
    for p in out:
        key = str(p.resolve()) if p.exists() else str(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def collect(store: Store, inputs: list[Path | str], progress=None) -> list[Outcome]:
    if not rounds.round_ids(store):
        raise UserError("Chưa có đợt khảo sát nào trong tệp dữ liệu này: hãy tạo phiếu trước (socds survey make).")
    files = expand(inputs)
    out = []
    for i, path in enumerate(files):
        out.append(collect_file(store, path))
        if progress:
            progress(i + 1, len(files))
    return out


def enter(store: Store, form_id: str, values: dict[str, Any]) -> Outcome:
    """A paper form typed in by the focal point: the same checks as a returned file."""
    raw = RawForm("paper", form_id, None, dict(values), frozenset(values))
    try:
        checked = check(store, raw)
        unknown = set(values) - {q.qid for q in checked.rnd.questions.questions}
        if unknown:
            raise Refused(f"không có câu hỏi mã {', '.join(sorted(unknown))} trong đợt này", form_id, checked.teacher)
    except Refused as exc:
        return Outcome("phiếu giấy", REFUSED, _sentence(exc.message), exc.form_id, exc.teacher)
    return take(store, checked, "paper", None, "phiếu giấy")
