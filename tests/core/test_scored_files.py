"""Each accepted data file scored once (desktop/core/commune/scored_files.py): after a change, a roll-up scores only
the files it has not scored yet, and never shows a score older than the file or the indicator set behind it — an
answer rewritten in place, an indicator set removed or changed, a row deleted and its id reused, a restore."""
from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

from desktop.core.commune import inbox, roster, rollup_cache, scored_files
from desktop.core.commune.rollup import build_rollup
from desktop.core.store.backup import make_backup, restore
from desktop.core.store.indicator_store import ensure_bundled, get_set
from tests.core.test_commune_policy import KIND, PERIOD
from tests.core.test_rollup_cache import cached, fresh, office  # noqa: F401 (office is a fixture)


def scores(store) -> dict[int, scored_files.FileScore]:
    return {row["id"]: f for row, f in scored_files.accepted(store, KIND, PERIOD, {})}


def row_of(ru, code):
    return next(r for r in ru.to_dict()["schools"] if r["code"] == code)


def test_a_new_intake_scores_only_the_new_file(office):
    before = scores(office)
    cached(office)
    (taken,) = inbox.take_in(office, [office.later], trust=office.trust, period=PERIOD).outcomes
    assert taken.state == "accepted", taken.reason
    after = scores(office)
    assert set(after) == set(before) | {taken.inbox_id}
    assert all(after[i] is before[i] for i in before)  # kept, not read or scored again
    assert after[taken.inbox_id].scored and after[taken.inbox_id].groups
    assert cached(office).to_dict() == fresh(office)


def test_an_officers_decision_keeps_the_scores(office):
    before = scores(office)
    inbox.review(office, office.held_id, accept=True, reason="đã gọi điện xác nhận", who="Cán bộ A")
    after = scores(office)
    assert office.held_id in after and office.held_id not in before
    assert all(after[i] is before[i] for i in before if i in after)
    assert cached(office).to_dict() == fresh(office)


def _accepted_scored(store) -> dict:
    """The inbox row of a scored file, with its school's code."""
    return next(dict(row, school_code=f.summary.school_code)
                for row, f in scored_files.accepted(store, KIND, PERIOD, {}) if f.scored)


def _rewrite(path, inbox_id, change) -> None:
    """Another program rewrites an inbox row's data file in place."""
    with sqlite3.connect(path) as conn:
        data = json.loads(conn.execute("SELECT data FROM inbox WHERE id = ?", [inbox_id]).fetchone()[0])
        change(data)
        conn.execute("UPDATE inbox SET data = ? WHERE id = ?", [json.dumps(data, ensure_ascii=False), inbox_id])


def test_an_answer_rewritten_in_place_shows_the_new_points(office):
    row = _accepted_scored(office)
    shown = row_of(cached(office), row["school_code"])
    iset = get_set(office, "qd4725-2022")
    item = next(i for i in iset.items() if i.answer.kind == "points" and i.max_points)
    answers = json.loads(office.db.execute("SELECT data FROM inbox WHERE id = ?", [row["id"]]).fetchone()[0])
    old = Decimal(str(answers["answers"]["answers"].get(item.code) or 0))
    new = Decimal(0) if old else item.max_points

    def change(data):
        data["answers"]["answers"][item.code] = int(new) if new == int(new) else float(new)

    _rewrite(office.path, row["id"], change)
    now = row_of(cached(office), row["school_code"])
    assert not now["note"]
    assert Decimal(now["total"]) == Decimal(shown["total"]) - old + new != Decimal(shown["total"])
    assert cached(office).to_dict() == fresh(office)


def test_an_indicator_set_removed_then_installed_again(office):
    row = _accepted_scored(office)
    scored = row_of(cached(office), row["school_code"])
    assert scored["groups"]
    with sqlite3.connect(office.path) as conn:  # another program removes the set the files name
        conn.execute("DELETE FROM indicator_sets WHERE set_id = 'qd4725-2022'")
    gone = row_of(cached(office), row["school_code"])
    assert not gone["groups"] and gone["note"] == "Báo cáo không có kết quả tự đánh giá theo bộ chỉ số đã cài"
    assert cached(office).to_dict() == fresh(office)
    ensure_bundled(office)
    assert row_of(cached(office), row["school_code"]) == scored
    assert cached(office).to_dict() == fresh(office)


