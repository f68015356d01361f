"""What changed between two versions of a school's report: answers and points per item, criterion, group and
overall levels, task statuses and progress, the texts (khó khăn, kiến nghị) and the evidence added or removed.

Both sides are ReportData values read from the report's own data file — from a signed PDF (the embedded JSON,
taken from the bytes whose signature was just checked) or from the commune's inbox, where intake kept the data
file of every received version. Nothing here imports Qt; `socds compare` and the inbox page show the result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.bands import vn_number
from desktop.core.errors import UserError
from desktop.core.periods import report_title
from desktop.core.report.data import ReportData

if TYPE_CHECKING:
    from desktop.core.signing.verify import VerifyResult

SECTIONS = {
    "overall": "Mức chung",
    "group": "Nhóm chỉ số",
    "criterion": "Tiêu chí",
    "item": "Chỉ số",
    "task": "Nhiệm vụ, chỉ tiêu",
    "text": "Khó khăn, kiến nghị",
    "evidence": "Minh chứng",
}
TASK_STATUS = {"todo": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Hoàn thành", "na": "Không áp dụng"}
TEXTS = (("difficulties", "Khó khăn, vướng mắc"), ("proposals", "Kiến nghị, đề xuất"))


@dataclass(frozen=True)
class Side:
    """One version: where it came from and which report it is."""

    source: str  # the file name, or "mục số N" of the inbox
    school_code: str
    school_name: str
    kind: str
    period: str
    version: int
    doc_date: str | None
    signature: str = ""  # the verifier's verdict in a few words (signing.verdict.label), when read from a PDF

    @property
    def title(self) -> str:
        return f"v{self.version} ({self.source})"


@dataclass(frozen=True)
class Change:
    section: str  # a key of SECTIONS
    code: str
    label: str  # what changed: the item's or task's text, the text's name, the evidence title
    old: str  # as shown ("" when it was not there)
    new: str
    delta: str = ""  # the points' difference, signed ("+1,5"), where points apply


@dataclass
class Comparison:
    old: Side
    new: Side
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader must know first (other school, order…)
    items_compared: int = 0

    def section(self, key: str) -> list[Change]:
        return [c for c in self.changes if c.section == key]

    def to_dict(self) -> dict:
        return {
            "old": asdict(self.old),
            "new": asdict(self.new),
            "notes": list(self.notes),
            "items_compared": self.items_compared,
            "changes": [asdict(c) for c in self.changes],
        }


def _side(rd: ReportData, source: str, signature: str = "") -> Side:
    return Side(
        source,
        rd.school.code,
        rd.school.name,
        rd.kind,
        rd.period,
        rd.report_version,
        rd.doc_date,
        signature,
    )


def _pts(d: Decimal) -> str:
    return f"{vn_number(d)} điểm"


def _delta(old: Decimal, new: Decimal) -> str:
    d = new - old
    return "" if d == 0 else ("+" if d > 0 else "−") + vn_number(abs(d))


def compare_reports(old: ReportData, new: ReportData, old_source: str = "", new_source: str = "") -> Comparison:
    """Every difference between `old` and `new` that the officer reads a report for, section by section."""
    cmp = Comparison(_side(old, old_source), _side(new, new_source))
    _notes(cmp, old, new)
    _assessment(cmp, old, new)
    _tasks(cmp, old, new)
    for attr, label in TEXTS:
        a, b = " ".join(getattr(old, attr).split()), " ".join(getattr(new, attr).split())
        if a != b:
            cmp.changes.append(Change("text", attr, label, getattr(old, attr).strip(), getattr(new, attr).strip()))
    _evidence(cmp, old, new)
    return cmp


def _notes(cmp: Comparison, old: ReportData, new: ReportData) -> None:
    if old.school.code != new.school.code:
        cmp.notes.append(f"Hai tệp là báo cáo của hai trường khác nhau (mã {old.school.code} và {new.school.code}).")
    if (old.kind, old.period) != (new.kind, new.period):
        cmp.notes.append(
            f"Hai báo cáo khác loại hoặc khác kỳ ({report_title(old.kind, old.period)} và "
            f"{report_title(new.kind, new.period)})."
        )
    if new.report_version < old.report_version:
        cmp.notes.append(
            f"Tệp thứ hai là phiên bản cũ hơn (v{new.report_version} so với v{old.report_version}): thay đổi được "
            "tính từ tệp thứ nhất sang tệp thứ hai."
        )
    elif new.report_version == old.report_version and old.school.code == new.school.code:
        cmp.notes.append(f"Hai tệp cùng là phiên bản v{new.report_version}.")
    a, b = old.assessment, new.assessment
    if a and b and (a.indicators.set_id, a.indicators.version) != (b.indicators.set_id, b.indicators.version):
        cmp.notes.append(
            f"Hai phiên bản dùng bộ chỉ số khác nhau ({a.indicators.set_id}@{a.indicators.version} và "
            f"{b.indicators.set_id}@{b.indicators.version})."
        )


def _assessment(cmp: Comparison, old: ReportData, new: ReportData) -> None:
    a, b = old.assessment, new.assessment
    if not a and not b:
        return
    if a is None or b is None:
        cmp.changes.append(
            Change("overall", "", "Phần tự đánh giá", "có" if a else "không có", "có" if b else "không có")
        )
        return
    if a.overall_label != b.overall_label:
        cmp.changes.append(Change("overall", "", "Mức chung của nhà trường", a.overall_label, b.overall_label))
    old_groups = {g.code: g for g in a.groups}
    for g in b.groups:
        o = old_groups.get(g.code)
        if o is None or (o.total, o.level_label) != (g.total, g.level_label):
            cmp.changes.append(
                Change(
                    "group",
                    g.code,
                    g.name,
                    f"{_pts(o.total)} — {o.level_label}" if o else "",
                    f"{_pts(g.total)} — {g.level_label}",
                    _delta(o.total, g.total) if o else "",
                )
            )
    old_crit = {c.code: c for c in a.criteria}
    for c in b.criteria:
        oc = old_crit.get(c.code)
        if oc is None or (oc.total, oc.level) != (c.total, c.level):
            cmp.changes.append(
                Change(
                    "criterion",
                    c.code,
                    c.text,
                    _criterion(oc) if oc else "",
                    _criterion(c),
                    _delta(oc.total, c.total) if oc else "",
                )
            )
    old_items = {i.code: i for i in a.items}
    new_items = {i.code: i for i in b.items}
    cmp.items_compared = len(set(old_items) | set(new_items))
    for i in b.items:
        oi = old_items.get(i.code)
        if oi is None or (oi.answer_json, oi.points) != (i.answer_json, i.points):
            cmp.changes.append(
                Change(
                    "item",
                    i.code,
                    i.text,
                    _answer(oi) if oi else "",
                    _answer(i),
                    _delta(oi.points, i.points) if oi and (oi.max or i.max) else "",
                )
            )
    for code, oi in old_items.items():
        if code not in new_items:
            cmp.changes.append(Change("item", code, oi.text, _answer(oi), ""))


def _criterion(c) -> str:
    return f"{vn_number(c.total)}/{vn_number(c.max)} điểm" + (f" — mức {c.level}" if c.level is not None else "")


def _answer(i) -> str:
    if i.answer_json is None:
        return "chưa trả lời"
    text = i.answer_text or i.answer_json
    return f"{text} ({vn_number(i.points)}/{vn_number(i.max)} điểm)" if i.max else text


def _task_text(t) -> str:
    status = TASK_STATUS.get(t.status, t.status)
    return f"{status} ({t.progress}%)" if t.status == "doing" else status


def _tasks(cmp: Comparison, old: ReportData, new: ReportData) -> None:
    before = {(t.pack_id, t.task_id): t for t in old.checklist}
    after = {(t.pack_id, t.task_id): t for t in new.checklist}
    for key, t in after.items():
        o = before.get(key)
        if o is None or (o.status, o.progress) != (t.status, t.progress):
            cmp.changes.append(Change("task", t.task_id, t.text, _task_text(o) if o else "", _task_text(t)))
    for key, o in before.items():
        if key not in after:
            cmp.changes.append(Change("task", o.task_id, o.text, _task_text(o), ""))


def _evidence_key(e) -> str:
    """The same evidence in two versions, whatever its number there (MC03 may become MC04)."""
    return e.sha256 or e.url or " ".join(e.title.split()).casefold()


def _evidence(cmp: Comparison, old: ReportData, new: ReportData) -> None:
    before = {_evidence_key(e): e for e in old.evidence}
    after = {_evidence_key(e): e for e in new.evidence}
    for key, e in after.items():
        if key not in before:
            cmp.changes.append(Change("evidence", e.ref, e.title, "", f"thêm {e.ref}"))
    for key, e in before.items():
        if key not in after:
            cmp.changes.append(Change("evidence", e.ref, e.title, f"có {e.ref}", "bỏ"))


# ---- reading the two sides -------------------------------------------------------------------------------------
def read_pdf(path: Path | str, trust=()) -> tuple[ReportData, VerifyResult]:
    """(the report's data file, the signature's verdict) of a report PDF. The data file is taken from the same
    bytes whose signature was checked; a file without one is refused with a message saying so."""
    from desktop.core.commune import datafile
    from desktop.core.commune.intake_check import read_report_file
    from desktop.core.report.datafile import read_datafile
    from desktop.core.signing.verify import Verifier

    path = Path(path)
    data = read_report_file(path)
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise UserError(f"Tệp {path.name} không phải tệp PDF báo cáo của Sổ CĐS.")
    with Verifier(list(trust)) as verifier:
        try:
            vr, files = verifier.verify_bytes(data, path.name)
        except UserError as exc:
            raise UserError(f"Không đọc được tệp {path.name}: {exc.message}") from None
    names = [n for n in files if n.lower().endswith(datafile.DATAFILE_SUFFIX)]
    if not names:
        raise UserError(f"Tệp {path.name} không kèm tệp dữ liệu (JSON) của báo cáo: không so sánh được.")
    try:
        rd = read_datafile(files[names[0]], names[0])
    except UserError as exc:
        raise UserError(f"Tệp {path.name}: tệp dữ liệu đính kèm không đúng mẫu ({exc.message}).") from None
    return rd, vr


def compare_files(old: Path | str, new: Path | str, trust=()) -> Comparison:
    (a, va), (b, vb) = read_pdf(old, trust), read_pdf(new, trust)
    cmp = compare_reports(a, b, Path(old).name, Path(new).name)
    cmp.old, cmp.new = _with_signature(cmp.old, va.label), _with_signature(cmp.new, vb.label)
    for side, vr in reversed(((cmp.old, va), (cmp.new, vb))):
        if vr.state not in ("valid", "untrusted"):
            why = vr.problems[0] if vr.problems else vr.explanation
            cmp.notes.insert(0, f"Tệp {side.source} — {vr.label}: {why[:1].lower() + why[1:]}")
    return cmp


def _with_signature(side: Side, words: str) -> Side:
    return Side(**{**asdict(side), "signature": words})


def _read_unverified(path: Path) -> ReportData:
    """Only to find which report a file is (the two chosen are then read with their signatures checked)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.core.commune import datafile
    from desktop.core.commune.intake_check import read_report_file
    from desktop.core.report.datafile import read_datafile
    from desktop.core.signing.verify import embedded_files

    raw = read_report_file(path)
    try:
        files = embedded_files(PdfFileReader(io.BytesIO(raw), strict=False))
    except Exception:  # noqa: BLE001 - any unreadable PDF is simply not one of the school's versions
        raise UserError(f"Không đọc được tệp {path.name}.") from None
    names = [n for n in files if n.lower().endswith(datafile.DATAFILE_SUFFIX)]
    if not names:
        raise UserError(f"Tệp {path.name} không kèm tệp dữ liệu.")
    return read_datafile(files[names[0]], names[0])


