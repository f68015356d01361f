from desktop.core.store import Store
from desktop.ui.main_window import MainWindow


def test_first_run_prompt_when_no_profile(qtbot, tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert w.findChild(object, "firstRunStart") is not None


def test_profile_shown_for_demo(qtbot, demo_db, tmp_path):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show()
        from PySide6.QtWidgets import QLineEdit

        w.show_page(w.profile_page)
        texts = " ".join(e.text() for e in w.profile_page.findChildren(QLineEdit))
        labels = " ".join(lbl.text() for lbl in w.profile_page.findChildren(type(w.saved_label)))
        assert "Trường THCS Tuệ Tĩnh" in texts and "UBND xã Tuệ Tĩnh" in texts and "Hiệu trưởng" in labels


def test_preschool_dashboard_says_the_set_is_not_loaded_and_how(qtbot, tmp_path):
    """Issue 19: an MN school is not shown QĐ 4725; the dashboard says the preschool set is missing and how to load it."""
    from desktop.core.store import profile as prof
    from desktop.core.store.plan_store import ensure_bundled, follow_pack

    with Store.open(tmp_path / "mn.db") as store:
        prof.save_school(store, prof.School(name="Trường Mầm non Thử", code="7", levels=["MN"]))
        year = prof.ensure_school_year(store, 2025)
        ensure_bundled(store)
        follow_pack(store, year, "tuetinh-cv-cds-2026")
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show_page(w.dashboard_page)
        w.dashboard_page.refresh()
        sub = w.dashboard_page.subheading.text()
        assert "Chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)" in sub and "socds indicators import" in sub
