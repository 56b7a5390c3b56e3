"""Opening the ledger file: paths, connection settings, transactions, and what goes wrong with them.

SQLite connections are per thread (a connection made on the UI thread fails in a worker thread),
so a :class:`Ledger` hands every thread its own connection to the same file.

Everything SQLite can say about the file itself (busy, full, read-only, damaged, an I/O error) is
turned into a Chinese sentence in one place, :func:`ledger_fault`: :meth:`Ledger.write` (after the
rollback), :meth:`Ledger.rows` / :meth:`~Ledger.row` / :meth:`~Ledger.scalar`, :func:`open_ledger`
and the ``taizhang`` command use it. The errors are :class:`LedgerError` (the screens and commands
show them) and still the ``sqlite3`` error they replace (code that caught that keeps working).
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import strings
from store.errors import LedgerError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
# The schema's migrations, in order (store/schema.py registers exactly these; it checks on import).
# Here so that opening a ledger that needs none does not import sqlite-utils (~55 ms at start-up).
MIGRATION_SET = "taizhang"
SCHEMA_MIGRATIONS = ("0001_initial", "0002_search", "0003_history", "0004_indexes")  # how long a write waits for another window's or program's transaction
BUSY_NOTICE_MS = 1_000  # after this long, Ledger.on_busy is called (the app says the ledger is busy)
# A ledger up to this size gets PRAGMA quick_check when it is opened (a few milliseconds for a county's
# ledger); a bigger one only when SQLite reports damage (a 600 MB ledger takes seconds to check).
QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024
ENV_DB = "TAIZHANG_DB"
SQLITE_HEADER = b"SQLite format 3\x00"


# --- errors ---------------------------------------------------------------------------------------


class LedgerFault(LedgerError):
    """Something about the ledger file itself; nothing was written. ``str(err)`` is the Chinese message.

    ``__rich__`` lets Textual show the message instead of a traceback if one reaches the app.
    """

    def __rich__(self) -> object:
        from rich.text import Text

        return Text(str(self))


class LedgerBusyError(LedgerFault, sqlite3.OperationalError):
    """Another window or program held the ledger for the whole wait."""


class LedgerFullError(LedgerFault, sqlite3.OperationalError):
    """The disk is full (SQLITE_FULL); the transaction was rolled back."""


class LedgerReadOnlyError(LedgerFault, sqlite3.OperationalError):
    """The file or its folder cannot be written."""


class LedgerIOError(LedgerFault, sqlite3.OperationalError):
    """The disk failed under SQLite (a USB stick pulled out, a bad sector)."""


class LedgerDamagedError(LedgerFault, sqlite3.DatabaseError):
    """The file is damaged; the message names the latest good backup and how to restore it."""


_ADVICE: dict[tuple[object, ...], Path | None] = {}  # the latest good backup, while the backups stay the same


def restore_advice(path: Path) -> str:
    """Which backup to restore and the command that does it (with ``--db`` unless ``path`` is the
    default ledger), or that there is no good backup.

    Finding it checks backups (seconds for a big ledger), so the answer is kept while the backups
    folder lists the same files: a screen that meets the damage again does not check them again."""
    from store import backup

    found = backup.backups(path)
    key = (str(path), *((p.name, _mtime(p)) for p in found))
    if key not in _ADVICE:
        _ADVICE[key] = backup.latest_backup(path)
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


def damaged_error(path: Path) -> LedgerDamagedError:
    """The message for a damaged ledger: the latest backup that passes ``check``, and the command."""
    return LedgerDamagedError(strings.ERR_LEDGER_DAMAGED.format(path=path) + restore_advice(path))


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def ledger_fault(path: Path, exc: BaseException) -> LedgerFault | None:
    """The Chinese error for what SQLite said about the ledger file, or None when ``exc`` is not
    about the file (a programming error, a constraint: those stay as they are)."""
    if isinstance(exc, LedgerError) or not isinstance(exc, sqlite3.DatabaseError):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return LedgerBusyError(strings.ERR_LEDGER_BUSY.format(seconds=max(1, round(BUSY_TIMEOUT_MS / 1000))))
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return LedgerFullError(strings.ERR_DISK_FULL.format(path=path))
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return LedgerReadOnlyError(strings.ERR_LEDGER_READ_ONLY.format(path=path))
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return damaged_error(path)
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        # A SQLite file whose insides are broken is damaged; anything else is not a ledger at all.
        return damaged_error(path) if _has_sqlite_header(path) else None
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return LedgerIOError(strings.ERR_LEDGER_IO.format(path=path))
    return None


def _truncated(path: Path) -> bool:
    """The file is shorter than its own header says (cut off by a copy or a crash): O(1), no SQLite.

    Only trusted with no WAL or rollback journal beside the file (a checkpoint or commit cut short
    may have written the header first; SQLite finishes or undoes it from that file)."""
    try:
        for journal in (Path(f"{path}-wal"), Path(f"{path}-journal")):
            if journal.exists() and journal.stat().st_size > 0:
                return False
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if not header.startswith(SQLITE_HEADER) or size == 0:
        return False
    if len(header) < 100:
        return True
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or size % page_size:
        return True
    pages = struct.unpack(">I", header[28:32])[0]
    valid = header[92:96] == header[24:28]
    return valid and pages > 0 and size < pages * page_size


def check_damage(path: Path | str) -> LedgerDamagedError | None:
    """After an unexpected error: is the ledger damaged? (``PRAGMA quick_check`` on a read-only
    connection, so it costs nothing unless something already went wrong.)"""
    target = Path(path)
    if not _has_sqlite_header(target):
        return None
    if _truncated(target):
        return damaged_error(target)
    try:
        conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = [r[0] for r in conn.execute("PRAGMA quick_check(1)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        fault = ledger_fault(target, exc)
        return fault if isinstance(fault, LedgerDamagedError) else None
    return None if found == ["ok"] else damaged_error(target)


# --- connections ----------------------------------------------------------------------------------


def default_db_path() -> Path:
    """``taizhang.db`` in the user data dir, unless ``TAIZHANG_DB`` says otherwise."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("taizhang", appauthor=False)) / "taizhang.db"


