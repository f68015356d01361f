"""Render every main screen with the demo data, offscreen, to PNG at 1366×768: `make screenshots`.

    python -m desktop.ui.screenshots docs/screenshots
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)


def _user_edits(store) -> None:
    """A few edits as a user makes them, one action each, so History shows lines and the bin one piece."""
    from decimal import Decimal

    from desktop.core.store import assessments as asm
    from desktop.core.store import evidence as ev

    aid = asm.current_assessment(store)["id"]
    asm.set_answer(store, aid, "1.3.5", Decimal(3), note="Phụ huynh xem điểm, nhận xét qua ứng dụng của LMS.")
    with store.tx():
        note = ev.add_note(store, "Biên bản họp tổ Tin học ngày 12/9/2025: thống nhất dùng LMS cho khối 8, 9.")
        ev.link(store, note, assessment_id=aid, item_code="1.3.2")
    with store.tx():
        link = ev.add_link(store, "https://thcstuetinh.example.edu.vn/so-diem", "Trang sổ điểm điện tử (bản cũ)")
        ev.link(store, link, assessment_id=aid, item_code="2.3.3")
    ev.remove(store, link)
    answer_the_rest(store, aid)


def answer_the_rest(store, aid: int) -> None:
    """The demo leaves a few items unanswered (the pre-send check has something to say); answer them as a user would,
    with the most points the item allows up to 4, so the report can be locked and signed."""
    from desktop.core.errors import UserError
    from desktop.core.store import assessments as asm

    answers = asm.get_answers(store, aid)
    for code in [i.code for i in asm.assessment_set(store, aid).items() if answers.get(i.code) is None]:
        for points in (4, 3, 2, 1, True):
            try:
                asm.set_answer(store, aid, code, points)
                break
            except UserError:  # more points than the item allows, or a yes/no item
                continue


def _import_request(store, tmp: Path) -> None:
    """A signed request for changes from a second (commune) data file, imported as the school would."""
    from desktop.core.commune import inbox, requests, roster
    from desktop.core.commune.demo import write_report
    from desktop.core.report.build import build_report_data
    from desktop.core.signing import SchoolKeySigner
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    code = store.row("school", {"id": 1})["code"]
    report = write_report(build_report_data(store, "self-assessment", "2025-2026"), tmp / "bao-cao.pdf",
                          SchoolKeySigner.for_store(store))
    with Store.open(tmp / "xa.db") as authority:
        ensure_bundled(authority)
        roster.save_school(authority, roster.RosterSchool(code, "Trường THCS Tuệ Tĩnh", ["THCS"]))
        (o,) = inbox.take_in(authority, [report]).outcomes
        rid = requests.create_request(authority, o.inbox_id, [
            {"target": "criterion", "code": "1.3", "text": "Bổ sung minh chứng về hệ thống dạy học trực tuyến "
                                                            "(ảnh chụp màn hình, số lớp đang dùng)."},
            {"target": "item", "code": "2.3.6", "text": "Nêu rõ kế hoạch triển khai phân hệ y tế trường học."}], "UBND xã Tuệ Tĩnh")
        signer = requests.authority_signer(authority, "UBND xã Tuệ Tĩnh")
        path = requests.write_request_file(authority, rid, tmp / "yeu-cau-bo-sung.pdf", signer)
    requests.import_request(store, path, trust=[signer.cert_path])  # the school trusts its managing body's root


def school_plan_shots(w, shot) -> None:
    """Issue 24: the school's own plan, drafted in one click, the first rows given to the CĐS focal point."""
    from PySide6.QtCore import Qt

    page = w.school_plan_page
    w.show_page(page)
    page.draft_b.click()
    sel = page.view.selectionModel()
    for i in range(4):
        sel.select(page.proxy.index(i, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    page.person.setCurrentIndex(max(0, page.person.findText("Phạm Thu Hà", Qt.MatchFlag.MatchStartsWith)))
    page.assign()
    shot(w, "12-school-plan")
    page.tabs.setCurrentIndex(1)
    shot(w, "12-school-plan-texts")
    page.tabs.setCurrentIndex(0)


def offscreen_app(prefix: str):
    """The app for taking pictures: offscreen, at the normal text size, with its home and settings in a new
    temporary folder (never the user's own data or settings). Returns (app, that folder)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["SOCDS_HOME"] = str(tmp / "home")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

    from desktop.ui.app import make_app
    from desktop.ui.fonts import apply_font_scale

    app = make_app()
    apply_font_scale(1.0)
    return app, tmp


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app, tmp = offscreen_app("socds-shots-")

    from desktop import __version__
    from desktop.core.demo import build_demo
    from desktop.core.store import Store
    from desktop.ui.fonts import apply_font_scale
    from desktop.ui.main_window import MainWindow
    from desktop.ui.worker import wait_all
    from desktop.ui.wizard import SetupWizard

    db = build_demo(tmp / "demo.db")
    written = []

    def shot(widget, name: str) -> None:
        app.processEvents()
        wait_all()
        app.processEvents()
        if isinstance(widget, MainWindow):  # the data file's name, not the temporary folder's path
            widget.statusBar().showMessage(f"Tệp dữ liệu: {widget.store.path.name}   ·   phiên bản {__version__}")
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    with Store.open(db) as store:
        from desktop.core.store import backup

        backup.make_backup(store, kind="manual")  # so the Settings page shows one
        _user_edits(store)
        w = MainWindow(store)
        w.resize(*SIZE)
        w.show()
        pages = [("01-dashboard", w.dashboard_page), ("02-assessment", w.assessment_page),
                 ("04-lists", w.lists_page), ("05-checklist", w.checklist_page), ("06-profile", w.profile_page),
                 ("07-history", w.history_page), ("08-settings", w.settings_page)]
        for name, page in pages:
            w.show_page(page)
            if page is w.checklist_page and page.visible_rows():
                page.select_task(page.visible_rows()[0])
            shot(w, name)
        w.goto_item("1.6.2")
        shot(w, "03-assessment-share-item")
        w.goto_share_list("1.7.1")
        shot(w, "04-lists-rooms")
        from desktop.ui.survey_screenshots import survey_shots
        survey_shots(w, store, shot, tmp)
        from desktop.ui.report_screenshots import report_shots
        report_shots(w, store, shot, tmp)
        school_plan_shots(w, shot)
        apply_font_scale(1.3)
        w.show_page(w.dashboard_page)
        shot(w, "09-dashboard-large-text")
        apply_font_scale(1.0)
        _import_request(store, tmp)
        w.mark_saved()
        w.show_page(w.dashboard_page)
        shot(w, "10-dashboard-request")
        w.goto_item("1.3.1")
        shot(w, "11-assessment-item-comment")
        w.close()
    with Store.open(tmp / "new.db") as store:
        wiz = SetupWizard(store)
        wiz.resize(900, 640)
        wiz.show()
        shot(wiz, "00-first-run-wizard-mode")
        wiz.next()
        wiz.school.edits["name"].setText("Trường Mầm non Hoa Sen")
        wiz.school.level_boxes["MN"].setChecked(True)
        wiz.school.edits["commune"].setText("phường Hoàn Kiếm")
        wiz.school.edits["commune"].editingFinished.emit()
        shot(wiz, "00-first-run-wizard")
        wiz.school.level_boxes["MN"].setChecked(False)
        wiz.school.level_boxes["THCS"].setChecked(True)
        wiz.school.level_boxes["THPT"].setChecked(True)  # liên cấp THCS + THPT: the Sở manages it
        wiz.school.edits["name"].setText("Trường THCS và THPT Hoa Sen")
        wiz.school.edits["province"].setText("Hà Nội")
        wiz.school.edits["province"].editingFinished.emit()
        shot(wiz, "00-first-run-wizard-lien-cap")
        wiz.next()
        wiz.people.principal.name.setText("Nguyễn Thị Hoa")
        shot(wiz, "00-first-run-wizard-people")
        wiz.next()
        wiz.next()
        shot(wiz, "00-first-run-wizard-set-and-plans")
        wiz.close()
    with Store.open(tmp / "xa-new.db") as store:
        wiz = SetupWizard(store)
        wiz.resize(900, 640)
        wiz.show()
        wiz.mode_page.authority_radio.setChecked(True)
        wiz.next()
        wiz.authority_page.edits["name"].setText("UBND xã Tuệ Tĩnh")
        wiz.authority_page.edits["parent"].setText("UBND thành phố Hải Phòng")
        shot(wiz, "00-first-run-wizard-authority")
        wiz.close()
    for p in sorted(written):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
