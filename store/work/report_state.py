"""Who reports on which task in a quarter, and what the reports say about each task's light.

Read-only and set-based (a few queries for all tasks, each doing its work in SQL), so lists stay
fast on large ledgers. The rules themselves (lateness, which quarter is checked, which tasks are
expected) are in rules.py; who reports on a task is :data:`_REPORTERS_SQL`, when the reports say a
task is done is :func:`reported_done`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.ledger import settings
from store.ledger.db import Ledger
from store.work import rules
from store.work.phases import EFFECTIVE_PHASE_SQL
from store.work.quarters import Quarter

# The units that report on a task: those named on it, a group through its members (a group with
# no members reports itself, so nothing is silently left out). One row per (task, unit): a unit
# named on the task keeps its own role (lead / co) even when a group named there has it as a
# member; a member of several groups named there counts once.
# ``{only}`` narrows both halves to some tasks (see :func:`_only`: pass its parameters twice).
_NAMED_REPORTS_ITSELF = "(u.kind <> 'group' OR NOT EXISTS (SELECT 1 FROM group_members g WHERE g.group_id = u.id))"
_REPORTERS_SQL = f"""
SELECT tu.task_id, tu.unit_id, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id
WHERE {_NAMED_REPORTS_ITSELF}{{only}}
UNION ALL
SELECT DISTINCT tu.task_id, gm.member_id, 'member' FROM group_members gm
JOIN units gu ON gu.id = gm.group_id AND gu.kind = 'group'
JOIN task_units tu ON tu.unit_id = gm.group_id
WHERE NOT EXISTS (SELECT 1 FROM task_units named JOIN units u ON u.id = named.unit_id
                  WHERE named.task_id = tu.task_id AND named.unit_id = gm.member_id AND {_NAMED_REPORTS_ITSELF}){{only}}
