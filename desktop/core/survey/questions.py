"""Survey questions as data: the questions file (docs/survey-format.md), its checks, and each answer's check.

A question is yes/no, a number (with an optional range and an integer flag), a choice among options, or a short
text. A yes/no question may name a staff-list flag (`attr`): the item code of a share item (1.6.1…) or a plan
target's own flag; its answer sets that flag. `sources` cite what the question serves (an indicator item, a plan
pack's target) and never carry figures: the figures are read from the pack itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop.core.errors import Location, UserError, ValidationError, nfc

FORMAT = "socds-survey-questions"
KINDS = {"yesno": "có/không", "number": "số", "choice": "chọn một", "text": "chữ ngắn"}
ID_RE = re.compile(r"^[a-z0-9_]{1,40}$")
ATTR_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
MAX_QUESTIONS = 40
MAX_OPTIONS = 8
YES_WORDS = {"có", "co", "x", "yes", "true", "1", "đúng", "rồi", "đã có"}
NO_WORDS = {"không", "khong", "no", "false", "0", "chưa", "sai"}


@dataclass(frozen=True)
class Source:
    indicator_set: str = ""
    item: str = ""
    pack: str = ""
    target: str = ""

    @property
    def label(self) -> str:
        if self.item:
            return f"mục {self.item} ({self.indicator_set})" if self.indicator_set else f"mục {self.item}"
        return f"chỉ tiêu {self.target} ({self.pack})"


@dataclass(frozen=True)
class Question:
    qid: str
    kind: str
    text: str
    attr: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    integer: bool = False
    options: tuple[str, ...] = ()
    max_length: int = 200
    required: bool = True
    sources: tuple[Source, ...] = ()

    @property
    def hint(self) -> str:
        """What a valid answer is, in words (printed beside the field and in the workbook)."""
        if self.kind == "yesno":
            return "Chọn Có hoặc Không"
        if self.kind == "choice":
            return "Chọn một: " + "; ".join(self.options)
        if self.kind == "text":
            return f"Tối đa {self.max_length} ký tự"
        bits = ["số nguyên" if self.integer else "số"]
        if self.minimum is not None and self.maximum is not None:
            bits.append(f"từ {_vn(self.minimum)} đến {_vn(self.maximum)}")
        elif self.minimum is not None:
            bits.append(f"từ {_vn(self.minimum)} trở lên")
        elif self.maximum is not None:
            bits.append(f"không quá {_vn(self.maximum)}")
        return "Ghi " + " ".join(bits)

    def canonical(self) -> dict:
        d: dict[str, Any] = {"id": self.qid, "type": self.kind, "text": self.text}
        if self.attr:
            d["attr"] = self.attr
        if self.kind == "number":
            if self.minimum is not None:
                d["min"] = _num(self.minimum)
            if self.maximum is not None:
                d["max"] = _num(self.maximum)
            if self.integer:
                d["integer"] = True
        if self.kind == "choice":
            d["options"] = list(self.options)
        if self.kind == "text":
            d["max_length"] = self.max_length
        if not self.required:
            d["required"] = False
        if self.sources:
            d["sources"] = [
                {
                    k: v
                    for k, v in (
                        ("indicator_set", s.indicator_set),
                        ("item", s.item),
                        ("pack", s.pack),
                        ("target", s.target),
                    )
                    if v
                }
                for s in self.sources
            ]
        return d


@dataclass(frozen=True)
class QuestionSet:
    set_id: str
    title: str
    questions: tuple[Question, ...]

    def canonical(self) -> dict:
        return {
            "format": FORMAT,
            "format_version": 1,
            "set_id": self.set_id,
            "title": self.title,
            "questions": [q.canonical() for q in self.questions],
        }

    @property
    def fingerprint(self) -> str:
        """Identifies the exact questions (ids, kinds, wording, ranges, options): a returned form must carry it."""
        text = json.dumps([q.canonical() for q in self.questions], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def get(self, qid: str) -> Question:
        return next(q for q in self.questions if q.qid == qid)


def _num(d: Decimal) -> str:
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


def _vn(d: Decimal) -> str:
    """A number as Vietnamese writes it (decimal comma)."""
    return _num(d).replace(".", ",")


def _dec(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, float):
        v = repr(v)
    try:
        d = Decimal(str(v).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def parse(data: Any, origin: str = "tệp câu hỏi") -> QuestionSet:
    """A checked QuestionSet from the questions file's JSON; a ValidationError naming every problem otherwise."""
    problems: list[tuple[Location | None, str]] = []

    def bad(where: str | None, msg: str) -> None:
        problems.append((Location(file=origin, path=where), msg))

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            [(Location(file=origin), f'không phải tệp câu hỏi khảo sát (cần "format": "{FORMAT}")')],
            title="Không đọc được tệp câu hỏi",
        )
    if data.get("format_version") != 1:
        bad("format_version", "phiên bản định dạng không được hỗ trợ (chỉ có 1)")
    set_id = data.get("set_id")
    if not isinstance(set_id, str) or not re.fullmatch(r"[a-z0-9\-]{1,60}", set_id):
        bad("set_id", "cần chuỗi chữ thường không dấu, số, gạch ngang (tối đa 60 ký tự)")
        set_id = ""
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        bad("title", "cần tiêu đề phiếu (tối đa 200 ký tự)")
        title = ""
    raw_qs = data.get("questions")
    if not isinstance(raw_qs, list) or not raw_qs:
        bad("questions", "cần danh sách câu hỏi, ít nhất một câu")
        raw_qs = []
    if len(raw_qs) > MAX_QUESTIONS:
        bad("questions", f"quá nhiều câu hỏi ({len(raw_qs)}; tối đa {MAX_QUESTIONS})")
    out: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_qs[:MAX_QUESTIONS], start=1):
        rid = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(rid, str) and rid in seen:
            bad(f"câu hỏi số {n}", f"mã «{rid}» bị lặp")
            continue
        if isinstance(rid, str):
            seen.add(rid)
        q = parse_question(raw, lambda msg, n=n: bad(f"câu hỏi số {n}", msg))
        if q is not None:
            out.append(q)
    if problems:
        raise ValidationError(problems, title="Tệp câu hỏi có lỗi")
    return QuestionSet(set_id, nfc(title.strip()), tuple(out))


