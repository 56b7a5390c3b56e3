"""Migrations (issue 7): a ledger of every released schema version opens, is backed up, migrated,
and keeps every piece of the clerk's data.

The ledgers are ``tests/fixtures/ledger_vN.db``, each written by the code of version N
(tests/fixtures/README.md says how; ``make_fixture.py`` writes them). The tests run on copies: the
fixtures themselves are never opened for writing. A new ``ledger_vN.db`` is picked up by the glob.

A ledger with a migration this program does not know is refused untouched: the current-version case
is ``test_a_newer_ledger_is_refused_untouched`` in tests/test_backup.py; here it is an *older*
ledger (with migrations pending) that also carries an unknown one, which must not be migrated.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from store.errors import LedgerError
from store.ledger import backup, schema
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.lookup import overview, search
from store.quarterly import reports
from store.work import tasks, units
from store.work.quarters import Quarter
from tests.conftest import TODAY

FIXTURES = Path(__file__).parent / "fixtures"
_NAME = re.compile(r"^ledger_v(\d+)\.db$")


def version_of(path: Path) -> int:
    found = _NAME.match(path.name)
    assert found, path
    return int(found.group(1))


FIXTURE_FILES = sorted(FIXTURES.glob("ledger_v*.db"), key=version_of)
FIXTURE_IDS = [p.stem for p in FIXTURE_FILES]

# What make_fixture.py writes into every fixture, whatever its version.
CLERK = "李文书"
PLAN_TASK = ("四.(一).1", "加快质量发展规划的制定")
SMJ = ("师宗县市场监督管理局", "县市监局", {"县市场监管局", "市监局"})


# --- reading a ledger file with plain sqlite3 -----------------------------------------------------


def plain(path: Path) -> sqlite3.Connection:
    """A read-only connection. A closed file (no -wal beside it) is read ``immutable``, which writes
    no -wal/-shm beside it; an open ledger's recent commits are in its -wal, so that is read too."""
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def is_derived(table: str) -> bool:
    """Tables a migration may rebuild from the data: the search index and the migration record."""
    return table.startswith(("sqlite_", "_sqlite_", "search_")) or "_fts" in table


def migration_names(path: Path) -> list[str]:
    conn = plain(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [schema.MIGRATION_SET])]
    finally:
        conn.close()


def tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def user_data(path: Path, like: dict[str, list[str]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every user table (search index and migration record left out), sorted.

    ``like``: table → columns, to read a migrated file through the columns the fixture had (a later
    migration may add columns; it must not lose rows or change values).
    """
    conn = plain(path)
    try:
        wanted = like or {t: columns(conn, t) for t in tables(conn) if not is_derived(t)}
        present = set(tables(conn))
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table, cols in wanted.items():
            if table not in present:
                continue
            names = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(conn.execute(f'SELECT {names} FROM "{table}"').fetchall(), key=repr)
        return out
    finally:
        conn.close()


def layout(path: Path) -> dict[str, list[str]]:
    conn = plain(path)
    try:
        return {t: columns(conn, t) for t in tables(conn) if not is_derived(t)}
    finally:
        conn.close()


def schema_sql(path: Path) -> set[tuple[str, str, str | None]]:
    conn = plain(path)
    try:
        return {(r[0], r[1], r[2]) for r in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'")}
    finally:
        conn.close()


def everything(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, the search index and the migration record included."""
    conn = plain(path)
    try:
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables(conn)}
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- a migrated copy of each fixture --------------------------------------------------------------


@dataclass
class Migrated:
    fixture: Path  # the committed file (never opened for writing)
    original: Path  # an untouched copy, to compare with
    path: Path  # the copy that was opened (and migrated)
    version: int
    made: list[Path]  # the before-migration backups the first open made
    ledger: Ledger


def copy_fixture(fixture: Path, folder: Path, name: str = "taizhang.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(fixture, target)
    return target


@pytest.fixture(scope="module", params=FIXTURE_FILES, ids=FIXTURE_IDS)
def migrated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Migrated]:
    fixture: Path = request.param
    folder = tmp_path_factory.mktemp(fixture.stem)
    original = copy_fixture(fixture, folder / "original")
    path = copy_fixture(fixture, folder / "ledger")
    assert backup.backups(path) == []
    ledger = open_ledger(path)
    try:
        yield Migrated(fixture, original, path, version_of(fixture), backup.backups(path, "before-migration"), ledger)
    finally:
        ledger.close()


# --- the fixtures themselves ----------------------------------------------------------------------


def test_every_released_schema_version_has_a_fixture() -> None:
    """One fixture per released schema version. The current version's fixture is added when it is
    released (make_fixture.py with the code of that release), so versions 1 .. SCHEMA_VERSION - 1
    must be here, SCHEMA_VERSION may be, and nothing newer than this code."""
    versions = [version_of(p) for p in FIXTURE_FILES]
    assert len(versions) == len(set(versions))
    assert set(range(1, schema.SCHEMA_VERSION)) <= set(versions), "a released schema version has no fixture"
    assert set(versions) <= set(range(1, schema.SCHEMA_VERSION + 1)), "a fixture is newer than this code"


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_a_fixture_is_its_version_and_holds_a_clerks_data(fixture: Path) -> None:
    """ledger_vN.db has exactly the first N migrations, is one closed file, and has the data the
    other tests look for (so they cannot pass on an empty ledger)."""
    version = version_of(fixture)
    assert migration_names(fixture) == schema.KNOWN_MIGRATIONS[:version]
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{fixture}{suffix}").exists(), "a fixture was opened in place"
    assert fixture.stat().st_size < 1_000_000
    data = user_data(fixture)
    # The audit log gave way to the history (changes) in version 3; code from version 4 on writes only
    # the history.
    log_tables = ("audit_log",) if version < 3 else ("changes",) if version > 3 else ("audit_log", "changes")
    for table in ("plans", "phases", "units", "unit_aliases", "group_members", "tasks", "task_units", "reports",
                  "settings", *log_tables):
        assert data[table], f"{fixture.name} has no {table}"
    assert PLAN_TASK in {(r[0], r[1]) for r in _rows(fixture, "SELECT code, title FROM tasks")}
    assert _rows(fixture, "SELECT max(revision) FROM reports") == [(2,)]
    assert ("clerk_name", CLERK) in _rows(fixture, "SELECT key, value FROM settings")


def _rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = plain(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# --- opening an older ledger ----------------------------------------------------------------------


def test_it_is_migrated_to_the_current_version(migrated: Migrated) -> None:
    assert schema.applied_names(migrated.ledger.db) == schema.KNOWN_MIGRATIONS
    assert backup.schema_version(migrated.path) == schema.SCHEMA_VERSION
    assert backup.check(migrated.path) == []


def test_a_backup_of_the_unmigrated_file_is_made_first(migrated: Migrated) -> None:
    if migrated.version == schema.SCHEMA_VERSION:
        assert migrated.made == [], "a ledger at the current version needs no migration, so no backup"
        return
    assert len(migrated.made) == 1
    made = migrated.made[0]
    assert made.parent == migrated.path.parent / backup.BACKUP_DIR
    assert migration_names(made) == schema.KNOWN_MIGRATIONS[: migrated.version]
    assert schema_sql(made) == schema_sql(migrated.original)
    assert everything(made) == everything(migrated.original)
    assert backup.check(made) == []


def test_the_users_data_survives(migrated: Migrated) -> None:
    before = user_data(migrated.original)
    after = user_data(migrated.path, like=layout(migrated.original))
    assert set(after) == set(before), "a table of the older ledger is gone"
    for table, rows in before.items():
        assert after[table] == rows, f"{table} changed in the migration"


def test_concrete_values_survive(migrated: Migrated) -> None:
    ledger = migrated.ledger
    code, title = PLAN_TASK
    task_id = reports.task_id_by_code(ledger, code)
    assert ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task_id]) == title
    unit = units.get_unit(ledger, units.resolve_unit(ledger, "市监局"))
    assert (unit.name, unit.short_name, set(unit.aliases)) == SMJ
    group = units.get_unit(ledger, units.resolve_unit(ledger, "县质量创建成员单位"))
    assert group.kind == "group" and "师宗县市场监督管理局" in group.members
    revisions = [r.revision for r in reports.history(ledger, task_id) if r.unit_id == unit.id
                 and r.quarter == Quarter(2019, 2)]
    assert sorted(revisions) == [1, 2]
    current = reports.latest(ledger, task_id, unit.id, Quarter(2019, 2))
    assert current is not None and (current.revision, current.progress) == (2, 70)
    assert ledger.scalar("SELECT value FROM settings WHERE key = 'clerk_name'") == CLERK
    assert ledger.scalar("SELECT value FROM settings WHERE key = 'yellow_days'") == "20"


