"""The app's open path on a damaged data file: it says what is wrong, offers the latest good automatic backup,
restores it only when the user agrees, and keeps the damaged file untouched beside it."""
from __future__ import annotations

import hashlib

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import backup as backups
import desktop.ui.app as app_module
from desktop.ui.app import open_store_interactively
from tests.core.test_damaged_data_file import CASES, _build


def _sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize(("case", "agree"), [("garbage-header", True), ("flipped-middle-page", False)])
def test_damaged_file_offers_latest_good_backup(qtbot, tmp_path, monkeypatch, case, agree):
    db = tmp_path / "school.db"
    good = _build(db)
    CASES[case](db)
    damaged = _sha(db)
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.Yes if agree else QMessageBox.No

    monkeypatch.setattr(QMessageBox, "question", question)
    store = open_store_interactively(str(db))
    assert len(asked) == 1 and good.name in asked[0]
    if not agree:
        assert store is None and _sha(db) == damaged  # the user said no: nothing touched
        return
    try:
        assert store.get_setting("marker") == "before-backup"
    finally:
        store.close()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("school.db.damaged-") and p.name[-4:] not in ("-wal", "-shm")]
    assert [_sha(p) for p in kept] == [damaged]


def test_no_good_backup_says_so(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "school.db"
    good = _build(db)
    for b in backups.list_backups_at(db):
        b.path.write_bytes(b"not a backup")
    CASES["truncated-half"](db)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("no backup to offer"))
    assert open_store_interactively(str(db)) is None
    assert "Không tìm thấy bản sao lưu" in shown[0] and good.exists()
    with pytest.raises(Exception):
        Store.open(db)


@pytest.mark.parametrize(("case", "choice"), [("lost-wal-and-shm", "restore"), ("cut-wal", "keep"),
                                              ("lost-wal-and-shm", "cancel")])
def test_lost_wal_offers_restore_keep_or_quit(qtbot, tmp_path, monkeypatch, case, choice):
    """A file whose -wal went missing is sound but may lack its last changes: restore, go on with it, or quit."""
    db = tmp_path / "school.db"
    good = _build(db)
    CASES[case](db)
    damaged = _sha(db)
    offered = []

    def ask(err, backup):
        offered.append((err.message, backup))
        return choice

    monkeypatch.setattr(app_module, "ask_wal_choice", ask)
    store = open_store_interactively(str(db))
    assert len(offered) == 1 and offered[0][1] == good
    if choice == "cancel":
        assert store is None and _sha(db) == damaged
        return
    try:
        if choice == "restore":
            assert store.get_setting("marker") == "before-backup"
            assert any(p.name.startswith("school.db.damaged-") for p in tmp_path.iterdir())
        else:  # kept: the same file goes on, nothing set aside
            assert not any(p.name.startswith("school.db.damaged-") for p in tmp_path.iterdir())
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


def test_a_full_disk_is_shown_not_offered_a_restore(qtbot, tmp_path, monkeypatch):
    """The window has no console: a full disk at open must be a dialog saying so, not an exit with a line on
    stderr nobody sees, and not the damaged-file dialog offering a restore (issue 18, 1)."""
    from tests.helpers import smallfs

    with smallfs.tmpfs(tmp_path, 1024) as mnt:
        db = mnt / "school.db"
        _build(db)
        before = _sha(db)
        smallfs.fill(mnt, 0)
        shown = []
        monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("nothing to restore"))
        assert open_store_interactively(str(db)) is None
        assert len(shown) == 1 and "đĩa" in shown[0] and "không bị hỏng" in shown[0]
        assert _sha(db) == before
