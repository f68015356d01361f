"""The data file a commune's signed roll-up carries (attached inside the signed revision, beside its workbook), so
that a Sở takes it in like a school's report: same verification, same policy (policy.py), re-read here.

Shape: the roll-up's own JSON (Rollup.to_dict(): kind, period, schools, level_counts, criteria, missing, not_sent,
refused, by_type…) with, on top, {"format": "socds-rollup", "format_version": 1, "version": n, "doc_date": ISO or
null, "authority": {"name", "code", "level", "parent", "signer_name", "signer_title"}}. A file without a body code
cannot be matched to a Sở's roster (it is held there, as a school's file without a known code is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the intake reads roll-up files without loading reportlab (authority.py's letterhead)
    from desktop.core.commune.authority import AuthorityInfo

ROLLUP_FORMAT = "socds-rollup"  # the "format" of this data file (a school's report data file has none)
FORMAT_VERSION = 1
UNIT_LEVEL = "XA"  # the "level" a commune has on a Sở's roster (roster.LEVELS)


class RollupFileProblem(Exception):
    """The roll-up data file does not follow its shape; the message is Vietnamese and says where."""


def to_datafile(rollup: dict[str, Any], a: AuthorityInfo, version: int = 1) -> dict[str, Any]:
    """The data file of a roll-up (`rollup`: Rollup.to_dict()) exported by the body `a`."""
    return {
        "format": ROLLUP_FORMAT,
        "format_version": FORMAT_VERSION,
        "version": version,
        "doc_date": a.doc_date,
        "authority": {
            "name": a.name,
            "code": a.code,
            "level": a.level,
            "parent": a.parent,
            "signer_name": a.signer_name,
            "signer_title": a.signer_title,
        },
        **rollup,
    }


def is_rollup(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("format") == ROLLUP_FORMAT


def _need(doc: dict, path: str, kind: type | tuple[type, ...]):
    value: Any = doc
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise RollupFileProblem(f"tệp dữ liệu tổng hợp thiếu mục «{path}»")
        value = value[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise RollupFileProblem(f"tệp dữ liệu tổng hợp: mục «{path}» không đúng kiểu")
    return value


def check(doc: dict) -> dict:
    """The fields the Sở reads, checked (type and presence); RollupFileProblem says what and where."""
    if doc.get("format_version") != FORMAT_VERSION:
        raise RollupFileProblem(
            f"tệp dữ liệu tổng hợp phiên bản định dạng {doc.get('format_version')!r}, máy này đọc được {FORMAT_VERSION}"
        )
    out = {
        "code": _need(doc, "authority.code", str).strip(),
        "name": _need(doc, "authority.name", str).strip(),
        "signer_name": _need(doc, "authority.signer_name", str),
        "kind": _need(doc, "kind", str),
        "period": _need(doc, "period", str),
        "version": _need(doc, "version", int),
        "doc_date": doc.get("doc_date") if isinstance(doc.get("doc_date"), str) else None,
    }
    if not out["code"]:
        raise RollupFileProblem("tệp dữ liệu tổng hợp không có mã cơ quan (xã khai báo: socds authority set --code …)")
    if out["version"] < 1:
        raise RollupFileProblem("tệp dữ liệu tổng hợp: phiên bản phải từ 1")
    for i, s in enumerate(_need(doc, "schools", list)):
        for key, kind in (("code", str), ("name", str), ("levels", list), ("overall_label", str), ("late", bool)):
            if not isinstance(s, dict) or not isinstance(s.get(key), kind):
                raise RollupFileProblem(f"tệp dữ liệu tổng hợp: mục «schools[{i}].{key}» thiếu hoặc không đúng kiểu")
    for key in ("missing", "not_sent", "refused_schools"):
        for i, m in enumerate(_need(doc, key, list)):
            if not isinstance(m, dict) or not isinstance(m.get("code"), str) or not isinstance(m.get("name"), str):
                raise RollupFileProblem(f"tệp dữ liệu tổng hợp: mục «{key}[{i}]» thiếu mã hoặc tên")
    counts = _need(doc, "level_counts", dict)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in counts.values()):
        raise RollupFileProblem("tệp dữ liệu tổng hợp: «level_counts» phải là số trường không âm")
    return out


VERSIONS = "rollup_versions"  # setting: "<kind>|<period>" -> the last version number this body exported


def next_version(store, kind: str | None, period: str | None) -> int:
    """The version the next exported roll-up of `kind`/`period` carries, recorded now: each export for sending is
    a new version (a signed version is never changed; the Sở keeps the newest), so a corrected roll-up sent again
    replaces the first instead of being refused as the same version with other content."""
    key = f"{kind or ''}|{period or ''}"
    versions = dict(store.get_setting(VERSIONS) or {})
    versions[key] = int(versions.get(key, 0)) + 1
    store.set_setting(VERSIONS, versions)
    return versions[key]
