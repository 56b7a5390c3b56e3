"""The ledger's schema, versioned with sqlite-utils ``Migrations`` from the first release.

Each migration runs in one transaction together with its record in ``_sqlite_migrations``.
Never edit a released migration: add a new one. ``SCHEMA_VERSION`` is the number of migrations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from store import strings
from store.errors import LedgerError
from store.ledger import history, search_index
from store.ledger.versions import MIGRATION_SET, SCHEMA_MIGRATIONS

if TYPE_CHECKING:
    from store.ledger.db import Ledger

migrations = Migrations(MIGRATION_SET)

# Version 1: plans, structure, units, tasks and the tables later features fill
# (quarterly reports with revisions, meetings, audit log, settings).
_V1 = [
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        issuer TEXT,
        doc_no TEXT,
        issued TEXT,
        start TEXT,
        end TEXT,
        source_file TEXT,
        original_text TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now'))
    )""",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER REFERENCES plans(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        title TEXT NOT NULL,
        ord INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE phases (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER REFERENCES plans(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        start TEXT,
        end TEXT,
        ord INTEGER NOT NULL DEFAULT 0,
        is_main INTEGER NOT NULL DEFAULT 0 CHECK (is_main IN (0, 1)),
        description TEXT NOT NULL DEFAULT '',
        CHECK (start IS NULL OR end IS NULL OR start <= end)
    )""",
    """CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
        short_name TEXT,
        kind TEXT NOT NULL DEFAULT 'department'
            CHECK (kind IN ('department', 'township', 'subdistrict', 'group')),
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE unit_aliases (
        alias TEXT PRIMARY KEY CHECK (trim(alias) <> ''),
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
    )""",
    """CREATE TABLE group_members (
        group_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, member_id),
        CHECK (group_id <> member_id)
    )""",
    """CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'plenary',
        date TEXT,
        start_time TEXT,
        place TEXT NOT NULL DEFAULT '',
        chair TEXT NOT NULL DEFAULT '',
        quarter TEXT,
        agenda_json TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now'))
    )""",
    """CREATE TABLE meeting_attendees (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        PRIMARY KEY (meeting_id, unit_id)
    )""",
    """CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER REFERENCES plans(id) ON DELETE CASCADE,
        section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
        phase_id INTEGER REFERENCES phases(id) ON DELETE SET NULL,
        code TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL CHECK (trim(title) <> ''),
        text TEXT NOT NULL DEFAULT '',
        deadline TEXT,
        rrule TEXT,
        source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('plan', 'meeting', 'manual')),
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        done_on TEXT,
        ord INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (datetime('now')),
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    )""",
    """CREATE TABLE task_units (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
        role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
        ord INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (task_id, unit_id)
    )""",
    """CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        metric TEXT NOT NULL,
        comparator TEXT NOT NULL CHECK (comparator IN ('>=', '>', '<=', '<', '=', '+=', '-=')),
        value REAL NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        year INTEGER
    )""",
    # One row per revision; the current report of (task, unit, quarter) is the highest revision.
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        quarter TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'late', 'paused')),
        progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
        work_done TEXT NOT NULL DEFAULT '',
        problems TEXT NOT NULL DEFAULT '',
        next_steps TEXT NOT NULL DEFAULT '',
        received TEXT,
        recorded_by TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL DEFAULT (datetime('now')),
        UNIQUE (task_id, unit_id, quarter, revision)
    )""",
    """CREATE TABLE report_actuals (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
        value REAL NOT NULL,
        PRIMARY KEY (report_id, target_id)
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
        who TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before_json TEXT,
        after_json TEXT
    )""",
    "CREATE INDEX idx_tasks_phase ON tasks(phase_id)",
    "CREATE INDEX idx_tasks_plan ON tasks(plan_id, ord)",
    "CREATE INDEX idx_task_units_unit ON task_units(unit_id, task_id)",
    "CREATE INDEX idx_aliases_unit ON unit_aliases(unit_id)",
    "CREATE INDEX idx_members_member ON group_members(member_id)",
    "CREATE INDEX idx_targets_task ON targets(task_id)",
    "CREATE INDEX idx_reports_quarter ON reports(quarter, unit_id)",
    "CREATE INDEX idx_reports_task ON reports(task_id, unit_id, quarter, revision)",
    "CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id)",
]


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    for statement in _V1:
        db.execute(statement)


