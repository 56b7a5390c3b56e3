"""Backups, restore and checks of a ledger file.

A backup is a consistent copy made with SQLite's backup API (safe while the ledger is open, in
this process or another), written to ``backups/`` beside the ledger as a single self-contained
file (journal mode DELETE) readable by the owner only. Backups are made before every plan
import, migration and restore, and once a day on the first start (the last 30 daily ones kept).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from store import strings
from store.errors import LedgerError
from store.ledger.db import Ledger
from store.ledger.paths import default_db_path
from store.ledger.versions import MIGRATION_SET, SCHEMA_MIGRATIONS

BACKUP_DIR = "backups"
DAILY_KEEP = 30
SQLITE_HEADER = b"SQLite format 3\x00"
_REASON_RE = re.compile(r"[^A-Za-z0-9_-]+")


def backup_dir(ledger_path: Path) -> Path:
    return ledger_path.parent / BACKUP_DIR


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_into(source: sqlite3.Connection, dest: Path) -> None:
    """Copy ``source`` into the new file ``dest`` (owner-only, refused if it exists), durably."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(dest, 0o600)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        with open(dest, "rb+") as handle:
            os.fsync(handle.fileno())
        _fsync_dir(dest.parent)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _name(ledger_path: Path, reason: str, when: datetime) -> Path:
    folder = backup_dir(ledger_path)
    tag = _REASON_RE.sub("-", reason).strip("-") or "manual"
    base = f"{ledger_path.stem}-{when:%Y%m%d-%H%M%S}-{tag}"
    candidate = folder / f"{base}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}.db"
        number += 1
    return candidate


def backup(
    ledger: Ledger, dest: Path | str | None = None, *, reason: str = "manual", when: datetime | None = None
) -> Path:
    """A consistent copy of the ledger; returns its path.

    ``dest`` None: a new file in ``backups/`` beside the ledger, named with the time and ``reason``.
    ``dest`` a folder: the same name in that folder. Otherwise the file ``dest`` (never overwritten).
    """
    when = when or datetime.now()
    if dest is None:
        _private_dir(backup_dir(ledger.path))
        target = _name(ledger.path, reason, when)
    else:
        target = Path(dest).expanduser()
        if target.is_dir():
            target = target / _name(ledger.path, reason, when).name
        if target.exists():
            raise LedgerError(strings.ERR_BACKUP_EXISTS.format(path=target))
    try:
        _copy_into(ledger.conn, target)
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(strings.ERR_BACKUP_FAILED.format(path=target, detail=exc)) from exc
    return target


def has_data(ledger: Ledger) -> bool:
    """Anything worth a backup: plans, units, tasks or reports."""
    names = {r["name"] for r in ledger.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("plans", "units", "tasks", "reports", "meetings"):
        if table in names and ledger.scalar(f"SELECT EXISTS (SELECT 1 FROM {table})"):
            return True
    return False


def backup_if_data(ledger: Ledger, reason: str) -> Path | None:
    """A backup before a risky change (import, migration), unless there is nothing to lose."""
    if ledger.conn.in_transaction or not has_data(ledger):
        return None
    return backup(ledger, reason=reason)


def backups(ledger_path: Path, reason: str | None = None) -> list[Path]:
    """The backups beside the ledger, oldest first (names sort by time)."""
    folder = backup_dir(ledger_path)
    if not folder.is_dir():
        return []
    pattern = f"{ledger_path.stem}-*-{reason}*.db" if reason else f"{ledger_path.stem}-*.db"
    return sorted(folder.glob(pattern))


def daily_backup(ledger: Ledger, today: date, *, keep: int = DAILY_KEEP) -> Path | None:
    """The day's first start makes a backup; only the last ``keep`` daily ones are kept, and none
    is deleted when the new one fails its check (a damaged ledger would otherwise push the last good
    copies out, one day at a time)."""
    daily = backups(ledger.path, "daily")
    stamp = f"{ledger.path.stem}-{today:%Y%m%d}-"
    made = None
    if not any(p.name.startswith(stamp) for p in daily) and has_data(ledger):
        # Named with the day it is for (the clerk's day, Asia/Shanghai), so it is found again today
        # whatever the machine's clock zone says.
        made = backup(ledger, reason="daily", when=datetime.combine(today, datetime.now().time()))
        problems = check(made)
        if problems:
            # The ledger itself is damaged (the copy is page for page): keep every older copy, the
            # good ones among them are what the clerk will restore from.
            raise LedgerError(strings.ERR_DAILY_BACKUP_DAMAGED.format(path=ledger.path, detail=problems[0]))
        daily = backups(ledger.path, "daily")
    for old in daily[: max(0, len(daily) - keep)]:
        old.unlink(missing_ok=True)
    return made


# --- checks ---------------------------------------------------------------------------------------


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file. With no WAL file beside it, ``immutable``: SQLite
    then creates no -wal/-shm files either (a plain read-only open of a WAL ledger leaves them)."""
    uri = path.resolve().as_uri()
    if Path(f"{path}-wal").exists():
        return sqlite3.connect(f"{uri}?mode=ro", uri=True)
    return sqlite3.connect(f"{uri}?immutable=1", uri=True)


def _version_state(conn: sqlite3.Connection) -> tuple[str, list[str]]:
    """``("ok", [])``, ``("empty", [])``, ``("foreign", [])`` or ``("newer", unknown migration names)``."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables:
        return ("foreign" if tables else "empty"), []
    names = [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    if not names:
        return "foreign", []
    unknown = [name for name in names if name not in SCHEMA_MIGRATIONS]
    return ("newer", unknown) if unknown else ("ok", [])


def version_problem(conn: sqlite3.Connection, path: Path) -> str | None:
    """Not a taizhang ledger, or written by a newer taizhang: the problem in Chinese, else None."""
    state, unknown = _version_state(conn)
    if state == "ok":
        return None
    if state == "newer":
        return strings.CHECK_TOO_NEW.format(path=path, names="、".join(unknown))
    return strings.CHECK_NOT_LEDGER.format(path=path)


def refuse_foreign(path: Path) -> None:
    """Before a ledger file is opened for writing: refuse a newer or foreign file without touching it.

    (Opening it normally would switch an old-style file to WAL, which rewrites its header.)
    """
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return  # empty (a new ledger) or not SQLite: the usual open reports it
        conn = _read_only(path)
    except (OSError, sqlite3.Error):
        return
    try:
        state, _ = _version_state(conn)
    except sqlite3.Error:
        return
    finally:
        conn.close()
    if state == "foreign":
        raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=path, detail=strings.NOT_TAIZHANG))
    if state == "newer":
        raise LedgerError(strings.ERR_LEDGER_TOO_NEW.format(path=path))


