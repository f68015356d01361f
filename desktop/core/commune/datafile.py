"""Reading a school's report data file (ReportData JSON attached inside its signed PDF) for the commune.

This is the only place in commune code that knows the data file's shape; the rest uses ReportSummary. The data
file is validated with ReportData.from_dict (the report engineer's schema); the roll-up re-scores the answers
with desktop.core.scoring, so its numbers follow from the data file alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop.core.errors import UserError
from desktop.core.report.data import ReportData

DATAFILE_SUFFIX = ".json"
MAX_DATAFILE_BYTES = 5 * 1024 * 1024


class DataFileProblem(Exception):
    """The data file is missing or does not follow the schema; the message is Vietnamese."""


@dataclass(frozen=True)
class ReportSummary:
    school_code: str
    school_name: str
    levels: tuple[str, ...]
    kind: str
    period: str
    version: int
    set_id: str
    set_version: str
    answers: dict[str, Any] = field(default_factory=dict)
    checklist: tuple[dict, ...] = ()
    answers_to_request: str | None = None
    doc_date: str | None = None           # ISO date printed on the report (ngày ban hành)


def parse_json(raw: bytes) -> dict:
    if len(raw) > MAX_DATAFILE_BYTES:
        raise DataFileProblem("tệp dữ liệu đính kèm quá lớn")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DataFileProblem("tệp dữ liệu đính kèm không phải JSON hợp lệ") from None
    if not isinstance(data, dict):
        raise DataFileProblem("tệp dữ liệu đính kèm không đúng cấu trúc (không phải một đối tượng JSON)")
    return data


def summarize(data: dict) -> ReportSummary:
    """The fields the commune needs, or DataFileProblem saying what is wrong with the data file."""
    try:
        rd = ReportData.from_dict(data)
    except UserError as exc:
        raise DataFileProblem(f"tệp dữ liệu không đúng mẫu — {exc.message.rstrip('.')}") from None
    if not rd.school.code.strip():
        raise DataFileProblem("tệp dữ liệu không có mã trường")
    req = getattr(rd, "answers_to_request", None) or data.get("answers_to_request")
    a = rd.assessment
    return ReportSummary(
        school_code=rd.school.code.strip(), school_name=rd.school.name, levels=tuple(rd.school.levels),
        kind=rd.kind, period=rd.period, version=rd.report_version,
        set_id=a.indicators.set_id if a else "", set_version=a.indicators.version if a else "",
        answers=rd.answers(), checklist=tuple({"task_id": t.task_id, "status": t.status} for t in rd.checklist),
        answers_to_request=str(req) if req else None, doc_date=(rd.doc_date or "")[:10] or None)


def checklist_completion(rows: tuple[dict, ...] | list[dict]) -> tuple[int, int]:
    """(done, applicable): tasks marked not applicable (na) do not count."""
    applicable = [r for r in rows if r.get("status") != "na"]
    return sum(1 for r in applicable if r.get("status") == "done"), len(applicable)
