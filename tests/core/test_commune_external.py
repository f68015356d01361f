"""External assessment: a copy of the school's answers, edited, side by side with the school's own; in the roll-up."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from desktop.core.commune import external, inbox, roster
from desktop.core.commune.rollup import build_rollup
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled



def test_external_assessment(tmp_path, commune):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    with pytest.raises(UserError, match="Chưa có bản đánh giá ngoài"):
        external.compare(s, code)
    with pytest.raises(UserError, match="Chưa nhận được"):
        external.start_external(s, commune.missing)
    aid = external.start_external(s, code)
    rows = external.compare(s, code)
    assert rows and not any(r["differs"] for r in rows)  # a faithful copy
    target = next(r for r in rows if r["self"] > 0 and r["code"] != "1.1" and r["max"] > 0)
    external.set_points(s, aid, target["code"], 0, "Chưa có minh chứng")
    after = {r["code"]: r for r in external.compare(s, code)}
    assert after[target["code"]]["differs"] and after[target["code"]]["external"] == Decimal(0)
    row = next(r for r in build_rollup(s, "self-assessment", "2025-2026").rows if r.code == code)
    assert Decimal(row.external["total"]) == row.total - target["self"]
    s.close()


def test_a_school_year_that_is_none_is_said_not_raised(tmp_path, commune):
    """Was: a report whose school year was not "2025-2026"-shaped stopped on int() with a Python ValueError."""
    import json

    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    row_id, data = s.db.execute("SELECT id, data FROM inbox WHERE school_code = ? AND state = 'accepted'",
                                [code]).fetchone()
    doc = json.loads(data)
    doc["report"]["school_year"] = "năm nay"
    s.db.execute("UPDATE inbox SET data = ? WHERE id = ?", [json.dumps(doc, ensure_ascii=False), row_id])
    with pytest.raises(UserError, match="không ghi năm học"):
        external.start_external(s, code)
    s.close()


def test_a_second_external_assessment_needs_confirmation_and_keeps_the_first(tmp_path, commune):
    """Issue 21: was — a second "Đánh giá ngoài" silently replaced the one the officer had edited."""
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    first = external.start_external(s, code)
    row = next(r for r in external.compare(s, code) if r["max"] > 0 and r["self"] > 0)
    external.set_points(s, first, row["code"], 0, "Chưa có minh chứng")
    assert external.existing(s, code)["edited"] == 1
    with pytest.raises(external.ReplaceNeedsConfirmation, match="đã sửa 1 chỉ số"):
        external.start_external(s, code)
    assert external.external_assessment_id(s, code) == first       # nothing replaced without the officer's word
    second = external.start_external(s, code, replace=True)
    assert second != first and external.external_assessment_id(s, code) == second
    assert external.existing(s, code)["edited"] == 0
    from desktop.core.store.assessments import get_answers
    assert get_answers(s, first)[row["code"]] == 0                  # the edited one is still in the file
    s.close()


def test_side_by_side_gives_answers_groups_and_levels(tmp_path, commune):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    aid = external.start_external(s, code)
    cond = next(r for r in external.compare(s, code) if r["max"] == 0 and r["self_answer"] in ("Đạt", "Chưa đạt"))
    external.set_points(s, aid, cond["code"], cond["self_answer"] != "Đạt", "Xem lại")
    d = external.side_by_side(s, code)
    item = next(r for r in d["items"] if r["code"] == cond["code"])
    assert item["differs"] and item["self"] == item["external"] == 0     # a condition: answers differ, not points
    assert item["note"] == "Xem lại" and item["external_answer"] != item["self_answer"]
    assert {g["code"] for g in d["groups"]} and all(g["self_level"] and g["external_level"] for g in d["groups"])
    assert len(d["overall"]) == 2
    s.close()


def test_a_copy_finishing_in_the_next_second_counts_no_edit(tmp_path, commune):
    """Was: the copied answers were "edited" when the copy's last rows were written in the second after the
    assessment row (updated_at > created_at, one-second clock): 21 edits claimed after a fresh copy under load."""
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    aid = external.start_external(s, code)
    created = s.row("assessments", {"id": aid})["created_at"]
    later = (datetime.fromisoformat(created) + timedelta(seconds=1)).isoformat(timespec="seconds")
    s.db.execute("UPDATE answers SET updated_at = ? WHERE assessment_id = ?", [later, aid])  # the copy's clock
    assert external.existing(s, code)["edited"] == 0
    row = next(r for r in external.compare(s, code) if r["max"] > 0 and r["self"] > 0)
    external.set_points(s, aid, row["code"], 0)  # the page changes points without a note
    assert external.existing(s, code)["edited"] == 1
    s.close()
