"""The report's data file (JSON): what the commune's software reads. Versioned, documented schema
(docs/report-datafile.md, docs/report-datafile.schema.json — generated from the dataclasses, so they cannot drift).

Shape: {"format": "socds-report", "format_version": 1,
        "answers": {"indicators": id, "version": v, "answers": {...}, "notes": {...}}   # the `socds score` file
        "report": <ReportData.to_dict()>, "evidence_sha256": {"MC01": "…"}}
Answer values are exact JSON numbers/booleans/strings; every other number in "report" is a decimal string.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from decimal import Decimal
from typing import Any, Callable

from desktop.core import jsonin
from desktop.core.answers_file import document as answers_document
from desktop.core.errors import Location, ValidationError
from desktop.core.periods import REPORT_KINDS
from desktop.core.report.data import DATA_VERSION, ReportData

FORMAT = "socds-report"
FORMAT_VERSION = 1
SCHEMA_ID = "https://socds.invalid/schema/report-datafile-1.json"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def answers_file(rd: ReportData) -> dict:
    """The answers in the shape `socds score --answers` reads (empty for a plan-only report)."""
    a = rd.assessment
    if not a:
        return answers_document(None, None, {})
    return answers_document(
        a.indicators.set_id, a.indicators.version, rd.answers(), {i.code: i.note for i in a.items if i.note}
    )


def to_datafile(rd: ReportData) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "answers": answers_file(rd),
        "report": rd.to_dict(),
        "evidence_sha256": {e.ref: e.sha256 for e in rd.evidence if e.sha256},
    }


def render_json(rd: ReportData) -> bytes:
    return (json.dumps(to_datafile(rd), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_datafile(raw: bytes, name: str = "") -> ReportData:
    """Parse and check a data file; ValidationError lists every problem with its JSON path."""
    return ReportData.from_dict(load_datafile(raw, name)["report"])


def load_datafile(raw: bytes, name: str = "") -> dict:
    """The data file parsed (jsonin: exact numbers) and checked against the schema, as a dict."""
    try:
        data = jsonin.loads(raw)
    except ValueError as exc:
        raise ValidationError(
            [(Location(file=name or None), f"không phải tệp JSON hợp lệ ({exc})")], title="Tệp dữ liệu báo cáo có lỗi"
        ) from None
    return check_datafile(data, name)


def is_report_datafile(doc: Any) -> bool:
    """Whether a parsed JSON document says it is a report data file (its "format")."""
    return isinstance(doc, dict) and doc.get("format") == FORMAT


def check_datafile(data: Any, name: str = "") -> dict:
    """`data` (a data file already parsed by jsonin) checked against the schema and returned; ValidationError
    lists every problem with its JSON path. A document that passes gives a ReportData without error: the schema
    is generated from the dataclasses and is the stricter of the two (types, required keys, no unknown keys,
    decimal strings, data_version)."""
    if _datafile_ok(data):
        return data
    problems = validate(data, DATAFILE_SCHEMA)
    if problems:
        raise ValidationError(
            [(Location(file=name or None, path=p), m) for p, m in problems], title="Tệp dữ liệu báo cáo có lỗi"
        )
    return data


# ---- schema, generated from the dataclasses ---------------------------------------------------------------
def _schema_of(tp: Any, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _schema_of(args[0], defs)
        if "type" in inner and isinstance(inner["type"], str):
            return {**inner, "type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(tp)
            fields = dataclasses.fields(tp)
            defs[name] = {
                "type": "object",
                "additionalProperties": False,
                "required": [f.name for f in fields if f.default is dataclasses.MISSING],
                "properties": {f.name: _schema_of(hints[f.name], defs) for f in fields},
            }
        return {"$ref": f"#/$defs/{name}"}
    if tp is Decimal:
        return {"type": "string", "pattern": DECIMAL_PATTERN}
    return {"type": {str: "string", int: "integer", bool: "boolean"}.get(tp, "string")}


def build_schema() -> dict:
    defs: dict = {}
    report = _schema_of(ReportData, defs)
    defs["ReportData"]["properties"]["kind"] = {"type": "string", "enum": list(REPORT_KINDS)}
    defs["ReportData"]["properties"]["data_version"] = {"type": "integer", "maximum": DATA_VERSION}
    answer = {"type": ["boolean", "number", "string"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Sổ CĐS — tệp dữ liệu báo cáo",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "answers", "report", "evidence_sha256"],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "answers": {
                "type": "object",
                "additionalProperties": False,
                "required": ["indicators", "version", "answers"],
                "properties": {
                    "indicators": {"type": ["string", "null"]},
                    "version": {"type": ["string", "null"]},
                    "answers": {"type": "object", "additionalProperties": answer},
                    "notes": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            "report": report,
            "evidence_sha256": {
                "type": "object",
                "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
            # Added when the file travels inside a signed package: sha256 of the sibling attachments (the workbook),
            # so the one signature also vouches for which workbook belongs to this data.
            "attachments": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        },
        "$defs": defs,
    }


DATAFILE_SCHEMA = build_schema()


# ---- a small validator for the subset of JSON Schema used above ----------------------------------------------
_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
    "null": type(None),
    "number": (int, float, Decimal),
}


def _is(v: Any, t: str) -> bool:
    if t in ("integer", "number") and isinstance(v, bool):
        return False
    return isinstance(v, _TYPES[t])


def validate(data: Any, schema: dict, root: dict | None = None, path: str = "$") -> list[tuple[str, str]]:
    root = root or schema
    if "$ref" in schema:
        return validate(data, root["$defs"][schema["$ref"].split("/")[-1]], root, path)
    if "anyOf" in schema:  # used only as "X or null": report X's own problems
        if data is None:
            return []
        return validate(data, next(s for s in schema["anyOf"] if s != {"type": "null"}), root, path)
    out: list[tuple[str, str]] = []
    if "const" in schema and data != schema["const"]:
        return [(path, f"phải là {schema['const']!r}")]
    if "type" in schema:
        types_ = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(data, t) for t in types_):
            return [(path, f"cần kiểu {' hoặc '.join(types_)}, có {type(data).__name__}")]
    if "enum" in schema and data not in schema["enum"]:
        out.append((path, f"phải là một trong {', '.join(map(str, schema['enum']))}"))
    if "pattern" in schema and isinstance(data, str) and not re.search(schema["pattern"], data):
        out.append((path, f"«{data[:40]}» không đúng dạng"))
    if "maximum" in schema and _is(data, "number") and data > schema["maximum"]:
        out.append((path, f"lớn hơn {schema['maximum']}"))
    if isinstance(data, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in data:
                out.append((path, f"thiếu «{key}»"))
        extra = schema.get("additionalProperties", True)
        for key, value in data.items():
            if key in props:
                out += validate(value, props[key], root, f"{path}.{key}")
            elif extra is False:
                out.append((path, f"khóa «{key}» không thuộc định dạng"))
            elif isinstance(extra, dict):
                out += validate(value, extra, root, f"{path}.{key}")
    if isinstance(data, list) and "items" in schema:
        for k, value in enumerate(data):
            out += validate(value, schema["items"], root, f"{path}[{k}]")
    return out


def conforms(schema: dict) -> Callable[[Any], bool]:
    """A yes/no check equal to `validate(data, schema) == []`, compiled once from the schema. It builds no paths
    or messages and tests a plain value (a string, a number, a flag) in the object holding it instead of through
    a call of its own: a data file's 1,000-odd values cost a quarter of validate's time, which counts when a
    commune takes in many files. Only when it says no is validate run, for the messages."""
    defs: dict[str, Callable[[Any], bool]] = {}

    def plain(sch: dict) -> tuple[tuple[type, ...], bool] | None:
        """(Python types, whether bool is refused) for a schema that only names types, else None."""
        if set(sch) != {"type"}:
            return None
        types_ = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
        flat: list[type] = []
        for t in types_:
            kind = _TYPES[t]
            flat += kind if isinstance(kind, tuple) else [kind]
        return tuple(flat), "boolean" not in types_

    def compile_(sch: dict) -> Callable[[Any], bool]:
        if "$ref" in sch:
            name = sch["$ref"].split("/")[-1]
            if name not in defs:
                defs[name] = lambda v: False  # replaced below; a definition may refer to itself
                defs[name] = compile_(schema["$defs"][name])
            return lambda v: defs[name](v)
        if "anyOf" in sch:
            inner = compile_(next(s for s in sch["anyOf"] if s != {"type": "null"}))
            return lambda v: v is None or inner(v)
        simple = plain(sch)
        if simple is not None:
            kinds, no_bool = simple
            return lambda v: isinstance(v, kinds) and not (no_bool and isinstance(v, bool))
        checks: list[Callable[[Any], bool]] = []
        if "const" in sch:
            const = sch["const"]
            checks.append(lambda v: v == const)
        if "type" in sch:
            types_ = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
            checks.append(lambda v: any(_is(v, t) for t in types_))
        if "enum" in sch:
            enum = sch["enum"]
            checks.append(lambda v: v in enum)
        if "pattern" in sch:
            search = re.compile(sch["pattern"]).search
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        if "maximum" in sch:
            top = sch["maximum"]
            checks.append(lambda v: not (_is(v, "number") and v > top))
        if "properties" in sch or "required" in sch or "additionalProperties" in sch:
            checks.append(_object(sch))
        if "items" in sch:
            item_ok = compile_(sch["items"])
            checks.append(lambda v: not isinstance(v, list) or all(item_ok(x) for x in v))
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def _object(sch: dict) -> Callable[[Any], bool]:
        leaves: dict[str, tuple[tuple[type, ...], bool]] = {}
        others: dict[str, Callable[[Any], bool]] = {}
        for key, p in sch.get("properties", {}).items():
            simple = plain(p)
            if simple is not None:
                leaves[key] = simple
            else:
                others[key] = compile_(p)
        required = tuple(sch.get("required", []))
        extra = sch.get("additionalProperties", True)
        extra_ok = compile_(extra) if isinstance(extra, dict) else (lambda v: extra is not False)

        def object_ok(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key in required:
                if key not in v:
                    return False
            for key, value in v.items():
                leaf = leaves.get(key)
                if leaf is not None:
                    if not isinstance(value, leaf[0]) or (leaf[1] and isinstance(value, bool)):
                        return False
                elif not (others[key] if key in others else extra_ok)(value):
                    return False
            return True

        return object_ok

    return compile_(schema)


_datafile_ok = conforms(DATAFILE_SCHEMA)


if __name__ == "__main__":  # regenerate docs/report-datafile.schema.json
    import sys

    sys.stdout.write(json.dumps(DATAFILE_SCHEMA, ensure_ascii=False, indent=1) + "\n")
