"""Who reports on which task in a quarter, and what the reports say about each task's light.

Read-only and set-based (a few queries for all tasks), so lists stay fast on large ledgers. The
rules themselves (lateness, which quarter is checked, which tasks are expected) are in rules.py.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from store import rules, settings
from store.db import Ledger
from store.phases import EFFECTIVE_PHASE_SQL
from store.quarters import Quarter

# The units that report on a task: those named on it, a group through its members (a group with
# no members reports itself, so nothing is silently left out).
# ``{only}`` narrows both halves to some tasks (see :func:`_only`).
_REPORTERS_SQL = """
SELECT tu.task_id, tu.unit_id, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id
WHERE (u.kind <> 'group' OR NOT EXISTS (SELECT 1 FROM group_members g WHERE g.group_id = u.id)){only}
UNION
SELECT tu.task_id, g.member_id, 'member' FROM task_units tu
JOIN units u ON u.id = tu.unit_id AND u.kind = 'group'
JOIN group_members g ON g.group_id = u.id WHERE 1{only}
"""

# Where each task's reporting starts: its effective phase's start, else its plan's start.
_TASK_START_SQL = """
SELECT t.id, t.done, t.done_on, t.rrule, date(t.created_at) AS entered, coalesce(ph.start, pl.start) AS start
FROM tasks t
LEFT JOIN plans pl ON pl.id = t.plan_id
LEFT JOIN phases ph ON ph.id = """ + EFFECTIVE_PHASE_SQL

# The latest revision of each (task, unit, quarter) report.
LATEST_REPORTS_SQL = """
SELECT r.* FROM reports r
WHERE r.revision = (SELECT max(r2.revision) FROM reports r2
                    WHERE r2.task_id = r.task_id AND r2.unit_id = r.unit_id AND r2.quarter = r.quarter)
