"""History and undo: every change to the ledger's data, row by row, grouped by user action.

Triggers (installed by the ``0003_history`` migration) copy every inserted, updated and deleted row
of the tracked tables into ``change_rows`` with its full old and new values. When the outermost
write transaction (:meth:`store.ledger.db.Ledger.write`) is about to commit, :func:`close_change` gathers
those rows into one ``changes`` record (when, who, a summary in words): one user action, one change.
:func:`undo` applies a change's rows backwards in a transaction of its own, itself recorded as a
change (``undo_of``), so an undo can be seen, and undone, like anything else.

A migration that adds columns to a tracked table must call :func:`install_triggers` again, or the
new columns are not kept.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from store import strings
from store.errors import LedgerError
from store.ledger import settings

if TYPE_CHECKING:
    from store.ledger.db import Ledger


class HistoryError(LedgerError):
    """An undo that cannot be done; the message says why, in Chinese."""


# table → (primary key columns, SQL giving the task id, SQL giving the unit id), with NEW./OLD. → {r}.
TRACKED: dict[str, tuple[tuple[str, ...], str, str]] = {
    "plans": (("id",), "NULL", "NULL"),
    "sections": (("id",), "NULL", "NULL"),
    "phases": (("id",), "NULL", "NULL"),
    "units": (("id",), "NULL", "{r}.id"),
    "unit_aliases": (("alias",), "NULL", "{r}.unit_id"),
    "group_members": (("group_id", "member_id"), "NULL", "{r}.member_id"),
    "tasks": (("id",), "{r}.id", "NULL"),
    "task_units": (("task_id", "unit_id"), "{r}.task_id", "{r}.unit_id"),
    "targets": (("id",), "{r}.task_id", "NULL"),
    "reports": (("id",), "{r}.task_id", "{r}.unit_id"),
    "report_actuals": (
        ("report_id", "target_id"),
        "(SELECT task_id FROM targets WHERE id = {r}.target_id)",
        "(SELECT unit_id FROM reports WHERE id = {r}.report_id)",
    ),
    "meetings": (("id",), "NULL", "NULL"),
    "meeting_attendees": (("meeting_id", "unit_id"), "NULL", "{r}.unit_id"),
    "import_memory": (("plan_id", "item_key"), "NULL", "NULL"),
    "report_signoffs": (("unit_id", "quarter"), "NULL", "{r}.unit_id"),
}

# Which row names a change: the first table (in this order) that the change touched.
_HEADLINE_ORDER = (
    "plans", "meetings", "tasks", "units", "phases", "reports", "task_units", "targets",
    "group_members", "unit_aliases", "meeting_attendees", "sections", "report_actuals", "import_memory", "report_signoffs",
)
_TRIGGER_PREFIX = "history_"

DDL = [
    """CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
        who TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        undo_of INTEGER REFERENCES changes(id),
        undone_by INTEGER REFERENCES changes(id),
        undoable INTEGER NOT NULL DEFAULT 1 CHECK (undoable IN (0, 1))
    )""",
    """CREATE TABLE change_rows (
        id INTEGER PRIMARY KEY,
        change_id INTEGER REFERENCES changes(id) ON DELETE CASCADE,
        tbl TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        row_key TEXT NOT NULL,
        old_json TEXT,
        new_json TEXT,
        task_id INTEGER,
        unit_id INTEGER
    )""",
    "CREATE INDEX idx_change_rows_change ON change_rows(change_id)",
    "CREATE INDEX idx_change_rows_task ON change_rows(task_id, change_id)",
    "CREATE INDEX idx_change_rows_unit ON change_rows(unit_id, change_id)",
    "ALTER TABLE audit_log ADD COLUMN change_id INTEGER REFERENCES changes(id)",
    "CREATE INDEX idx_audit_change ON audit_log(change_id)",
]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _json_object(columns: list[str], ref: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {ref}.\"{c}\"" for c in columns) + ")"


def trigger_sql(conn: sqlite3.Connection, table: str) -> list[str]:
    """The three triggers that copy ``table``'s changed rows into ``change_rows``."""
    keys, task_sql, unit_sql = TRACKED[table]
    columns = _columns(conn, table)
    name = f"{_TRIGGER_PREFIX}{table}"
    insert = "INSERT INTO change_rows (tbl, op, row_key, old_json, new_json, task_id, unit_id) VALUES "

    def values(op: str, r: str, old: str, new: str) -> str:
        key = _json_object(list(keys), r)
        return f"('{table}', '{op}', {key}, {old}, {new}, {task_sql.format(r=r)}, {unit_sql.format(r=r)})"

    old_row, new_row = _json_object(columns, "OLD"), _json_object(columns, "NEW")
    return [
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON \"{table}\" BEGIN {insert}"
        f"{values('insert', 'NEW', 'NULL', new_row)}; END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE ON \"{table}\" WHEN {old_row} IS NOT {new_row} BEGIN {insert}"
        f"{values('update', 'NEW', old_row, new_row)}; END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON \"{table}\" BEGIN {insert}"
        f"{values('delete', 'OLD', old_row, 'NULL')}; END",
    ]


