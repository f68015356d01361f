"""Lock and sign dialog driven through its methods (no modal exec): school key, states, diff, sent, scan."""
from datetime import date

from desktop.core.signing import verify_pdf
from desktop.core.store import reports as rep
from tests.ui.test_report_page import open_report, window  # noqa: F401 - fixture


def test_sign_with_school_key_then_mark_sent(window, qtbot, tmp_path):  # noqa: F811
    page = open_report(window, qtbot)
    dlg = page.make_sign_dialog()
    qtbot.addWidget(dlg)
    assert dlg.versions.count() == 1 and "nháp" in dlg.versions.item(0).text()
    dlg.sign_school_key()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    path = dlg.last_result
    assert path.exists(), dlg.status.text()
    assert "đã ký" in dlg.versions.item(0).text()
    res = verify_pdf(path)
    assert res.intact and res.internal
    dlg.mark_sent(date(2026, 5, 20))
    row = rep.get_report(window.store, dlg.report_id())
    assert row["status"] == "sent" and "đã gửi" in dlg.versions.item(0).text()
    page.load()  # the sent version cannot be edited any more
    assert not page.doc_number.isEnabled()


def test_scan_refused_before_lock_then_attached(window, qtbot, tmp_path):  # noqa: F811
    page = open_report(window, qtbot)
    dlg = page.make_sign_dialog()
    qtbot.addWidget(dlg)
    scan = tmp_path / "ban-quet.pdf"
    scan.write_bytes(page.pdf)
    dlg.attach_scan(str(scan))
    assert any("khóa" in t.lower() for t in window.told)
    dlg.lock()
    assert "đã khóa" in dlg.versions.item(0).text()
    dlg.attach_scan(str(scan))
    assert "Đã đính kèm" in dlg.status.text()
    dlg.show_diff()
    assert dlg.diff_view.count() == 1  # only one version: nothing to compare with


def test_handoff_export_then_unsigned_import_refused(window, qtbot, tmp_path):  # noqa: F811
    page = open_report(window, qtbot)
    dlg = page.make_sign_dialog()
    qtbot.addWidget(dlg)
    dlg.export_handoff(str(tmp_path))
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    out = dlg.last_result
    assert out.exists() and out.name.endswith("_cho-ky.pdf")
    assert "đã khóa" in dlg.versions.item(0).text()
    dlg.last_result = None
    dlg.import_signed(str(out))  # nobody signed it yet
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    assert dlg.last_result is None and "chưa có chữ ký số" in window.told[-1]
    assert rep.get_report(window.store, dlg.report_id())["status"] == "locked"


def test_leaving_the_page_saves_a_pending_edit(window, qtbot):  # noqa: F811
    page = open_report(window, qtbot)
    page.proposals.setPlainText("Đề nghị cấp thêm 10 máy tính")
    assert page._save_timer.isActive()
    window.show_page(window.dashboard_page)
    assert rep.fields_of(rep.get_report(window.store, page.report["id"]))["proposals"] == "Đề nghị cấp thêm 10 máy tính"
