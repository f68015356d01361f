"""The data file's schema, as sqlite-utils migrations (one transaction each, recorded in _sqlite_migrations).

Rules for the next engineer: never edit an applied migration; add a new function below, decorated with
@migration. Columns that hold structured values are JSON text. Times are ISO 8601 UTC strings; dates are ISO
dates. `migrations` is the sqlite-utils Migrations set of them, in order.
"""

from __future__ import annotations

from typing import Callable

from sqlite_utils import Database, Migrations

SCHEMA_VERSION = 10  # number of migrations this program knows; a file with more is from a newer program
migrations = Migrations("socds")
_ORDER: list[Callable[[Database], None]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register the next migration (sqlite-utils applies them in this order, each in its own transaction)."""
    _ORDER.append(fn)
    return migrations()(fn)


def migration_names() -> list[str]:
    """The names of this program's migrations, in order (what _sqlite_migrations records)."""
    return [fn.__name__ for fn in _ORDER]


@migration
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL               -- JSON
        );

        -- The school this file belongs to (school mode). One row, id = 1.
        CREATE TABLE school (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            code TEXT NOT NULL DEFAULT '',    -- mã trường (sector database code)
            name TEXT NOT NULL,
            levels TEXT NOT NULL DEFAULT '[]',-- JSON list of MN/TH/THCS/THPT/GDTX (liên cấp: several)
            address TEXT NOT NULL DEFAULT '',
            commune TEXT NOT NULL DEFAULT '',
            province TEXT NOT NULL DEFAULT '',
            managing_body TEXT NOT NULL DEFAULT '',       -- e.g. "UBND xã Tuệ Tĩnh"
            managing_body_kind TEXT NOT NULL DEFAULT 'commune' CHECK (managing_body_kind IN ('commune', 'so', 'other')),
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            doc_code TEXT NOT NULL DEFAULT '',  -- abbreviation used in document numbers, e.g. "THCSTT"
            place_name TEXT NOT NULL DEFAULT '',-- địa danh in "…, ngày … tháng … năm …"
            updated_at TEXT NOT NULL
        );

        -- Principal, deputies, CĐS focal points and other named people of the school.
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('principal', 'deputy', 'focal_point', 'technical_focal', 'staff', 'other')),
            full_name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',    -- chức vụ as printed, e.g. "Phó Hiệu trưởng"
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            sort_order INTEGER NOT NULL DEFAULT 0,
            removed_at TEXT
        );

        CREATE TABLE school_years (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,        -- "2025-2026"
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            is_current INTEGER NOT NULL DEFAULT 0
        );

        -- Installed indicator sets; several versions of one set may be installed side by side.
        CREATE TABLE indicator_sets (
            set_id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            status TEXT NOT NULL,              -- official / draft / incomplete
            content TEXT NOT NULL,             -- the whole set file, JSON
            sha256 TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'bundled',  -- bundled / imported file name
            installed_at TEXT NOT NULL,
            PRIMARY KEY (set_id, version)
        );

        CREATE TABLE plan_packs (
            pack_id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            content TEXT NOT NULL,             -- the whole pack file, JSON
            sha256 TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'bundled',
            installed_at TEXT NOT NULL,
            PRIMARY KEY (pack_id, version)
        );

        -- Which packs the school follows in a school year (a school may follow several).
        CREATE TABLE followed_plans (
            id INTEGER PRIMARY KEY,
            school_year_id INTEGER NOT NULL REFERENCES school_years(id),
            pack_id TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            followed_since TEXT NOT NULL,
            FOREIGN KEY (pack_id, pack_version) REFERENCES plan_packs(pack_id, version),
            UNIQUE (school_year_id, pack_id)
        );

        -- An assessment is pinned to one version of an indicator set. kind 'self' is the school's own;
        -- 'external' is a managing body's assessment of a school (subject_code names the school).
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            school_year_id INTEGER NOT NULL REFERENCES school_years(id),
            set_id TEXT NOT NULL,
            set_version TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'self' CHECK (kind IN ('self', 'external')),
            subject_code TEXT NOT NULL DEFAULT '',
            based_on INTEGER REFERENCES assessments(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            FOREIGN KEY (set_id, set_version) REFERENCES indicator_sets(set_id, version)
        );

        CREATE TABLE answers (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            item_code TEXT NOT NULL,
            value TEXT,                        -- JSON: true/false, number, {"choice": ...}, as the item defines
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (assessment_id, item_code)
        );

        -- Evidence: files are content-addressed in <data>-data/evidence/<aa>/<sha256>; links and notes inline.
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'note')),
            title TEXT NOT NULL,
            sha256 TEXT,
            size INTEGER,
            mime TEXT,
            original_name TEXT,
            url TEXT,
            note_text TEXT,
            added_at TEXT NOT NULL,
            removed_at TEXT                    -- soft delete: recoverable until the bin is emptied
        );

        -- One piece of evidence can serve several items and tasks.
        CREATE TABLE evidence_links (
            id INTEGER PRIMARY KEY,
            evidence_id INTEGER NOT NULL REFERENCES evidence(id),
            assessment_id INTEGER REFERENCES assessments(id),
            item_code TEXT,
            pack_id TEXT,
            task_id TEXT,
            period TEXT,
            created_at TEXT NOT NULL,
            removed_at TEXT,
            CHECK ((item_code IS NOT NULL AND assessment_id IS NOT NULL) OR (task_id IS NOT NULL AND pack_id IS NOT NULL))
        );
        CREATE INDEX evidence_links_item ON evidence_links(assessment_id, item_code);
        CREATE INDEX evidence_links_task ON evidence_links(pack_id, task_id);

        -- Progress of a plan task in a reporting period ("2026-03", "2026-Q1", "2026", "2025-2026").
        CREATE TABLE task_progress (
            id INTEGER PRIMARY KEY,
            school_year_id INTEGER NOT NULL REFERENCES school_years(id),
            pack_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            period TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'na')),
            progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
            completed_on TEXT,
            responsible TEXT NOT NULL DEFAULT '',
            na_reason TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            UNIQUE (school_year_id, pack_id, task_id, period)
        );

        -- Simple staff and room lists used to compute shares (items 1.6.x, 1.7.1).
        CREATE TABLE school_lists (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('staff', 'room')),
            name TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',  -- JSON flags, e.g. {"has_account": true}
            sort_order INTEGER NOT NULL DEFAULT 0,
            removed_at TEXT
        );

        -- Report versions. Once locked_at is set, report_data and data_sha256 never change (trigger below).
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,                -- self-assessment / month / quarter / year / rollup
            period TEXT NOT NULL,
            school_year_id INTEGER REFERENCES school_years(id),
            version INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'locked', 'signed', 'sent', 'returned')),
            doc_number TEXT NOT NULL DEFAULT '',
            doc_date TEXT,
            fields TEXT NOT NULL DEFAULT '{}', -- JSON: difficulties, proposals, recipients, signer… (editable in draft)
            report_data TEXT,                  -- JSON of the ReportData, set when locked
            data_sha256 TEXT,
            locked_at TEXT,
            signed_at TEXT,
            sent_at TEXT,
            returned_at TEXT,
            return_comments TEXT,              -- JSON
            package_sha256 TEXT,
            package_name TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (kind, period, version)
        );
        CREATE TRIGGER reports_locked_immutable
        BEFORE UPDATE OF report_data, data_sha256, kind, period, version, doc_number, doc_date, fields ON reports
        WHEN OLD.locked_at IS NOT NULL
        BEGIN
            SELECT RAISE(ABORT, 'report version is locked');
        END;
        CREATE TRIGGER reports_locked_undeletable
        BEFORE DELETE ON reports WHEN OLD.locked_at IS NOT NULL
        BEGIN
            SELECT RAISE(ABORT, 'report version is locked');
        END;

        -- Files attached to a report version (the signed package, a scan of the printed copy…), by content hash.
        CREATE TABLE report_files (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id),
            role TEXT NOT NULL,                -- package / handoff / scan / p7s
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL
        );

        -- Every user-visible change, with before/after images of the row, so it can be undone.
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            batch TEXT NOT NULL,               -- changes made by one user action share a batch id
            table_name TEXT NOT NULL,
            row_key TEXT NOT NULL,             -- JSON object of primary-key columns
            before TEXT,                       -- JSON row, NULL for an insert
            after TEXT,                        -- JSON row, NULL for a delete
            summary TEXT NOT NULL DEFAULT '',  -- Vietnamese description shown in the history list
            undone_at TEXT
        );
        CREATE INDEX history_batch ON history(batch);
        """
    )


@migration
def m002_commune(db: Database) -> None:
    """Authority mode (UBND xã/phường, Sở): the schools it manages, the report files it received, requests for
    changes it sent (or, in school mode, received). The app mode itself is the setting "app_mode"
    ("school" / "authority"); one file may hold both. External assessments reuse `assessments` (kind='external',
    subject_code = school code)."""
    db.executescript(
        """
        CREATE TABLE roster (
            code TEXT PRIMARY KEY,             -- mã trường
            name TEXT NOT NULL,
            levels TEXT NOT NULL DEFAULT '[]', -- JSON list of MN/TH/THCS/THPT/GDTX
            commune TEXT NOT NULL DEFAULT '',
            contact_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        -- One row per received file, whatever became of it. The file itself is content-addressed under
        -- <data>-data/inbox/<aa>/<sha256>; only the extracted data file (JSON) is kept in the row.
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            original_name TEXT NOT NULL,
            stored_path TEXT,                  -- relative to the data folder; NULL when not kept (e.g. unreadable)
            school_code TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            period TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 0,
            received_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('accepted', 'superseded', 'rejected')),
            reason TEXT NOT NULL DEFAULT '',   -- Vietnamese, shown as is
            signature_state TEXT NOT NULL DEFAULT 'none',  -- trusted / untrusted / invalid / none
            signer TEXT NOT NULL DEFAULT '',
            signing_time TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            due_date TEXT,
            answers_to_request TEXT,
            superseded_by INTEGER REFERENCES inbox(id),
            data TEXT                          -- the report's data file, JSON (NULL when rejected before reading)
        );
        CREATE INDEX inbox_school ON inbox(school_code, kind, period, state);
        CREATE INDEX inbox_sha ON inbox(sha256);

        -- Requests for changes ("yêu cầu bổ sung"). direction 'sent': this file (authority) wrote it;
        -- 'received': this file (school) imported it. comments: JSON list of {target, code, text, answer}.
        CREATE TABLE return_requests (
            request_id TEXT PRIMARY KEY,       -- uuid, carried in the request file and in the answering report
            direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
            school_code TEXT NOT NULL,
            authority TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            period TEXT NOT NULL,
            report_version INTEGER NOT NULL DEFAULT 0,
            inbox_id INTEGER REFERENCES inbox(id),
            comments TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            sent_at TEXT,
            file_name TEXT NOT NULL DEFAULT '',
            imported_at TEXT,
            answered_by INTEGER REFERENCES inbox(id),   -- authority: the inbox row that answers it
            answered_at TEXT
        );
        """
    )


@migration
def m003_intake_review(db: Database) -> None:
    """Issue 17: an inbox row may be 'held' for the officer's review, whose decision is recorded (who, when, why).

    Widening a CHECK constraint cannot be done by ALTER TABLE, and rebuilding `inbox` would break the foreign
    keys of return_requests within the migration's transaction; SQLite documents this case (lang_altertable.html,
    "making other kinds of table schema changes"): the constraint's text is changed in sqlite_schema, with the
    schema version bumped, which leaves every stored row valid (the new constraint admits more)."""
    old = "CHECK (state IN ('accepted', 'superseded', 'rejected'))"
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'inbox'").fetchone()[0]
    if old not in sql:
        raise RuntimeError("inbox table is not the one m002 made")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'inbox'",
        [sql.replace(old, "CHECK (state IN ('accepted', 'held', 'superseded', 'rejected'))")],
    )
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")
    for column in ("decided_by", "decided_at", "decision"):
        db.execute(f"ALTER TABLE inbox ADD COLUMN {column} TEXT")


@migration
def m004_answer_basis(db: Database) -> None:
    """Issue 22: the share ("17/20", "85%") a share item's points were based on, JSON or NULL, so a later change of
    the staff/room lists can be flagged beside the stored answer (desktop/core/shares.py)."""
    db.execute("ALTER TABLE answers ADD COLUMN basis TEXT")


@migration
def m005_period_content(db: Database) -> None:
    """Issue 20/19: a target's own figure as the school states it (with the day it was measured), the reason a
    late row is late, and a report occurrence a school marks "không áp dụng" (with its reason)."""
    db.execute("ALTER TABLE task_progress ADD COLUMN actual TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE task_progress ADD COLUMN actual_on TEXT")
    db.execute("ALTER TABLE task_progress ADD COLUMN late_reason TEXT NOT NULL DEFAULT ''")
    db.executescript(
        """
        -- A report the calendar asks for that does not apply to the school this once (issue 19).
        CREATE TABLE report_exemptions (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            report_kind TEXT NOT NULL,
            period TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE INDEX report_exemptions_key ON report_exemptions(pack_id, report_kind, period);
        """
    )


@migration
def m006_school_plan(db: Database) -> None:
    """Issue 24: the school's own CĐS plan for a school year. `school_plans` holds the document's own fields (number,
    date, mục đích–yêu cầu, tổ chức thực hiện, recipients, signer; JSON), `school_plan_rows` its rows. A row keeps
    its link to the province row it carries out (pack_id + pack_row_id) and to the indicator item it lifts; its
    `code` ("KH01") is its id on the checklist, where the school's rows are tracked beside the province's.
    `suggested` lists the fields whose value is still the program's suggestion (cleared when the user edits or
    accepts them)."""
    db.executescript(
        """
        CREATE TABLE school_plans (
            school_year_id INTEGER PRIMARY KEY REFERENCES school_years(id),
            fields TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL
        );
        CREATE TABLE school_plan_rows (
            id INTEGER PRIMARY KEY,
            school_year_id INTEGER NOT NULL REFERENCES school_years(id),
            code TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('province', 'assessment', 'school')),
            kind TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('target', 'task')),
            pack_id TEXT,
            pack_row_id TEXT,
            item_code TEXT,
            action TEXT NOT NULL,
            responsible_id INTEGER REFERENCES people(id),
            deadline TEXT NOT NULL DEFAULT '',  -- as shown: "31/05/2026", "Hằng tháng, trước ngày 20", ""
            product TEXT NOT NULL DEFAULT '',
            resources TEXT NOT NULL DEFAULT '',
            suggested TEXT NOT NULL DEFAULT '[]',
            sort_order INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            removed_at TEXT,
            UNIQUE (school_year_id, code)
        );
        """
    )


@migration
def m007_change_stamps(db: Database) -> None:
    """A stamp of what the commune's roll-up reads (desktop/core/commune/rollup_cache.py): redrawn at random, in the
    same transaction, by every insert, update and delete on those tables, whichever connection or program makes
    it. A cached roll-up is used only while the stamp is the one it was built under; a random token rather than a
    counter, so that a restored older copy can never present a number a cache was built under."""
    db.executescript(
        """
        CREATE TABLE change_stamps (
            name TEXT PRIMARY KEY,             -- 'rollup'
            generation INTEGER NOT NULL DEFAULT 0,
            token TEXT NOT NULL
        );
        INSERT INTO change_stamps (name, generation, token) VALUES ('rollup', 0, lower(hex(randomblob(8))));
        """
    )
    for table in ("inbox", "roster", "return_requests", "assessments", "answers", "indicator_sets"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_rollup_stamp AFTER {event} ON {table} BEGIN "
                "UPDATE change_stamps SET generation = generation + 1, token = lower(hex(randomblob(8))) "
                "WHERE name = 'rollup'; END"
            )


@migration
def m008_scores_stamp(db: Database) -> None:
    """A second stamp (desktop/core/commune/scored_files.py): what scoring an accepted data file reads — the file's
    own data, the installed indicator sets — redrawn at random whenever a data file of the inbox is rewritten in
    place or deleted, or an indicator set is installed, changed or removed. A file taken in is a new row and a new
    key, and an officer's decision changes no data file: neither moves it, so the scores of the other files are
    kept while the roll-up (the 'rollup' stamp) is built again."""
    db.execute("INSERT INTO change_stamps (name, generation, token) VALUES ('scores', 0, lower(hex(randomblob(8))))")
    bump = (
        "UPDATE change_stamps SET generation = generation + 1, token = lower(hex(randomblob(8))) "
        "WHERE name = 'scores'; END"
    )
    db.execute(f"CREATE TRIGGER inbox_data_scores_stamp AFTER UPDATE OF data ON inbox BEGIN {bump}")
    db.execute(f"CREATE TRIGGER inbox_delete_scores_stamp AFTER DELETE ON inbox BEGIN {bump}")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER indicator_sets_{event.lower()}_scores_stamp AFTER {event} ON indicator_sets BEGIN {bump}"
        )


@migration
def m009_roster_principal(db: Database) -> None:
    """Issue 17: the principal a managed school's report is expected to be signed by ("Hiệu trưởng" on the roster;
    '' when unknown): the data file's named signer is the sender's own claim, this is the officer's. An accepted
    inbox row says whether its signer was checked against nothing but that claim (`signer_unchecked`, counted
    before the roll-up is sent). New columns only: m007's stamp triggers watch whole tables."""
    db.execute("ALTER TABLE roster ADD COLUMN principal TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE inbox ADD COLUMN signer_unchecked INTEGER NOT NULL DEFAULT 0")


@migration
def m010_inbox_refusal(db: Database) -> None:
    """What kind of refusal a rejected inbox row is, as data ('other_period': refused only because it belongs to
    another period than the one collected, taken in again when its own period is; '' otherwise), instead of the
    start of its reason text, which is the human explanation and gets reworded. Rows refused before this are
    recognised by both wordings the program has written: "Bị từ chối: báo cáo thuộc kỳ 2026-Q1, …" and, since the
    periods are in words, "Bị từ chối: báo cáo thuộc quý I năm 2026, …" (the first starts with the second)."""
    db.execute("ALTER TABLE inbox ADD COLUMN refusal TEXT NOT NULL DEFAULT ''")
    db.execute(
        "UPDATE inbox SET refusal = 'other_period' WHERE state = 'rejected' AND substr(reason, 1, ?) = ?",
        [len("Bị từ chối: báo cáo thuộc "), "Bị từ chối: báo cáo thuộc "],
    )
