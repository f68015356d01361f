"""The ready e-mail's «Kính gửi» line: the first recipient that is not the archive line, without the purpose note
the official «Nơi nhận» list carries («(để báo cáo)»); the managing body when the list has none."""
import pytest

from desktop.core.report.send import addressee


@pytest.mark.parametrize("recipients, body, to", [
    (["UBND xã Tuệ Tĩnh (để báo cáo)", "Lưu: VT, CĐS"], "", "UBND xã Tuệ Tĩnh"),
    (["Phòng GD&ĐT (để b/c)", "Lưu: VT"], "", "Phòng GD&ĐT"),
    (["Sở Giáo dục và Đào tạo Hải Phòng"], "", "Sở Giáo dục và Đào tạo Hải Phòng"),
    (["Trung tâm (cơ sở 2)"], "", "Trung tâm (cơ sở 2)"),  # a name's own parenthesis stays
    (["Lưu: VT, CĐS"], "UBND xã Tuệ Tĩnh", "UBND xã Tuệ Tĩnh"),
    ([], "", ""),
])
def test_addressee(recipients, body, to):
    assert addressee(recipients, body) == to


def test_the_scan_of_the_paper_copy_is_what_is_sent_on_the_print_sign_stamp_path(demo_db, tmp_path):
    import shutil

    from desktop.core.errors import UserError
    from desktop.core.report import lifecycle
    from desktop.core.report.send import sending
    from desktop.core.store import Store
    from desktop.core.store import reports as rep

    db = shutil.copy(demo_db, tmp_path / "demo.db")
    with Store.open(db) as store:
        rid = rep.latest(store, "year", "2026")["id"]
        with pytest.raises(UserError, match="chưa được ký"):
            sending(store, rid)
        rep.update_fields(store, rid, doc_number="09/BC-THCS")
        lifecycle.lock_version(store, rid)
        with pytest.raises(UserError, match="đính kèm bản quét"):
            sending(store, rid)  # locked, printed, but no scan yet
        scan = tmp_path / "bao cao nam.pdf"
        scan.write_bytes(b"%PDF-1.4\n% scan of the stamped copy\n" + bytes(3000))
        lifecycle.attach_scan(store, rid, scan)
        s = sending(store, rid)
        assert s.path.is_file() and s.path.read_bytes() == scan.read_bytes()
        assert "bản quét văn bản đã ký tay, đóng dấu" in s.body and "chữ ký số" not in s.body
        assert s.subject == "[31012345] Trường THCS Tuệ Tĩnh — Báo cáo năm 2026 (phiên bản 1)"  # not «năm năm»
        assert "gửi báo cáo năm 2026 (số 09/BC-THCS), phiên bản 1." in s.body
        lifecycle.mark_sent(store, rid)
        assert sending(store, rid).path == s.path  # still the scan once marked sent
