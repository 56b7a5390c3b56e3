"""The connection to a ledger file: connection settings, transactions, and what goes wrong with them.

SQLite connections are per thread (a connection made on the UI thread fails in a worker thread),
so a :class:`Ledger` hands every thread its own connection to the same file. Every write is one
transaction that ends as one change in the history, with the search keys of what it wrote.

Everything SQLite can say about the file itself (busy, full, read-only, damaged, an I/O error) is
turned into a Chinese sentence in one place, :func:`ledger_fault`: :meth:`Ledger.write` (after the
rollback), :meth:`Ledger.rows` / :meth:`~Ledger.row` / :meth:`~Ledger.scalar`, the opener and the
``taizhang`` command use it. The errors are :class:`LedgerError` (the screens and commands show
them) and still the ``sqlite3`` error they replace (code that caught that keeps working).

This module knows nothing of backups or migrations: store/ledger/opener.py puts them together. What to
advise about a damaged file (the latest good backup) is given to it as ``advice``.
"""

from __future__ import annotations

import sqlite3
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import strings
from store.errors import LedgerError
from store.ledger import history, search_index

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another window's or program's transaction
BUSY_NOTICE_MS = 1_000  # after this long, Ledger.on_busy is called (the app says the ledger is busy)
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


# What to tell the clerk to do about a damaged file at ``path`` (the opener names the latest good
# backup and the command that restores it); without it the message says only that the file is damaged.
Advice = Callable[[Path], str]


def damaged_error(path: Path, advice: Advice | None = None) -> LedgerDamagedError:
    """The message for a damaged ledger, with ``advice`` (the latest good backup and the command)."""
    return LedgerDamagedError(strings.ERR_LEDGER_DAMAGED.format(path=path) + (advice(path) if advice else ""))


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def ledger_fault(path: Path, exc: BaseException, advice: Advice | None = None) -> LedgerFault | None:
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
        return damaged_error(path, advice)
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        # A SQLite file whose insides are broken is damaged; anything else is not a ledger at all.
        return damaged_error(path, advice) if _has_sqlite_header(path) else None
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return LedgerIOError(strings.ERR_LEDGER_IO.format(path=path))
    return None


def truncated(path: Path) -> bool:
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


def check_damage(path: Path | str, advice: Advice | None = None) -> LedgerDamagedError | None:
    """After an unexpected error: is the ledger damaged? (``PRAGMA quick_check`` on a read-only
    connection, so it costs nothing unless something already went wrong.)"""
    target = Path(path)
    if not _has_sqlite_header(target):
        return None
    if truncated(target):
        return damaged_error(target, advice)
    try:
        conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = [r[0] for r in conn.execute("PRAGMA quick_check(1)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        fault = ledger_fault(target, exc, advice)
        return fault if isinstance(fault, LedgerDamagedError) else None
    return None if found == ["ok"] else damaged_error(target, advice)


# --- connections ----------------------------------------------------------------------------------


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
    ``advice``: what a damaged-file message advises (:data:`Advice`; the opener gives it).
    """

    def __init__(self, path: Path | str, *, advice: Advice | None = None) -> None:
        self.path = Path(path)
        self.advice = advice
        self.on_busy: Callable[[], None] | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._commits = 0  # writes committed through this Ledger, from any thread

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
                fault = self.fault(exc)
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
        """:func:`ledger_fault` for this ledger's file, with its advice."""
        return ledger_fault(self.path, exc, self.advice)

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
                if not isinstance(self.fault(exc), LedgerBusyError):
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
            self._commits += 1
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

    def change_mark(self) -> tuple[int, int]:
        """Something that differs whenever the ledger has changed since it was last read: SQLite's
        ``PRAGMA data_version`` on this thread's connection (another connection, window or program
        committed) with the writes committed through this Ledger (which data_version does not count
        when they went through this same connection)."""
        try:
            version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            fault = self.fault(exc)
            if fault is None:
                raise
            raise fault from exc
        return version, self._commits

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
