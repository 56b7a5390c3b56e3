"""Opening the ledger file: paths, connection settings, transactions.

SQLite connections are per thread (a connection made on the UI thread fails in a worker thread),
so a :class:`Ledger` hands every thread its own connection to the same file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import strings
from store.errors import LedgerError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
ENV_DB = "TAIZHANG_DB"


def default_db_path() -> Path:
    """``taizhang.db`` in the user data dir, unless ``TAIZHANG_DB`` says otherwise."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("taizhang", appauthor=False)) / "taizhang.db"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class Ledger:
    """One ledger file. ``ledger.db`` is this thread's sqlite-utils Database on it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's plain sqlite3 connection (reads need nothing more; sqlite-utils is not imported)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                # Each thread gets its own connection; check_same_thread is off only so that
                # close() may close them all from the thread that ends the app.
                conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
                _configure(conn)
            except sqlite3.OperationalError as exc:
                raise LedgerError(strings.ERR_OPEN_LEDGER.format(path=self.path, detail=exc)) from exc
            except sqlite3.DatabaseError as exc:
                raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=self.path, detail=exc)) from exc
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
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
        """Close every thread's connection (call when the app or command ends)."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction for one user action: all of it is written, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a second process waits its turn
        (busy timeout) instead of failing half-way. Nested calls become savepoints.
        """
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        from store import history

        db.conn.execute("BEGIN IMMEDIATE")
        history.begin(self)
        try:
            yield db
            history.close_change(self, db.conn)  # the action's rows become one change in the history
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        else:
            db.conn.execute("COMMIT")

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None


def open_ledger(path: Path | str | None = None, *, create: bool = True) -> Ledger:
    """Open (and migrate) the ledger at ``path`` (default: :func:`default_db_path`).

    Refuses, with a Chinese message, a missing file when ``create`` is false, a file that is not
    a ledger, and a ledger written by a newer taizhang.
    """
    from store import schema

    target = Path(path) if path is not None else default_db_path()
    if target.exists() and target.is_dir():
        raise LedgerError(strings.ERR_LEDGER_IS_DIR.format(path=target))
    created = not target.exists()
    if not created:
        from store import backup

        backup.refuse_foreign(target)  # a newer or foreign file is refused before anything touches it
    if not target.exists():
        if not create:
            raise LedgerError(strings.ERR_LEDGER_MISSING.format(path=target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # owner only from the start
        except OSError as exc:
            raise LedgerError(strings.ERR_OPEN_LEDGER.format(path=target, detail=exc)) from exc
    ledger = Ledger(target)
    try:
        schema.migrate(ledger)
    except sqlite3.DatabaseError as exc:
        ledger.close()
        raise LedgerError(strings.ERR_NOT_A_LEDGER.format(path=target, detail=exc)) from exc
    except BaseException:
        ledger.close()
        raise
    if created:
        _owner_only(target)
    return ledger


def _owner_only(path: Path) -> None:
    """A new ledger (and its WAL files) is readable by the owner only."""
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except OSError:
            pass
