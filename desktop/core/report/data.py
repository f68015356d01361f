"""ReportData: everything one report shows, as one immutable value. The PDF, the workbook and the data file
are all rendered from it, so they can never disagree.

Frozen dataclasses with tuples only; `to_json()`/`from_json()` round-trip exactly (Decimals as strings, answers
as their exact JSON text). `build_report_data` (in report/build.py) makes one from the store.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop.core.errors import UserError
from desktop.core.report.period_data import PeriodContent

DATA_VERSION = 1
KIND_LABELS = {"self-assessment": "tự đánh giá", "month": "tháng", "quarter": "quý", "year": "năm"}


@dataclass(frozen=True)
class SchoolInfo:
    name: str
    code: str
    levels: tuple[str, ...]
    address: str
    commune: str
    province: str
    phone: str = ""
    email: str = ""
    doc_code: str = ""


@dataclass(frozen=True)
class Signer:
    name: str
    position: str  # "PHÓ HIỆU TRƯỞNG" when signing for the principal (KT.), else ""
    authority: str  # "HIỆU TRƯỞNG" or "KT. HIỆU TRƯỞNG"


@dataclass(frozen=True)
class IndicatorInfo:
    set_id: str
    version: str
    title: str
    status: str  # official / draft / incomplete
    legal_basis: str = ""


@dataclass(frozen=True)
class ItemRow:
    code: str
    text: str
    group_code: str
    criterion_code: str
    mandatory: bool
    answer_json: str | None  # exact JSON text of the answer (None: unanswered)
    answer_text: str  # as printed: "Có", "Không", "85%", a choice label; "" when the answer is the points themselves
    points: Decimal
    max: Decimal
    state: str  # unanswered | full | partial | zero | met | unmet
    evidence: tuple[str, ...]  # references into `evidence` ("MC01")
    note: str
    verified: bool
    measure: str = ""  # a share item: the school's own count behind it, as printed ("14/14 = 100%"), from its lists

    @property
    def answer(self) -> Any:
        return None if self.answer_json is None else json.loads(self.answer_json, parse_float=Decimal)


@dataclass(frozen=True)
class CriterionRow:
    code: str
    text: str
    group_code: str
    mandatory: bool
    total: Decimal
    max: Decimal
    level: int | None
    verified: bool


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str
    total: Decimal
    max: Decimal
    known_max: Decimal
    level: int
    level_label: str
    mandatory_met: bool
    capped: bool
    unmet: tuple[str, ...]


@dataclass(frozen=True)
class MandatoryRow:
    code: str
    text: str
    met: bool | None  # None: not answered yet


@dataclass(frozen=True)
class PreviousGroup:
    code: str
    total: Decimal
    max: Decimal
    level: int


@dataclass(frozen=True)
class PreviousCriterion:
    code: str
    total: Decimal
    max: Decimal


@dataclass(frozen=True)
class PreviousYear:
    """Last school year's self-assessment as the data file keeps it, scored with its own set version (issue 22)."""

    school_year: str
    indicators: str  # the set it was scored with ("qd4725-2022@2022.1")
    same_set: bool
    groups: tuple[PreviousGroup, ...]
    criteria: tuple[PreviousCriterion, ...]  # those this year's set also has
    overall_level: int | None


@dataclass(frozen=True)
class Assessment:
    indicators: IndicatorInfo
    items: tuple[ItemRow, ...]
    criteria: tuple[CriterionRow, ...]
    groups: tuple[GroupRow, ...]
    mandatory: tuple[MandatoryRow, ...]
    overall_level: int | None
    overall_label: str
    overall_rule_note: str  # the reading of the overall rule that was used
    notes: tuple[str, ...]
    previous: PreviousYear | None = None  # last school year's result, when the data file has it


@dataclass(frozen=True)
class TaskRow:
    pack_id: str
    task_id: str
    section: str
    text: str
    product: str
    deadline: str
    status: str  # todo / doing / done / na
    progress: int
    completed_on: str | None
    responsible: str
    na_reason: str
    note: str
    evidence: tuple[str, ...]
    indicator_links: tuple[str, ...] = ()
    row_kind: str = "task"  # "task", or "target" (a plan's chỉ tiêu)
    target: str = ""  # a target row: the plan's figure ("Đạt 100% cơ sở giáo dục"); the school's is `actual`
    actual: str = ""  # a target row: the school's own figure and its day, as printed
    actual_source: str = ""  # entered (on the checklist) / lists (counted from the staff list) / ""
    late_reason: str = ""  # why the row is behind schedule, in the school's words