def _set_busy_timeout(conn: sqlite3.Connection, ms: int) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(ms)}")


def _connect(path: Path) -> sqlite3.Connection:
    # check_same_thread is off only so that close() may close every thread's connection from the
    # thread that ends the app; each thread still gets its own connection.
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _configure(conn: sqlite3.Connection) -> None:
    _set_busy_timeout(conn, BUSY_TIMEOUT_MS)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class Ledger:
    """One ledger file. ``ledger.db`` is this thread's sqlite-utils Database on it.

    ``on_busy``: called (from the thread that writes) when a write has waited ``BUSY_NOTICE_MS``
    for another window or program; the app sets it to show a notice (screens/busy.py).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.on_busy: Callable[[], None] | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's plain sqlite3 connection (reads need nothing more; sqlite-utils is not imported)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = _connect(self.path)
                _configure(conn)
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    conn.close()
                fault = ledger_fault(self.path, exc)
                if fault is not None:
                    raise fault from exc
                if isinstance(exc, sqlite3.OperationalError):
                    raise LedgerError(strings.ERR_OPEN_LEDGER.format(path=self.path, detail=exc)) from exc
                raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=self.path, detail=exc)) from exc
            self._local.conn = conn
            with self._lock:
                self._connections.append((threading.current_thread(), conn))
        return conn

    @property
    def db(self) -> Database:
        """This thread's sqlite-utils Database, on the same connection as :attr:`conn`.

        Imported on first use: ``import sqlite_utils`` costs ~75 ms, which the ``status`` command
        (reads only) does not pay.
        """
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            from sqlite_utils import Database

            db = Database(self.conn)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close the connections (call when the app or command ends).

        A connection still held by another live thread (a worker reading a page when the clerk
        quits) is not closed under it: closing a connection while another thread runs a query on it
        crashes the interpreter. It closes when that thread's work is done and this is called
        again, or when the process ends.
        """
        with self._lock:
            kept: list[tuple[threading.Thread, sqlite3.Connection]] = []
            for thread, conn in self._connections:
                if thread is threading.current_thread() or not thread.is_alive():
                    conn.close()
                else:
                    kept.append((thread, conn))
            self._connections = kept
        self._local = threading.local()

    def fault(self, exc: BaseException) -> LedgerFault | None:
        """:func:`ledger_fault` for this ledger's file."""
        return ledger_fault(self.path, exc)

    def _begin(self, conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, waiting up to ``BUSY_TIMEOUT_MS`` for the write lock; ``on_busy`` is
        called once the wait passes ``BUSY_NOTICE_MS``."""
        notice_ms = min(BUSY_NOTICE_MS, BUSY_TIMEOUT_MS)
        _set_busy_timeout(conn, notice_ms)
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not isinstance(ledger_fault(self.path, exc), LedgerBusyError):
                    raise
            if self.on_busy is not None:
                try:
                    self.on_busy()
                except Exception:  # a notice that fails must not stop the write
                    pass
            _set_busy_timeout(conn, BUSY_TIMEOUT_MS - notice_ms)
            conn.execute("BEGIN IMMEDIATE")
        finally:
            _set_busy_timeout(conn, BUSY_TIMEOUT_MS)

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction for one user action: all of it is written, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a second process waits its turn
        (busy timeout; ``on_busy`` after a while) instead of failing half-way. Nested calls become
        savepoints. A full disk, a ledger still busy after the wait, a read-only or damaged file:
        rolled back, then raised as :class:`LedgerFault` with the Chinese message.
        """
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        from store import history, search_index

        try:
            self._begin(db.conn)
        except sqlite3.DatabaseError as exc:
            fault = self.fault(exc)
            if fault is not None:
                raise fault from exc
            raise
        history.begin(self)
        try:
            yield db
            search_index.flush(db.conn)  # pinyin keys of the tasks and units this action wrote
            history.close_change(self, db.conn)  # the action's rows become one change in the history
            db.conn.execute("COMMIT")  # inside the try: a commit that fails (disk full) is rolled back too
        except BaseException as exc:
            if db.conn.in_transaction:
                try:
                    db.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (it does on some errors): nothing was written
            fault = self.fault(exc)
            if fault is not None:
                raise fault from exc
            raise

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        try:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.DatabaseError as exc:
            fault = self.fault(exc)
            if fault is None:
                raise
            raise fault from exc

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        try:
            found = self.conn.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            fault = self.fault(exc)
            if fault is None:
                raise
            raise fault from exc
        return found[0] if found else None


# --- opening --------------------------------------------------------------------------------------


def _refuse_bad_path(target: Path, *, create: bool, make_folder: bool) -> None:
    """A path the ledger cannot live at: a folder, a missing file or folder, no write permission."""
    if target.is_dir():
        raise LedgerError(strings.ERR_LEDGER_IS_DIR.format(path=target))
    folder = target.parent
    if not target.exists():
        if not create:
            raise LedgerError(strings.ERR_LEDGER_MISSING.format(path=target))
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise LedgerError(strings.ERR_LEDGER_FOLDER_NOT_DIR.format(folder=existing))
        if not folder.exists():
            if not make_folder:
                raise LedgerError(strings.ERR_LEDGER_FOLDER_MISSING.format(folder=folder, name=target.name))
            return
    elif not os.access(target, os.W_OK):
        raise LedgerReadOnlyError(strings.ERR_LEDGER_READ_ONLY.format(path=target))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LedgerReadOnlyError(strings.ERR_LEDGER_FOLDER_READ_ONLY.format(folder=folder, path=target))


def open_ledger(path: Path | str | None = None, *, create: bool = True, make_folder: bool = True) -> Ledger:
    """Open (and migrate) the ledger at ``path`` (default: :func:`default_db_path`).

    Refuses, with a Chinese message and without touching anything: a missing file when ``create``
    is false, a missing folder when ``make_folder`` is false (a mistyped ``--db`` path), a file or
    folder that cannot be written, a file that is not a ledger, a ledger written by a newer
    taizhang, and a damaged ledger (naming the latest good backup).
    """
    target = Path(path) if path is not None else default_db_path()
    _refuse_bad_path(target, create=create, make_folder=make_folder)
    created = not target.exists()
    if not created:
        from store import backup

        backup.refuse_foreign(target)  # a newer or foreign file is refused before anything touches it
        if _truncated(target):
            raise damaged_error(target)
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # owner only from the start
        except OSError as exc:
            raise LedgerError(strings.ERR_OPEN_LEDGER.format(path=target, detail=exc)) from exc
    ledger = Ledger(target)
    try:
        if not created and _size(target) <= QUICK_CHECK_MAX_BYTES:
            found = [r[0] for r in ledger.conn.execute("PRAGMA quick_check(1)")]
            if found != ["ok"]:
                raise damaged_error(target)
        if created or _applied(ledger) != SCHEMA_MIGRATIONS:
            from store import schema

            schema.migrate(ledger)
    except sqlite3.DatabaseError as exc:
        ledger.close()
        if isinstance(exc, LedgerError):
            raise
        fault = ledger_fault(target, exc)
        if fault is not None:
            raise fault from exc
        raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=target, detail=exc)) from exc
    except BaseException:
        ledger.close()
        raise
    if created:
        _owner_only(target)
    return ledger


def _applied(ledger: Ledger) -> tuple[str, ...]:
    """The migrations this ledger has had (none when it has no migrations table)."""
    try:
        rows = ledger.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
        ).fetchall()
    except sqlite3.OperationalError:
        return ()
    return tuple(r[0] for r in rows)


def _size(path: Path) -> int:
    """The ledger's bytes, its WAL included."""
    total = 0
    for name in (str(path), f"{path}-wal"):
        try:
            total += os.stat(name).st_size
        except OSError:
            pass
    return total


def _owner_only(path: Path) -> None:
    """A new ledger (and its WAL files) is readable by the owner only."""
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except OSError:
            pass
