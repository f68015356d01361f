"""An input fitted to an item's answer type; emits the typed value (None = not answered) when committed."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.core import shares
from desktop.core.bands import vn_number
from desktop.core.errors import UserError
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


def _share_text(basis: dict | None) -> str:
    s = shares.basis_share(basis)
    if s is None:
        return ""
    return f"{s.counted}/{s.total}" if s.total else f"{vn_number(s.percent)}%"


class AnswerInput(QWidget):
    committed = Signal(object)   # the value to store
    edited = Signal(object)      # live, while typing (for the points preview); a ValueError when unparsable,
    #                              a shares.Conversion while a share is typed
    share_committed = Signal(object, object)  # (value to store, basis dict): an answer given as a share

    def __init__(self, item: Item, value: Any, parent: QWidget | None = None, basis: dict | None = None):
        super().__init__(parent)
        self.item = item
        self.share_edit: QLineEdit | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        kind = item.answer.kind
        self.combo: QComboBox | None = None
        self.edit: QLineEdit | None = None
        if kind in ("yes_no", "condition", "choice"):
            self.combo = QComboBox()
            self.combo.setObjectName("answerCombo")
            self.combo.setAccessibleName(f"Câu trả lời mục {item.code}")
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
            if kind == "points" and shares.takes_share(item):
                # "Tỉ lệ…" items: the share is asked for in its own field; it fills the points (a suggestion)
                lay.addWidget(QLabel("Tỉ lệ:"))
                self.share_edit = QLineEdit(_share_text(basis))
                self.share_edit.setObjectName("shareEdit")
                self.share_edit.setAccessibleName("Tỉ lệ")
                self.share_edit.setPlaceholderText("85% hoặc 17/20")
                self.share_edit.setMaximumWidth(130)
                self.share_edit.textChanged.connect(self._live_share)
                self.share_edit.editingFinished.connect(self._emit_share)
                lay.addWidget(self.share_edit)
                lay.addWidget(QLabel("→ Điểm:"))
            self.edit = QLineEdit("" if value is None else vn_number(Decimal(str(value))))
            self.edit.setObjectName("answerEdit")
            self.edit.setAccessibleName({"points": "Điểm", "percent_bands": "Tỉ lệ %",
                                         "count_bands": "Số lượng"}[kind] + f" mục {item.code}")
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
        if self.item.answer.kind == "percent_bands" and "/" in self.edit.text():
            return self._share(self.edit.text()).percent
        return parse_number(self.edit.text())

    def _share(self, text: str) -> shares.ShareValue | None:
        try:
            return shares.parse_share(text)
        except UserError as exc:
            raise ValueError(str(exc)) from None

    def _typed_share(self) -> bool:
        """The points field holds a share ("85%", "17/20"): it is taken as the share, not as points."""
        return self.share_edit is not None and shares.looks_like_share(self.edit.text())

    def _live(self) -> None:
        if self._typed_share():
            self._live_share(self.edit.text())
            return
        try:
            self.edited.emit(self.value())
        except ValueError as exc:
            self.edited.emit(exc)

    def _live_share(self, text: str | None = None) -> None:
        try:
            s = self._share(self.share_edit.text() if text is None else text)
        except ValueError as exc:
            self.edited.emit(exc)
            return
        self.edited.emit(None if s is None else shares.convert(self.item, s))

    def _emit(self) -> None:
        if self._typed_share():
            self.share_edit.setText(self.edit.text().strip())
            self._emit_share()
            return
        try:
            v = self.value()
        except ValueError as exc:
            self.edited.emit(exc)
            return
        if self.item.answer.kind == "percent_bands" and v is not None and "/" in self.edit.text():
            s = self._share(self.edit.text())
            self.share_committed.emit(v, s.to_basis("typed"))
            return
        self.committed.emit(v)

    def _emit_share(self) -> None:
        try:
            s = self._share(self.share_edit.text())
        except ValueError as exc:
            self.edited.emit(exc)
            return
        if s is None:
            return  # clearing the share leaves the points as they are
        conv = shares.convert(self.item, s)
        self.edit.blockSignals(True)
        self.edit.setText(vn_number(conv.points))
        self.edit.blockSignals(False)
        self.share_committed.emit(conv.points, s.to_basis("typed"))
        self.edited.emit(conv)

    def setFocus(self) -> None:
        (self.combo or self.share_edit or self.edit).setFocus()
