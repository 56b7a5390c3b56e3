"""Backups, restore, checks, newer ledgers refused untouched, owner-only files (issue 7)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from store.errors import LedgerError
from store.importing import importer
from store.importing.plan_import import parse_plan
from store.ledger import backup, schema
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from tests.conftest import TODAY, dump

PLAN = Path(__file__).parent / "data" / "plan_small.txt"




def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def corrupt(path: Path) -> None:
    """Overwrite the b-tree page headers of pages in the middle of the file (the file header
    survives: it still looks like SQLite, as after a torn write or a bad disk sector)."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(8 * page, min(len(data), 40 * page), 3 * page):
        data[start : start + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))


def not_a_ledger(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三')")
    conn.commit()
    conn.close()


def newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('taizhang', '9999_future', 'x')")
    conn.commit()
    conn.close()


# --- backup ---------------------------------------------------------------------------------------


def test_backup_is_a_consistent_owner_only_copy(demo_ledger: Ledger) -> None:
    made = backup.backup(demo_ledger, reason="manual")
    assert made.parent == demo_ledger.path.parent / "backups"
    assert made.name.startswith("demo-") and made.name.endswith("-manual.db")
    assert mode(made) == 0o600
    assert mode(made.parent) == 0o700
    assert not Path(f"{made}-wal").exists()
    plain = sqlite3.connect(made)
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    plain.close()
    copy = Ledger(made)
    try:
        assert dump(copy) == dump(demo_ledger)
    finally:
        copy.close()
    assert backup.check(made) == []
    second = backup.backup(demo_ledger, reason="manual")
    assert second != made  # two in the same second get distinct names


def test_backup_to_a_path_never_overwrites(demo_ledger: Ledger, tmp_path: Path) -> None:
    dest = tmp_path / "copy.db"
    assert backup.backup(demo_ledger, dest) == dest
    before = digest(dest)
    with pytest.raises(LedgerError, match="已存在"):
        backup.backup(demo_ledger, dest)
    assert digest(dest) == before
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert backup.backup(demo_ledger, folder).parent == folder


def test_daily_backup_once_a_day_keeping_30(demo_ledger: Ledger) -> None:
    first = backup.daily_backup(demo_ledger, TODAY)
    assert first is not None and first.name.endswith("-daily.db")
    assert backup.daily_backup(demo_ledger, TODAY) is None
    folder = backup.backup_dir(demo_ledger.path)
    for days in range(1, 40):  # older daily backups
        shutil.copy(first, folder / f"demo-{TODAY - timedelta(days=days):%Y%m%d}-090000-daily.db")
    made = backup.daily_backup(demo_ledger, TODAY + timedelta(days=1))
    daily = backup.backups(demo_ledger.path, "daily")
    assert made in daily and len(daily) == 30
    assert daily[0].name == f"demo-{TODAY - timedelta(days=28):%Y%m%d}-090000-daily.db"


def test_empty_ledger_needs_no_daily_backup(ledger: Ledger) -> None:
    assert backup.daily_backup(ledger, TODAY) is None
    assert backup.backups(ledger.path) == []


def test_plan_import_backs_up_first(demo_ledger: Ledger) -> None:
    before = dump(demo_ledger)
    importer.save_import(demo_ledger, parse_plan(PLAN.read_text(encoding="utf-8")))
    made = backup.backups(demo_ledger.path, "before-import")
    assert len(made) == 1
    copy = Ledger(made[0])
    try:
        assert dump(copy) == before
    finally:
        copy.close()


def test_migration_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    schema.migrations.apply(db, stop_before=schema.KNOWN_MIGRATIONS[-1])  # a ledger of the previous version
    db.execute("INSERT INTO units (name) VALUES ('县教育局')")
    db.conn.commit()
    db.close()
    ledger = open_ledger(path)
    try:
        assert schema.applied_names(ledger.db) == schema.KNOWN_MIGRATIONS
    finally:
        ledger.close()
    made = backup.backups(path, "before-migration")
    assert len(made) == 1
    assert backup.schema_version(made[0]) == schema.SCHEMA_VERSION - 1


# --- check ----------------------------------------------------------------------------------------


def test_check_finds_nothing_wrong_with_a_sound_ledger(demo_path: Path) -> None:
    assert backup.check(demo_path) == []
    assert backup.schema_version(demo_path) == schema.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (corrupt, "损坏|完整性"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not a database at all"), "不是台账数据库文件"),
        (lambda p: p.write_bytes(b""), "不是台账数据库文件"),
        (newer, "更新版本"),
        (lambda p: (p.unlink(), not_a_ledger(p)), "不是台账文件"),
        (lambda p: p.unlink(), "不存在"),
    ],
    ids=["corrupted", "zip", "empty", "newer", "not-a-ledger", "missing"],
)
def test_check_names_the_problem(demo_path: Path, spoil: object, expected: str) -> None:
    assert callable(spoil)
    spoil(demo_path)
    problems = backup.check(demo_path)
    assert problems
    import re

    assert re.search(expected, "".join(problems)), problems