# ---- from the inbox ----------------------------------------------------------------------------------------------
def inbox_report(store, inbox_id: int) -> ReportData:
    """The data file intake kept for inbox row `inbox_id`."""
    from desktop.core.report.datafile import read_datafile

    row = store.db.execute("SELECT data FROM inbox WHERE id = ?", [inbox_id]).fetchone()
    if row is None:
        raise UserError(f"Không có mục số {inbox_id} trong hộp thư.")
    if not row[0]:
        raise UserError(
            f"Mục số {inbox_id} không có tệp dữ liệu dùng được (tệp bị từ chối khi nhận): không so sánh được."
        )
    return read_datafile(row[0].encode("utf-8"), f"mục số {inbox_id}")


def previous_version(store, inbox_id: int) -> int | None:
    """The inbox row of the version before row `inbox_id` (same school, kind and period; the highest lower
    version, an accepted or replaced copy before a held one); None when there is none."""
    r = store.db.execute("SELECT school_code, kind, period, version FROM inbox WHERE id = ?", [inbox_id]).fetchone()
    if r is None or r[0] is None:
        return None
    prev = store.db.execute(
        "SELECT id FROM inbox WHERE school_code = ? AND kind = ? AND period = ? AND version < ? AND data IS NOT NULL "
        "AND state != 'rejected' ORDER BY version DESC, state = 'held', id DESC LIMIT 1",
        [r[0], r[1], r[2], r[3]],
    ).fetchone()
    return prev[0] if prev else None