def test_the_migrated_file_is_sound(migrated: Migrated) -> None:
    conn = migrated.ledger.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_migrated_schema_is_a_new_ledgers(migrated: Migrated, tmp_path: Path) -> None:
    """Tables, indexes, triggers: a migrated ledger is laid out exactly like one made today."""
    fresh = open_ledger(tmp_path / "fresh.db")
    fresh.close()
    assert schema_sql(migrated.path) == schema_sql(tmp_path / "fresh.db")


def test_search_finds_the_migrated_data(migrated: Migrated) -> None:
    ledger = migrated.ledger
    task_id = reports.task_id_by_code(ledger, PLAN_TASK[0])
    smj = units.resolve_unit(ledger, "县市监局")

    def found(query: str) -> set[tuple[str, int | None]]:
        """(kind, task id) of task and report hits, (kind, unit id) of unit hits."""
        return {(hit.kind, hit.id if hit.kind == "unit" else hit.task_id)
                for hit in search.search(ledger, query, today=TODAY)}

    assert ("task", task_id) in found("质量发展规划")  # a substring of the task's title
    assert ("unit", smj) in found("xsjj")  # 县市监局's pinyin initials
    assert ("unit", smj) in found("市场监管局")  # one of its aliases
    assert ("report", task_id) in found("送审稿")  # the corrected report's text
    assert task_id in search.task_matches(ledger, "jkzlfzgh")  # 加快质量发展规划: the title's initials


def test_the_search_index_matches_the_data(migrated: Migrated) -> None:
    """Whether a migration built the index (from version 1) or triggers kept it (a later version's
    ledger): it is what a full rebuild of the migrated data gives, and FTS5 finds it consistent."""
    from store.ledger import search_index

    conn = migrated.ledger.conn
    queries = {
        "search_keys": "SELECT kind, ref, key, whole FROM search_keys",
        "unit_fts": "SELECT rowid, name, short_name, aliases FROM unit_fts",
        "task_fts": "SELECT rowid, title, code, text FROM task_fts",
        "report_fts": "SELECT rowid, work_done, problems, next_steps FROM report_fts",
    }
    conn.execute("BEGIN")
    try:
        for table in ("task_fts", "report_fts", "search_keys_fts"):  # external content: checked against it
            conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
        conn.execute("INSERT INTO unit_fts (unit_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM search_pending").fetchone() == (0,)
        kept = {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}
        search_index.rebuild(conn)
        rebuilt = {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}
    finally:
        conn.execute("ROLLBACK")
    assert kept == rebuilt
    assert len(kept["unit_fts"]) == len(_rows(migrated.original, "SELECT id FROM units"))


def test_the_app_reads_the_migrated_ledger(migrated: Migrated) -> None:
    ledger = migrated.ledger
    rows = tasks.task_rows(ledger, today=TODAY)
    assert sorted((r.code, r.title) for r in rows) == sorted(_rows(migrated.original, "SELECT code, title FROM tasks"))
    done = {r.code for r in rows if r.done}
    assert "四.(一).3" in done
    summaries = {s.name: s for s in overview.unit_summaries(ledger, today=TODAY)}
    assert set(summaries) == {r[0] for r in _rows(migrated.original, "SELECT name FROM units")}
    smj = summaries[SMJ[0]]
    assert smj.display_name == SMJ[1] and smj.task_count > 0
    assert [s.id for s in overview.unit_summaries(ledger, today=TODAY, query="市监局")] == [smj.id]