def check(path: Path | str) -> list[str]:
    """What is wrong with a ledger file, in Chinese: nothing (an empty list) when it is sound."""
    target = Path(path)
    if not target.is_file():
        return [strings.CHECK_MISSING.format(path=target)]
    try:
        with open(target, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return [strings.CHECK_NOT_SQLITE.format(path=target)]
    except OSError as exc:
        return [strings.CHECK_UNREADABLE.format(path=target, detail=exc)]
    problems: list[str] = []
    try:
        conn = _read_only(target)
    except sqlite3.Error as exc:
        return [strings.CHECK_DAMAGED.format(detail=exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        if rows != ["ok"]:
            problems.append(strings.CHECK_INTEGRITY.format(detail=";".join(rows[:5])))
        keys = conn.execute("PRAGMA foreign_key_check").fetchall()
        if keys:
            problems.append(strings.CHECK_FOREIGN_KEYS.format(count=len(keys), table=keys[0][0]))
        problem = version_problem(conn, target)
        if problem:
            problems.append(problem)
    except sqlite3.Error as exc:
        problems.append(strings.CHECK_DAMAGED.format(detail=exc))
    finally:
        conn.close()
    return problems


def schema_version(path: Path | str) -> int:
    """How many taizhang migrations the file has applied (0 if none can be read)."""
    try:
        conn = _read_only(Path(path))
        try:
            return int(conn.execute(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def latest_backup(ledger_path: Path) -> Path | None:
    """The newest backup beside the ledger that passes :func:`check`."""
    for candidate in sorted(backups(ledger_path), key=lambda p: p.stat().st_mtime, reverse=True):
        if not check(candidate):
            return candidate
    return None


_ADVICE: dict[tuple[object, ...], Path | None] = {}  # the latest good backup, while the backups stay the same


def restore_advice(path: Path) -> str:
    """Which backup to restore and the command that does it (with ``--db`` unless ``path`` is the
    default ledger), or that there is no good backup: what a damaged ledger's message advises.

    Finding it checks backups (seconds for a big ledger), so the answer is kept while the backups
    folder lists the same files: a screen that meets the damage again does not check them again."""
    found = backups(path)
    key = (str(path), *((p.name, _mtime(p)) for p in found))
    if key not in _ADVICE:
        _ADVICE[key] = latest_backup(path)
    latest = _ADVICE[key]
    if latest is None:
        return strings.CLI_CHECK_NO_BACKUP
    if _same_file(path, default_db_path()):
        return strings.CLI_CHECK_LATEST_BACKUP.format(path=latest)
    return strings.LATEST_BACKUP_FOR_DB.format(backup=latest, ledger=path)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# --- restore --------------------------------------------------------------------------------------


def restore(source: Path | str, target: Path | str) -> Path | None:
    """Replace the ledger ``target`` with the backup ``source``; returns the backup of the old ledger.

    The source is checked first (SQLite, integrity, foreign keys, a taizhang ledger not newer than
    this program): a bad source changes nothing. The current ledger is backed up, then replaced in
    one atomic rename. Close the app on this ledger first.
    """
    src = Path(source)
    dst = Path(target)
    problems = check(src)
    if problems:
        raise LedgerError(strings.ERR_RESTORE_REFUSED.format(path=src, problems="".join(problems)))
    saved: Path | None = None
    if dst.exists():
        current = Ledger(dst)
        try:
            saved = backup(current, reason="before-restore")
        except (LedgerError, sqlite3.Error):
            saved = _raw_copy(dst)  # a damaged ledger is kept as it is, byte for byte
        finally:
            current.close()
    temporary = dst.with_name(f".{dst.name}.restoring")
    temporary.unlink(missing_ok=True)
    try:
        conn = _read_only(src)
        try:
            _copy_into(conn, temporary)
        finally:
            conn.close()
        os.replace(temporary, dst)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{dst}{suffix}").unlink(missing_ok=True)
        _fsync_dir(dst.parent)
    except (OSError, sqlite3.Error) as exc:
        temporary.unlink(missing_ok=True)
        raise LedgerError(strings.ERR_RESTORE_FAILED.format(path=dst, detail=exc)) from exc
    return saved


def _raw_copy(path: Path) -> Path:
    _private_dir(backup_dir(path))
    dest = _name(path, "before-restore-damaged", datetime.now())
    shutil.copyfile(path, dest)
    os.chmod(dest, 0o600)
    wal = Path(f"{path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{dest}-wal"))
        os.chmod(Path(f"{dest}-wal"), 0o600)
    return dest
