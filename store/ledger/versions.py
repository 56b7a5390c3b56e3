"""The schema's versions by name: which migrations exist, and which a ledger file has had.

Apart from store/ledger/schema.py (which registers exactly these, and checks on import) so that opening a
ledger that needs no migration does not import sqlite-utils (~55 ms at start-up).
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "taizhang"
SCHEMA_MIGRATIONS = ("0001_initial", "0002_search", "0003_history", "0004_indexes", "0005_import_memory", "0006_report_signoffs")


def applied(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The migrations this ledger has had (none when it has no migrations table)."""
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
        ).fetchall()
    except sqlite3.OperationalError:
        return ()
    return tuple(r[0] for r in rows)