"""

# Where each task's reporting starts: its effective phase's start, else its plan's start.
_TASK_START_SQL = """
SELECT t.id, t.done, t.done_on, date(t.created_at) AS entered, coalesce(ph.start, pl.start) AS start
FROM tasks t
LEFT JOIN plans pl ON pl.id = t.plan_id
LEFT JOIN phases ph ON ph.id = """ + EFFECTIVE_PHASE_SQL

# The status of a unit's latest report on a task (newest quarter, newest revision): one step down
# the reports index (task, unit, quarter, revision) per unit, whatever the number of reports.
_LATEST_STATUS_SQL = (
    "(SELECT r.status FROM reports r WHERE r.task_id = rep.task_id AND r.unit_id = rep.unit_id "
    "ORDER BY r.quarter DESC, r.revision DESC LIMIT 1)"
)


def _only(column: str, task_ids: Collection[int] | None) -> tuple[str, list[str]]:
    """An ``AND column IN (...)`` clause for ``task_ids`` (None: every task), as one JSON parameter
    (any number of ids), so that a few tasks cost a few rows even in a province-sized ledger."""
    if task_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(task_ids))]


def _reporters_cte(task_ids: Collection[int] | None) -> tuple[str, list[str]]:
    """``WITH rep(task_id, unit_id, role) AS (...)`` for ``task_ids`` (None: every task), with its parameters."""
    only, params = _only("tu.task_id", task_ids)
    return f"WITH rep(task_id, unit_id, role) AS ({_REPORTERS_SQL.format(only=only)})", params * 2


def reporters(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[int, list[tuple[int, str]]]:
    """task id → [(unit id, role)] of the units that report on it (role lead / co / member), by unit id."""
    found: dict[int, list[tuple[int, str]]] = {}
    cte, params = _reporters_cte(task_ids)
    current: list[tuple[int, str]] = []
    last = None
    for task_id, unit_id, role in ledger.conn.execute(f"{cte} SELECT task_id, unit_id, role FROM rep ORDER BY 1, 2",
                                                      params):
        if task_id != last:
            current = found[task_id] = []
            last = task_id
        current.append((unit_id, role))
    return found


def lead_units(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[int, list[int]]:
    """task id → the units answerable for it: its lead units, a lead group through its members (a
    group with no members answers itself); by unit id. A task with no lead has none here."""
    only, params = _only("tu.task_id", task_ids)
    found: dict[int, list[int]] = {}
    for task_id, unit_id in ledger.conn.execute(
        "SELECT DISTINCT tu.task_id, coalesce(g.member_id, tu.unit_id) FROM task_units tu "
        f"LEFT JOIN group_members g ON g.group_id = tu.unit_id WHERE tu.role = 'lead'{only} ORDER BY 1, 2",
        params,
    ):
        found.setdefault(task_id, []).append(unit_id)
    return found


def _by_start(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[tuple[Any, ...], list[int]]:
    """Tasks (``task_ids``: only these) grouped by what :func:`rules.expected_in_quarter` looks at:
    (start, done, done_on, entered). Tasks mostly share it, so the rule is asked once per group."""
    only, params = _only("t.id", task_ids)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for task_id, *key in ledger.conn.execute(
        f"SELECT id, start, done, done_on, entered FROM ({_TASK_START_SQL} WHERE 1{only})", params
    ):
        groups.setdefault(tuple(key), []).append(task_id)
    return groups


def _expected_among(groups: Mapping[tuple[Any, ...], list[int]], quarter: Quarter, due_days: int) -> set[int]:
    """The tasks of :func:`_by_start` groups whose units report on them for ``quarter``."""
    out: set[int] = set()
    for (start, done, done_on, entered), task_ids in groups.items():
        if rules.expected_in_quarter(
            quarter, start=rules.parse_date(start), done=bool(done), done_on=rules.parse_date(done_on),
            entered=rules.parse_date(entered), due_days=due_days,
        ):
            out.update(task_ids)
    return out


def expected_tasks(ledger: Ledger, quarter: Quarter, task_ids: Collection[int] | None = None) -> set[int]:
    """The tasks whose units report on them for ``quarter`` (:func:`rules.expected_in_quarter`;
    ``task_ids``: only among these), whether or not any unit reports on them."""
    return _expected_among(_by_start(ledger, task_ids), quarter, settings.report_due_days(ledger))


def expected(
    ledger: Ledger, quarter: Quarter, by_task: Mapping[int, list[tuple[int, str]]] | None = None,
    task_ids: Collection[int] | None = None,
) -> dict[int, list[int]]:
    """task id → the unit ids expected to report on it for ``quarter`` (``by_task``: :func:`reporters`;
    ``task_ids``: only these tasks)."""
    by_task = by_task if by_task is not None else reporters(ledger, task_ids)
    return {
        task_id: [unit for unit, _ in by_task[task_id]]
        for task_id in sorted(expected_tasks(ledger, quarter, task_ids))
        if task_id in by_task
    }


def reported_pairs(ledger: Ledger, quarter: Quarter, task_ids: Collection[int] | None = None) -> set[tuple[int, int]]:
    """(task id, unit id) pairs that have a report for ``quarter`` (``task_ids``: only these tasks)."""
    only, params = _only("task_id", task_ids)
    # For a few tasks, their own reports (the task index) rather than the whole quarter's.
    quarter_column = "quarter" if task_ids is None else "+quarter"
    return set(
        ledger.conn.execute(
            f"SELECT DISTINCT task_id, unit_id FROM reports WHERE {quarter_column} = ?{only}", [str(quarter), *params]
        )
    )


def latest_statuses(ledger: Ledger, task_ids: Collection[int] | None = None) -> dict[tuple[int, int], str]:
    """(task id, unit id) → the status of that unit's latest report on the task (newest quarter,
    newest revision), for every unit that has reported on it."""
    only, params = _only("task_id", task_ids)
    return {
        (task_id, unit_id): status
        for task_id, unit_id, status in ledger.conn.execute(
            f"SELECT task_id, unit_id, {_LATEST_STATUS_SQL} FROM "
            f"(SELECT DISTINCT task_id, unit_id FROM reports WHERE 1{only}) rep",
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


def _done_by_reports(statuses: Iterable[tuple[str, str | None]], *, recurring: bool) -> bool:
    """The rule of :func:`reported_done`, on each reporting unit's (role, latest status or None)."""
    pairs = list(statuses)
    leads = [status for role, status in pairs if role == "lead"] or [status for _, status in pairs]
    return not recurring and bool(leads) and all(status == "done" for status in leads)


def reported_done(
    task_id: int, units: list[tuple[int, str]], latest: Mapping[tuple[int, int], str], *, recurring: bool
) -> bool:
    """Whether the reports say a task is done: the latest report of every lead unit (of every unit
    when none leads) says 已完成. A recurring task is never done by its reports.

    ``units``: the task's (unit id, role) from :func:`reporters`; ``latest``: (task id, unit id) →
    the status of that unit's latest report on the task.
    """
    return _done_by_reports(((role, latest.get((task_id, unit))) for unit, role in units), recurring=recurring)


