"""Reading a school's report data file (ReportData JSON attached inside its signed PDF) for the commune.

This is the only place in commune code that knows the data file's shape; the rest uses ReportSummary. The data
file is checked against the report's own schema (report/datafile.py, generated from ReportData); the roll-up
re-scores the answers with desktop.core.scoring, so its numbers follow from the data file alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop.core import jsonin
from desktop.core.commune import rollup_file
from desktop.core.errors import UserError, ValidationError
from desktop.core.report.data import ReportData
from desktop.core.report.datafile import check_datafile, is_report_datafile, load_datafile

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
    doc_date: str | None = None  # ISO date printed on the report (ngày ban hành)
    signer_name: str = ""  # the principal or deputy the report names as its signer
    group_totals: dict[str, Any] = field(default_factory=dict)  # group code -> total the report states
    is_rollup: bool = False  # a commune's roll-up taken in by a Sở (rollup_file.py), not a school's report


def _problem(exc: UserError) -> DataFileProblem:
    """The report's schema check's problems in the commune's wording."""
    problems = exc.problems if isinstance(exc, ValidationError) else []
    first = problems[0] if problems else (None, exc.message)
    where = f" ({first[0]})" if first[0] and str(first[0]) else ""
    more = f" và {len(problems) - 1} lỗi khác" if len(problems) > 1 else ""
    return DataFileProblem(f"tệp dữ liệu đính kèm không đúng mẫu{where}: {first[1]}{more}")


def _checked(raw: bytes, name: str, doc: Any = None) -> dict:
    """The report's schema check (report.datafile) of `raw`; `doc` is `raw` as the verification parsed it, when
    the caller has it (signing.verify's verify_parsed): not parsed twice, and a report data file there has passed
    its schema check already, so it is not checked twice either."""
    if len(raw) > MAX_DATAFILE_BYTES:
        raise DataFileProblem("tệp dữ liệu đính kèm quá lớn")
    if doc is not None and is_report_datafile(doc):
        return doc
    try:
        return load_datafile(raw, name) if doc is None else check_datafile(doc, name)
    except UserError as exc:
        raise _problem(exc) from None


def parse_json(raw: bytes, name: str = "") -> dict:
    """The data file as a dict (numbers exact: int and Decimal) after the report's schema check."""
    return _checked(raw, name)


def read_report(raw: bytes, name: str = "", doc: Any = None) -> tuple[dict, ReportSummary]:
    """parse_json() and summarize() in one pass, from the checked dict (`doc`: see _checked): the schema check
    guarantees every field read here, so no ReportData is built (intake of many files). A commune's roll-up (a
    Sở's intake) is read as rollup_file says."""
    rollup = _rollup_doc(raw)
    if rollup is not None:
        return rollup, rollup_summary(rollup)
    data = _checked(raw, name, doc)
    return data, _summary_of(data)


_LAYOUT = re.compile(r"[\n\r\t][\n\r\t ]*")
_NEWLINE_LAYOUT = re.compile(r"\n[\n ]*")  # what our own files hold: three times faster to remove


def stored_text(raw: bytes) -> str:
    """The text kept in the inbox row for a data file that passed _checked: the signed text itself, numbers
    exactly as written, without line breaks and indentation. Only layout goes: a JSON string cannot hold a raw
    line break, carriage return or tab (the parser refuses such a file), and no two JSON tokens need one between
    them."""
    text = _NEWLINE_LAYOUT.sub("", raw.decode("utf-8-sig"))
    return _LAYOUT.sub("", text) if "\r" in text or "\t" in text else text


def _rollup_doc(raw: bytes) -> dict | None:
    """The parsed data file when it is a commune's roll-up (format "socds-rollup"), else None."""
    if len(raw) > MAX_DATAFILE_BYTES or f'"{rollup_file.ROLLUP_FORMAT}"'.encode() not in raw[:400]:
        return None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except ValueError:
        return None
    return doc if rollup_file.is_rollup(doc) else None


def rollup_summary(doc: dict) -> ReportSummary:
    """A commune's roll-up read as the intake reads a report: the body's code and name in place of the school's."""
    try:
        f = rollup_file.check(doc)
    except rollup_file.RollupFileProblem as exc:
        raise DataFileProblem(str(exc)) from None
    return ReportSummary(
        school_code=f["code"],
        school_name=f["name"],
        levels=(rollup_file.UNIT_LEVEL,),
        kind=f["kind"],
        period=f["period"],
        version=f["version"],
        set_id="",
        set_version="",
        doc_date=f["doc_date"],
        signer_name=f["signer_name"],
        is_rollup=True,
    )


