"""The answers file (docs/answers-format.md), read and written here only: what `socds score --answers` reads,
what an assessment exports, and the "answers" part of the report's data file.

    {"indicators": set_id, "version": v, "answers": {code: value}, "notes": {code: text}}

Numbers are exact (Decimal / int, never float); "notes" is optional.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from desktop.core import jsonin
from desktop.core.bands import num_out
from desktop.core.errors import Location, UserError, ValidationError

MAX_BYTES = 5 * 1024 * 1024
KEYS = ("indicators", "version", "answers", "notes")
TITLE = "Tệp câu trả lời có lỗi"


def document(
    set_id: str | None, version: str | None, answers: Mapping[str, Any], notes: Mapping[str, str] | None = None
) -> dict:
    """The answers as the file holds them, JSON-able and exact (a Decimal becomes a JSON number)."""
    out = {c: (num_out(v) if isinstance(v, Decimal) else v) for c, v in answers.items()}
    return {"indicators": set_id, "version": version, "answers": out, "notes": dict(notes or {})}


def parse(raw: bytes, name: str) -> dict:
    """Check and return an answers file's content; a located ValidationError lists what is wrong."""
    loc = Location(file=name)
    if len(raw) > MAX_BYTES:
        raise ValidationError([(loc, "tệp quá lớn (trên 5 MB), không phải tệp câu trả lời")], title=TITLE)
    try:
        data = jsonin.loads(raw)
    except ValueError as exc:
        raise ValidationError([(loc, f"không phải tệp JSON hợp lệ ({exc})")], title=TITLE) from None
    problems = []
    if not isinstance(data, dict):
        problems.append((loc, 'nội dung phải là một đối tượng {"indicators", "version", "answers"}'))
    else:
        if not isinstance(data.get("answers"), dict):
            problems.append((loc, "thiếu phần «answers» dạng {mã mục: giá trị}"))
        for key in ("indicators", "version"):
            if data.get(key) is not None and not isinstance(data[key], str):
                problems.append((loc, f"«{key}» phải là chữ"))
        if data.get("notes") is not None and not (
            isinstance(data["notes"], dict) and all(isinstance(v, str) for v in data["notes"].values())
        ):
            problems.append((loc, "«notes» phải có dạng {mã mục: lời ghi}"))
        extra = set(data) - set(KEYS)
        if extra:
            problems.append((loc, "có khóa không thuộc định dạng: " + ", ".join(sorted(map(str, extra))[:5])))
    if problems:
        raise ValidationError(problems, title=TITLE)
    return data


def read(path: Path) -> dict:
    """parse() of a file on disk; a missing or unreadable file is a plain UserError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp {path}.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path} ({exc.strerror}).") from None
    return parse(raw, path.name)