def install_triggers(conn: sqlite3.Connection) -> None:
    """(Re)create the history triggers of every tracked table, for its current columns."""
    drop_triggers(conn)
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in TRACKED:
        if table not in existing:
            continue  # added by a later migration, which installs the triggers again
        for statement in trigger_sql(conn, table):
            conn.execute(statement)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Remove the history triggers (a bulk load that is not a user's change, e.g. the scale generator)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
            [len(_TRIGGER_PREFIX), _TRIGGER_PREFIX],
        )
    ]
    for name in names:
        conn.execute(f'DROP TRIGGER "{name}"')


def migrate(conn: sqlite3.Connection) -> None:
    """The ``0003_history`` migration: tables, triggers, and one change per earlier audit record."""
    for statement in DDL:
        conn.execute(statement)
    install_triggers(conn)
    legacy = conn.execute("SELECT id, at, who, action, entity, before_json, after_json FROM audit_log ORDER BY id")
    for audit_id, at, who, action, entity, before, after in legacy.fetchall():
        data = json.loads(after or before or "{}") or {}
        name = data.get("title") or data.get("name") or data.get("code") or ""
        entity_label = strings.HISTORY_ENTITIES.get(entity + "s", strings.HISTORY_ENTITIES.get(entity, entity))
        summary = f"{strings.HISTORY_OPS.get(action, action)}{entity_label} {name}".strip()
        cursor = conn.execute(
            "INSERT INTO changes (at, who, summary, undoable) VALUES (?, ?, ?, 0)",
            [at, who, f"{summary} {strings.HISTORY_LEGACY}"],
        )
        conn.execute("UPDATE audit_log SET change_id = ? WHERE id = ?", [cursor.lastrowid, audit_id])


# --- closing a change at commit ---------------------------------------------------------------------


@dataclass
class _Note:
    undo_of: int | None = None
    summary: str = ""


def note_undo(ledger: Ledger, change_id: int, summary: str) -> None:
    """The change this thread is writing is the undo of ``change_id``."""
    ledger._local.change_note = _Note(undo_of=change_id, summary=summary)


def begin(ledger: Ledger) -> None:
    """A new outermost transaction starts: forget any note of an earlier one."""
    ledger._local.change_note = None


