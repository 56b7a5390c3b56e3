"""Opening a ledger, the one way: refuse what cannot be a ledger, check the file, back it up before a
migration, migrate, and give the connection the advice for a damaged file (the latest good backup).

The connection (store/ledger/db.py) knows nothing of backups or migrations; this module puts them together.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from store import strings
from store.errors import LedgerError
from store.ledger import backup, versions
from store.ledger.db import Ledger, LedgerDamagedError, LedgerFault, LedgerReadOnlyError, truncated
from store.ledger.db import check_damage as _check_damage
from store.ledger.db import damaged_error as _damaged_error
from store.ledger.db import ledger_fault as _ledger_fault
from store.ledger.paths import default_db_path

# A ledger up to this size gets PRAGMA quick_check when it is opened (a few milliseconds for a county's
# ledger); a bigger one only when SQLite reports damage (a 600 MB ledger takes seconds to check).
QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024


def ledger_fault(path: Path, exc: BaseException) -> LedgerFault | None:
    """:func:`store.ledger.db.ledger_fault`, a damaged file's message naming the latest good backup."""
    return _ledger_fault(path, exc, backup.restore_advice)


def check_damage(path: Path | str) -> LedgerDamagedError | None:
    """:func:`store.ledger.db.check_damage`, a damaged file's message naming the latest good backup."""
    return _check_damage(path, backup.restore_advice)


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
    """Open (and migrate) the ledger at ``path`` (default: :func:`store.ledger.paths.default_db_path`).

    Refuses, with a Chinese message and without touching anything: a missing file when ``create``
    is false, a missing folder when ``make_folder`` is false (a mistyped ``--db`` path), a file or
    folder that cannot be written, a file that is not a ledger, a ledger written by a newer
    taizhang, and a damaged ledger (naming the latest good backup). An existing ledger with data is
    backed up before it is migrated.
    """
    target = Path(path) if path is not None else default_db_path()
    _refuse_bad_path(target, create=create, make_folder=make_folder)
    created = not target.exists()
    if not created:
        backup.refuse_foreign(target)  # a newer or foreign file is refused before anything touches it
        if truncated(target):
            raise _damaged_error(target, backup.restore_advice)
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # owner only from the start
        except OSError as exc:
            raise LedgerError(strings.ERR_OPEN_LEDGER.format(path=target, detail=exc)) from exc
    ledger = Ledger(target, advice=backup.restore_advice)
    try:
        if not created and _size(target) <= QUICK_CHECK_MAX_BYTES:
            found = [r[0] for r in ledger.conn.execute("PRAGMA quick_check(1)")]
            if found != ["ok"]:
                raise _damaged_error(target, backup.restore_advice)
        if created or versions.applied(ledger.conn) != versions.SCHEMA_MIGRATIONS:
            from store.ledger import schema  # imports sqlite-utils (~55 ms): only when a migration is due

            schema.migrate(ledger, before=lambda: backup.backup_if_data(ledger, "before-migration"))
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
