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
