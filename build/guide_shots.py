"""The user guide's screenshots (docs/huong-dan/img/), offscreen, from the real windows on demo data: `make screenshots`.

    python build/guide_shots.py [OUT_DIR] [--only NAME]

A school part (a new data file through the first-run wizard, then the demo school: profile, dashboard,
self-assessment, evidence, lists, tasks, calendar, report with its pre-send check, lock and sign, send) and a commune
part (the demo commune's roster and signed reports taken in through the real intake in an authority-mode data file:
inbox, a received file, two versions compared, a request for changes, external assessment, the roll-up). Everything is
built in a temporary folder; the user's own data and settings are never touched. Each picture's name is fixed
(SHOTS lists them; the guide's Markdown refers to them). `--only NAME` walks the steps up to NAME and writes that one
picture only (the test's quick check).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (1280, 720)
WIZARD_SIZE = (900, 640)
DIALOG_SIZE = (1000, 640)

# Every picture this script writes, in the order it writes them (the guide's test checks the Markdown uses these).
SHOTS = [
    "truong-01-chon-che-do", "truong-02-thong-tin-truong", "truong-03-nguoi-phu-trach", "truong-04-bo-chi-so",
    "truong-05-tong-quan", "truong-06-ho-so", "truong-07-tu-danh-gia", "truong-08-minh-chung",
    "truong-09-muc-ti-le", "truong-10-danh-sach", "truong-11-nhiem-vu", "truong-12-lich",
    "truong-13-bao-cao-thang", "truong-14-bao-cao-kiem-tra", "truong-15-bao-cao-san-sang", "truong-16-khoa-va-ky", "truong-17-da-ky",
    "truong-18-gui-bao-cao", "truong-19-kiem-tra-tep",
    "xa-01-co-quan", "xa-02-danh-sach-truong", "xa-03-hop-thu", "xa-04-xem-tep", "xa-05-so-sanh",
    "xa-06-yeu-cau", "xa-07-danh-gia-ngoai", "xa-08-tong-hop", "so-01-tong-hop-tinh",
]


class Done(Exception):
    """--only: the one picture asked for is written."""


class Shooter:
    def __init__(self, app, out: Path, only: str | None):
        self.app, self.out, self.only, self.written = app, out, only, []

    def __call__(self, widget, name: str) -> None:
        from desktop.ui.worker import wait_all

        assert name in SHOTS, name
        for _ in range(2):
            self.app.processEvents()
            wait_all()
        self.app.processEvents()
        if self.only is None or name == self.only:
            path = self.out / f"{name}.png"
            widget.grab().save(str(path))
            small(path)
            self.written.append(path)
        if name == self.only:
            raise Done


def small(path: Path) -> None:
    """256 colours (fast octree keeps the traffic lights' green, orange and red apart): a quarter of the bytes, and
    the guide travels inside the program."""
    from PIL import Image

    with Image.open(path) as im:
        reduced = im.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def quiet_status(w) -> None:
    """The status line shows the data file's full path (a temporary folder here) and the clock: keep the name only."""
    from desktop import __version__

    w.statusBar().showMessage(f"Tệp dữ liệu: {w.store.path.name}   ·   phiên bản {__version__}")
    w.saved_label.setText("Đã lưu")


def wizard_shots(tmp: Path, shot) -> None:
    from desktop.core.store import Store
    from desktop.ui.wizard import SetupWizard

    with Store.open(tmp / "truong-moi.db") as store:
        wiz = SetupWizard(store)
        wiz.resize(*WIZARD_SIZE)
        wiz.show()
        shot(wiz, "truong-01-chon-che-do")
        wiz.next()
        wiz.school.edits["name"].setText("Trường THCS Hoa Sen")
        wiz.school.level_boxes["THCS"].setChecked(True)
        wiz.school.edits["commune"].setText("xã Tuệ Tĩnh")
        wiz.school.edits["commune"].editingFinished.emit()
        wiz.school.edits["province"].setText("Hải Phòng")
        wiz.school.edits["province"].editingFinished.emit()
        shot(wiz, "truong-02-thong-tin-truong")
        wiz.next()
        wiz.people.principal.name.setText("Nguyễn Thị Hoa")
        shot(wiz, "truong-03-nguoi-phu-trach")
        wiz.next()
        wiz.next()
        shot(wiz, "truong-04-bo-chi-so")
        wiz.close()
        wiz.deleteLater()


def school_shots(tmp: Path, shot) -> Path:
    """The demo school from the dashboard to the sent report; returns the signed package (the commune part does not
    need it, the verify page shows it)."""
    from desktop.core.demo import build_demo
    from desktop.core.report import package as pkg
    from desktop.core.signing import SchoolKeySigner
    from desktop.core.store import Store
    from desktop.core.store import assessments as asm
    from desktop.ui.main_window import MainWindow
    from desktop.ui.screenshots import answer_the_rest
    from desktop.ui.worker import wait_all

    db = build_demo(tmp / "truong-thcs-tue-tinh.db")
    with Store.open(db) as store:
        w = MainWindow(store)
        w.resize(*SIZE)
        w.show()
        quiet_status(w)
        for name, page in (("truong-05-tong-quan", w.dashboard_page), ("truong-06-ho-so", w.profile_page)):
            w.show_page(page)
            shot(w, name)
        w.goto_item("1.3.2")
        shot(w, "truong-07-tu-danh-gia")
        w.goto_item("1.1")
        shot(w, "truong-08-minh-chung")
        w.goto_item("1.6.2")
        shot(w, "truong-09-muc-ti-le")
        w.goto_share_list("1.7.1")
        shot(w, "truong-10-danh-sach")
        w.show_page(w.checklist_page)
        if w.checklist_page.visible_rows():
            w.checklist_page.select_task(w.checklist_page.visible_rows()[0])
        shot(w, "truong-11-nhiem-vu")
        w.show_page(w.calendar_page)
        shot(w, "truong-12-lich")
        page = w.report_page
        w.show_page(page)
        page.open_period("month", "2026-03")
        wait_all()
        quiet_status(w)
        shot(w, "truong-13-bao-cao-thang")
        page.kind.setCurrentIndex(0)
        page.load()
        page.doc_number.setText("25/BC-THCSTT")
        page.doc_date.setText("20/05/2026")
        page.save_fields()
        page.rebuild()
        wait_all()
        quiet_status(w)
        shot(w, "truong-14-bao-cao-kiem-tra")
        answer_the_rest(store, asm.current_assessment(store)["id"])  # as the check asked
        w.mark_saved()
        w.show_page(page)
        page.load()
        page.rebuild()
        wait_all()
        quiet_status(w)
        shot(w, "truong-15-bao-cao-san-sang")
        dlg = page.make_sign_dialog()
        dlg.resize(*DIALOG_SIZE)
        dlg.show()
        dlg.tabs.setCurrentIndex(0)
        shot(dlg, "truong-16-khoa-va-ky")
        signed = pkg.build_package(store, page.report["id"], SchoolKeySigner.for_store(store), out_dir=tmp,
                                   accept_warnings=True)
        dlg.reload()
        dlg.status.setText(f"Đã ký. Tệp được lưu: {signed.name}")
        shot(dlg, "truong-17-da-ky")
        from desktop.ui.show_in_folder import SELECTED

        # what a file manager that selects the file answers (none runs here)
        send = dlg.make_send_dialog(opener=lambda _path, said: said(SELECTED))
        send.path.setText(signed.name)  # not the temporary folder's path
        send.show()
        shot(send, "truong-18-gui-bao-cao")
        send.close()
        dlg.close()
        vp = w.verify_page
        w.show_page(vp)
        vp.add_files([str(signed)])
        wait_all()
        quiet_status(w)
        shot(w, "truong-19-kiem-tra-tep")
        w.close()
    return signed


def authority_file(tmp: Path):
    """An authority-mode data file with the demo commune (8 schools) taken in through the real intake, and the demo."""
    from desktop.core.commune import mode
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.commune.demo import build_commune
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    demo = build_commune(tmp / "xa-mau", 8)
    db = tmp / "ubnd-xa-tue-tinh.db"
    with Store.open(db) as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        AuthorityInfo(name="UBND xã Tuệ Tĩnh", parent="UBND thành phố Hải Phòng", signer_name="Trần Văn Bình",
                      signer_title="Phó Chủ tịch").save(store)
    return db, demo


def commune_shots(tmp: Path, shot) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.core.signing import TrustStore
    from desktop.core.store import Store
    from desktop.ui.main_window import MainWindow
    from desktop.ui.worker import wait_all
    from desktop.ui.wizard import SetupWizard

    with Store.open(tmp / "xa-moi.db") as store:
        wiz = SetupWizard(store)
        wiz.resize(*WIZARD_SIZE)
        wiz.show()
        wiz.mode_page.authority_radio.setChecked(True)
        wiz.next()
        wiz.authority_page.edits["name"].setText("UBND xã Tuệ Tĩnh")
        wiz.authority_page.edits["parent"].setText("UBND thành phố Hải Phòng")
        shot(wiz, "xa-01-co-quan")
        wiz.close()
        wiz.deleteLater()
    db, demo = authority_file(tmp)
    with Store.open(db) as store:
        w = MainWindow(store)
        w.resize(*SIZE)
        w.show()
        quiet_status(w)
        roster_page = w.commune_roster_page
        w.show_page(roster_page)
        roster_page.import_file(str(demo.roster_path))
        quiet_status(w)
        shot(w, "xa-02-danh-sach-truong")
        TrustStore.for_store(store).import_file(demo.root_cert_path)
        inbox_page = w.commune_inbox_page
        w.show_page(inbox_page)
        inbox_page.start([str(demo.out_dir / "bao-cao")])
        while inbox_page.thread is not None:
            QApplication.processEvents()
            wait_all()
        two = _row_of(inbox_page, demo.two_versions, newest=True)
        inbox_page.view.selectRow(two)
        quiet_status(w)
        shot(w, "xa-03-hop-thu")
        dlg = inbox_page.view_selected()
        dlg.resize(*DIALOG_SIZE)
        shot(dlg, "xa-04-xem-tep")
        dlg.close()
        cmp = inbox_page.compare_selected()
        cmp.resize(*DIALOG_SIZE)
        shot(cmp, "xa-05-so-sanh")
        cmp.close()
        req_page = w.commune_requests_page
        w.show_page(req_page)
        req_page.new_request(code=demo.two_versions, text="1.3: Bổ sung minh chứng về hệ thống dạy học trực tuyến.\n"
                                                          "2.3.6: Nêu rõ kế hoạch triển khai phân hệ y tế trường học.",
                             out_path=str(tmp / f"yeu-cau-bo-sung_{demo.two_versions}.pdf"))
        if req_page.view.model().rowCount():
            req_page.view.selectRow(0)
        quiet_status(w)
        shot(w, "xa-06-yeu-cau")
        ov = w.commune_overview_page
        w.show_page(ov)
        ov.refresh()
        quiet_status(w)
        shot(w, "xa-08-tong-hop")
        ov.start_external(demo.two_versions, confirm=lambda _m: True)
        ext = w.commune_external_page
        w.show_page(ext)
        ext.select_school(demo.two_versions)
        ext.select_item("1.3.1")
        quiet_status(w)
        shot(w, "xa-07-danh-gia-ngoai")
        w.close()


def province_shots(tmp: Path, shot) -> None:
    """A Sở's data file: the demo province's signed roll-ups (one commune silent, one file altered) taken in on its
    «Tổng hợp toàn tỉnh» page, one commune selected."""
    from PySide6.QtWidgets import QApplication

    from desktop.core.commune import mode, roster
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.commune.demo_province import build_province_demo
    from desktop.core.signing import TrustStore
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled
    from desktop.ui.main_window import MainWindow
    from desktop.ui.worker import wait_all

    demo = build_province_demo(tmp / "tinh-mau", 3, 4)
    with Store.open(tmp / "so-gddt.db") as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        AuthorityInfo(name="Sở Giáo dục và Đào tạo", parent="UBND tỉnh (dữ liệu mẫu)", level="so",
                      signer_name="Lê Thị Hoa", signer_title="Phó Giám đốc").save(store)
        roster.import_workbook(store, demo.roster_path)
        TrustStore.for_store(store).import_file(demo.root_cert_path)
        w = MainWindow(store)
        w.resize(*SIZE)
        w.show()
        page = w.province_page
        page.intake.start([str(demo.out_dir / "bao-cao")])
        while page.intake.thread is not None:
            QApplication.processEvents()
            wait_all()
        page.select_unit("XA001")
        quiet_status(w)
        shot(w, "so-01-tong-hop-tinh")
        w.close()


def _row_of(inbox_page, code: str, newest: bool) -> int:
    """The inbox row (as shown) of one school's file; the newest first."""
    model = inbox_page.view.model()
    for r in range(model.rowCount()):
        if code in " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount())):
            return r
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    only = None
    if "--only" in argv:
        i = argv.index("--only")
        only = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
        if only not in SHOTS:
            print(f"Không có ảnh «{only}». Các ảnh: {', '.join(SHOTS)}", file=sys.stderr)
            return 2
    out = Path(argv[0] if argv else ROOT / "docs" / "huong-dan" / "img")
    out.mkdir(parents=True, exist_ok=True)
    from desktop.ui.screenshots import offscreen_app

    app, tmp = offscreen_app("socds-guide-shots-")
    shot = Shooter(app, out, only)
    try:
        wizard_shots(tmp, shot)
        school_shots(tmp, shot)
        commune_shots(tmp, shot)
        province_shots(tmp, shot)
    except Done:
        pass
    for p in shot.written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
