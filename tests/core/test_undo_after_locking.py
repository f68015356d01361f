"""Ctrl+Z after a report version was locked, signed or sent: undoing «Ghi đã gửi» puts the version back as it was
(a locked version's frozen columns are not rewritten with their own values), and an edit that a lock has frozen
since is refused with a Vietnamese message, not a database error."""
import shutil

import pytest

from desktop.core.errors import UserError
from desktop.core.report import lifecycle
from desktop.core.store import Store, history
from desktop.core.store import reports as rep


@pytest.fixture
def demo(demo_db, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    s = Store.open(db)
    yield s
    s.close()


def test_undoing_mark_sent_puts_the_version_back(demo):
    draft = rep.latest(demo, "year", "2026")
    rep.update_fields(demo, draft["id"], doc_number="07/BC-THCS")
    lifecycle.lock_version(demo, draft["id"])  # locking is outside the undo history
    lifecycle.mark_sent(demo, draft["id"])
    said = history.undo_last(demo)
    assert said.startswith("Ghi đã gửi báo cáo")
    row = rep.get_report(demo, draft["id"])
    assert (row["status"], row["sent_at"], row["doc_number"]) == ("locked", None, "07/BC-THCS")


def test_an_edit_frozen_by_a_lock_is_refused_with_a_message(demo):
    draft = rep.latest(demo, "year", "2026")
    rep.update_fields(demo, draft["id"], doc_number="07/BC-THCS")
    lifecycle.lock_version(demo, draft["id"])
    with pytest.raises(UserError, match="đã khóa") as err:
        history.undo_last(demo)  # would rewrite the locked version's number
    assert "Sửa thông tin báo cáo" in str(err.value)
    row = rep.get_report(demo, draft["id"])
    assert row["doc_number"] == "07/BC-THCS" and row["locked_at"] is not None
    assert not history.recent(demo, limit=1)[0].undone  # nothing marked undone