# Version 2: search. FTS5 ``trigram`` tables over tasks (title, code, text), units (name, short
# name, aliases) and reports (what was done, problems, next steps), kept current by triggers; the
# pinyin-initials keys of units and task titles (search_keys, with its own trigram table), which
# Python computes: triggers note the changed rows in search_pending (store.ledger.search_index.flush).
_V2 = [
    """CREATE VIRTUAL TABLE task_fts USING fts5(
        title, code, text, content='tasks', content_rowid='id', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE report_fts USING fts5(
        work_done, problems, next_steps, content='reports', content_rowid='id', tokenize='trigram')""",
    # rowid = unit id; aliases joined by spaces.
    """CREATE VIRTUAL TABLE unit_fts USING fts5(name, short_name, aliases, tokenize='trigram')""",
    """CREATE TABLE search_keys (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('task', 'unit')),
        ref INTEGER NOT NULL,
        key TEXT NOT NULL,
        whole INTEGER NOT NULL DEFAULT 1 CHECK (whole IN (0, 1))
    )""",
    "CREATE INDEX idx_search_keys_ref ON search_keys(kind, ref)",
    "CREATE INDEX idx_search_keys_key ON search_keys(whole, key)",
    """CREATE VIRTUAL TABLE search_keys_fts USING fts5(
        key, content='search_keys', content_rowid='id', tokenize='trigram')""",
    """CREATE TABLE search_pending (
        kind TEXT NOT NULL, ref INTEGER NOT NULL, PRIMARY KEY (kind, ref)) WITHOUT ROWID""",
    "CREATE INDEX idx_tasks_code ON tasks(code)",
    # tasks
    """CREATE TRIGGER task_fts_ai AFTER INSERT ON tasks BEGIN
        INSERT INTO task_fts (rowid, title, code, text) VALUES (new.id, new.title, new.code, new.text);
        INSERT OR IGNORE INTO search_pending (kind, ref) VALUES ('task', new.id);
    END""",
    """CREATE TRIGGER task_fts_au AFTER UPDATE OF title, code, text ON tasks
    WHEN old.title IS NOT new.title OR old.code IS NOT new.code OR old.text IS NOT new.text BEGIN
        INSERT INTO task_fts (task_fts, rowid, title, code, text) VALUES ('delete', old.id, old.title, old.code, old.text);
        INSERT INTO task_fts (rowid, title, code, text) VALUES (new.id, new.title, new.code, new.text);
        INSERT OR IGNORE INTO search_pending (kind, ref) SELECT 'task', new.id WHERE new.title IS NOT old.title;
    END""",
    """CREATE TRIGGER task_fts_ad AFTER DELETE ON tasks BEGIN
        INSERT INTO task_fts (task_fts, rowid, title, code, text) VALUES ('delete', old.id, old.title, old.code, old.text);
        DELETE FROM search_keys WHERE kind = 'task' AND ref = old.id;
        DELETE FROM search_pending WHERE kind = 'task' AND ref = old.id;
    END""",
    # reports
    """CREATE TRIGGER report_fts_ai AFTER INSERT ON reports BEGIN
        INSERT INTO report_fts (rowid, work_done, problems, next_steps)
        VALUES (new.id, new.work_done, new.problems, new.next_steps);
    END""",
    """CREATE TRIGGER report_fts_au AFTER UPDATE OF work_done, problems, next_steps ON reports
    WHEN old.work_done IS NOT new.work_done OR old.problems IS NOT new.problems
        OR old.next_steps IS NOT new.next_steps BEGIN
        INSERT INTO report_fts (report_fts, rowid, work_done, problems, next_steps)
        VALUES ('delete', old.id, old.work_done, old.problems, old.next_steps);
        INSERT INTO report_fts (rowid, work_done, problems, next_steps)
        VALUES (new.id, new.work_done, new.problems, new.next_steps);
    END""",
    """CREATE TRIGGER report_fts_ad AFTER DELETE ON reports BEGIN
        INSERT INTO report_fts (report_fts, rowid, work_done, problems, next_steps)
        VALUES ('delete', old.id, old.work_done, old.problems, old.next_steps);
    END""",
    # units and their aliases
    """CREATE TRIGGER unit_fts_ai AFTER INSERT ON units BEGIN
        INSERT INTO unit_fts (rowid, name, short_name, aliases) VALUES (new.id, new.name, coalesce(new.short_name, ''),
            coalesce((SELECT group_concat(alias, ' ') FROM unit_aliases WHERE unit_id = new.id), ''));
        INSERT OR IGNORE INTO search_pending (kind, ref) VALUES ('unit', new.id);
    END""",
    """CREATE TRIGGER unit_fts_au AFTER UPDATE OF name, short_name ON units
    WHEN old.name IS NOT new.name OR old.short_name IS NOT new.short_name BEGIN
        DELETE FROM unit_fts WHERE rowid = old.id;
        INSERT INTO unit_fts (rowid, name, short_name, aliases) VALUES (new.id, new.name, coalesce(new.short_name, ''),
            coalesce((SELECT group_concat(alias, ' ') FROM unit_aliases WHERE unit_id = new.id), ''));
        INSERT OR IGNORE INTO search_pending (kind, ref) VALUES ('unit', new.id);
    END""",
    """CREATE TRIGGER unit_fts_ad AFTER DELETE ON units BEGIN
        DELETE FROM unit_fts WHERE rowid = old.id;
        DELETE FROM search_keys WHERE kind = 'unit' AND ref = old.id;
        DELETE FROM search_pending WHERE kind = 'unit' AND ref = old.id;
    END""",
    """CREATE TRIGGER unit_alias_ai AFTER INSERT ON unit_aliases BEGIN
        UPDATE unit_fts SET aliases = coalesce((SELECT group_concat(alias, ' ') FROM unit_aliases
            WHERE unit_id = new.unit_id), '') WHERE rowid = new.unit_id;
        INSERT OR IGNORE INTO search_pending (kind, ref) SELECT 'unit', new.unit_id
            WHERE EXISTS (SELECT 1 FROM units WHERE id = new.unit_id);
    END""",
    """CREATE TRIGGER unit_alias_au AFTER UPDATE ON unit_aliases
    WHEN old.alias IS NOT new.alias OR old.unit_id IS NOT new.unit_id BEGIN
        UPDATE unit_fts SET aliases = coalesce((SELECT group_concat(alias, ' ') FROM unit_aliases
            WHERE unit_id = unit_fts.rowid), '') WHERE rowid IN (old.unit_id, new.unit_id);
        INSERT OR IGNORE INTO search_pending (kind, ref) SELECT 'unit', id FROM units WHERE id IN (old.unit_id, new.unit_id);
    END""",
    """CREATE TRIGGER unit_alias_ad AFTER DELETE ON unit_aliases BEGIN
        UPDATE unit_fts SET aliases = coalesce((SELECT group_concat(alias, ' ') FROM unit_aliases
            WHERE unit_id = old.unit_id), '') WHERE rowid = old.unit_id;
        INSERT OR IGNORE INTO search_pending (kind, ref) SELECT 'unit', old.unit_id
            WHERE EXISTS (SELECT 1 FROM units WHERE id = old.unit_id);
    END""",
    # search_keys → its trigram table
    """CREATE TRIGGER search_keys_ai AFTER INSERT ON search_keys BEGIN
        INSERT INTO search_keys_fts (rowid, key) VALUES (new.id, new.key);
    END""",
    """CREATE TRIGGER search_keys_ad AFTER DELETE ON search_keys BEGIN
        INSERT INTO search_keys_fts (search_keys_fts, rowid, key) VALUES ('delete', old.id, old.key);
    END""",
    """CREATE TRIGGER search_keys_au AFTER UPDATE ON search_keys BEGIN
        INSERT INTO search_keys_fts (search_keys_fts, rowid, key) VALUES ('delete', old.id, old.key);
        INSERT INTO search_keys_fts (rowid, key) VALUES (new.id, new.key);
    END""",
]