ALLOWED_KEYS = {"id", "type", "text", "attr", "min", "max", "integer", "options", "max_length", "required", "sources"}


def parse_question(raw: Any, bad) -> Question | None:
    """One question from its JSON; `bad(msg)` is told each problem (None is returned then)."""
    count = 0

    def err(msg: str) -> None:
        nonlocal count
        count += 1
        bad(msg)

    if not isinstance(raw, dict):
        err('cần một đối tượng {"id", "type", "text", …}')
        return None
    for key in sorted(set(raw) - ALLOWED_KEYS):
        err(f"khóa «{key}» không thuộc định dạng")
    qid, kind, text = raw.get("id"), raw.get("type"), raw.get("text")
    if not isinstance(qid, str) or not ID_RE.match(qid):
        err("«id» cần chữ thường không dấu, số hoặc gạch dưới (tối đa 40 ký tự)")
        qid = ""
    if kind not in KINDS:
        err(f"«type» phải là một trong: {', '.join(KINDS)}")
        kind = ""
    if not isinstance(text, str) or not text.strip() or len(text) > 500:
        err("«text» cần nội dung câu hỏi (tối đa 500 ký tự)")
        text = ""
    attr = raw.get("attr", "")
    if attr and (kind != "yesno" or not isinstance(attr, str) or not ATTR_RE.match(attr)):
        err("«attr» chỉ dùng cho câu có/không và là mã ngắn không dấu (ví dụ 1.6.1)")
    lo, hi = raw.get("min"), raw.get("max")
    minimum = _dec(lo) if lo is not None else None
    maximum = _dec(hi) if hi is not None else None
    if kind != "number" and (lo is not None or hi is not None or "integer" in raw):
        err("«min», «max», «integer» chỉ dùng cho câu kiểu number")
    if (lo is not None and minimum is None) or (hi is not None and maximum is None):
        err("«min»/«max» phải là số")
    elif minimum is not None and maximum is not None and minimum > maximum:
        err("«min» lớn hơn «max»")
    integer = raw.get("integer", False)
    if not isinstance(integer, bool):
        err("«integer» là true hoặc false")
    options = raw.get("options", [])
    if kind == "choice":
        if (
            not isinstance(options, list)
            or not 2 <= len(options) <= MAX_OPTIONS
            or not all(isinstance(o, str) and o.strip() and len(o) <= 80 for o in options)
        ):
            err(f"«options» cần từ 2 đến {MAX_OPTIONS} lựa chọn, mỗi lựa chọn tối đa 80 ký tự")
            options = []
        elif len({nfc(o.strip()).casefold() for o in options}) != len(options):
            err("«options» có lựa chọn bị lặp")
    elif "options" in raw:
        err("«options» chỉ dùng cho câu kiểu choice")
    max_length = raw.get("max_length", 200)
    if kind == "text" and (
        not isinstance(max_length, int) or isinstance(max_length, bool) or not 1 <= max_length <= 500
    ):
        err("«max_length» là số nguyên từ 1 đến 500")
    elif kind != "text" and "max_length" in raw:
        err("«max_length» chỉ dùng cho câu kiểu text")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        err("«required» là true hoặc false")
    sources = []
    raw_sources = raw.get("sources", [])
    if not isinstance(raw_sources, list):
        err("«sources» là danh sách")
        raw_sources = []
    for s in raw_sources:
        ok = (
            isinstance(s, dict)
            and all(isinstance(v, str) and v for v in s.values())
            and (set(s) in ({"indicator_set", "item"}, {"item"}, {"pack", "target"}))
        )
        if not ok:
            err('mỗi nguồn trong «sources» là {"indicator_set", "item"} hoặc {"pack", "target"}')
            continue
        sources.append(Source(**s))
    if count:
        return None
    return Question(
        qid,
        kind,
        nfc(text.strip()),
        attr,
        minimum,
        maximum,
        integer,
        tuple(nfc(o.strip()) for o in options),
        max_length if kind == "text" else 200,
        required,
        tuple(sources),
    )


