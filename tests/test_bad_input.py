"""Bad input, clear errors, nothing changed (issue 7): ledger paths that cannot work, a full disk, a
damaged ledger (the latest good backup offered), plan files that are binary, empty or huge, and a
ledger kept busy by another window.

Each case checks the Chinese message (what happened and what to do) and that the ledger is exactly
as it was: every row of every table (``dump``), or the file's bytes when it must not be opened.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from store import strings
from store.errors import LedgerError
from store.importing import importer
from store.importing.plan_import import MAX_BYTES, PlanReadError, parse_plan, read_document
from store.ledger import backup, db, opener
from store.ledger.db import Ledger, LedgerBusyError, LedgerDamagedError, LedgerFullError, LedgerReadOnlyError
from store.ledger.opener import open_ledger
from store.quarterly import reports
from store.work.quarters import Quarter
from tests.conftest import TODAY, dump
from tui.cli import cli

PLAN = Path(__file__).parent / "data" / "plan_small.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_REASON = "root may write any file whatever its permissions (the same check is simulated below)"


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo ledger in a folder of its own (some tests make the folder read-only)."""
    path = tmp_path / "ledger" / "demo.db"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    return path


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", TODAY.isoformat())


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={})


def digest(path: Path) -> tuple[str, int]:
    """The file's content and modification time: a file that must not be touched keeps both."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def refused(result: Result, *phrases: str) -> None:
    """A clean refusal: non-zero exit, the Chinese message on stderr, no traceback."""
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


# --- 1. ledger paths ------------------------------------------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason=ROOT_REASON)
def test_a_read_only_ledger_file_is_refused_untouched(demo_path: Path) -> None:
    demo_path.chmod(0o400)
    try:
        before = digest(demo_path)
        with pytest.raises(LedgerReadOnlyError) as err:
            open_ledger(demo_path)
        assert str(demo_path) in str(err.value) and "只读" in str(err.value) and "复制到可以写入的文件夹" in str(err.value)
        refused(run("--db", str(demo_path)), "只读", str(demo_path))
        refused(run("--db", str(demo_path), "report", "missing"), "只读")
        assert digest(demo_path) == before
    finally:
        demo_path.chmod(0o600)


@pytest.mark.skipif(IS_ROOT, reason=ROOT_REASON)
def test_a_read_only_folder_is_refused_untouched(demo_path: Path) -> None:
    folder = demo_path.parent
    folder.chmod(0o500)
    try:
        before = digest(demo_path)
        with pytest.raises(LedgerReadOnlyError) as err:
            open_ledger(demo_path)
        assert str(folder) in str(err.value) and "不允许写入" in str(err.value)
        with pytest.raises(LedgerReadOnlyError):
            open_ledger(folder / "new.db")
        assert digest(demo_path) == before and sorted(p.name for p in folder.iterdir()) == ["demo.db"]
    finally:
        folder.chmod(0o700)


def test_read_only_file_and_folder_as_the_os_reports_them(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same checks with the OS's answer simulated (chmod does not stop root, who runs CI here)."""
    before = digest(demo_path)
    folder = demo_path.parent
    real_access = os.access

    def no_write_to(target: Path) -> Any:
        return lambda path, mode, **kw: False if Path(path) == target and mode & os.W_OK else real_access(path, mode, **kw)

    monkeypatch.setattr(opener.os, "access", no_write_to(demo_path))
    with pytest.raises(LedgerReadOnlyError, match="是只读的") as err:
        open_ledger(demo_path)
    assert str(demo_path) in str(err.value) and "台账未作任何改动" in str(err.value)
    refused(run("--db", str(demo_path)), "是只读的")
    monkeypatch.setattr(opener.os, "access", no_write_to(folder))
    with pytest.raises(LedgerReadOnlyError, match="不允许写入") as err:
        open_ledger(demo_path)
    assert str(folder) in str(err.value)
    assert digest(demo_path) == before and sorted(p.name for p in folder.iterdir()) == ["demo.db"]


