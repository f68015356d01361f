"""The mapping step of a list import: which column of the school's workbook holds the names and each item's
ticks, pre-filled with the header match; shown when a column was only guessed or the name column was not found."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.list_columns import ColumnPlan
from desktop.ui.help_view import GuidedDialog

NONE = "— không có trong tệp —"


class ColumnMapDialog(GuidedDialog):
    help_topic = "nhap-danh-sach"  # F1: the guide's section (help_view.TOPICS)

    def __init__(self, plan: ColumnPlan, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Chọn cột cho danh sách")
        lay = QVBoxLayout(self)
        intro = QLabel(
            f"Tệp «{file_name}», trang «{plan.sheet}», dòng tiêu đề {plan.header_row}. Chương trình đoán các cột "
            "dưới đây; cột đánh dấu ⚠ là đoán theo từ khóa — hãy kiểm tra rồi bấm «Nhập». Các cột khác "
            "(STT, ngày sinh…) được bỏ qua."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for key, label in plan.targets.items():
            combo = QComboBox()
            combo.setObjectName(f"mapColumn_{key}")
            combo.setAccessibleName(label)
            combo.addItem(NONE, None)
            for col, header in sorted(plan.headers.items()):
                combo.addItem(f"Cột {_letter(col)}: {header}", col)
            chosen = plan.mapping.get(key)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            mark = "⚠ " if key in plan.guessed else ""
            form.addRow(f"{mark}{label}{' (bắt buộc)' if key == 'name' else ''}:", combo)
            self.combos[key] = combo
        lay.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("mapProblem")
        self.problem.setStyleSheet("color:#c62828")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Nhập")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() is not None}

    def accept(self) -> None:
        m = self.mapping()
        if "name" not in m:
            self.problem.setText(f"⚠ Chọn cột «{self.plan.targets['name']}».")
            return
        if len(set(m.values())) != len(m):
            self.problem.setText("⚠ Mỗi cột của tệp chỉ dùng cho một mục.")
            return
        super().accept()


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)