def close_change(ledger: Ledger, conn: sqlite3.Connection) -> int | None:
    """Gather this transaction's row changes into one ``changes`` record (called just before COMMIT).

    Returns the new change's id, or None when the transaction changed no tracked row.
    """
    try:
        pending = conn.execute(
            "SELECT id, tbl, op, old_json, new_json, row_key FROM change_rows WHERE change_id IS NULL ORDER BY id"
        ).fetchall()
    except sqlite3.OperationalError:  # a ledger not yet migrated to 0003 (e.g. during a migration)
        return None
    pending = _net(conn, pending)
    if not pending:
        return None
    note: _Note | None = getattr(ledger._local, "change_note", None)
    rows = [_Pending(tbl, op, _load(old), _load(new)) for _, tbl, op, old, new, _ in pending]
    summary = strings.HISTORY_UNDO_OF.format(summary=note.summary) if note and note.undo_of else describe(conn, rows)
    cursor = conn.execute(
        "INSERT INTO changes (who, summary, undo_of) VALUES (?, ?, ?)",
        [settings.clerk_name(ledger), summary, note.undo_of if note else None],
    )
    change_id = int(cursor.lastrowid or 0)
    conn.execute("UPDATE change_rows SET change_id = ? WHERE change_id IS NULL", [change_id])
    if note and note.undo_of:
        conn.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [change_id, note.undo_of])
    ledger._local.change_note = None
    return change_id