"""


def _only(column: str, task_ids: Collection[int] | None) -> tuple[str, list[str]]:
    """An ``AND column IN (...)`` clause for ``task_ids`` (None: every task), as one JSON parameter
    (any number of ids), so that a few tasks cost a few rows even in a province-sized ledger."""
    if task_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(task_ids))]


def reporters(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[int, list[tuple[int, str]]]:
    """task id → [(unit id, role)] of the units that report on it (role lead / co / member)."""
    found: dict[int, list[tuple[int, str]]] = {}
    only, params = _only("tu.task_id", task_ids)
    for r in ledger.rows(_REPORTERS_SQL.format(only=only) + " ORDER BY 1, 2", params * 2):
        pairs = found.setdefault(r["task_id"], [])
        if all(unit != r["unit_id"] for unit, _ in pairs):
            pairs.append((r["unit_id"], r["role"]))
    return found


def expected(
    ledger: Ledger, quarter: Quarter, by_task: dict[int, list[tuple[int, str]]] | None = None,
    task_ids: Collection[int] | None = None,
) -> dict[int, list[int]]:
    """task id → the unit ids expected to report on it for ``quarter`` (``by_task``: :func:`reporters`;
    ``task_ids``: only these tasks)."""
    by_task = by_task if by_task is not None else reporters(ledger, task_ids)
    due_days = settings.report_due_days(ledger)
    out: dict[int, list[int]] = {}
    only, params = _only("t.id", task_ids)
    for r in ledger.rows(f"{_TASK_START_SQL} WHERE 1{only}", params):
        if r["id"] not in by_task:
            continue
        if rules.expected_in_quarter(
            quarter, start=rules.parse_date(r["start"]), done=bool(r["done"]), done_on=rules.parse_date(r["done_on"]),
            entered=rules.parse_date(r["entered"]), due_days=due_days,
        ):
            out[r["id"]] = [unit for unit, _ in by_task[r["id"]]]
    return out


def reported_pairs(ledger: Ledger, quarter: Quarter, task_ids: Collection[int] | None = None) -> set[tuple[int, int]]:
    """(task id, unit id) pairs that have a report for ``quarter`` (``task_ids``: only these tasks)."""
    only, params = _only("task_id", task_ids)
    # For a few tasks, their own reports (the task index) rather than the whole quarter's.
    quarter_column = "quarter" if task_ids is None else "+quarter"
    return {
        (r["task_id"], r["unit_id"])
        for r in ledger.rows(
            f"SELECT DISTINCT task_id, unit_id FROM reports WHERE {quarter_column} = ?{only}", [str(quarter), *params]
        )
    }


def latest_statuses(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[tuple[int, int], str]:
    """(task id, unit id) → the status of that unit's latest report on the task (newest quarter,
    newest revision). The newest quarter comes from the reports index alone, then one row each."""
    only, params = _only("task_id", task_ids)
    return {
        (r[0], r[1]): r[2]
        for r in ledger.conn.execute(
            "SELECT r.task_id, r.unit_id, r.status FROM "
            f"(SELECT task_id, unit_id, max(quarter) AS quarter FROM reports WHERE 1{only} GROUP BY task_id, unit_id) m "
            "JOIN reports r ON r.task_id = m.task_id AND r.unit_id = m.unit_id AND r.quarter = m.quarter "
            "AND r.revision = (SELECT max(r2.revision) FROM reports r2 WHERE r2.task_id = m.task_id "
            "AND r2.unit_id = m.unit_id AND r2.quarter = m.quarter)",
            params,
        )
    }


@dataclass(frozen=True)
class Signals:
    """What a task's reports say: its latest report says 滞后; every lead unit says 已完成; a unit
    has not reported for the quarter last due."""

    late: bool = False
    done: bool = False
    missing: bool = False


NO_SIGNALS = Signals()


def reported_done(
    task_id: int, units: list[tuple[int, str]], latest: Mapping[tuple[int, int], str], *, recurring: bool
) -> bool:
    """Whether the reports say a task is done: the latest report of every lead unit (of every unit
    when none leads) says 已完成. A recurring task is never done by its reports.

    ``units``: the task's (unit id, role) from :func:`reporters`; ``latest``: (task id, unit id) →
    the status of that unit's latest report on the task.
    """
    leads = [unit for unit, role in units if role == "lead"] or [unit for unit, _ in units]
    return not recurring and bool(leads) and all(latest.get((task_id, unit)) == "done" for unit in leads)


def signals(ledger: Ledger, task_ids: Iterable[int], *, today: date) -> dict[int, Signals]:
    """The report signals of the given tasks (tasks with none are left out)."""
    wanted = set(task_ids)
    if not wanted or ledger.scalar("SELECT 1 FROM reports LIMIT 1") is None:
        return {}  # no report yet: nothing to say (and nothing to read on every list refresh)
    due_days = settings.report_due_days(ledger)
    checked = rules.checked_quarter(today, due_days)
    have = reported_pairs(ledger, checked, wanted)
    by_task = reporters(ledger, wanted)
    # A quarter in which no report at all was recorded (a ledger set up since) flags nothing.
    any_in_checked = ledger.scalar("SELECT 1 FROM reports WHERE quarter = ? LIMIT 1", [str(checked)]) is not None
    due_now = expected(ledger, checked, by_task, wanted) if any_in_checked else {}
    only, params = _only("id", wanted)
    recurring = {
        r["id"] for r in ledger.rows(f"SELECT id FROM tasks WHERE rrule IS NOT NULL AND rrule <> ''{only}", params)
    }
    # Each unit's latest report on each task: the newest quarter, the newest revision.
    latest = latest_statuses(ledger, wanted)
    out: dict[int, Signals] = {}
    for task_id in wanted:
        units = by_task.get(task_id, [])
        statuses = [latest[(task_id, unit)] for unit, _ in units if (task_id, unit) in latest]
        signal = Signals(
            late="late" in statuses,
            done=reported_done(task_id, units, latest, recurring=task_id in recurring),
            missing=any((task_id, unit) not in have for unit in due_now.get(task_id, [])),
        )
        if signal != Signals():
            out[task_id] = signal
    return out
