"""An input fitted to an item's answer type; emits the typed value (None = not answered) when committed."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.core.bands import vn_number
from desktop.core.indicators import Item

NOT_ANSWERED = "— chưa trả lời —"


def parse_number(text: str) -> Decimal | None:
    """Vietnamese users type 7,5 or 7.5; blank means not answered. Raises ValueError on anything else."""
    t = text.strip().replace(" ", "").replace(",", ".").rstrip("%")
    if not t:
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValueError(f"«{text.strip()}» không phải là một số.") from None
    if not d.is_finite():
        raise ValueError(f"«{text.strip()}» không phải là một số.")
    return d


class AnswerInput(QWidget):
    committed = Signal(object)   # the value to store
    edited = Signal(object)      # live, while typing (for the points preview); a ValueError when unparsable

    def __init__(self, item: Item, value: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        kind = item.answer.kind
        self.combo: QComboBox | None = None
        self.edit: QLineEdit | None = None
        if kind in ("yes_no", "condition", "choice"):
            self.combo = QComboBox()
            self.combo.setObjectName("answerCombo")
            self.combo.addItem(NOT_ANSWERED, None)
            if kind == "choice":
                for c in item.answer.choices:
                    self.combo.addItem(f"{c.label} ({vn_number(c.points)} điểm)", c.code)
            else:
                yes, no = ("Đạt", "Chưa đạt") if kind == "condition" else ("Có", "Không")
                self.combo.addItem(yes, True)
                self.combo.addItem(no, False)
            idx = next((i for i in range(self.combo.count()) if self.combo.itemData(i) == value
                        and type(self.combo.itemData(i)) is type(value)), 0)
            self.combo.setCurrentIndex(idx)
            self.combo.activated.connect(lambda _i: self._emit())
            lay.addWidget(self.combo)
        else:
            self.edit = QLineEdit("" if value is None else vn_number(Decimal(str(value))))
            self.edit.setObjectName("answerEdit")
            self.edit.setMaximumWidth(160)
            unit = {"points": f"điểm (0–{vn_number(item.max_points)})", "percent_bands": "%",
                    "count_bands": ""}.get(kind, "")
            self.edit.setPlaceholderText({"points": "Số điểm", "percent_bands": "Tỉ lệ %", "count_bands": "Số lượng"}[kind])
            self.edit.textChanged.connect(self._live)
            self.edit.editingFinished.connect(self._emit)
            lay.addWidget(self.edit)
            lay.addWidget(QLabel(unit))
        lay.addStretch(1)

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        return parse_number(self.edit.text())

    def _live(self) -> None:
        try:
            self.edited.emit(self.value())
        except ValueError as exc:
            self.edited.emit(exc)

    def _emit(self) -> None:
        try:
            v = self.value()
        except ValueError as exc:
            self.edited.emit(exc)
            return
        self.committed.emit(v)

    def setFocus(self) -> None:  # noqa: N802 - Qt name
        (self.combo or self.edit).setFocus()
