"""m010: a refusal's kind is data (inbox.refusal), not the start of its reason text. Rows refused for another
period before the upgrade — in either wording the program has used ("… thuộc kỳ 2025-2026, …" and, since the
periods were put in words, "… thuộc năm học 2025-2026, …") — are marked so, and their files are taken in again
when their own period is collected."""
from __future__ import annotations

import hashlib
import sqlite3

import sqlite_utils

from desktop.core.commune import inbox, roster
from desktop.core.store import Store, schema, schemacheck
from desktop.core.store.indicator_store import ensure_bundled

FIRST_WORDING = "Bị từ chối: báo cáo thuộc kỳ 2025-2026, không phải kỳ đang tổng hợp (2024-2025)."
WORDS_WORDING = "Bị từ chối: báo cáo thuộc năm học 2025-2026, không phải kỳ đang tổng hợp (năm học 2024-2025)."


def _schema_9_file(path, rows):
    """A data file as the program with schema version 9 left it, with these inbox rows."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None), execute_plugins=False)
    schema.migrations.apply(db, stop_before="m010_inbox_refusal")
    assert schemacheck.applied_names(db.conn) == schema.migration_names()[:9]
    for i, (sha, state, reason) in enumerate(rows):
        db.execute(
            "INSERT INTO inbox (sha256, size, original_name, period, received_at, state, reason) "
            "VALUES (?, 1, ?, '2025-2026', '2026-01-01T00:00:00Z', ?, ?)",
            [sha, f"tep{i}.pdf", state, reason],
        )
    db.close()


def test_the_migration_marks_old_other_period_refusals(tmp_path):
    path = tmp_path / "xa.db"
    _schema_9_file(path, [
        ("a" * 64, "rejected", FIRST_WORDING),
        ("b" * 64, "rejected", WORDS_WORDING),
        ("c" * 64, "rejected", "Bị từ chối: không đọc được tệp dữ liệu."),
        ("d" * 64, "accepted", ""),
    ])
    with Store.open(path) as s:
        got = s.db.execute("SELECT sha256, refusal FROM inbox ORDER BY id").fetchall()
        assert got == [("a" * 64, "other_period"), ("b" * 64, "other_period"), ("c" * 64, ""), ("d" * 64, "")]
        assert schemacheck.differences(s.db.conn) == []
        assert len(schemacheck.applied_names(s.db.conn)) == schema.SCHEMA_VERSION == 10


def test_a_file_refused_before_the_upgrade_is_taken_in_for_its_period(tmp_path, commune):
    f = next(x for x in commune.files if x.name.startswith(commune.schools[0].code))
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    path = tmp_path / "xa.db"
    _schema_9_file(path, [(sha, "rejected", FIRST_WORDING)])
    with Store.open(path) as s:
        ensure_bundled(s)
        roster.import_workbook(s, commune.roster_path)
        still = inbox.take_in(s, [f], period="2024-2025", trust=[commune.root_cert_path])
        assert not still.outcomes and len(still.skipped) == 1   # the wrong period again: nothing new
        (right,) = inbox.take_in(s, [f], period="2025-2026", trust=[commune.root_cert_path]).outcomes
        assert right.state == "accepted"