@migrations(name="0002_search")
def _search(db: Database) -> None:
    for statement in _V2:
        db.execute(statement)
    # An existing ledger is indexed here, once (pinyin is computed only if it has tasks or units).
    search_index.rebuild(db.conn)


# Version 3: history and undo. Every row inserted, updated or deleted in the data tables is kept
# whole in change_rows by triggers and grouped into one ``changes`` record per user action
# (store.ledger.history). Earlier audit records become changes that cannot be undone (no full old values).
@migrations(name="0003_history")
def _history(db: Database) -> None:
    history.migrate(db.conn)


# Version 4: an index for large ledgers. A task without a phase of its own takes its plan's main
# phase (phases.EFFECTIVE_PHASE_SQL): one index step per task instead of reading every phase.
# idx_reports_task goes: it repeated the UNIQUE (task_id, unit_id, quarter, revision) index exactly.
@migrations(name="0004_indexes")
def _indexes(db: Database) -> None:
    db.execute("CREATE INDEX idx_phases_main ON phases(plan_id, is_main, ord)")
    db.execute("DROP INDEX IF EXISTS idx_reports_task")


# Version 5: what each import of a plan read, so that importing it again keeps the clerk's review
# (dropped items stay dropped, corrected tasks stay corrected) and shows only what the document changed.
# ``item_key`` is ``task:<code or title>`` or ``phase:<name>`` as the parser gave it; ``parsed`` that
# item as the parser read it (JSON), ``saved`` as the clerk saved it after review (JSON; NULL when
# dropped). Tracked by the history, so undoing an import forgets it too.
@migrations(name="0005_import_memory")
def _import_memory(db: Database) -> None:
    db.execute(
        "CREATE TABLE import_memory ("
        " plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,"
        " item_key TEXT NOT NULL,"
        " parsed TEXT NOT NULL,"
        " saved TEXT,"
        " dropped INTEGER NOT NULL DEFAULT 0 CHECK (dropped IN (0, 1)),"
        " PRIMARY KEY (plan_id, item_key))"
    )
    history.install_triggers(db.conn)


