"""Two versions of a school's report side by side (desktop/core/commune/compare.py): what each was, then one row
per change — section, code, what it is, before, after, the points' difference — filtered by section. Opened with
the school's versions (compare_versions.py), the two lists at the top choose any pair to compare."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (QApplication, QComboBox, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.core.commune.compare import SECTIONS, Comparison, describe
from desktop.core.commune.compare_versions import Version
from desktop.core.errors import UserError
from desktop.core.report.data import KIND_LABELS
from desktop.core.periods import label as period_label
from desktop.ui.errors import show_user_error
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view
from desktop.ui.help_view import GuidedDialog

ALL = "Tất cả thay đổi"
DELTA_COLORS = {"+": "#1b5e20", "−": "#b71c1c"}


def columns(cmp: Comparison) -> list[Column]:
    return [
        Column("Phần", lambda c: SECTIONS[c.section]),
        Column("Mã", lambda c: c.code if c.section not in ("text", "evidence") else ""),
        Column("Nội dung", lambda c: c.label, tooltip=lambda c: c.label),
        Column(f"Trước (v{cmp.old.version})", lambda c: c.old or "(không có)", tooltip=lambda c: c.old or None),
        Column(f"Sau (v{cmp.new.version})", lambda c: c.new or "(không có)", tooltip=lambda c: c.new or None),
        Column("Chênh lệch điểm", lambda c: c.delta, foreground=lambda c: DELTA_COLORS.get(c.delta[:1])),
    ]


class CompareDialog(GuidedDialog):
    """`versions` (oldest first) and `recompare(old, new)`: the school's versions to choose the pair from."""
    help_topic = "so-sanh"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, cmp: Comparison, parent: QWidget | None = None, versions: list[Version] | None = None,
                 recompare: Callable[[Version, Version], Comparison] | None = None):
        super().__init__(parent)
        self.cmp = cmp
        self.versions, self.recompare = list(versions or []), recompare
        self.resize(1200, 650)
        lay = QVBoxLayout(self)
        self.old_pick, self.new_pick = QComboBox(), QComboBox()
        if recompare is not None and len(self.versions) >= 2:
            pick = QHBoxLayout()
            for label, combo, name in (("Phiên bản trước:", self.old_pick, "compareOld"),
                                       ("so với phiên bản sau:", self.new_pick, "compareNew")):
                combo.setObjectName(name)
                combo.setAccessibleName(label.rstrip(":"))
                combo.addItems([v.label for v in self.versions])
                pick.addWidget(QLabel(label))
                pick.addWidget(combo, 1)
            lay.addLayout(pick)
        self.head = QLabel()
        self.head.setWordWrap(True)
        lay.addWidget(self.head)
        self.notes = QLabel()
        self.notes.setObjectName("compareNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")
        lay.addWidget(self.notes)
        row = QHBoxLayout()
        self.section = QComboBox()
        self.section.setObjectName("compareSection")
        row.addWidget(QLabel("Xem:"))
        row.addWidget(self.section)
        self.summary = QLabel()
        self.summary.setObjectName("compareSummary")
        row.addWidget(self.summary, 1)
        lay.addLayout(row)
        self.model = RowsModel(columns(cmp), self)
        self.proxy = RowsProxy(self.model, self, accept=self._accepts)
        self.view = rows_view(self.proxy, "compareTable", label="Các thay đổi giữa hai phiên bản")
        self.view.setWordWrap(True)
        lay.addWidget(self.view, 1)
        self.section.currentIndexChanged.connect(lambda _i: self.proxy.refilter())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        copy = QPushButton("Chép nội dung so sánh")
        copy.setToolTip("Chép toàn bộ so sánh dạng văn bản (để dán vào thư, văn bản)")
        copy.clicked.connect(lambda: QApplication.clipboard().setText("\n".join(describe(self.cmp))))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.show_comparison(cmp)
        self.old_pick.currentIndexChanged.connect(lambda _i: self._pick())
        self.new_pick.currentIndexChanged.connect(lambda _i: self._pick())

    def _index_of(self, source: str) -> int:
        return next((i for i, v in enumerate(self.versions) if v.source == source), -1)

    def show_comparison(self, cmp: Comparison) -> None:
        self.cmp = cmp
        o, n = cmp.old, cmp.new
        for combo, side in ((self.old_pick, o), (self.new_pick, n)):
            combo.blockSignals(True)
            combo.setCurrentIndex(self._index_of(side.source))
            combo.blockSignals(False)
        self.setWindowTitle(f"So sánh phiên bản — {n.school_name} (mã {n.school_code})")
        def signature(side) -> str:
            return f" — chữ ký: {side.signature}" if side.signature else ""

        self.head.setText(f"<b>{n.school_name}</b> (mã {n.school_code}) — báo cáo {KIND_LABELS.get(n.kind, n.kind)} "
                          f"{period_label(n.period)}<br>Trước: <b>{o.title}</b>{signature(o)}"
                          f"<br>Sau: <b>{n.title}</b>{signature(n)}")
        self.notes.setText("\n".join(f"Lưu ý: {x}" for x in cmp.notes))
        self.notes.setVisible(bool(cmp.notes))
        self.section.blockSignals(True)
        self.section.clear()
        counts = {k: len(cmp.section(k)) for k in SECTIONS}
        self.section.addItem(f"{ALL} ({len(cmp.changes)})", "")
        for key, title in SECTIONS.items():
            if counts[key]:
                self.section.addItem(f"{title} ({counts[key]})", key)
        self.section.blockSignals(False)
        self.summary.setText(self._summary())
        self.model.set_rows(cmp.changes, columns(cmp))
        fit_columns(self.view, stretch=2, widths={0: 120, 1: 60, 3: 250, 4: 250, 5: 120})
        self.proxy.refilter()

    def choose(self, old_version: int, new_version: int) -> None:
        """Pick the pair by version number (the last of equal numbers), as the two lists do."""
        for combo, n in ((self.old_pick, old_version), (self.new_pick, new_version)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(i for i, v in enumerate(self.versions) if v.version == n))
            combo.blockSignals(False)
        self._pick()

    def _pick(self) -> None:
        i, j = self.old_pick.currentIndex(), self.new_pick.currentIndex()
        if self.recompare is None or i < 0 or j < 0:
            return
        if i == j:
            self.summary.setText("Hai phiên bản đã chọn là một; chọn hai phiên bản khác nhau.")
            return
        try:
            self.show_comparison(self.recompare(self.versions[i], self.versions[j]))
        except UserError as err:
            show_user_error(self, err)

    def _accepts(self, change) -> bool:
        key = self.section.currentData()
        return not key or change.section == key

    def _summary(self) -> str:
        if not self.cmp.changes:
            return "Không có thay đổi nào về điểm, mức, nhiệm vụ, khó khăn, kiến nghị và minh chứng."
        items = len(self.cmp.section("item"))
        return (f"{len(self.cmp.changes)} thay đổi; {items}/{self.cmp.items_compared} chỉ số có câu trả lời hoặc "
                "điểm khác.")


def compare_dialog(parent, store, cmp: Comparison, inbox_id: int) -> CompareDialog:
    """The comparison window for a school's versions in the inbox: any two of them can be chosen (the versions of
    the report of inbox row `inbox_id`: same school, kind and period)."""
    from desktop.core.commune.compare import compare_inbox
    from desktop.core.commune.compare_versions import versions_like

    versions = versions_like(store, inbox_id)
    return CompareDialog(cmp, parent, versions, lambda old, new: compare_inbox(store, new.inbox_id, old.inbox_id))
