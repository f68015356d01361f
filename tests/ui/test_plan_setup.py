"""Issue 19: the setup offers the plans of the school's province first, says when none is bundled, and installs
and follows a plan file from the Sở in one step."""
import openpyxl
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox

from desktop.core.plan_xlsx import export_xlsx
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.plan_store import ensure_bundled, followed_packs, get_pack
from desktop.ui.widgets.setup_choices import SetupChoices


def _choices(qtbot, store, province):
    prof.save_school(store, prof.School(name="Trường THCS Thử", code="1", levels=["THCS"], province=province))
    prof.ensure_school_year(store, 2025)
    w = SetupChoices(store)
    qtbot.addWidget(w)
    return w


def _packs_shown(w):
    return [c.objectName()[5:] for c in w.pack_checks if isinstance(c, QCheckBox)]


def test_province_plans_first_and_none_bundled_said(qtbot, tmp_path):
    with Store.open(tmp_path / "a.db") as store:
        w = _choices(qtbot, store, "tỉnh Ninh Bình")
        assert _packs_shown(w)[0] == "ninhbinh-27-kh-sgddt-2025"
        assert w.findChild(QLabel, "noProvincePlan") is None
    with Store.open(tmp_path / "b.db") as store:
        w = _choices(qtbot, store, "Lào Cai")
        note = w.findChild(QLabel, "noProvincePlan")
        assert note is not None and "chưa có sẵn kế hoạch nào của Lào Cai" in note.text()
        assert len(_packs_shown(w)) == 5


def test_a_plan_file_from_the_so_is_installed_and_followed_in_one_step(qtbot, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    with Store.open(tmp_path / "c.db") as store:
        w = _choices(qtbot, store, "Lào Cai")
        ensure_bundled(store)
        x = export_xlsx(get_pack(store, "tuetinh-cv-cds-2026"), tmp_path / "kh.xlsx")
        wb = openpyxl.load_workbook(x)
        info = wb["Thông tin kế hoạch"]
        info["B2"], info["B4"] = "laocai-kh-thu-2026", "Sở Giáo dục và Đào tạo tỉnh Lào Cai"
        wb.save(x)
        assert w.import_plan(x) and not told
        year = prof.current_school_year(store)["id"]
        assert [p.pack_id for p in followed_packs(store, year)] == ["laocai-kh-thu-2026"]
        assert _packs_shown(w)[0] == "laocai-kh-thu-2026" and w.findChild(QLabel, "noProvincePlan") is None
        bad = tmp_path / "kh.txt"
        bad.write_text("x", encoding="utf-8")
        assert not w.import_plan(bad) and "phải là bảng tính .xlsx" in told[-1]


def test_a_preschool_gets_no_qd4725_self_assessment_from_the_setup(qtbot, tmp_path):
    """Issue 19: finishing the setup of an MN school must not create a QĐ 4725 self-assessment."""
    import pytest

    from desktop.core.errors import UserError
    from desktop.core.store import assessments as asm

    with Store.open(tmp_path / "mn.db") as store:
        prof.save_school(store, prof.School(name="Trường Mầm non Thử", code="7", levels=["MN"]))
        year = prof.ensure_school_year(store, 2025)
        w = SetupChoices(store)
        qtbot.addWidget(w)
        assert w.apply() is None and asm.current_assessment(store) is None
        assert "QĐ 4725 không áp dụng cho trường mầm non" in w.set_note.text()
        with pytest.raises(UserError, match="không áp dụng cho trường mầm non"):
            asm.create_assessment(store, year, "qd4725-2022")


def test_unticking_a_plan_closes_it_and_its_overdue_reports_leave_the_calendar(qtbot, tmp_path):
    """Issue 19: overdue items stay until done, not applicable, or the plan is closed; closing is unticking it."""
    from datetime import date

    from desktop.core.store.due import due_for_store

    with Store.open(tmp_path / "d.db") as store:
        w = _choices(qtbot, store, "Ninh Bình")
        box = next(c for c in w.pack_checks if c.objectName() == "pack_ninhbinh-27-kh-sgddt-2025")
        box.setChecked(True)
        year = prof.current_school_year(store)["id"]
        assert any(d.overdue for d in due_for_store(store, date(2026, 4, 15), school_year_id=year) if d.pack_id)
        box.setChecked(False)
        assert followed_packs(store, year) == []
        assert not [d for d in due_for_store(store, date(2026, 4, 15), school_year_id=year) if d.pack_id]
