"""Two versions of a school's report side by side (desktop/core/commune/compare.py): what each was, then one row
per change — section, code, what it is, before, after, the points' difference — filtered by section."""
from __future__ import annotations

from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.core.commune.compare import SECTIONS, Comparison, describe
from desktop.core.report.data import KIND_LABELS
from desktop.ui.table_model import Column, RowsModel, RowsProxy, fit_columns, rows_view

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


class CompareDialog(QDialog):
    def __init__(self, cmp: Comparison, parent: QWidget | None = None):
        super().__init__(parent)
        self.cmp = cmp
        o, n = cmp.old, cmp.new
        self.setWindowTitle(f"So sánh phiên bản — {n.school_name} (mã {n.school_code})")
        self.resize(1200, 650)
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>{n.school_name}</b> (mã {n.school_code}) — báo cáo {KIND_LABELS.get(n.kind, n.kind)} kỳ "
                      f"{n.period}<br>Trước: <b>{o.title}</b>{' — ' + o.signature if o.signature else ''}"
                      f"<br>Sau: <b>{n.title}</b>{' — ' + n.signature if n.signature else ''}")
        head.setWordWrap(True)
        lay.addWidget(head)
        self.notes = QLabel("\n".join(f"Lưu ý: {x}" for x in cmp.notes))
        self.notes.setObjectName("compareNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")
        self.notes.setVisible(bool(cmp.notes))
        lay.addWidget(self.notes)
        row = QHBoxLayout()
        self.section = QComboBox()
        self.section.setObjectName("compareSection")
        counts = {k: len(cmp.section(k)) for k in SECTIONS}
        self.section.addItem(f"{ALL} ({len(cmp.changes)})", "")
        for key, title in SECTIONS.items():
            if counts[key]:
                self.section.addItem(f"{title} ({counts[key]})", key)
        row.addWidget(QLabel("Xem:"))
        row.addWidget(self.section)
        self.summary = QLabel(self._summary())
        self.summary.setObjectName("compareSummary")
        row.addWidget(self.summary, 1)
        lay.addLayout(row)
        self.model = RowsModel(columns(cmp), self)
        self.model.set_rows(cmp.changes)
        self.proxy = RowsProxy(self.model, self, accept=self._accepts)
        self.view = rows_view(self.proxy, "compareTable")
        fit_columns(self.view, stretch=2, widths={0: 120, 1: 60, 3: 250, 4: 250, 5: 120})
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

    def _accepts(self, change) -> bool:
        key = self.section.currentData()
        return not key or change.section == key

    def _summary(self) -> str:
        if not self.cmp.changes:
            return "Không có thay đổi nào về điểm, mức, nhiệm vụ, khó khăn, kiến nghị và minh chứng."
        items = len(self.cmp.section("item"))
        return (f"{len(self.cmp.changes)} thay đổi; {items}/{self.cmp.items_compared} chỉ số có câu trả lời hoặc "
                "điểm khác.")
