"""Verify page: a report signed with the school key shows as intact; importing a root; a tampered copy; bad input."""
from desktop.core.report import package as pkg
from desktop.core.signing import SchoolKeySigner
from tests.ui.test_report_page import open_report, window  # noqa: F401 - fixture


def wait_done(qtbot, page):
    qtbot.waitUntil(lambda: page.pending == 0, timeout=30000)


def test_signed_file_intact_then_trusted_and_tampered(window, qtbot, tmp_path):  # noqa: F811
    rp = open_report(window, qtbot)
    signer = SchoolKeySigner.for_store(window.store)
    from tests.helpers.ready import answer_the_rest

    answer_the_rest(window.store)
    signed = pkg.build_package(window.store, rp.report["id"], signer, out_dir=tmp_path, accept_warnings=True)
    bad = tmp_path / "sua.pdf"
    data = bytearray(signed.read_bytes())
    i = data.find(b"/Producer")
    data[i + 1] = ord("X")  # one byte changed inside the signed range
    bad.write_bytes(bytes(data))
    junk = tmp_path / "khong-phai.pdf"
    junk.write_bytes(b"not a pdf")

    page = window.verify_page
    window.show_page(page)
    page.add_files([str(signed), str(bad), str(junk)])
    wait_done(qtbot, page)
    assert page.table.rowCount() == 3
    assert page.table.item(0, 1).text() == "Nguyên vẹn, chưa xác định người ký"
    assert "khóa nội bộ" in page.table.item(0, 2).text()
    assert page.table.item(0, 4).text() == "Có"
    assert page.table.item(0, 5).text().endswith("khớp với chữ ký")
    assert page.table.item(1, 1).text() == "Không hợp lệ, đã bị thay đổi sau khi ký"
    assert page.table.item(2, 1).text() in ("Không đọc được", "Không có chữ ký")

    page.import_root(str(signer.cert_path))
    assert any("Đã thêm 1" in t for t in window.told)
    wait_done(qtbot, page)
    assert page.table.item(0, 1).text() == "Hợp lệ, tin cậy"


def test_bad_root_file_is_refused(window, qtbot, tmp_path):  # noqa: F811
    page = window.verify_page
    bad = tmp_path / "goc.cer"
    bad.write_bytes(b"rac")
    assert page.import_root(str(bad)) == []
    assert any("goc.cer" in t and "chứng thư" in t for t in window.told)


def test_settings_signing_group(window, qtbot, tmp_path):  # noqa: F811
    box = window.settings_page.signing
    assert box.key_status.text() == "Chưa có." and box.create_key.isEnabled()
    box.make_school_key()
    assert box.key_status.text().startswith("Đã có") and not box.create_key.isEnabled()
    box.import_root(str(SchoolKeySigner.for_store(window.store).cert_path))
    assert box.roots.count() == 1 and "hết hạn" in box.roots.item(0).text()
    box.roots.setCurrentRow(0)
    box.remove_selected()
    assert box.roots.item(0).text() == "(chưa có chứng thư gốc nào)"


def test_signing_time_is_shown_in_vietnam_time_whatever_the_pc_zone():
    """The page showed the signing time in the PC's own zone; `socds verify` says Vietnam time (+07:00)."""
    import os
    import time

    from desktop.ui.pages.verify import format_time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Sao_Paulo"
    time.tzset()
    try:
        assert format_time("2026-03-02T01:30:00+00:00") == "02/03/2026 08:30"
        assert format_time("2026-03-02T08:30:00+07:00") == "02/03/2026 08:30"
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_an_intact_file_over_a_bad_data_file_is_not_called_changed(window, qtbot, tmp_path, commune):  # noqa: F811
    """The page says the signature is intact and the data file inside is wrong (it said 'Đã bị thay đổi')."""
    from desktop.core.report.datafile import render_json
    from desktop.core.report.pdf import render_pdf_bytes
    from desktop.core.signing import sign_pdf
    from desktop.core.signing.verdict import LABELS, STATES

    pdf, _ = render_pdf_bytes(commune.base_report)
    (tmp_path / "in.pdf").write_bytes(pdf)
    raw = render_json(commune.base_report)
    out = sign_pdf(tmp_path / "in.pdf", tmp_path / "r.pdf", commune.signer,
                   attachments=[("r.json", raw[: len(raw) // 2], "application/json")])
    page = window.verify_page
    window.show_page(page)
    page.add_files([str(out)])
    wait_done(qtbot, page)
    assert page.table.item(0, 1).text() == LABELS["bad_data"]
    assert page.table.item(0, 4).text() == "Có" and page.table.item(0, 5).text().endswith("tệp dữ liệu lỗi")
    assert page.detail.text().startswith(STATES["bad_data"]) and "r.json" in page.detail.text()