@dataclass(frozen=True)
class PlanRef:
    pack_id: str
    version: str
    title: str
    issuer: str
    doc_number: str
    doc_date: str = ""  # ISO, possibly partial, as the pack records it
    kind: str = ""  # "Kế hoạch", "Công văn", … (report/period_cite.py)
    citation: str = ""  # "Kế hoạch số 27/KH-SGDĐT ngày 19/9/2025 của Sở … về …"


@dataclass(frozen=True)
class EvidenceRow:
    ref: str  # "MC01", used in the tables
    title: str
    kind: str  # file / link / note
    sha256: str | None
    size: int | None
    url: str | None = None
    original_name: str | None = None


@dataclass(frozen=True)
class ReportData:
    kind: str
    period: str
    school_year: str
    report_version: int
    status: str
    school: SchoolInfo
    managing_body: str
    managing_body_kind: str
    doc_number: str
    doc_date: str | None  # ISO date
    place_name: str
    subject: str
    assessment: Assessment | None
    plans: tuple[PlanRef, ...]
    checklist: tuple[TaskRow, ...]
    evidence: tuple[EvidenceRow, ...]
    difficulties: str  # khó khăn, vướng mắc
    proposals: str  # kiến nghị, đề xuất
    recipients: tuple[str, ...]
    signer: Signer
    generated_at: str
    data_version: int = DATA_VERSION
    answers_to_request: str | None = None  # request_id of the "yêu cầu bổ sung" this version answers (issue 8)
    period_content: PeriodContent | None = None  # month / quarter / year: changes, late, next, year (issue 20)

    def to_dict(self) -> dict:
        return _encode(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict) -> "ReportData":
        if not isinstance(data, dict):
            raise UserError("Dữ liệu báo cáo không đúng định dạng (phải là một đối tượng JSON).")
        if data.get("data_version", DATA_VERSION) > DATA_VERSION:
            raise UserError("Dữ liệu báo cáo do phiên bản Sổ CĐS mới hơn tạo ra. Hãy cập nhật chương trình.")
        try:
            return _decode(cls, data)
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise UserError(f"Dữ liệu báo cáo không đúng định dạng ({exc}).") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> "ReportData":
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise UserError(f"Dữ liệu báo cáo không phải JSON hợp lệ ({str(exc)[:80]}).") from None
        return cls.from_dict(data)

    # ---- views used by the renderers ------------------------------------------------------------------------
    def evidence_by_ref(self) -> dict[str, EvidenceRow]:
        return {e.ref: e for e in self.evidence}

    def answers(self) -> dict[str, Any]:
        """The answers in the shape of the `socds score` answers file."""
        if not self.assessment:
            return {}
        return {i.code: i.answer for i in self.assessment.items if i.answer_json is not None}


# ---- generic codec: dataclass <-> plain JSON ------------------------------------------------------------------
def _encode(v: Any) -> Any:
    if dataclasses.is_dataclass(v):
        return {f.name: _encode(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, tuple):
        return [_encode(x) for x in v]
    return v


_HINTS: dict[type, dict] = {}


def _decode(tp: Any, v: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if v is None:
            return None
        return _decode(args[0], v)
    if origin is tuple:
        if not isinstance(v, list):
            raise TypeError(f"cần một danh sách, có {type(v).__name__}")
        return tuple(_decode(typing.get_args(tp)[0], x) for x in v)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(v, dict):
            raise TypeError(f"{tp.__name__}: cần một đối tượng")
        hints = _HINTS.get(tp) or _HINTS.setdefault(tp, typing.get_type_hints(tp))
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in v:
                kwargs[f.name] = _decode(hints[f.name], v[f.name])
            elif f.default is dataclasses.MISSING:
                raise KeyError(f"thiếu «{f.name}» trong {tp.__name__}")
        return tp(**kwargs)
    if tp is Decimal:
        if not isinstance(v, str):
            raise TypeError(f"số phải ghi dạng chuỗi, có {v!r}")
        return Decimal(v)
    if tp is bool:
        if not isinstance(v, bool):
            raise TypeError(f"cần true/false, có {v!r}")
        return v
    if tp is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"cần số nguyên, có {v!r}")
        return v
    if tp is str:
        if not isinstance(v, str):
            raise TypeError(f"cần chữ, có {v!r}")
        return v
    return v