def compare_inbox(store, inbox_id: int, previous: int | None = None) -> Comparison:
    """Row `inbox_id` beside `previous` (default: its previous version in the inbox)."""
    previous = previous if previous is not None else previous_version(store, inbox_id)
    if previous is None:
        rd = inbox_report(store, inbox_id)
        raise UserError(
            f"Hộp thư chưa có phiên bản nào trước v{rd.report_version} của báo cáo này (trường mã "
            f"{rd.school.code}): chưa có gì để so sánh."
        )
    return compare_reports(
        inbox_report(store, previous), inbox_report(store, inbox_id), f"mục số {previous}", f"mục số {inbox_id}"
    )


# ---- in words -----------------------------------------------------------------------------------------------------
def describe(cmp: Comparison) -> list[str]:
    """The comparison as lines of Vietnamese text (the command's output, the page's copy to clipboard)."""
    o, n = cmp.old, cmp.new
    lines = [
        f"So sánh {report_title(n.kind, n.period)} của {n.school_name} (mã {n.school_code}):",
        f"  Trước: {o.title}" + (f" — chữ ký: {o.signature}" if o.signature else ""),
        f"  Sau:   {n.title}" + (f" — chữ ký: {n.signature}" if n.signature else ""),
    ]
    lines += [f"Lưu ý: {x}" for x in cmp.notes]
    if not cmp.changes:
        lines.append("Không có thay đổi nào về điểm, mức, nhiệm vụ, khó khăn, kiến nghị và minh chứng.")
        return lines
    for key, title in SECTIONS.items():
        part = cmp.section(key)
        if not part:
            continue
        extra = f" ({len(part)}/{cmp.items_compared} chỉ số thay đổi)" if key == "item" else f" ({len(part)})"
        lines.append(f"{title}{extra}:")
        for c in part:
            what = f"{c.code} {c.label}".strip() if c.code and c.section not in ("text", "evidence") else c.label
            delta = f" [{c.delta}]" if c.delta else ""
            lines.append(f"  - {what}: {c.old or '(không có)'} → {c.new or '(không có)'}{delta}")
    return lines
