"""The cached roll-up (desktop/core/commune/rollup_cache.py): the same roll-up while nothing it reads changes; each
kind of change — a file taken in, an officer's decision, the roster, a request, an external assessment and its
points, an indicator set, a write by another connection or program, an undo, a restore — rebuilds it, and what is
given is always what build_rollup gives at that moment."""
from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from desktop.core.commune import external, inbox, requests, roster, rollup_cache, scored_files
from desktop.core.commune.rollup import build_rollup
from desktop.core.store import Store, history, schema
from desktop.core.store.backup import make_backup, restore
from desktop.core.store.indicator_store import ensure_bundled, get_set, install_set
from tests.core.test_commune_policy import KIND, PERIOD, school_rd, signed


@pytest.fixture
def office(commune, tmp_path):
    """An authority file with the demo commune taken in, except one school's report (kept for a later intake), and
    one report held for the officer (signed under a root the office does not trust)."""
    rollup_cache.forget()
    scored_files.forget()
    later = next(f for f in commune.files if f.name.startswith(commune.schools[3].code))   # a TH school
    held, _ = signed(commune, tmp_path, school_rd(commune, 5, version=2))   # a THCS school's second version
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    trust = [commune.root_cert_path]
    inbox.take_in(s, [f for f in commune.files if f != later], trust=trust, period=PERIOD)
    (h,) = inbox.take_in(s, [held], trust=trust, period=PERIOD).outcomes
    assert h.state == "held", h.reason
    s.later, s.held_id, s.trust, s.assessed = later, h.inbox_id, trust, commune.schools[6].code   # TH, THCS
    yield s
    s.close()
    rollup_cache.forget()
    scored_files.forget()


def fresh(store):
    """The roll-up built from nothing kept: every data file read and scored again."""
    scored_files.forget()
    return build_rollup(store, KIND, PERIOD).to_dict()


def cached(store):
    return rollup_cache.rollup(store, KIND, PERIOD)


def _accepted_id(s):
    return inbox.latest_accepted_id(s, inbox.list_inbox(s, "accepted")[0]["school_code"])


def _external(s):
    return external.start_external(s, s.assessed, replace=True)   # a second one replaces the first (confirmed)


def _points(s):
    """One point of the external assessment (made by PREPARE) changed."""
    from desktop.core.store.assessments import get_answers

    aid = external.external_assessment_id(s, s.assessed)
    answers = get_answers(s, aid)
    item = next(i for i in get_set(s, "qd4725-2022").items() if i.answer.kind == "points" and i.max_points)
    external.set_points(s, aid, item.code, 0 if answers.get(item.code) else item.max_points)


def _new_set_version(s):
    iset = get_set(s, "qd4725-2022")
    assert install_set(s, dataclasses.replace(iset, version="2099.1"), source="test")


def _other_program(s):
    """A write by another connection that knows nothing of the program (sqlite3 itself)."""
    with sqlite3.connect(s.path) as conn:
        conn.execute("UPDATE inbox SET state = 'rejected' WHERE id = ?", [_accepted_id(s)])


def _undo(s):
    assert history.undo_last(s)


CHANGES = {
    "a file taken in": lambda s: inbox.take_in(s, [s.later], trust=s.trust, period=PERIOD),
    "the officer accepts a held file": lambda s: inbox.review(s, s.held_id, accept=True, reason="đã gọi điện xác nhận",
                                                              who="Cán bộ A"),
    "the officer rejects a held file": lambda s: inbox.review(s, s.held_id, accept=False, reason="không rõ người ký",
                                                              who="Cán bộ A"),
    "a school renamed in the roster": lambda s: roster.save_school(
        s, dataclasses.replace(roster.list_schools(s)[1], name="Trường Đổi Tên")),   # one with nothing in
    "a school no longer followed": lambda s: roster.set_active(s, roster.list_schools(s)[-1].code, False),
    "a request for changes": lambda s: requests.create_request(s, _accepted_id(s), [{"target": "general", "code": "",
                                                               "text": "Bổ sung minh chứng"}], "UBND xã"),
    "an external assessment": _external,
    "an external assessment's points": _points,
    "a new indicator set version": _new_set_version,
    "a write by another program": _other_program,
    "an undo": _undo,
}


