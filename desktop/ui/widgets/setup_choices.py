"""Choosing the indicator set and the plan pack(s) the school follows in the current school year."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.errors import UserError
from desktop.core.plans import of_province
from desktop.core.preschool import HOW_TO_LOAD
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import indicator_store, plan_store
from desktop.core.store import profile as prof
from desktop.ui.errors import show_user_error


class SetupChoices(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        lay = QVBoxLayout(self)
        form = QFormLayout()
        lay.addLayout(form)
        # the plans' long titles go under «Kế hoạch thực hiện:» when the window is narrow (1024 px): no sideways scroll
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.set_box = QComboBox()
        self.set_box.setObjectName("indicatorSet")
        self.set_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.set_box.setMinimumContentsLength(40)
        self.set_box.activated.connect(lambda _i: self.apply())
        form.addRow("Bộ chỉ số đánh giá:", self.set_box)
        self.set_note = QLabel()
        self.set_note.setWordWrap(True)
        form.addRow("", self.set_note)
        self.packs_box = QWidget()
        self.packs_layout = QVBoxLayout(self.packs_box)
        self.packs_layout.setContentsMargins(0, 0, 0, 0)
        form.addRow("Kế hoạch thực hiện:", self.packs_box)
        self.import_button = QPushButton("Nạp tệp kế hoạch do Sở/xã gửi…")
        self.import_button.setObjectName("importPlan")
        self.import_button.setToolTip("Chọn tệp kế hoạch (.xlsx theo mẫu của Sổ CĐS, hoặc .json): chương trình kiểm "
                                      "tra, cài và theo dõi kế hoạch đó cho năm học hiện tại.")
        self.import_button.clicked.connect(self._choose_plan_file)
        form.addRow("", self.import_button)
        self.pack_checks: list[QWidget] = []
        self.load()

    def load(self) -> None:
        if not getattr(self.store, "_bundled_checked", False):
            indicator_store.ensure_bundled(self.store)  # once per session: it re-reads the bundled files
            self.store._bundled_checked = True
        school = prof.get_school(self.store)
        levels = school.levels if school else []
        self.set_box.clear()
        current = asm.current_assessment(self.store)
        for s in indicator_store.list_sets(self.store):
            fits = not levels or any(lv in s["levels"] for lv in levels)
            label = f"{s['title']} (phiên bản {s['version']})" + ("" if fits else " — không dành cho cấp học của trường")
            self.set_box.addItem(label, (s["set_id"], s["version"]))
        if current:
            self.set_box.setCurrentIndex(max(0, self.set_box.findData((current["set_id"], current["set_version"]))))
        if levels == ["MN"] and indicator_store.needs_preschool_notice(self.store):
            self.set_note.setText("Chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT); bộ chỉ số QĐ 4725 không áp dụng cho "
                                  "trường mầm non nên chưa tạo bản tự đánh giá. Trường vẫn theo dõi kế hoạch và gửi báo "
                                  "cáo định kỳ. " + HOW_TO_LOAD)
        else:
            self.set_note.setText("Điểm được tính theo đúng phiên bản bộ chỉ số đã chọn.")
        for c in self.pack_checks:
            c.setParent(None)  # gone now, not at the next loop turn (load may run twice in one turn)
            c.deleteLater()
        self.pack_checks = []
        if not getattr(self.store, "_packs_checked", False):
            plan_store.ensure_bundled(self.store)
            self.store._packs_checked = True
        year = prof.current_school_year(self.store)
        followed = {p.pack_id for p in plan_store.followed_packs(self.store, year["id"])} if year else set()
        # the plans of the school's province first; say so when the program has none of them (issue 19)
        province = school.province if school else ""
        packs = plan_store.list_packs(self.store)
        mine = [p for p in packs if of_province(p.get("issuer", ""), province)]
        if province and not mine:
            note = QLabel(f"Chương trình chưa có sẵn kế hoạch nào của {province}. Hãy nạp tệp kế hoạch do Sở GDĐT "
                          "hoặc UBND xã/phường gửi bằng nút «Nạp tệp kế hoạch…» bên dưới. Các kế hoạch dưới đây là "
                          "của tỉnh, thành phố khác.")
            note.setObjectName("noProvincePlan")
            note.setWordWrap(True)
            self.packs_layout.addWidget(note)
            self.pack_checks.append(note)
        for p in mine + [p for p in packs if p not in mine]:
            text = f"{p['issuer']}: {p['title']}" if p.get("issuer") else p["title"]
            box = QCheckBox(text if len(text) <= 95 else text[:93].rstrip() + "…")  # full title in the tooltip
            box.setToolTip(f"{p['title']}\nSố {p.get('doc_number') or '—'}, phiên bản {p['version']}, "
                           f"{p.get('tasks', 0)} nhiệm vụ, {p.get('targets', 0)} chỉ tiêu\nBỏ chọn để đóng kế hoạch: "
                           "lịch báo cáo của nó không hiện nữa, tiến độ đã ghi vẫn được giữ.")
            box.setObjectName(f"pack_{p['pack_id']}")
            box.setChecked(p["pack_id"] in followed)
            box.toggled.connect(lambda on, p=p: self._follow(p, on))
            self.packs_layout.addWidget(box)
            self.pack_checks.append(box)

    def _choose_plan_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp kế hoạch do Sở/xã gửi", "",
                                              "Tệp kế hoạch (*.xlsx *.json)")
        if path:
            self.import_plan(path)

    def import_plan(self, path) -> bool:
        """Install a plan file and follow it in the current school year; the list shows it at once."""
        year = prof.current_school_year(self.store)
        try:
            pack, _added = plan_store.import_file(self.store, path)
            if year:
                plan_store.follow_pack(self.store, year["id"], pack.pack_id, pack.version)
        except UserError as err:
            show_user_error(self, err, "Không nạp được tệp kế hoạch")
            return False
        self.load()
        self.changed.emit()
        return True

    def _follow(self, pack: dict, on: bool) -> None:
        """Ticked: follow the plan this school year. Unticked: close it — its reports and deadlines leave the
        calendar (an overdue one stays until it is sent or the plan is closed); the progress entered stays in the
        file and comes back if the plan is followed again. Both are undoable."""
        year = prof.current_school_year(self.store)
        if not year:
            return
        try:
            if not on:
                plan_store.unfollow_pack(self.store, year["id"], pack["pack_id"])
            else:
                plan_store.follow_pack(self.store, year["id"], pack["pack_id"], pack["version"])
        except UserError as err:
            show_user_error(self, err)
            return
        self.changed.emit()

    def apply(self) -> int | None:
        """Make sure the current school year has a self-assessment on the chosen set version."""
        data = self.set_box.currentData()
        year = prof.current_school_year(self.store)
        if not data or not year:
            return None
        current = asm.current_assessment(self.store)
        if current and (current["set_id"], current["set_version"]) == tuple(data):
            return current["id"]
        fits = {s["set_id"]: s["levels"] for s in indicator_store.list_sets(self.store)}.get(data[0], [])
        if not asm.set_applies(self.store, fits):
            return None   # QĐ 4725 is not a preschool's: no self-assessment until the preschool set is loaded
        try:
            new_id = asm.create_assessment(self.store, year["id"], data[0], data[1])
        except UserError as err:
            show_user_error(self, err)
            return None
        self.changed.emit()
        return new_id
