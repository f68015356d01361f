"""How a period report names the plans it answers, as one official text cites another: "Thực hiện Kế hoạch số
27/KH-SGDĐT ngày 19/9/2025 của Sở Giáo dục và Đào tạo tỉnh Ninh Bình về chuyển đổi số ngành Giáo dục và Đào tạo
năm 2025".

The kind of document is read from what the pack records, its number's symbol (Nghị định 30/2020/NĐ-CP, Phụ lục
III: "27/KH-SGDĐT" is a Kế hoạch; a công văn's symbol has no kind, only the issuer's and the drafting unit's
abbreviations, "/SGDĐT-QLCL-CĐS") and its title (a công văn's subject starts "V/v"). Nothing is invented: a number
the copy leaves blank is printed as a blank ("số …/KH-SGDĐT"), a date known only to the month as "tháng 4/2026".
Whether a plan is in force in a period is its life (PlanPack.life) overlapping the period.
"""

from __future__ import annotations

from datetime import date

from desktop.core.periods import Period

# Nghị định 30/2020/NĐ-CP, Phụ lục III: abbreviations of the kinds of administrative documents
DOC_KINDS = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QYĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CĐ": "Công điện",
}
OFFICIAL_LETTER = "Công văn"


def doc_kind(doc_number: str, title: str = "") -> str:
    """ "Kế hoạch", "Công văn", …, or "" when neither the symbol nor the title says."""
    symbol = doc_number.split("/", 1)[1] if "/" in doc_number else ""
    first = symbol.split("-", 1)[0].strip()
    if first in DOC_KINDS:
        return DOC_KINDS[first]
    if title.strip().startswith(("V/v", "V/V", "Về việc")):
        return OFFICIAL_LETTER
    if symbol and "-" in symbol:  # "SGDĐT-QLCL-CĐS", "UBND-VHXX": issuer and unit, no kind: a công văn
        return OFFICIAL_LETTER
    return ""


def _number(doc_number: str) -> str:
    """ "số 27/KH-SGDĐT"; a number the copy leaves blank stays a blank: "số …/KH-SGDĐT"."""
    text = doc_number.strip()
    if not text:
        return ""
    if text.startswith("/"):
        text = "…" + text
    return f"số {text}"


def _date(doc_date: str) -> str:
    """ "ngày 19/9/2025", "tháng 4/2026", "năm 2026" (as much as the copy gives)."""
    parts = [int(x) for x in doc_date.split("-") if x.isdigit()] if doc_date else []
    if len(parts) == 3:
        return f"ngày {parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {parts[1]}/{parts[0]}"
    if len(parts) == 1:
        return f"năm {parts[0]}"
    return ""


def _about(title: str, kind: str) -> str:
    """The subject of the cited text, as the citation's "về …" part."""
    t = " ".join(title.split())
    for prefix in ("V/v ", "V/V ", "Về việc "):
        if t.startswith(prefix):
            return "về việc " + t[len(prefix) :]
    if kind and t.lower().startswith(kind.lower() + " "):
        t = t[len(kind) + 1 :]
    if not t:
        return ""
    return "về " + (t[0].lower() + t[1:] if not t[:2].isupper() else t)


def citation(doc_number: str, doc_date: str, issuer: str, title: str) -> str:
    """ "Kế hoạch số 27/KH-SGDĐT ngày 19/9/2025 của Sở Giáo dục và Đào tạo tỉnh Ninh Bình về chuyển đổi số …"."""
    kind = doc_kind(doc_number, title)
    parts = [kind or "Văn bản", _number(doc_number), _date(doc_date)]
    if issuer.strip():
        parts.append(f"của {issuer.strip()}")
    parts.append(_about(title, kind))
    return " ".join(p for p in parts if p)


def in_force(life: tuple[date | None, date | None], period: Period) -> bool:
    """A plan is reported on in a period its life overlaps (an unknown end or start does not exclude it)."""
    begin, end = life
    return (begin is None or begin <= period.last) and (end is None or end >= period.first)
