"""Render every main screen with the demo data, offscreen, to PNG at 1366×768: `make screenshots`.

    python -m desktop.ui.screenshots docs/screenshots
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="socds-shots-"))
    os.environ["SOCDS_HOME"] = str(tmp / "home")        # never the user's own data or settings
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

    from desktop.core.demo import build_demo
    from desktop.core.store import Store
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.settings import apply_font_scale
    from desktop.ui.worker import wait_all
    from desktop.ui.wizard import SetupWizard

    app = make_app()
    apply_font_scale(1.0)
    db = build_demo(tmp / "demo.db")
    written = []

    def shot(widget, name: str) -> None:
        app.processEvents()
        wait_all()
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    with Store.open(db) as store:
        from desktop.core.store import backup

        backup.make_backup(store, kind="manual")  # so the Settings page shows one
        w = MainWindow(store)
        w.resize(*SIZE)
        w.show()
        pages = [("01-dashboard", w.dashboard_page), ("02-assessment", w.assessment_page),
                 ("04-lists", w.lists_page), ("05-checklist", w.checklist_page), ("06-profile", w.profile_page),
                 ("07-history", w.history_page), ("08-settings", w.settings_page)]
        for name, page in pages:
            w.show_page(page)
            shot(w, name)
        w.goto_item("1.6.2")
        shot(w, "03-assessment-share-item")
        w.goto_share_list("1.7.1")
        shot(w, "04-lists-rooms")
        apply_font_scale(1.3)
        w.show_page(w.dashboard_page)
        shot(w, "09-dashboard-large-text")
        apply_font_scale(1.0)
        w.close()
    with Store.open(tmp / "new.db") as store:
        wiz = SetupWizard(store)
        wiz.resize(900, 640)
        wiz.show()
        wiz.school.edits["name"].setText("Trường Mầm non Hoa Sen")
        wiz.school.level_boxes["MN"].setChecked(True)
        wiz.school.edits["commune"].setText("phường Hoàn Kiếm")
        wiz.school.edits["commune"].editingFinished.emit()
        shot(wiz, "00-first-run-wizard")
        wiz.close()
    for p in sorted(written):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
