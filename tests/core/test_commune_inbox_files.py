"""Issue 21: a received file is opened and saved from the copy intake kept (a bare hash on disk), under the name
it was received with, and only while its bytes still match what was received."""
from __future__ import annotations


import pytest

from desktop.core.commune import inbox, inbox_files, roster
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled


@pytest.fixture
def office(commune, tmp_path):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    yield s
    s.close()


def test_save_copy_under_the_received_name(office, commune, tmp_path):
    f = commune.files[0]
    (o,) = inbox.take_in(office, [f], trust=[commune.root_cert_path]).outcomes
    row = office.row("inbox", {"id": o.inbox_id})
    assert (office.data_dir / row["stored_path"]).name == row["sha256"]    # the kept copy is a bare hash
    out = tmp_path / "ra"
    out.mkdir()
    saved = inbox_files.save_copy(office, o.inbox_id, out)
    assert saved == out / f.name and saved.read_bytes() == f.read_bytes()
    other = inbox_files.save_copy(office, o.inbox_id, tmp_path / "ten-khac.pdf")
    assert other.read_bytes() == f.read_bytes()
    lines = inbox_files.verdict_lines(dict(row))
    assert lines[1] == "Trạng thái: Đã nhận" and "báo cáo tự đánh giá năm học 2025-2026" in lines[2] and any(line.startswith("Chữ ký số: ") for line in lines)


def test_a_kept_copy_changed_on_disk_is_neither_opened_nor_saved(office, commune, tmp_path):
    (o,) = inbox.take_in(office, [commune.files[0]], trust=[commune.root_cert_path]).outcomes
    kept = office.data_dir / office.row("inbox", {"id": o.inbox_id})["stored_path"]
    kept.write_bytes(kept.read_bytes() + b"\n% appended")
    with pytest.raises(UserError, match="đã bị thay đổi trên đĩa"):
        inbox_files.save_copy(office, o.inbox_id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    kept.unlink()
    with pytest.raises(UserError, match="không còn trong thư mục dữ liệu"):
        inbox_files.kept_bytes(office, o.inbox_id)


def test_a_file_not_kept_says_so_and_odd_names_are_made_safe(office, tmp_path):
    f = tmp_path / "CON.docx"
    f.write_bytes(b"PK\x03\x04 not a pdf")
    (o,) = inbox.take_in(office, [f]).outcomes
    with pytest.raises(UserError, match="không được lưu lại khi nhận"):
        inbox_files.kept_bytes(office, o.inbox_id)
    assert inbox_files.file_name({"original_name": "CON.docx"}) == "_CON.docx.pdf"
    assert inbox_files.file_name({"original_name": "..\\..\\bao cao.pdf"}) == "bao cao.pdf"
    with pytest.raises(UserError, match="Không có mục số 999"):
        inbox_files.kept_bytes(office, 999)