# what a change needs in the file first (made before the roll-up is cached)
PREPARE = {
    "an external assessment's points": _external,
    "an undo": lambda s: _toggle_last(s),
}


def _toggle_last(s):
    """Follow the last school again, or stop following it: a change whichever state earlier changes left (setting it
    to what it already is would record a change the roll-up cannot show whenever a second has passed since)."""
    school = roster.list_schools(s)[-1]
    roster.set_active(s, school.code, not school.active)


def test_nothing_changed_gives_the_same_roll_up(office):
    first = cached(office)
    assert cached(office) is first and first.to_dict() == fresh(office)
    inbox.list_inbox(office)  # reading changes nothing
    assert cached(office) is first


@pytest.mark.parametrize("change", list(CHANGES))
def test_each_kind_of_change_rebuilds_it(office, change):
    PREPARE.get(change, lambda s: None)(office)
    before = cached(office)
    stamp = rollup_cache.stamp(office)
    CHANGES[change](office)
    assert rollup_cache.stamp(office) != stamp
    after = cached(office)
    assert after is not before and after.to_dict() == fresh(office)
    assert cached(office) is after


def test_changes_that_show_are_shown(office):
    """The changes above that alter what the overview shows do alter it (the test of each is not vacuous)."""
    for change in ("a file taken in", "the officer accepts a held file", "a school renamed in the roster",
                   "a school no longer followed", "a request for changes", "an external assessment",
                   "an external assessment's points", "a write by another program", "an undo"):
        PREPARE.get(change, lambda s: None)(office)
        before = cached(office).to_dict()
        CHANGES[change](office)
        assert cached(office).to_dict() != before, change


def test_a_change_through_another_connection_of_the_program(office):
    """The intake runs on its own connection (a thread of the window): the window's cache sees its rows."""
    before = cached(office)
    with Store.open(office.path, lock=False, create=False) as other:
        inbox.take_in(other, [office.later], trust=office.trust, period=PERIOD)
    assert cached(office).to_dict() == fresh(office) != before.to_dict()


def test_a_restored_older_copy_is_never_served_from_the_cache(office, tmp_path):
    older = make_backup(office, target=tmp_path / "truoc.db")
    before = cached(office).to_dict()
    inbox.take_in(office, [office.later], trust=office.trust, period=PERIOD)
    newer = cached(office).to_dict()
    assert newer != before
    restore(office, older)
    assert cached(office).to_dict() == fresh(office) == before


def test_the_stamp_covers_every_table_the_roll_up_reads(office):
    """SQLite's authorizer lists the tables build_rollup reads (with an external assessment and a request in the
    file, so that every path runs): each must carry the stamp's triggers."""
    _external(office)
    CHANGES["a request for changes"](office)
    read = set()

    def authorizer(action, table, *_):
        if action == sqlite3.SQLITE_READ and not table.startswith("sqlite_") and table != "change_stamps":
            read.add(table)   # the stamps themselves (scored_files reads its own) are what the triggers write
        return sqlite3.SQLITE_OK

    office.db.conn.set_authorizer(authorizer)
    try:
        build_rollup(office, KIND, PERIOD)
    finally:
        office.db.conn.set_authorizer(None)
    assert read and read <= set(rollup_cache.WATCHED), read - set(rollup_cache.WATCHED)
    triggers = {r[0] for r in office.db.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND "
                                                "name LIKE '%\\_rollup\\_stamp' ESCAPE '\\'")}
    assert triggers == set(rollup_cache.WATCHED)
    assert "m007_change_stamps" in schema.migration_names()


def test_a_file_without_its_stamp_is_never_cached(office):
    office.db.execute("DELETE FROM change_stamps")
    first = cached(office)
    assert cached(office) is not first and cached(office).to_dict() == first.to_dict()