def test_check_finds_broken_foreign_keys(demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM units WHERE id = (SELECT min(unit_id) FROM task_units)")
    conn.commit()
    conn.close()
    assert any("外键" in p for p in backup.check(demo_path))


# --- restore --------------------------------------------------------------------------------------


def test_restore_replaces_the_ledger_after_backing_it_up(demo_path: Path, tmp_path: Path) -> None:
    ledger = open_ledger(demo_path)
    saved = backup.backup(ledger, tmp_path / "good.db")
    original = dump(ledger)
    ledger.db.execute("DELETE FROM reports")
    ledger.db.conn.commit()
    damaged = dump(ledger)
    ledger.close()
    kept = backup.restore(saved, demo_path)
    assert kept is not None and "before-restore" in kept.name
    restored = open_ledger(demo_path)
    try:
        assert dump(restored) == original
    finally:
        restored.close()
    assert mode(demo_path) == 0o600
    before_restore = Ledger(kept)
    try:
        assert dump(before_restore) == damaged
    finally:
        before_restore.close()


@pytest.mark.parametrize(
    "spoil", [corrupt, lambda p: p.write_bytes(os.urandom(9000)), not_a_ledger, newer],
    ids=["corrupted", "random-bytes", "not-a-ledger", "newer"],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(demo_path: Path, tmp_path: Path, spoil: object) -> None:
    assert callable(spoil)
    bad = tmp_path / "bad.db"
    if spoil in (corrupt, newer):
        shutil.copy(demo_path, bad)
    spoil(bad)
    before = digest(demo_path)
    with pytest.raises(LedgerError, match="不能用"):
        backup.restore(bad, demo_path)
    assert digest(demo_path) == before
    assert backup.backups(demo_path) == []


# --- newer ledgers and file permissions -----------------------------------------------------------


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_newer_ledger_is_refused_untouched(demo_path: Path, journal: str) -> None:
    newer(demo_path)
    conn = sqlite3.connect(demo_path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.close()
    before = digest(demo_path)
    files = sorted(os.listdir(demo_path.parent))
    with pytest.raises(LedgerError, match="更新版本") as refused:
        open_ledger(demo_path)
    assert "升级" in str(refused.value) and "未作任何改动" in str(refused.value)
    assert digest(demo_path) == before
    assert sorted(os.listdir(demo_path.parent)) == files


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    not_a_ledger(path)
    before = digest(path)
    with pytest.raises(LedgerError, match="不是台账文件"):
        open_ledger(path)
    assert digest(path) == before


def test_new_ledgers_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "taizhang.db"
    ledger = open_ledger(path)
    try:
        ledger.db.execute("INSERT INTO units (name) VALUES ('县教育局')")
        ledger.db.conn.commit()
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{path}{suffix}")) == 0o600, suffix
    finally:
        ledger.close()


# --- the commands ---------------------------------------------------------------------------------


def _run(args: list[str], input: str | None = None) -> tuple[int, str]:
    from tui.cli import cli

    result = CliRunner().invoke(cli, args, obj={}, input=input)
    return result.exit_code, result.output


def test_cli_backup_check_restore(demo_path: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_path)]
    code, out = _run([*db, "backup"])
    assert code == 0 and "已备份到" in out
    made = backup.backups(demo_path)[0]
    code, out = _run([*db, "check"])
    assert code == 0 and "检查通过" in out
    code, out = _run([*db, "restore", str(made)], input="n\n")
    assert code == 1 and "已取消" in out
    code, out = _run([*db, "restore", "--yes", str(made)])
    assert code == 0 and "恢复台账" in out and "恢复前的台账已备份到" in out
    corrupt(demo_path)
    code, out = _run([*db, "check"])
    assert code == 1 and "问题" in out and "taizhang restore" in out
    before = digest(demo_path)
    junk = tmp_path / "junk.db"
    junk.write_text("这不是台账", encoding="utf-8")
    code, out = _run([*db, "restore", "--yes", str(junk)])
    assert code == 2 and "不能用" in out
    assert digest(demo_path) == before


def test_cli_check_refuses_with_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"\x00" * 100)
    code, out = _run(["--db", str(path), "check"])
    assert code == 1 and "没有找到完好的备份" in out


def test_today_is_fixed_for_these_tests() -> None:
    assert TODAY == date(2026, 11, 21)


async def test_the_app_makes_the_days_backup_after_its_first_frame(demo_path: Path) -> None:
    from store.ledger.opener import open_ledger
    from tests.conftest import TODAY
    from tui.app import TaizhangApp

    app = TaizhangApp(open_ledger(demo_path), today=TODAY, daily_backup=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if backup.backups(demo_path, "daily"):
                break
        assert [p.name for p in backup.backups(demo_path, "daily")] != []
    app.ledger.close()


def test_a_damaged_ledgers_daily_backup_deletes_no_older_copy(demo_path: Path) -> None:
    """Damage nobody noticed must not push the good copies out: the day's copy fails its check, the
    clerk is told, and all 35 older daily copies stay."""
    good = open_ledger(demo_path)
    first = backup.daily_backup(good, TODAY - timedelta(days=40))
    assert first is not None and first.name.startswith(f"demo-{TODAY - timedelta(days=40):%Y%m%d}-")
    good.close()
    folder = first.parent
    for days in range(1, 35):
        shutil.copy(first, folder / f"demo-{TODAY - timedelta(days=days):%Y%m%d}-090000-daily.db")
    before = sorted(p.name for p in backup.backups(demo_path, "daily"))
    conn = sqlite3.connect(demo_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reports'").fetchone()[0]
    conn.close()
    data = bytearray(demo_path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = bytes(range(256)) * (page_size // 256)
    demo_path.write_bytes(bytes(data))  # a bad sector in the reports table
    damaged = Ledger(demo_path)  # as an app that opened it before the damage holds it
    try:
        with pytest.raises(LedgerError) as refused:
            backup.daily_backup(damaged, TODAY)
    finally:
        damaged.close()
    assert "可能已损坏" in str(refused.value) and "taizhang check" in str(refused.value)
    after = sorted(p.name for p in backup.backups(demo_path, "daily"))
    assert set(before) <= set(after) and len(after) == len(before) + 1  # nothing pruned