def test_an_indicator_set_changed_in_place(office):
    """Another program renames the levels of the installed set: the schools' levels follow."""
    before = cached(office).to_dict()
    with sqlite3.connect(office.path) as conn:
        sql = "SELECT content FROM indicator_sets WHERE set_id = 'qd4725-2022'"
        content = json.loads(conn.execute(sql).fetchone()[0])
        for name in content["settings"]["level_names"]:
            name["name"] = f"Tên mới {name['level']}"
        conn.execute("UPDATE indicator_sets SET content = ? WHERE set_id = 'qd4725-2022'",
                     [json.dumps(content, ensure_ascii=False)])
    after = cached(office).to_dict()
    assert after == fresh(office) and after != before
    assert any("Tên mới" in r["overall_label"] for r in after["schools"])


def test_a_roster_change_shows(office):
    school = roster.list_schools(office)[-1]
    before = cached(office).to_dict()
    roster.set_active(office, school.code, not school.active)
    assert cached(office).to_dict() == fresh(office) != before


def test_a_deleted_row_whose_id_is_taken_again(office):
    """Another program deletes the newest accepted row and copies another school's row in under its id."""
    (taken,) = inbox.take_in(office, [office.later], trust=office.trust, period=PERIOD).outcomes
    newest = taken.inbox_id
    assert newest == office.db.execute("SELECT MAX(id) FROM inbox").fetchone()[0]
    before = scores(office)
    other = next(i for i, f in before.items() if f.scored and f.summary.school_code != taken.school_code)
    with sqlite3.connect(office.path) as conn:
        conn.execute("DELETE FROM inbox WHERE id = ?", [newest])
        conn.execute("CREATE TEMP TABLE copied AS SELECT * FROM inbox WHERE id = ?", [other])
        conn.execute("UPDATE copied SET id = ?", [newest])
        conn.execute("INSERT INTO inbox SELECT * FROM copied")
    after = scores(office)
    assert after[newest].summary.school_code == after[other].summary.school_code != taken.school_code
    assert cached(office).to_dict() == fresh(office)


def test_a_restored_older_copy(office, tmp_path):
    older = make_backup(office, target=tmp_path / "truoc.db")
    first = cached(office).to_dict()
    inbox.take_in(office, [office.later], trust=office.trust, period=PERIOD)
    assert cached(office).to_dict() != first
    restore(office, older)
    assert cached(office).to_dict() == fresh(office) == first


def test_without_the_stamp_nothing_is_kept(office):
    office.db.execute("DELETE FROM change_stamps WHERE name = 'scores'")
    first = scores(office)
    again = scores(office)
    assert first.keys() == again.keys() and all(again[i] is not first[i] for i in first)
    assert rollup_cache.rollup(office, KIND, PERIOD).to_dict() == build_rollup(office, KIND, PERIOD).to_dict()


def test_the_scores_read_only_what_the_stamp_covers(office):
    """SQLite's authorizer: scoring a file (its data, the sets) reads the inbox and the indicator sets only, and
    the stamp's triggers are on exactly what can change them."""
    read: set[tuple[str, str]] = set()

    def authorizer(action, table, column, *_):
        if action == sqlite3.SQLITE_READ and not table.startswith("sqlite_"):
            read.add((table, column))
        return sqlite3.SQLITE_OK

    scored_files.forget()
    office.db.conn.set_authorizer(authorizer)
    try:
        row = _accepted_scored(office)
        scored_files.score_file(office, {}, inbox.data_of(office, row["id"]))
    finally:
        office.db.conn.set_authorizer(None)
    assert {t for t, _ in read} <= {"inbox", "indicator_sets", "change_stamps"}, read
    triggers = {r[0]: r[1] for r in office.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%scores_stamp'")}
    assert "AFTER UPDATE OF data ON inbox" in triggers["inbox_data_scores_stamp"]
    assert "AFTER DELETE ON inbox" in triggers["inbox_delete_scores_stamp"]
    assert {f"indicator_sets_{e}_scores_stamp" for e in ("insert", "update", "delete")} <= set(triggers)


def test_a_row_deleted_while_the_roll_up_reads(office):
    """Another program deletes an accepted row after the rows were read and before its data file was: the row is
    left out (it used to end the roll-up in a TypeError)."""
    scored_files.forget()
    ids = [r["id"] for r in inbox.accepted_rows(office, KIND, PERIOD, ("id",))]
    reading = scored_files.accepted(office, KIND, PERIOD, {})
    first, _ = next(reading)
    assert first["id"] == ids[0] != ids[-1]
    with sqlite3.connect(office.path) as conn:
        conn.execute("DELETE FROM inbox WHERE id = ?", [ids[-1]])
    rest = [row["id"] for row, _f in reading]
    assert ids[-1] not in rest and rest
    assert cached(office).to_dict() == fresh(office)
