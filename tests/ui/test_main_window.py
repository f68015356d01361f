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


def test_corrected_preschool_dashboard_shows_no_4725(qtbot, tmp_path):
    """Issue 19: assessed under QĐ 4725 while declared THCS, then corrected to MN only: no scores or level, the
    preschool notice, and a line saying the earlier QĐ 4725 self-assessment does not apply and is kept."""
    from tests.core.corrected_preschool import corrected_preschool

    with Store.open(tmp_path / "mn.db") as store:
        corrected_preschool(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.show_page(w.dashboard_page)
        w.dashboard_page.refresh()
        page = w.dashboard_page
        sub = page.subheading.text()
        assert "Chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)" in sub and "socds indicators import" in sub
        assert "4725/QĐ-BGDĐT" in sub and "không áp dụng cho trường mầm non" in sub
        assert "vẫn được giữ nguyên trong tệp dữ liệu" in sub
        assert all(c.isHidden() for c in page.cards) and not page.overall.text()
        assert page.heading.text() == "Tổng quan"
        w.show_page(w.assessment_page)
        w.assessment_page.refresh()
        assert w.assessment_page.assessment_id is None


def test_corrected_preschool_assessment_page_says_why_there_is_none(qtbot, tmp_path):
    """Issue 19 leftover: the assessment page of a school corrected to MN only after its QĐ 4725 assessment said only
    "no self-assessment"; it now says what the dashboard says (one text, the core's): the earlier assessment is kept
    unchanged but does not apply, and how to load the QĐ 3276 set."""
    from PySide6.QtWidgets import QLabel

    from tests.core.corrected_preschool import corrected_preschool

    with Store.open(tmp_path / "mn.db") as store:
        corrected_preschool(store)
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(1024, 700)
        w.show()
        w.show_page(w.assessment_page)
        w.assessment_page.refresh()
        shown = [lbl.text() for lbl in w.assessment_page.findChildren(QLabel) if lbl.isVisible()]
        text = next((t for t in shown if "4725" in t), "")
        assert "4725/QĐ-BGDĐT" in text and "không áp dụng cho trường mầm non" in text
        assert "vẫn được giữ nguyên trong tệp dữ liệu" in text
        assert "QĐ 3276/QĐ-BGDĐT" in text and "socds indicators import" in text
        assert "bộ chỉ số Bộ chỉ số" not in text  # the set's title is not prefixed with its own first words
        assert w.assessment_page.tree.isHidden()  # nothing to walk: no empty tree, no "Mục sau" buttons
        w.show_page(w.dashboard_page)
        w.dashboard_page.refresh()
        assert w.dashboard_page.subheading.text() == text
