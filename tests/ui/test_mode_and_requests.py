"""The mode chosen at first run and in Settings, and a request for changes shown in place on the school side."""
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.core.commune import inbox, mode, requests, requests_list, roster
from desktop.core.commune.demo import write_report
from desktop.core.commune.authority import AuthorityInfo
from desktop.core.report.build import build_report_data
from desktop.core.signing import SchoolKeySigner
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import wait_all
from desktop.ui.wizard import PAGE_AUTHORITY, PAGE_MODE, PAGE_SCHOOL, SetupWizard


def test_wizard_authority_mode_sets_mode_and_shows_commune_pages(qtbot, tmp_path):
    with Store.open(tmp_path / "xa.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        assert not hasattr(w, "commune_overview_page")
        wiz = SetupWizard(store, w)
        qtbot.addWidget(wiz)
        wiz.show()
        assert wiz.currentId() == PAGE_MODE
        wiz.mode_page.authority_radio.setChecked(True)
        wiz.next()
        assert wiz.currentId() == PAGE_AUTHORITY  # the school's pages are skipped
        assert not wiz.button(QWizard.FinishButton).isEnabled() or not wiz.authority_page.isComplete()
        wiz.authority_page.edits["name"].setText("UBND xã Tuệ Tĩnh")
        wiz.authority_page.edits["signer_name"].setText("Nguyễn Văn Bình")
        assert wiz.authority_page.isComplete()
        wiz.accept()
        assert mode.get_mode(store) == "authority"
        info = AuthorityInfo.load(store)
        assert (info.name, info.signer_name) == ("UBND xã Tuệ Tĩnh", "Nguyễn Văn Bình")
        w.apply_mode()
        assert w.pages.indexOf(w.commune_overview_page) >= 0
        titles = [w.nav.item(i).text() for i in range(w.nav.count())]
        assert "Hộp thư báo cáo" in titles


def test_wizard_school_mode_goes_to_school_pages(qtbot, tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        wiz = SetupWizard(store)
        qtbot.addWidget(wiz)
        wiz.show()
        wiz.next()
        assert wiz.currentId() == PAGE_SCHOOL
        assert mode.get_mode(store) == "school"


def test_settings_switch_rearranges_nav(qtbot, tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        w = MainWindow(store)
        qtbot.addWidget(w)
        before = [w.nav.item(i).text() for i in range(w.nav.count())]
        w.settings_page.set_mode("authority")
        titles = [w.nav.item(i).text() for i in range(w.nav.count())]
        # issue 21: the authority's pages first, then the ones it shares; the school's own pages are hidden
        assert mode.get_mode(store) == "authority"
        assert titles == ["Tổng hợp các trường", "Hộp thư báo cáo", "Danh sách trường", "Yêu cầu bổ sung", "Đánh giá ngoài",
                          "Kiểm tra tệp ký",
                          "Lịch sử thay đổi", "Cài đặt"]
        assert w.pages.count() == len(titles) and w.pages.currentWidget() is w.commune_overview_page
        assert not hasattr(w, "assessment_page")
        w.settings_page.show_school.setChecked(True)  # asked for: the school's pages come back after the authority's
        titles = [w.nav.item(i).text() for i in range(w.nav.count())]
        assert titles[:5] == ["Tổng hợp các trường", "Hộp thư báo cáo", "Danh sách trường", "Yêu cầu bổ sung",
                              "Đánh giá ngoài"]
        assert sorted(titles[5:]) == sorted(before) and w.pages.count() == len(titles)
        w2 = MainWindow(store)  # reopened in authority mode: starts on the schools' overview
        qtbot.addWidget(w2)
        assert w2.pages.currentWidget() is w2.commune_overview_page
        w.settings_page.set_mode("school")
        assert mode.get_mode(store) == "school" and [w.nav.item(i).text() for i in range(w.nav.count())] == before
        assert not hasattr(w, "commune_inbox_page")
        for row in range(w.nav.count()):  # every page still opens at its row
            w.nav.setCurrentRow(row)
            assert w.pages.currentWidget() is w.page(w._nav_attr(row))


# ---- the school side: a request for changes shown in place -------------------------------------------------
def first_task_id(store) -> str:
    from desktop.core.store import checklist as chk
    from desktop.core.store import profile as prof

    year = prof.current_school_year(store)
    return chk.checklist(store, year["id"], year["label"])[0].task_id


@pytest.fixture
def request_file(tmp_path, demo_db):
    """A copy of the demo school, and a signed request for changes on its report from a second (authority) store."""
    school = Store.open(shutil.copy(demo_db, tmp_path / "truong.db"))
    code = school.row("school", {"id": 1})["code"]
    v1 = write_report(build_report_data(school, "self-assessment", "2025-2026"), tmp_path / "v1.pdf",
                      SchoolKeySigner.for_store(school))
    with Store.open(tmp_path / "xa.db") as authority:
        ensure_bundled(authority)
        roster.save_school(authority, roster.RosterSchool(code, "Trường THCS Tuệ Tĩnh", ["THCS"]))
        (o1,) = inbox.take_in(authority, [v1]).outcomes
        rid = requests.create_request(authority, o1.inbox_id, [
            {"target": "criterion", "code": "1.3", "text": "Bổ sung minh chứng về dạy học trực tuyến."},
            {"target": "task", "code": first_task_id(school), "text": "Nêu rõ tiến độ triển khai."}],
            "UBND xã Tuệ Tĩnh")
        signer = requests.authority_signer(authority, "UBND xã Tuệ Tĩnh")
        path = requests.write_request_file(authority, rid, tmp_path / "yeu-cau.pdf", signer)
    from desktop.core.signing import TrustStore

    TrustStore.for_store(school).import_file(signer.cert_path)  # the school trusts its managing body's root
    yield school, path
    school.close()


@pytest.fixture
def told(monkeypatch):
    seen = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda _p, title, text: seen.append(text))
    return seen


def test_imported_request_shows_on_the_item_pane(qtbot, request_file, told):
    school, path = request_file
    w = MainWindow(school)
    qtbot.addWidget(w)
    w.show_page(w.dashboard_page)
    box = w.dashboard_page.requests_box
    assert box.list.count() == 0 and not box.empty.isHidden()
    box.import_file(str(path))
    qtbot.waitUntil(lambda: box.import_button.isEnabled(), timeout=15000)
    assert told == [] and "Đã nhập 2 nhận xét" in box.status.text()
    assert box.empty.isHidden() and not box.list.isHidden()
    texts = [box.list.item(i).text() for i in range(box.list.count())]
    assert any("UBND xã Tuệ Tĩnh" in t for t in texts) and any("1.3: Bổ sung minh chứng" in t for t in texts)
    w.goto_item("1.3")
    page = w.assessment_page
    assert page.current_code.startswith("1.3")
    shown = page.pane_scroll.widget().findChild(type(box.status), "requestComments")
    assert shown is not None and "Yêu cầu bổ sung của UBND xã Tuệ Tĩnh" in shown.text()
    assert "dạy học trực tuyến" in shown.text()
    assert page.tree_items[page.current_code].font(0).bold()
    other = next(c for c in page.codes if not c.startswith("1.3"))
    assert not page.tree_items[other].font(0).bold()
    page.select_item(other)
    assert page.pane_scroll.widget().findChild(type(box.status), "requestComments") is None

    task = first_task_id(school)
    w.show_page(w.checklist_page)
    cp = w.checklist_page
    from desktop.ui.pages.checklist import TASK_COLUMN
    marked = [r for i, r in enumerate(cp.visible_rows())
              if (font := cp.proxy.index(i, TASK_COLUMN).data(Qt.FontRole)) is not None and font.bold()]
    assert [r.task_id for r in marked] == [task]
    cp.select_task(marked[0])
    shown = w.checklist_page.detail.widget().findChild(type(box.status), "requestComments")
    assert shown is not None and "Nêu rõ tiến độ triển khai" in shown.text()


def test_bad_request_file_is_refused_in_vietnamese(qtbot, request_file, told, tmp_path):
    school, path = request_file
    w = MainWindow(school)
    qtbot.addWidget(w)
    box = w.dashboard_page.requests_box
    bad = tmp_path / "khong-phai.pdf"
    bad.write_bytes(b"not a pdf at all")
    box.import_file(str(bad))
    qtbot.waitUntil(lambda: box.import_button.isEnabled(), timeout=15000)
    wait_all()
    assert len(told) == 1 and "khong-phai.pdf" in told[0] and "không dùng được" in told[0]
    assert requests_list.open_requests(school) == []
    box.import_file(str(path))
    qtbot.waitUntil(lambda: box.import_button.isEnabled(), timeout=15000)
    box.import_file(str(path))  # the same file twice
    qtbot.waitUntil(lambda: box.import_button.isEnabled(), timeout=15000)
    assert "Đã nhập yêu cầu bổ sung này trước đây" in told[-1]
    assert len(requests_list.open_requests(school)) == 1


def test_settings_page_sets_the_authority_details(qtbot, tmp_path):
    """Issue 21: the body's name, signer, title and recipients are set on the settings page, committed as each
    field is left, and the signature block it gives is shown as it will be printed."""
    with Store.open(tmp_path / "t.db") as store:
        mode.set_mode(store, "authority")
        w = MainWindow(store)
        qtbot.addWidget(w)
        sp = w.settings_page
        w.show_page(sp)
        assert sp.authority_box.isVisibleTo(w) and sp.show_school.isVisibleTo(w)
        form = sp.authority
        form.edits["name"].setText("UBND xã Tuệ Tĩnh")
        form.edits["signer_name"].setText("Trần Văn Bình")
        form.title.setEditText("Phó Chủ tịch")
        form.recipients.setPlainText("Sở Giáo dục và Đào tạo thành phố Hải Phòng\nLưu: VT")
        form.edits["signer_name"].editingFinished.emit()
        info = AuthorityInfo.load(store)
        assert (info.name, info.signer_name, info.signer_title) == ("UBND xã Tuệ Tĩnh", "Trần Văn Bình", "Phó Chủ tịch")
        assert info.recipients == ("Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Lưu: VT")
        assert form.preview.text() == "<b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b>"
        form.level.setCurrentIndex(form.level.findData("so"))
        form.level.activated.emit(form.level.currentIndex())
        assert AuthorityInfo.load(store).signature_lines() == ["GIÁM ĐỐC"]
        sp.set_mode("school")
        assert not sp.authority_box.isVisibleTo(w)