def _net(conn: sqlite3.Connection, pending: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per table row: what changed in this transaction, not how it was written.

    A row inserted and then updated is one insert of its final values; updated twice, one update;
    deleted and inserted again unchanged (a writer that rewrites a task's unit links), nothing.
    """
    by_key: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in pending:
        by_key.setdefault((row[1], row[5]), []).append(row)
    if all(len(rows) == 1 for rows in by_key.values()):
        return pending
    kept: dict[int, tuple[Any, ...]] = {}
    dropped: list[int] = []
    for rows in by_key.values():
        first, last = rows[0], rows[-1]
        old = None if first[2] == "insert" else first[3]
        new = None if last[2] == "delete" else last[4]
        dropped.extend(r[0] for r in rows[1:])
        if old == new:  # nothing, net (both None, or the same values again)
            dropped.append(first[0])
            continue
        op = "insert" if old is None else "delete" if new is None else "update"
        kept[first[0]] = (first[0], first[1], op, old, new, first[5])
        if len(rows) > 1:
            conn.execute(
                "UPDATE change_rows SET op = ?, old_json = ?, new_json = ? WHERE id = ?", [op, old, new, first[0]]
            )
    conn.executemany("DELETE FROM change_rows WHERE id = ?", [(i,) for i in dropped])
    return [kept[row[0]] for row in pending if row[0] in kept]


def _load(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text is not None else None


@dataclass
class _Pending:
    tbl: str
    op: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    @property
    def data(self) -> dict[str, Any]:
        return self.new or self.old or {}


# --- describing a change in words ---------------------------------------------------------------------


def _lookup(conn: sqlite3.Connection, rows: list[_Pending], table: str, row_id: Any, column: str) -> str:
    """A column of a row that may have been deleted in this very change (then its old values serve)."""
    if row_id is None:
        return ""
    found = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE id = ?', [row_id]).fetchone()
    if found and found[0] is not None:
        return str(found[0])
    for r in rows:
        if r.tbl == table and r.data.get("id") == row_id:
            return str(r.data.get(column) or "")
    return str(row_id)


def _unit_name(conn: sqlite3.Connection, rows: list[_Pending], unit_id: Any) -> str:
    short = _lookup(conn, rows, "units", unit_id, "short_name")
    return short if short and short != str(unit_id) else _lookup(conn, rows, "units", unit_id, "name")


def _task_name(conn: sqlite3.Connection, rows: list[_Pending], task_id: Any) -> str:
    code = _lookup(conn, rows, "tasks", task_id, "code")
    title = _lookup(conn, rows, "tasks", task_id, "title")
    return f"{code} {_short(title)}".strip() if code != str(task_id) else _short(title)


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "..."  # ASCII: "…" is ambiguous width


def row_name(conn: sqlite3.Connection, rows: list[_Pending], row: _Pending) -> str:
    """What a changed row is called in the history (a task's code and title, a unit's name …)."""
    d = row.data
    if row.tbl == "tasks":
        return f"{d.get('code') or ''} {_short(str(d.get('title') or ''))}".strip()
    if row.tbl in ("units", "phases"):
        return str(d.get("short_name") or d.get("name") or "")
    if row.tbl in ("plans", "sections"):
        return _short(str(d.get("title") or ""))
    if row.tbl == "meetings":
        return str(d.get("title") or d.get("date") or "")
    if row.tbl == "reports":
        return f"{_unit_name(conn, rows, d.get('unit_id'))} {d.get('quarter')} {_task_name(conn, rows, d.get('task_id'))}"
    if row.tbl == "task_units":
        return f"{_task_name(conn, rows, d.get('task_id'))}: {_unit_name(conn, rows, d.get('unit_id'))}"
    if row.tbl == "unit_aliases":
        return f"{_unit_name(conn, rows, d.get('unit_id'))}: {d.get('alias')}"
    if row.tbl == "group_members":
        return f"{_unit_name(conn, rows, d.get('group_id'))}: {_unit_name(conn, rows, d.get('member_id'))}"
    if row.tbl == "meeting_attendees":
        return _unit_name(conn, rows, d.get("unit_id"))
    if row.tbl == "targets":
        return f"{_task_name(conn, rows, d.get('task_id'))}: {d.get('metric') or ''}"
    return ""


def _changed_columns(row: _Pending) -> set[str]:
    if row.op != "update" or row.old is None or row.new is None:
        return set()
    return {k for k in row.new if row.old.get(k) != row.new.get(k)}


def describe(conn: sqlite3.Connection, rows: list[_Pending]) -> str:
    """A change in a line of words: 导入工作方案《…》, 删除任务 四.(三).2 …, 填报 县市监局 2026Q3 …"""
    plans = [r for r in rows if r.tbl == "plans"]
    if plans:
        ops: dict[Any, set[str]] = {}  # task id → what happened to it (inserted then updated: added)
        for r in rows:
            if r.tbl == "tasks":
                ops.setdefault(r.data.get("id"), set()).add(r.op)
        added = sum(1 for o in ops.values() if "insert" in o and "delete" not in o)
        removed = sum(1 for o in ops.values() if "delete" in o and "insert" not in o)
        updated = sum(1 for o in ops.values() if o == {"update"})
        counts = strings.HISTORY_IMPORT_COUNTS.format(added=added, changed=updated, removed=removed) if ops else ""
        return strings.HISTORY_IMPORT.format(title=_short(str(plans[0].data.get("title") or ""), 30)) + counts
    head_table = next(t for t in (*_HEADLINE_ORDER, *{r.tbl for r in rows}) if any(r.tbl == t for r in rows))
    head = next(r for r in rows if r.tbl == head_table)
    same = [r for r in rows if r.tbl == head.tbl and r.op == head.op]
    verb = strings.HISTORY_OPS[head.op] + strings.HISTORY_ENTITIES.get(head.tbl, head.tbl)
    changed = _changed_columns(head)
    if head.tbl == "reports" and head.op == "insert":
        first = int(head.data.get("revision") or 1) == 1
        verb = strings.HISTORY_REPORT_FIRST if first else strings.HISTORY_REPORT_CORRECTED
        units = {(r.data.get("unit_id"), r.data.get("quarter")) for r in same}
        if len(same) > 1 and len(units) == 1:  # one unit's reports for a quarter: a form, or a sitting
            return strings.HISTORY_REPORT_BATCH.format(
                verb=verb, unit=_unit_name(conn, rows, head.data.get("unit_id")),
                quarter=head.data.get("quarter"), count=len(same),
            )
    elif head.tbl == "tasks" and changed and changed <= {"done", "done_on", "updated_at"} and "done" in changed:
        verb = strings.HISTORY_MARK_DONE if head.data.get("done") else strings.HISTORY_MARK_UNDONE
    elif head.tbl == "meetings" and changed == {"agenda_json"}:
        verb = strings.HISTORY_AGENDA
    text = f"{verb} {row_name(conn, rows, head)}".strip()
    if len(same) > 1:
        text += " " + strings.HISTORY_AND_MORE.format(count=len(same))
    return text


# --- reading the history -----------------------------------------------------------------------------


@dataclass
class Change:
    id: int
    at: str  # local time (Asia/Shanghai), 'YYYY-MM-DD HH:MM:SS'
    who: str
    summary: str
    undo_of: int | None
    undone_by: int | None
    undoable: bool
    row_count: int = 0

    @property
    def can_undo(self) -> bool:
        return self.undoable and self.undone_by is None and self.undo_of is None


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    table: str
    op: str
    name: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def headline(self) -> str:
        entity = strings.HISTORY_ENTITIES.get(self.table, self.table)
        return f"{strings.HISTORY_OPS[self.op]}{entity} {self.name}".strip()


def local_time(utc_text: str) -> str:
    """A UTC timestamp from SQLite, as the clerk's clock shows it (Asia/Shanghai is UTC+8 all year)."""
    try:
        moment = datetime.fromisoformat(utc_text)
    except ValueError:
        return utc_text
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


_CHANGE_COLUMNS = "c.id, c.at, c.who, c.summary, c.undo_of, c.undone_by, c.undoable"


def _change(row: tuple[Any, ...], count: int = 0) -> Change:
    return Change(
        id=row[0], at=local_time(row[1]), who=row[2], summary=row[3], undo_of=row[4], undone_by=row[5],
        undoable=bool(row[6]), row_count=count,
    )


def changes(
    ledger: Ledger,
    *,
    task_id: int | None = None,
    unit_id: int | None = None,
    before: int | None = None,
    limit: int = 200,
) -> list[Change]:
    """Changes newest first (``before``: only older than that change id, for paging), optionally
    only those that touched a task (its units, targets, reports) or a unit (its links and reports)."""
    where, params = [], []
    if task_id is not None:
        where.append("c.id IN (SELECT change_id FROM change_rows WHERE task_id = ?)")
        params.append(task_id)
    if unit_id is not None:
        where.append("c.id IN (SELECT change_id FROM change_rows WHERE unit_id = ?)")
        params.append(unit_id)
    if before is not None:
        where.append("c.id < ?")
        params.append(before)
    sql = (
        f"SELECT {_CHANGE_COLUMNS}, (SELECT count(*) FROM change_rows r WHERE r.change_id = c.id) FROM changes c"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.id DESC LIMIT ?"
    )
    return [_change(row[:7], row[7]) for row in ledger.conn.execute(sql, [*params, limit])]


def get(ledger: Ledger, change_id: int) -> Change | None:
    row = ledger.conn.execute(f"SELECT {_CHANGE_COLUMNS} FROM changes c WHERE c.id = ?", [change_id]).fetchone()
    return _change(row) if row else None


# Columns whose stored codes are shown in words.
_CODES: dict[str, dict[str, str]] = {
    "role": strings.ROLE_LABELS,
    "status": strings.REPORT_STATUS,
    "kind": {**strings.UNIT_KINDS, **strings.MEETING_KINDS},
    "comparator": strings.COMPARATORS,
}
_FLAGS = {"done", "is_main"}


def _show(conn: sqlite3.Connection, rows: list[_Pending], column: str, value: Any) -> str:
    """A stored value as the clerk knows it: names for ids, words for codes, 是/否 for flags."""
    if value is None or value == "":
        return strings.HISTORY_EMPTY_VALUE
    if column in ("task_id",):
        return _task_name(conn, rows, value)
    if column in ("unit_id", "group_id", "member_id"):
        return _unit_name(conn, rows, value)
    if column == "phase_id":
        return _lookup(conn, rows, "phases", value, "name")
    if column == "section_id":
        return _lookup(conn, rows, "sections", value, "title")
    if column == "plan_id":
        return _lookup(conn, rows, "plans", value, "title")
    if column == "meeting_id":
        return _lookup(conn, rows, "meetings", value, "title")
    if column == "target_id":
        return _lookup(conn, rows, "targets", value, "metric")
    if column in _FLAGS:
        return strings.HISTORY_YES if value else strings.HISTORY_NO
    if column in _CODES:
        return _CODES[column].get(str(value), str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def details(ledger: Ledger, change_id: int) -> list[RowChange]:
    """What a change did, row by row, with each shown field's old and new value."""
    conn = ledger.conn
    raw = conn.execute(
        "SELECT tbl, op, old_json, new_json FROM change_rows WHERE change_id = ? ORDER BY id", [change_id]
    ).fetchall()
    rows = [_Pending(tbl, op, _load(old), _load(new)) for tbl, op, old, new in raw]
    out: list[RowChange] = []
    # Tasks before their reports, as the headline reads; within a table, the order written.
    order = {t: i for i, t in enumerate(_HEADLINE_ORDER)}
    for r in sorted(rows, key=lambda r: order.get(r.tbl, len(order))):
        fields: list[FieldChange] = []
        for column, label in strings.HISTORY_FIELDS.items():
            if column not in r.data or (column == "agenda_json" and r.op != "update"):
                continue
            old = (r.old or {}).get(column)
            new = (r.new or {}).get(column)
            if r.op == "update" and old == new:
                continue
            if column == "agenda_json":
                old, new = "…", "…"
            fields.append(
                FieldChange(
                    label,
                    _show(conn, rows, column, old) if r.op != "insert" else "",
                    _show(conn, rows, column, new) if r.op != "delete" else "",
                )
            )
        if r.op == "update" and not fields:
            continue  # only bookkeeping columns changed (updated_at, ord …)
        out.append(RowChange(r.tbl, r.op, row_name(conn, rows, r), fields))
    return out


def last_undoable(ledger: Ledger) -> Change | None:
    """The change that undo would revert: the newest one not undone that is not itself an undo
    (possibly one recorded before the upgrade, which :func:`undo` then refuses)."""
    row = ledger.conn.execute(
        f"SELECT {_CHANGE_COLUMNS} FROM changes c WHERE c.undone_by IS NULL AND c.undo_of IS NULL "
        "ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    return _change(row) if row is not None else None


# --- undo ------------------------------------------------------------------------------------------------


def _where(key: dict[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f'"{c}" IS ?' for c in key), list(key.values())


def _current(conn: sqlite3.Connection, table: str, key: dict[str, Any], columns: list[str]) -> dict[str, Any] | None:
    where, params = _where(key)
    cursor = conn.execute(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)} FROM "{table}" WHERE {where}', params)
    found = cursor.fetchone()
    return dict(zip(columns, found, strict=True)) if found else None


def _same(current: dict[str, Any] | None, expected: dict[str, Any]) -> bool:
    if current is None:
        return False
    return all(current.get(k) == v for k, v in expected.items())


def undo(ledger: Ledger, change_id: int | None = None) -> Change:
    """Revert a change (default: :func:`last_undoable`) in one transaction; returns the undone change.

    Refused, with nothing written, when the change's rows were changed again since (by a change
    not undone), when it is already undone, is itself an undo, or was recorded before the upgrade.
    """

    target = last_undoable(ledger) if change_id is None else get(ledger, change_id)
    if target is None:
        raise HistoryError(strings.HISTORY_NOTHING_TO_UNDO)
    if target.undone_by is not None:
        raise HistoryError(strings.HISTORY_ALREADY_UNDONE)
    if target.undo_of is not None:
        raise HistoryError(strings.HISTORY_UNDO_IS_UNDO)
    if not target.undoable:
        raise HistoryError(strings.HISTORY_NOT_UNDOABLE)
    with ledger.write() as db:
        conn = db.conn
        conn.execute("PRAGMA defer_foreign_keys = ON")  # rows come back parent or child first; checked at commit
        raw = conn.execute(
            "SELECT tbl, op, row_key, old_json, new_json FROM change_rows WHERE change_id = ? ORDER BY id DESC",
            [target.id],
        ).fetchall()
        all_rows = [_Pending(tbl, op, _load(old), _load(new)) for tbl, op, _, old, new in raw]
        restored: list[tuple[str, dict[str, Any], _Pending]] = []  # rows given back: their parents must exist
        for (tbl, op, row_key, old_json, new_json), pending in zip(raw, all_rows, strict=True):
            key = json.loads(row_key)
            old, new = _load(old_json), _load(new_json)
            columns = list((new or old or {}).keys())
            current = _current(conn, tbl, key, columns)

            def conflict(pending: _Pending = pending, tbl: str = tbl) -> HistoryError:
                entity = strings.HISTORY_ENTITIES.get(tbl, tbl)
                return HistoryError(
                    strings.HISTORY_UNDO_CONFLICT.format(
                        summary=target.summary, entity=entity, name=row_name(conn, all_rows, pending)
                    )
                )

            where, params = _where(key)
            if op == "insert":
                if current is None:
                    if _removed_by_cascade(conn, tbl, row_key):
                        continue
                    raise conflict()
                if not _same(current, new or {}):
                    raise conflict()
                conn.execute(f'DELETE FROM "{tbl}" WHERE {where}', params)
            elif op == "update":
                if not _same(current, new or {}):
                    raise conflict()
                assert old is not None
                restored.append((tbl, old, pending))
                sets = ", ".join(f'"{c}" = ?' for c in old)
                conn.execute(f'UPDATE "{tbl}" SET {sets} WHERE {where}', [*old.values(), *params])
            else:  # delete
                if current is not None:
                    raise conflict()
                assert old is not None
                restored.append((tbl, old, pending))
                names = ", ".join(f'"{c}"' for c in old)
                marks = ", ".join("?" for _ in old)
                conn.execute(f'INSERT INTO "{tbl}" ({names}) VALUES ({marks})', list(old.values()))
        for tbl, values, pending in restored:
            if _parent_missing(conn, tbl, values):
                raise HistoryError(
                    strings.HISTORY_UNDO_PARENT_GONE.format(
                        summary=target.summary,
                        entity=strings.HISTORY_ENTITIES.get(tbl, tbl),
                        name=row_name(conn, all_rows, pending),
                    )
                )
        note_undo(ledger, target.id, target.summary)
    return target


def _removed_by_cascade(conn: sqlite3.Connection, tbl: str, row_key: str) -> bool:
    """Whether this undo has already deleted the row (a parent's delete cascaded to it): this
    transaction's own row changes are the ones not yet gathered into a change."""
    found = conn.execute(
        "SELECT 1 FROM change_rows WHERE change_id IS NULL AND op = 'delete' AND tbl = ? AND row_key = ?",
        [tbl, row_key],
    ).fetchone()
    return found is not None


def _parent_missing(conn: sqlite3.Connection, tbl: str, values: dict[str, Any]) -> bool:
    """Whether a row given back refers to a parent row that is gone (deleted by a later change).

    Checked row by row rather than with ``PRAGMA foreign_key_check``, which reads whole tables."""
    groups: dict[int, list[tuple[str, str, str]]] = {}
    for fk in conn.execute(f'PRAGMA foreign_key_list("{tbl}")'):
        groups.setdefault(fk[0], []).append((fk[2], fk[3], fk[4]))  # (parent table, from, to)
    for columns in groups.values():
        table = columns[0][0]  # the parent table
        keys = [(to or "rowid", values.get(frm)) for _, frm, to in columns]
        if any(value is None for _, value in keys):
            continue
        where = " AND ".join(f'"{to}" = ?' for to, _ in keys)
        if conn.execute(f'SELECT 1 FROM "{table}" WHERE {where}', [v for _, v in keys]).fetchone() is None:
            return True
    return False