def test_a_file_sqlite_can_only_read_refuses_writes_with_the_read_only_message(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When SQLite itself opens the file read-only (a read-only medium: ``mode=ro`` here), reads
    work and the first write is refused with the Chinese message, nothing written."""

    def read_only(path: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)

    monkeypatch.setattr(db, "_connect", read_only)
    before = demo_path.read_bytes()
    ledger = open_ledger(demo_path)
    try:
        rows = dump(ledger)
        report = reports.latest_for_quarter(ledger, Quarter(2026, 3))[0]
        draft = reports.ReportDraft(report.task_id, report.unit_id, report.quarter, "in_progress", 1,
                                    work_done="只读台账上的改动", received=TODAY)
        with pytest.raises(LedgerReadOnlyError, match="是只读的"):
            reports.record(ledger, draft, today=TODAY)
        assert dump(ledger) == rows and not ledger.conn.in_transaction
    finally:
        ledger.close()
    assert demo_path.read_bytes() == before


def test_a_ledger_path_inside_a_file_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("会议记录", encoding="utf-8")
    before = digest(notes)
    target = notes / "ledger.db"
    with pytest.raises(LedgerError, match="是一个文件,不是文件夹") as err:
        open_ledger(target)
    assert str(notes) in str(err.value)
    refused(run("--db", str(target)), "是一个文件,不是文件夹")
    refused(run("--db", str(target), "import", str(PLAN)), "是一个文件,不是文件夹")
    assert digest(notes) == before


def test_a_ledger_path_in_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    target = tmp_path / "台帐" / "2026.db"  # a mistyped folder (帐 for 账)
    with pytest.raises(LedgerError, match="不存在") as err:
        open_ledger(target, make_folder=False)
    assert str(target.parent) in str(err.value) and "请先建好该文件夹" in str(err.value)
    refused(run("--db", str(target)), "文件夹", "不存在")
    refused(run("--db", str(target), "import", str(PLAN)), "不存在")
    assert not target.parent.exists()
    # The store's default still makes the folder (the user data folder on a first start, demos).
    open_ledger(tmp_path / "new" / "ledger.db").close()
    assert (tmp_path / "new" / "ledger.db").is_file()


def test_a_folder_given_as_the_ledger_is_refused(tmp_path: Path) -> None:
    refused(run("--db", str(tmp_path)), "是一个文件夹")
    refused(run("--db", str(tmp_path), "status", "x"), "是一个文件夹")


@pytest.mark.parametrize("args", [
    ["check"],
    ["backup"],
    ["status", "质量"],
    ["report", "missing", "--quarter", "2026Q3"],
    ["report", "add", "--task", "1", "--unit", "县市监局", "--status", "推进中"],
    ["report", "forms", "--quarter", "2026Q3", "--out", "OUT_DIR"],
    ["report", "import", "FORM_FILE"],
    ["agenda", "--date", "2026-10-20"],
])
def test_commands_that_need_a_ledger_never_create_one(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "missing.db"
    result = run("--db", str(missing), *[str(tmp_path / a) if a.isupper() else a for a in args])
    refused(result, str(missing), "不存在")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- 2. a full disk -------------------------------------------------------------------------------


def _fill_the_disk(ledger: Ledger) -> None:
    """SQLite reports SQLITE_FULL ("database or disk is full") once the file would have to grow."""
    pages = int(ledger.scalar("PRAGMA page_count"))
    ledger.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_rolls_the_report_back_and_says_so(demo_ledger: Ledger) -> None:
    report = reports.latest_for_quarter(demo_ledger, Quarter(2026, 3))[0]
    draft = reports.ReportDraft(report.task_id, report.unit_id, report.quarter, "in_progress", 80,
                                work_done="完成抽查" * 2000, received=TODAY)
    before = dump(demo_ledger)
    _fill_the_disk(demo_ledger)
    with pytest.raises(LedgerFullError) as err:
        reports.record(demo_ledger, draft, today=TODAY)
    message = str(err.value)
    assert message.startswith("磁盘已满") and "台账未作任何改动" in message and "清理磁盘空间" in message
    assert isinstance(err.value, LedgerError) and isinstance(err.value, sqlite3.OperationalError)
    assert dump(demo_ledger) == before and not demo_ledger.conn.in_transaction
    # Space again: the same report is saved, the ledger was left usable.
    demo_ledger.conn.execute("PRAGMA max_page_count = 1073741823")
    saved, changed = reports.record(demo_ledger, draft, today=TODAY)
    assert changed and saved.revision == report.revision + 1


def test_a_full_disk_during_a_plan_import_leaves_nothing(demo_ledger: Ledger) -> None:
    parsed = parse_plan(read_document(PLAN))
    before = dump(demo_ledger)
    _fill_the_disk(demo_ledger)
    with pytest.raises(LedgerFullError, match="磁盘已满"):
        importer.save_import(demo_ledger, parsed, source_file=str(PLAN), original_text=read_document(PLAN))
    assert dump(demo_ledger) == before


# --- 3. a damaged ledger --------------------------------------------------------------------------


def _damage(path: Path, *tables: str) -> None:
    """Garbage over the root pages of ``tables`` (in the middle of the file; the header survives,
    so SQLite still opens it), as a bad sector or a torn copy leaves it."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [t]).fetchone()[0] for t in tables]
    conn.close()
    data = bytearray(path.read_bytes())
    noise = bytes(range(256)) * (page_size // 256)
    for root in roots:
        data[(root - 1) * page_size : root * page_size] = noise
    path.write_bytes(bytes(data))


def test_a_damaged_ledger_is_refused_naming_the_latest_good_backup(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    older = backup.backup(ledger, reason="manual")
    time.sleep(0.01)
    newest = backup.backup(ledger, reason="daily")
    ledger.close()
    _damage(newest, "tasks")  # the newest backup is damaged too: the older one is offered
    _damage(demo_path, "tasks", "reports")
    before = digest(demo_path)
    with pytest.raises(LedgerDamagedError) as err:
        open_ledger(demo_path)
    message = str(err.value)
    assert message.startswith(strings.ERR_LEDGER_DAMAGED.format(path=demo_path))
    assert f"taizhang restore {older} --db {demo_path}" in message and str(newest) not in message
    # The app's start says the same and exits non-zero; no traceback.
    refused(run("--db", str(demo_path)), "已损坏", f"taizhang restore {older} --db {demo_path}")
    assert digest(demo_path) == before
    # What it says works: the restore brings back a sound ledger.
    done = run("restore", str(older), "--db", str(demo_path), "--yes")
    assert done.exit_code == 0, done.output
    assert backup.check(demo_path) == []
    open_ledger(demo_path).close()


def test_a_truncated_ledger_is_refused_at_once(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opener, "QUICK_CHECK_MAX_BYTES", 0)  # found from the header alone, big ledgers too
    data = demo_path.read_bytes()
    demo_path.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    before = digest(demo_path)
    with pytest.raises(LedgerDamagedError, match="已损坏") as err:
        open_ledger(demo_path)
    assert strings.CLI_CHECK_NO_BACKUP in str(err.value)
    refused(run("--db", str(demo_path), "report", "missing"), "已损坏", "没有找到完好的备份")
    assert digest(demo_path) == before


def test_damage_in_a_big_ledger_is_found_when_met(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big ledger is not checked on every open; damaged pages are reported when a read meets them,
    through the ledger's own queries or a command, with the same message."""
    monkeypatch.setattr(opener, "QUICK_CHECK_MAX_BYTES", 0)
    ledger = open_ledger(demo_path)
    backup.backup(ledger)
    ledger.close()
    _damage(demo_path, "tasks")
    ledger = open_ledger(demo_path)  # opens: nothing it reads is damaged
    try:
        with pytest.raises(LedgerDamagedError, match="taizhang restore"):
            ledger.rows("SELECT * FROM tasks")
        with pytest.raises(LedgerDamagedError):
            ledger.scalar("SELECT max(title) FROM tasks")
    finally:
        ledger.close()
    refused(run("--db", str(demo_path), "status", "质量"), "已损坏", "taizhang restore")
    refused(run("--db", str(demo_path), "report", "missing", "--quarter", "2026Q3"), "已损坏")
    assert isinstance(db.check_damage(demo_path), LedgerDamagedError)


def test_check_damage_is_quiet_on_a_sound_ledger(demo_path: Path, tmp_path: Path) -> None:
    assert db.check_damage(demo_path) is None
    other = tmp_path / "notes.txt"
    other.write_text("不是台账", encoding="utf-8")
    assert db.check_damage(other) is None and db.check_damage(tmp_path / "none.db") is None


def test_the_app_ending_on_an_error_exits_non_zero_and_names_the_damage(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage met while the app runs (a read outside Ledger.rows): Textual shows the error and ends
    the app; the command then checks the file and prints the damage message, exit non-zero."""
    import tui.app

    ledger = open_ledger(demo_path)
    backup.backup(ledger)
    ledger.close()

    class CrashingApp:
        return_code = 0

        def __init__(self, ledger: Ledger, **_: object) -> None:
            self.ledger = ledger

        def run(self) -> None:
            self.ledger.close()  # (its page cache would still hold the pages as they were)
            _damage(demo_path, "tasks")
            try:
                self.ledger.conn.execute("SELECT * FROM tasks").fetchall()
            except sqlite3.DatabaseError as exc:
                self._exception = exc
                self.return_code = 1

    monkeypatch.setattr(tui.app, "TaizhangApp", CrashingApp)
    refused(run("--db", str(demo_path)), "已损坏", "taizhang restore")


# --- 4. plan files that are binary, empty or huge -------------------------------------------------


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("青溪县工作方案")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
BAD_PLANS = [
    ("empty.txt", b"", "是空的"),
    ("empty.docx", b"", "是空的"),
    ("blank.txt", b"\xef\xbb\xbf  \r\n\r\n ", "是空的"),
    ("picture.txt", PNG, "不是文本文件"),
    ("picture.docx", PNG, "不是文本文件"),
    ("random.txt", bytes((i * 7919 + 13) % 256 for i in range(6000)), "不是文本文件"),
    ("random.docx", bytes((i * 7919 + 13) % 256 for i in range(6000)), "无法作为 Word 文档打开"),
    ("program.txt", b"MZ\x90\x00" + bytes(range(256)) * 8, "不是文本文件"),
    ("text.docx", "这只是改了扩展名的文字".encode(), "无法作为 Word 文档打开"),
    ("half.docx", None, "无法作为 Word 文档打开"),
    ("archive.docx", _zip_without_word(), "无法作为 Word 文档打开"),
]


@pytest.mark.parametrize(("name", "data", "phrase"), BAD_PLANS, ids=[c[0] for c in BAD_PLANS])
def test_a_bad_plan_file_is_refused_and_the_ledger_unchanged(
    demo_path: Path, tmp_path: Path, name: str, data: bytes | None, phrase: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data if data is not None else _docx_bytes()[:1500])
    with pytest.raises(PlanReadError, match=phrase):
        read_document(path)
    ledger = open_ledger(demo_path)
    before = dump(ledger)
    ledger.close()
    stamp = digest(demo_path)
    result = run("--db", str(demo_path), "import", str(path))
    refused(result, phrase, name)
    assert result.exit_code == 2 and result.stdout == ""
    assert digest(demo_path) == stamp and backup.backups(demo_path) == []  # not even opened
    ledger = open_ledger(demo_path)
    try:
        assert dump(ledger) == before
    finally:
        ledger.close()


def test_a_huge_plan_file_is_refused_before_it_is_read(demo_path: Path, tmp_path: Path) -> None:
    huge = tmp_path / "方案.txt"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_BYTES + 5 * 1024 * 1024)  # sparse: no time or disk spent
    limit = f"{MAX_BYTES // 1024 // 1024} MB"
    with pytest.raises(PlanReadError, match=limit):
        read_document(huge)
    stamp = digest(demo_path)
    refused(run("--db", str(demo_path), "import", str(huge)), "超过了", limit)
    assert digest(demo_path) == stamp


def test_a_missing_plan_file_or_a_folder_gets_a_chinese_message(demo_path: Path, tmp_path: Path) -> None:
    stamp = digest(demo_path)
    refused(run("--db", str(demo_path), "import", str(tmp_path / "没有这个.docx")), "找不到文件")
    refused(run("--db", str(demo_path), "import", str(tmp_path)), "是一个文件夹")
    assert digest(demo_path) == stamp


# --- 6. a ledger busy in another window -----------------------------------------------------------


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_NOTICE_MS", 100)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 1500)


class OtherWindow:
    """Another process's connection holding the write lock (``BEGIN IMMEDIATE``) until released."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO settings (key, value) VALUES ('other_window', 'x')")

    def release_after(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.release()
        self.conn.close()


def _add_setting(ledger: Ledger, key: str) -> None:
    with ledger.write() as database:
        database.execute("INSERT INTO settings (key, value) VALUES (?, 'y')", [key])


@pytest.mark.usefixtures("short_waits")
def test_a_write_waits_for_another_window_and_says_so(demo_ledger: Ledger) -> None:
    notices: list[float] = []
    demo_ledger.on_busy = lambda: notices.append(time.monotonic())
    _add_setting(demo_ledger, "not_busy")
    assert notices == []  # no notice when nothing waits
    other = OtherWindow(demo_ledger.path)
    try:
        started = time.monotonic()
        other.release_after(0.6)
        _add_setting(demo_ledger, "after_the_wait")
        waited = time.monotonic() - started
    finally:
        other.close()
    assert len(notices) == 1 and 0.05 <= notices[0] - started < 0.5 and waited >= 0.55
    keys = {r["key"] for r in demo_ledger.rows("SELECT key FROM settings")}
    assert {"not_busy", "after_the_wait", "other_window"} <= keys


@pytest.mark.usefixtures("short_waits")
def test_a_ledger_busy_for_the_whole_wait_is_refused_and_unchanged(demo_ledger: Ledger) -> None:
    before = dump(demo_ledger)
    notices: list[int] = []
    demo_ledger.on_busy = lambda: notices.append(1)
    other = OtherWindow(demo_ledger.path)
    try:
        started = time.monotonic()
        with pytest.raises(LedgerBusyError) as err:
            _add_setting(demo_ledger, "never")
        assert 1.4 <= time.monotonic() - started < 5
        message = str(err.value)
        assert message.startswith("台账正被另一个窗口或程序占用") and "请稍后再试" in message
        assert "台账未作任何改动" in message and "database is locked" not in message
        assert notices == [1] and not demo_ledger.conn.in_transaction
        other.conn.execute("ROLLBACK")
    finally:
        other.close()
    assert dump(demo_ledger) == before
    _add_setting(demo_ledger, "later")  # free again: writes go through


@pytest.mark.usefixtures("short_waits")
def test_a_notice_that_fails_does_not_stop_the_write(demo_ledger: Ledger) -> None:
    def broken() -> None:
        raise RuntimeError("the app is gone")

    demo_ledger.on_busy = broken
    other = OtherWindow(demo_ledger.path)
    try:
        other.release_after(0.3)
        _add_setting(demo_ledger, "despite_the_notice")
    finally:
        other.close()
    assert demo_ledger.scalar("SELECT value FROM settings WHERE key = 'despite_the_notice'") == "y"


@pytest.mark.usefixtures("short_waits")
async def test_the_app_shows_the_busy_notice_while_a_worker_waits(demo_ledger: Ledger) -> None:
    from textual.app import App

    from screens.busy import install_busy_notice

    class Host(App[None]):
        pass

    app = Host()
    async with app.run_test() as pilot:
        install_busy_notice(app, demo_ledger)

        def messages() -> list[str]:
            return [n.message for n in app._notifications]

        # From the app's own thread: queued (drawn once the thread is free again).
        assert demo_ledger.on_busy is not None
        demo_ledger.on_busy()
        await pilot.pause()
        assert messages() == [strings.LEDGER_BUSY]
        app.clear_notifications()

        # From a worker waiting for another window: shown while the worker still waits.
        other = OtherWindow(demo_ledger.path)
        done = threading.Event()

        def write() -> None:
            _add_setting(demo_ledger, "from_a_worker")
            done.set()

        try:
            app.run_worker(write, thread=True)
            for _ in range(100):
                await pilot.pause(0.02)
                if messages():
                    break
            assert messages() == [strings.LEDGER_BUSY] and not done.is_set()
        finally:
            other.release()
        for _ in range(100):
            await pilot.pause(0.02)
            if done.is_set():
                break
        other.close()
        assert done.is_set()
