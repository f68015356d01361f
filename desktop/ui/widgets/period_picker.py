"""A period picker: tháng / quý / năm / năm học chosen from a list, never typed as "2026-Q1"."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.core.periods import Period, period_kind

YEARS_BACK, YEARS_AHEAD = 2, 1


def choices(kind: str, day: date, school_years: list[str] = ()) -> list[Period]:
    """The periods of `kind` (a report kind) offered around `day`: two years back, one ahead, newest first.
    A school year also lists the data file's own school years."""
    pk = period_kind(kind)
    start = date(day.year - YEARS_BACK, 1, 1)
    end = date(day.year + YEARS_AHEAD, 12, 31) if pk != "month" else date(day.year, 12, 31)
    found = set(Period.between(pk, start, end))
    for label in school_years if pk == "school-year" else ():
        try:
            found.add(Period.parse(label, pk))
        except ValueError:
            continue
    return sorted(found, reverse=True)


class PeriodPicker(QWidget):
    """`text()` gives the period as the core writes it ("2026-03"); `chosen` fires when the user picks one."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName("periodPicker")
        self.combo.setAccessibleName("Kỳ báo cáo")
        self.combo.setMinimumContentsLength(18)
        self.combo.activated.connect(lambda _i: self.chosen.emit(self.text()))
        lay.addWidget(self.combo)
        self.kind = ""

    def set_kind(self, kind: str, day: date, current: str, school_years: list[str] = ()) -> None:
        """Offer the periods of report kind `kind` and select `current` (added when outside the list)."""
        self.kind = kind
        self.combo.blockSignals(True)
        self.combo.clear()
        for p in choices(kind, day, school_years):
            self.combo.addItem(p.label[:1].upper() + p.label[1:], str(p))
        if current and self.combo.findData(current) < 0:
            try:
                p = Period.parse(current, kind)
                self.combo.addItem(p.label[:1].upper() + p.label[1:], str(p))
            except ValueError:
                pass
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)

    def text(self) -> str:
        return self.combo.currentData() or ""

    def setText(self, period: str) -> None:  # the QLineEdit method it stands in for
        i = self.combo.findData(period)
        if i >= 0:
            self.combo.setCurrentIndex(i)
