"""The history (and what Ctrl+Z says it undid) names a report version in words: «báo cáo quý I năm 2026», not
«báo cáo quarter kỳ 2026-Q1»."""
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


def _last(store):
    return history.recent(store, limit=1)[0].summary


def test_report_versions_are_named_in_words(demo):
    assert rep.title("self-assessment", "2025-2026") == "báo cáo tự đánh giá năm học 2025-2026"
    assert rep.title("month", "2026-03") == "báo cáo tháng 3 năm 2026"
    rep.create_draft(demo, "quarter", "2026-Q1")
    assert _last(demo) == "Tạo bản nháp báo cáo quý I năm 2026, phiên bản 1"
    with pytest.raises(UserError, match="Báo cáo quý I năm 2026 đã có bản nháp"):
        rep.create_draft(demo, "quarter", "2026-Q1")
    year = rep.latest(demo, "year", "2026")["id"]
    rep.update_fields(demo, year, doc_number="08/BC-THCS")
    assert _last(demo) == "Sửa thông tin báo cáo năm 2026"
    lifecycle.lock_version(demo, year)
    lifecycle.mark_sent(demo, year)
    assert _last(demo) == "Ghi đã gửi báo cáo năm 2026, phiên bản 1"
    lifecycle.mark_returned(demo, year, ["Bổ sung số liệu mục 2"])
    assert "Ghi báo cáo năm 2026 phiên bản 1 bị trả lại" in [c.summary for c in history.recent(demo, limit=3)]
    assert not any("quarter" in c.summary or " year " in c.summary for c in history.recent(demo, 6))