# Version 6: who filled in and signed a unit's quarterly form (填报人, 联系电话, 填报日期, 单位负责人),
# read back from the form and kept with that unit's reports of the quarter.
@migrations(name="0006_report_signoffs")
def _report_signoffs(db: Database) -> None:
    db.execute(
        "CREATE TABLE report_signoffs ("
        " unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
        " quarter TEXT NOT NULL,"
        " filled_by TEXT NOT NULL DEFAULT '',"
        " phone TEXT NOT NULL DEFAULT '',"
        " filled_on TEXT,"
        " head TEXT NOT NULL DEFAULT '',"
        " source TEXT NOT NULL DEFAULT '',"
        " PRIMARY KEY (unit_id, quarter))"
    )
    history.install_triggers(db.conn)


SCHEMA_VERSION = len(migrations._migrations)
KNOWN_MIGRATIONS = [m.name for m in migrations._migrations]
if tuple(KNOWN_MIGRATIONS) != SCHEMA_MIGRATIONS:  # a new migration is named in store/ledger/versions.py too
    raise RuntimeError(f"store.ledger.versions.SCHEMA_MIGRATIONS must list {KNOWN_MIGRATIONS}")


def applied_names(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def migrate(ledger: Ledger, *, before: Callable[[], object] | None = None) -> None:
    """Bring the ledger to the current schema; refuse a ledger from a newer taizhang.

    ``before`` is called once when an existing ledger is about to be migrated (the opener keeps a
    backup from before the migration)."""
    db = ledger.db
    if db.table_names() and "_sqlite_migrations" not in db.table_names():
        raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=ledger.path, detail=strings.NOT_TAIZHANG))
    unknown = [name for name in applied_names(db) if name not in KNOWN_MIGRATIONS]
    if unknown:
        raise LedgerError(strings.ERR_LEDGER_TOO_NEW.format(path=ledger.path))
    if migrations.pending(db):
        if applied_names(db) and before is not None:  # an existing ledger
            before()
        migrations.apply(db)