def signals(
    ledger: Ledger, task_ids: Iterable[int] | None, *, today: date, recurring: Collection[int] | None = None
) -> dict[int, Signals]:
    """The report signals of the given tasks (None: every task; tasks with none are left out).
    ``recurring``: which of them recur, when the caller knows (else it is read).

    One query: per task, each reporting unit's role and latest status, and whether one of them has
    no report for the quarter last due.
    """
    wanted = None if task_ids is None else set(task_ids)
    if wanted == set() or ledger.scalar("SELECT 1 FROM reports LIMIT 1") is None:
        return {}  # no report yet: nothing to say (and nothing to read on every list refresh)
    checked = rules.checked_quarter(today, settings.report_due_days(ledger))
    # A quarter in which no report at all was recorded (a ledger set up since) flags nobody as missing.
    any_in_checked = ledger.scalar("SELECT 1 FROM reports WHERE quarter = ? LIMIT 1", [str(checked)]) is not None
    cte, params = _reporters_cte(wanted)
    unreported = "0"
    if any_in_checked:
        unreported = (
            "max(NOT EXISTS (SELECT 1 FROM reports r WHERE r.task_id = rep.task_id AND r.unit_id = rep.unit_id "
            "AND r.quarter = ?))"
        )
        params.append(str(checked))
    found = ledger.conn.execute(
        f"{cte} SELECT task_id, group_concat(role || ' ' || coalesce({_LATEST_STATUS_SQL}, ''), ','), {unreported} "
        "FROM rep GROUP BY task_id",
        params,
    ).fetchall()
    due_now = expected_tasks(ledger, checked, wanted) if any_in_checked else set()
    if recurring is None:
        only, only_params = _only("id", wanted)
        recurring = {
            task_id
            for (task_id,) in ledger.conn.execute(
                f"SELECT id FROM tasks WHERE rrule IS NOT NULL AND rrule <> ''{only}", only_params
            )
        }
    out: dict[int, Signals] = {}
    for task_id, packed, unreported_unit in found:
        missing = bool(unreported_unit) and task_id in due_now
        # Roles are lead / co / member: only a 滞后 or 已完成 status, or a missing report, makes a signal.
        if not missing and "late" not in packed and "done" not in packed:
            continue
        statuses: list[tuple[str, str | None]] = []
        for pair in packed.split(","):
            role, _, status = pair.partition(" ")
            statuses.append((role, status or None))
        signal = Signals(
            late=any(status == "late" for _, status in statuses),
            done=_done_by_reports(statuses, recurring=task_id in recurring),
            missing=missing,
        )
        if signal != NO_SIGNALS:
            out[task_id] = signal
    return out


@dataclass
class QuarterReports:
    """Who reports on what for one quarter and what has come in, read once for the submission
    figures, the progress figures and the agenda, which all count from it."""

    quarter: Quarter
    reporters: dict[int, list[tuple[int, str]]]  # task id → [(unit id, role)], as :func:`reporters`
    expected: dict[int, list[int]]  # task id → the units expected to report, as :func:`expected`
    reported: Collection[tuple[int, int]]  # (task id, unit id) with a report for the quarter
    first_received: dict[tuple[int, int], str | None]  # (task id, unit id) → its first revision's day received
    # (task id, unit id) → its current revision's (status, progress, problems); read only when asked for
    current: dict[tuple[int, int], tuple[str, int | None, str]]


def quarter_reports(ledger: Ledger, quarter: Quarter, *, current: bool = False) -> QuarterReports:
    """:class:`QuarterReports` for ``quarter`` (``current``: with what each current report says)."""
    return next(each_quarter_reports(ledger, [quarter], current=current))


def each_quarter_reports(
    ledger: Ledger, quarters: Iterable[Quarter], *, current: bool = False
) -> Iterator[QuarterReports]:
    """:func:`quarter_reports` for each of ``quarters`` in turn; who reports on what is read once,
    then one pass over each quarter's reports (every revision: the first and the current are kept)."""
    by_task = reporters(ledger)
    groups = _by_start(ledger)
    due_days = settings.report_due_days(ledger)
    columns = "task_id, unit_id, revision, received" + (", status, progress, problems" if current else "")
    for quarter in quarters:
        expected_ids = _expected_among(groups, quarter, due_days)
        revisions: dict[tuple[int, int], int] = {}
        first_received: dict[tuple[int, int], str | None] = {}
        said: dict[tuple[int, int], tuple[str, int | None, str]] = {}
        for task_id, unit_id, revision, received, *text in ledger.conn.execute(
            f"SELECT {columns} FROM reports WHERE quarter = ?", [str(quarter)]
        ):
            pair = (task_id, unit_id)
            if revision == 1:
                first_received[pair] = received
            if revision > revisions.get(pair, 0):
                revisions[pair] = revision
                if text:
                    status, progress, problems = text
                    said[pair] = (status, progress, problems)
        yield QuarterReports(
            quarter, by_task,
            {task_id: [unit for unit, _ in by_task[task_id]] for task_id in sorted(expected_ids) if task_id in by_task},
            revisions.keys(), first_received, said,
        )
