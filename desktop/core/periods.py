"""The reporting period: a month ("2026-03"), a quarter ("2026-Q1"), a calendar year ("2026") or a school year
("2025-2026", administratively 1/8 to 31/7) — its text, its Vietnamese words, its first and last day, and the day a
report of it is due by a plan's rule or by the usual rhythm. Every module that reads or writes a period uses Period.

The usual rhythm is the one seen in the provincial plans (reference: report-and-signature.md): the yearly
self-assessment before 31/5 of the school year's second calendar year (QĐ 4725); a monthly report before the 20th
of the month, a quarterly one before the 20th of the quarter's last month, a yearly one before 10/12, and "before
15/6" for other reports of a school year. A deadline "trước ngày 20" is due on the 20th, as the document names it,
and is overdue from the day after. A plan pack's own deadline (desktop.core.deadlines.Deadline) overrides it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from typing import Iterator

from desktop.core.deadlines import Deadline
from desktop.core.demo_day import DEMO_TODAY

# Vietnam's time zone (UTC+7, no daylight saving): every date and time a person reads — a signing time, a
# PDF's creation date, the day a report arrived — is given in it, whatever the PC's or the signer's zone.
VIETNAM = timezone(timedelta(hours=7), "ICT")

PERIOD_KINDS = ("month", "quarter", "year", "school-year")
# The reports a school makes: its self-assessment (over a school year) and its month, quarter and year reports.
REPORT_KINDS = ("self-assessment", "month", "quarter", "year")
EXAMPLES = {"month": "2026-03", "quarter": "2026-Q1", "year": "2026", "school-year": "2025-2026"}
_ROMAN = ("I", "II", "III", "IV")
_FORMS = (
    (re.compile(r"(\d{4})-(0[1-9]|1[0-2])"), "month"),
    (re.compile(r"(\d{4})-Q([1-4])"), "quarter"),
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{4})-(\d{4})"), "school-year"),
)

# The usual rhythm, by the period's kind (a self-assessment has its own: SELF_ASSESSMENT_RULE).
USUAL_RULES = {
    "month": Deadline("monthly", day=20),
    "quarter": Deadline("quarterly", day=20),
    "year": Deadline("yearly", day=10, in_month=12),
    "school-year": Deadline("yearly", day=15, in_month=6),
}
SELF_ASSESSMENT_RULE = Deadline("yearly", day=31, in_month=5)
# What each rule recurs over: a monthly rule is due once a month, and so on.
RULE_PERIODS = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def period_kind(report_kind: str) -> str:
    """The kind of period a report of `report_kind` covers: a self-assessment covers a school year."""
    return "school-year" if report_kind in ("self-assessment", "school-year") else report_kind


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. `year` is the calendar year (a school year's first); `number` the month or quarter."""

    kind: str
    year: int
    number: int = 0

    @classmethod
    def parse(cls, text: str, kind: str | None = None) -> Period:
        """The period written as `text`; with `kind` (a period or report kind), only a period of that kind.
        Raises ValueError with a Vietnamese message naming the text and the forms it may take."""
        text = str(text).strip()
        want = period_kind(kind) if kind else None
        if want and want not in PERIOD_KINDS:
            raise ValueError(f"loại báo cáo «{kind}» không có kỳ")
        for pattern, form in _FORMS:
            if (m := pattern.fullmatch(text)) and want in (None, form):
                if form == "school-year" and int(m[2]) != int(m[1]) + 1:
                    break
                return cls(form, int(m[1]), int(m[2]) if form in ("month", "quarter") else 0)
        if want:
            raise ValueError(f"Kỳ «{text[:40]}» không đúng dạng: ghi dạng {EXAMPLES[want]}")
        raise ValueError(f"Kỳ «{text[:40]}» không đúng dạng (2026-03, 2026-Q1, 2026 hoặc 2025-2026)")

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The period of `kind` (a period or report kind) that contains `day`."""
        kind = period_kind(kind)
        if kind == "month":
            return cls(kind, day.year, day.month)
        if kind == "quarter":
            return cls(kind, day.year, (day.month - 1) // 3 + 1)
        if kind == "year":
            return cls(kind, day.year)
        if kind == "school-year":
            return cls(kind, day.year if day.month >= 8 else day.year - 1)
        raise ValueError(f"unknown period kind {kind!r}")

    @classmethod
    def between(cls, kind: str, start: date, end: date) -> Iterator[Period]:
        """Every period of `kind` that overlaps start..end, in order."""
        p = cls.of(kind, start)
        while p.first <= end:
            yield p
            p = p.next()

    def next(self) -> Period:
        if self.kind == "month":
            return Period("month", *((self.year + 1, 1) if self.number == 12 else (self.year, self.number + 1)))
        if self.kind == "quarter":
            return Period("quarter", *((self.year + 1, 1) if self.number == 4 else (self.year, self.number + 1)))
        return Period(self.kind, self.year + 1)

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "school-year":
            return f"{self.year}-{self.year + 1}"
        return str(self.year)

    @property
    def label(self) -> str:
        """ "tháng 3 năm 2026", "quý I năm 2026", "năm 2026", "năm học 2025-2026"."""
        if self.kind == "month":
            return f"tháng {self.number} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == "school-year":
            return f"năm học {self}"
        return f"năm {self.year}"

    @property
    def file_words(self) -> str:
        """The period in a file name the user is offered: "thang-03-2026", "quy-1-2026", "nam-2026",
        "nam-hoc-2025-2026" (words, not the data's "2026-03", which reads as an ISO date)."""
        if self.kind == "month":
            return f"thang-{self.number:02d}-{self.year}"
        if self.kind == "quarter":
            return f"quy-{self.number}-{self.year}"
        if self.kind == "school-year":
            return f"nam-hoc-{self}"
        return f"nam-{self.year}"

    @property
    def first(self) -> date:
        if self.kind == "school-year":
            return date(self.year, 8, 1)
        return date(self.year, {"month": self.number, "quarter": self.number * 3 - 2}.get(self.kind, 1), 1)

    @property
    def last(self) -> date:
        if self.kind == "school-year":
            return date(self.year + 1, 7, 31)
        month = {"month": self.number, "quarter": self.number * 3}.get(self.kind, 12)
        return date(self.year, month, days_in(self.year, month))

    def due(self, rule: Deadline | None = None, report_kind: str = "") -> date | None:
        """The day this period's report is due by `rule` (a plan's recurring deadline), or by the usual rhythm for
        a `report_kind` when there is no rule. None when the rule does not recur over this kind of period."""
        if rule is None:
            own = report_kind == "self-assessment" and self.kind == "school-year"
            rule = SELF_ASSESSMENT_RULE if own else USUAL_RULES[self.kind]
        if rule.kind in ("monthly", "quarterly") and rule.day and RULE_PERIODS[rule.kind] == self.kind:
            return date(self.year, self.last.month, rule.day)
        if rule.kind == "yearly" and rule.day and rule.in_month and self.kind in ("year", "school-year"):
            year = self.year if self.kind == "year" or rule.in_month >= 8 else self.year + 1
            return date(year, rule.in_month, min(rule.day, days_in(year, rule.in_month)))
        return None


def days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def due_date(report_kind: str, period: str) -> date | None:
    """When a report of `report_kind` for the period written `period` is due by the usual rhythm; None when the
    text is not a period (a file from elsewhere may carry anything)."""
    try:
        return Period.parse(period).due(report_kind=report_kind)
    except ValueError:
        return None


def date_text(iso: str | None) -> str:
    """An ISO date (or date and time) as the reports write it, 05/03/2026; empty for none."""
    if not iso:
        return ""
    d = date.fromisoformat(iso[:10])
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def label(text: str) -> str:
    """The words of the period written `text`; a text that is no period (a file from elsewhere may carry anything)
    is shown as it is, quoted."""
    try:
        return Period.parse(text).label
    except ValueError:
        return f"kỳ «{text[:40]}»"


def file_words(text: str) -> str:
    """`text` (a period as the data writes it) for a file name: Period.file_words; a text that is no period is
    kept to its letters, digits and dashes."""
    try:
        return Period.parse(text).file_words
    except ValueError:
        return re.sub(r"[^0-9A-Za-z-]+", "", text)


def report_title(kind: str, period: str) -> str:
    """A report as the user says it: "báo cáo tự đánh giá năm học 2025-2026", "báo cáo tháng 3 năm 2026",
    "báo cáo quý I năm 2026" (never the data's "self-assessment" or "2026-03")."""
    words = label(period)
    return f"báo cáo tự đánh giá {words}" if kind == "self-assessment" else f"báo cáo {words}"


# A report's kind in a file name the user is offered ("self-assessment" is the data's word, not the user's).
KIND_FILE_WORDS = {"self-assessment": "tu-danh-gia", "month": "bao-cao", "quarter": "bao-cao", "year": "bao-cao"}


def today(store=None) -> date:
    """The day deadlines are counted from: the demo file lives on its own fixed day, so its calendar reads the same
    whenever it is opened; every other file lives today."""
    if store is not None and store.get_setting("demo"):
        return DEMO_TODAY
    return date.today()