def summarize(data: dict) -> ReportSummary:
    """The fields the commune needs from a data file already checked by parse_json."""
    try:
        rd = ReportData.from_dict(data["report"])
    except (UserError, KeyError, TypeError) as exc:
        raise DataFileProblem(f"tệp dữ liệu không đúng mẫu ({exc})") from None
    return _summary(rd)


def _summary(rd: ReportData) -> ReportSummary:
    if not rd.school.code.strip():
        raise DataFileProblem("tệp dữ liệu không có mã trường")
    req = getattr(rd, "answers_to_request", None)
    a = rd.assessment
    return ReportSummary(
        school_code=rd.school.code.strip(),
        school_name=rd.school.name,
        levels=tuple(rd.school.levels),
        kind=rd.kind,
        period=rd.period,
        version=rd.report_version,
        set_id=a.indicators.set_id if a else "",
        set_version=a.indicators.version if a else "",
        answers=rd.answers(),
        checklist=tuple({"task_id": t.task_id, "status": t.status} for t in rd.checklist),
        answers_to_request=str(req) if req else None,
        doc_date=(rd.doc_date or "")[:10] or None,
        signer_name=rd.signer.name,
        group_totals={g.code: g.total for g in a.groups} if a else {},
    )


def _summary_of(data: dict) -> ReportSummary:
    """_summary() read from a data file that passed the schema check, without building its ReportData (the same
    fields, the same values: tests/core/test_commune_datafile.py compares them)."""
    r = data["report"]
    if not r["school"]["code"].strip():
        raise DataFileProblem("tệp dữ liệu không có mã trường")
    a = r["assessment"]
    answers = {}
    for item in a["items"] if a else ():
        if item["answer_json"] is None:
            continue
        try:  # the exact JSON text of an answer, inside the data file: read as carefully as the file itself
            answers[item["code"]] = jsonin.loads(item["answer_json"])
        except ValueError as exc:
            raise DataFileProblem(f"câu trả lời của mục {item['code'][:20]} không đọc được ({exc})") from None
    return ReportSummary(
        school_code=r["school"]["code"].strip(),
        school_name=r["school"]["name"],
        levels=tuple(r["school"]["levels"]),
        kind=r["kind"],
        period=r["period"],
        version=r["report_version"],
        set_id=a["indicators"]["set_id"] if a else "",
        set_version=a["indicators"]["version"] if a else "",
        answers=answers,
        checklist=tuple({"task_id": t["task_id"], "status": t["status"]} for t in r["checklist"]),
        answers_to_request=str(r["answers_to_request"]) if r.get("answers_to_request") else None,
        doc_date=(r["doc_date"] or "")[:10] or None,
        signer_name=r["signer"]["name"],
        group_totals={g["code"]: Decimal(g["total"]) for g in a["groups"]} if a else {},
    )


def summarize_checked(data: dict) -> ReportSummary:
    """summarize() for a data file that passed parse_json at intake (stored in the inbox): reads the few fields
    directly instead of rebuilding the whole ReportData, which keeps a 1,000-school roll-up fast."""
    if rollup_file.is_rollup(data):
        return rollup_summary(data)
    try:
        r = data["report"]
        a = data.get("answers") or {}
        school = r["school"]
        return ReportSummary(
            school_code=str(school["code"]).strip(),
            school_name=school["name"],
            levels=tuple(school["levels"]),
            kind=r["kind"],
            period=r["period"],
            version=int(r["report_version"]),
            set_id=a.get("indicators") or "",
            set_version=a.get("version") or "",
            answers=dict(a.get("answers") or {}),
            checklist=tuple({"task_id": t["task_id"], "status": t["status"]} for t in r.get("checklist") or ()),
            answers_to_request=r.get("answers_to_request") or None,
            doc_date=(r.get("doc_date") or "")[:10] or None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileProblem(f"tệp dữ liệu không đúng mẫu ({exc})") from None


def checklist_completion(rows: tuple[dict, ...] | list[dict]) -> tuple[int, int]:
    """(done, applicable): tasks marked not applicable (na) do not count."""
    applicable = [r for r in rows if r.get("status") != "na"]
    return sum(1 for r in applicable if r.get("status") == "done"), len(applicable)