def test_opening_it_again_changes_nothing(migrated: Migrated) -> None:
    files = listing(migrated.path.parent)
    data = everything(migrated.path)
    again = open_ledger(migrated.path)
    again.close()
    assert listing(migrated.path.parent) == files  # no second backup
    assert backup.backups(migrated.path, "before-migration") == migrated.made
    assert everything(migrated.path) == data


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_a_migrated_ledger_takes_new_writes(fixture: Path, tmp_path: Path) -> None:
    """The triggers and keys a migration adds work on old rows and new ones alike."""
    ledger = open_ledger(copy_fixture(fixture, tmp_path))
    try:
        unit_id = units.create_unit(ledger, units.UnitDraft(name="师宗县林业和草原局", short_name="县林草局"))
        smj = units.resolve_unit(ledger, "县市监局")
        units.update_unit(ledger, smj, units.UnitDraft(
            name=SMJ[0], short_name=SMJ[1], aliases=[*sorted(SMJ[2]), "市场监管"]))
        hits = {(h.kind, h.id) for h in search.search(ledger, "xlcj", today=TODAY)}
        assert ("unit", unit_id) in hits
        assert units.find_unit_id(ledger, "市场监管") == smj
        assert ledger.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        ledger.close()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_last_writes_still_in_the_wal_are_migrated_and_backed_up(fixture: Path, tmp_path: Path) -> None:
    """The older app's last writes may still sit in the -wal file (power lost before a checkpoint):
    they are in the backup and in the migrated ledger."""
    live = copy_fixture(fixture, tmp_path / "live")
    writer = sqlite3.connect(live)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO settings (key, value) VALUES ('last_words', '断电前的写入')")
        writer.execute("INSERT INTO unit_aliases (alias, unit_id) SELECT '质监局', id FROM units WHERE short_name = '县市监局'")
        writer.commit()
        assert Path(f"{live}-wal").stat().st_size > 0
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for name in (live.name, f"{live.name}-wal"):  # what the disk holds when the power goes
            shutil.copyfile(live.parent / name, crashed / name)
    finally:
        writer.close()
    path = crashed / live.name
    ledger = open_ledger(path)
    try:
        assert ledger.scalar("SELECT value FROM settings WHERE key = 'last_words'") == "断电前的写入"
        smj = units.resolve_unit(ledger, "县市监局")
        assert units.find_unit_id(ledger, "质监局") == smj
        assert ("unit", smj) in {(h.kind, h.id) for h in search.search(ledger, "质监局", today=TODAY)}
    finally:
        ledger.close()
    made = backup.backups(path, "before-migration")
    if version_of(fixture) < schema.SCHEMA_VERSION:
        assert len(made) == 1
        assert _rows(made[0], "SELECT value FROM settings WHERE key = 'last_words'") == [("断电前的写入",)]
        assert migration_names(made[0]) == schema.KNOWN_MIGRATIONS[: version_of(fixture)]


# --- a ledger from a newer taizhang ---------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_an_older_ledger_with_an_unknown_migration_is_refused_untouched(fixture: Path, tmp_path: Path) -> None:
    """Written by a newer taizhang (an unknown migration), yet missing some migrations this program
    has: it is refused as too new, nothing is migrated and no backup is made. (The same for a
    current-version ledger: tests/test_backup.py::test_a_newer_ledger_is_refused_untouched.)"""
    path = copy_fixture(fixture, tmp_path / "ledger")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES (?, '9999_future', '2030-01-01 00:00:00')", [schema.MIGRATION_SET])
    conn.commit()
    conn.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()
    before = digest(path)
    files = listing(tmp_path)
    with pytest.raises(LedgerError, match="更新版本") as refused:
        open_ledger(path)
    assert "升级" in str(refused.value) and "未作任何改动" in str(refused.value)
    assert digest(path) == before
    assert listing(tmp_path) == files
    assert migration_names(path) == [*schema.KNOWN_MIGRATIONS[: version_of(fixture)], "9999_future"]


def test_no_fixture_is_left_open_in_place() -> None:
    """The tests above work on copies: no WAL or journal file appears beside a committed fixture."""
    assert not [name for name in os.listdir(FIXTURES) if name.endswith(("-wal", "-shm", "-journal"))]