def load_file(path: Path | str) -> QuestionSet:
    from desktop.core.jsonin import JsonInputError, loads

    path = Path(path)
    try:
        data = loads(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp câu hỏi {path}.") from None
    except OSError as exc:
        raise ValidationError(
            [(Location(file=path.name), f"không đọc được tệp ({exc.strerror or type(exc).__name__})")],
            title="Không đọc được tệp câu hỏi",
        ) from None
    except JsonInputError as exc:  # numbers exact, nesting and huge numbers refused (desktop/core/jsonin.py)
        raise ValidationError(
            [(Location(file=path.name), f"không đọc được JSON: {exc}")], title="Không đọc được tệp câu hỏi"
        ) from None
    return parse(data, path.name)


def bundled() -> QuestionSet:
    from desktop.core.paths import resource

    return load_file(resource("survey", "giao-vien-qd4725.json"))


def merge(title: str, *sets: QuestionSet, pick: list[str] | None = None) -> QuestionSet:
    """The questions of several sets (in order), optionally only those whose ids are in `pick`."""
    qs: list[Question] = []
    seen: set[str] = set()
    for s in sets:
        for q in s.questions:
            if q.qid in seen:
                raise UserError(f"Mã câu hỏi «{q.qid}» có trong hai tệp câu hỏi; hãy đổi mã ở một tệp.")
            seen.add(q.qid)
            qs.append(q)
    if pick is not None:
        unknown = [p for p in pick if p not in seen]
        if unknown:
            raise UserError(f"Không có câu hỏi mã: {', '.join(unknown)}. Các mã có: {', '.join(q.qid for q in qs)}.")
        qs = [q for q in qs if q.qid in pick]
    if not qs:
        raise UserError("Phiếu cần ít nhất một câu hỏi.")
    if len(qs) > MAX_QUESTIONS:
        raise UserError(f"Phiếu có quá nhiều câu hỏi ({len(qs)}; tối đa {MAX_QUESTIONS}).")
    return QuestionSet("dot-khao-sat", nfc(title), tuple(qs))


# ---- one answer ---------------------------------------------------------------------------------------------
def check_answer(q: Question, raw: Any) -> tuple[Any, str | None]:
    """(value, None) for a valid answer (None value = not answered), or (None, problem in Vietnamese)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if q.kind == "yesno":
        if isinstance(raw, bool):
            return raw, None
        word = nfc(str(raw).strip()).casefold()
        if word in YES_WORDS:
            return True, None
        if word in NO_WORDS:
            return False, None
        return None, f"«{_short(raw)}» không phải Có hoặc Không"
    if q.kind == "number":
        d = _dec(raw)
        if d is None:
            return None, f"«{_short(raw)}» không phải là số"
        if q.integer and d != d.to_integral_value():
            return None, f"{_vn(d)} không phải số nguyên"
        if (q.minimum is not None and d < q.minimum) or (q.maximum is not None and d > q.maximum):
            return None, f"{_vn(d)} nằm ngoài khoảng cho phép ({q.hint[4:]})"
        return (int(d) if q.integer else d), None
    text = nfc(" ".join(str(raw).split()))
    if q.kind == "choice":
        for o in q.options:
            if o.casefold() == text.casefold():
                return o, None
        return None, f"«{_short(text)}» không phải một lựa chọn của câu này ({'; '.join(q.options)})"
    if len(text) > q.max_length:
        return None, f"câu trả lời dài {len(text)} ký tự, quá {q.max_length} ký tự cho phép"
    return text, None


def _short(v: Any) -> str:
    s = nfc(str(v).strip())
    return s if len(s) <= 40 else s[:39] + "…"


def answer_text(value: Any) -> str:
    """An answer as shown to the user."""
    if value is None:
        return "(chưa trả lời)"
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, Decimal):
        return _vn(value)
    return str(value)
