"""The audit log: every change to the ledger, with who, when, and the old and new values.

Writers call :func:`record` inside their own transaction, so a change and its record land together.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


def record(
    db: Database,
    *,
    who: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO audit_log (who, action, entity, entity_id, before_json, after_json) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            who,
            action,
            entity,
            entity_id,
            json.dumps(before, ensure_ascii=False, default=str) if before is not None else None,
            json.dumps(after, ensure_ascii=False, default=str) if after is not None else None,
        ],
    )
