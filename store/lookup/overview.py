"""What the main screen shows: units with their counts and lights, phases with their progress.

Both lists come a page at a time (:func:`unit_page`, :func:`phase_page`): a province-sized ledger has
thousands of units, and a unit's counts need the lights of its tasks, so only the tasks of the units
(or phases) on the page are judged. :func:`unit_summaries` and :func:`phase_summaries` are the whole
lists, for the figures that need every row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from store.ledger.db import Ledger
from store.lookup.search import ids_param, like_pattern
from store.work import phases, rules, tasks
from store.work.phases import EFFECTIVE_PHASE_SQL, Phase
from store.work.rules import Light
from store.work.units import UNIT_TASK_PAIRS_JSON_SQL

PAGE_SIZE = 100

Row = TypeVar("Row")


@dataclass
class Page(Generic[Row]):
    """Rows ``offset`` … ``offset + len(rows) - 1`` of a list of ``total`` rows."""

    offset: int
    rows: list[Row]
    total: int

    @property
    def end(self) -> int:
        return self.offset + len(self.rows)


@dataclass
class UnitSummary:
    id: int
    name: str
    short_name: str
    kind: str
    task_count: int
    red: int
    yellow: int
    done: int

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class PhaseSummary:
    phase: Phase | None  # None: the tasks that have no phase at all
    total: int
    done: int
    red: int
    yellow: int
    is_current: bool

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# Past this many tasks, judging the whole ledger at once is cheaper than picking the tasks by id.
_WHOLE_LEDGER_FROM = 2000


def _judged(ledger: Ledger, task_ids: Collection[int], today: date) -> list[tasks.TaskRow]:
    """These tasks (any order), judged today."""
    if not task_ids:
        return []
    if len(task_ids) >= _WHOLE_LEDGER_FROM:
        return [row for row in tasks.task_rows(ledger, today=today) if row.id in task_ids]
    return tasks.task_rows(ledger, "t.id IN (SELECT value FROM json_each(?))", [ids_param(sorted(task_ids))],
                           today=today)


# --- units ----------------------------------------------------------------------------------------

# Departments, then townships, sub-districts and groups; in the order they were entered.
_KIND_RANK = "CASE u.kind WHEN 'department' THEN 0 WHEN 'township' THEN 1 WHEN 'subdistrict' THEN 2 ELSE 3 END"


def _unit_filter(query: str) -> tuple[str, list[Any]]:
    """SQL over ``u`` = units: the name, short name or an alias contains ``query`` (any case for ASCII)."""
    needle = query.strip()
    if not needle:
        return "1", []
    pattern = like_pattern(needle)
    return (
        "(u.name LIKE ? ESCAPE '\\' OR coalesce(u.short_name, '') LIKE ? ESCAPE '\\' "
        "OR EXISTS (SELECT 1 FROM unit_aliases a WHERE a.unit_id = u.id AND a.alias LIKE ? ESCAPE '\\'))",
        [pattern] * 3,
    )


def unit_page(
    ledger: Ledger, *, today: date, query: str = "", offset: int = 0, limit: int | None = PAGE_SIZE
) -> Page[UnitSummary]:
    """Units ``offset`` … ``offset + limit - 1`` (``limit`` None: all from ``offset``) of those whose name,
    short name or alias contains ``query``, with their task counts and lights.

    A unit's tasks include those assigned to a group it belongs to (成员单位).
    """
    where, params = _unit_filter(query)
    total = int(ledger.scalar(f"SELECT count(*) FROM units u WHERE {where}", params))
    found = ledger.rows(
        f"SELECT u.id, u.name, u.short_name, u.kind FROM units u WHERE {where} "
        f"ORDER BY {_KIND_RANK}, u.id LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else limit, max(0, offset)],
    )
    assigned: dict[int, set[int]] = {u["id"]: set() for u in found}
    if assigned:
        for unit_id, task_id in ledger.conn.execute(
            UNIT_TASK_PAIRS_JSON_SQL,
            [ids_param(assigned)],
        ):
            assigned[unit_id].add(task_id)
    light_of = {row.id: row.light for row in _judged(ledger, set().union(*assigned.values()), today)}
    rows: list[UnitSummary] = []
    for u in found:
        lights = Counter(light_of[t] for t in assigned[u["id"]] if t in light_of)
        rows.append(
            UnitSummary(
                id=u["id"],
                name=u["name"],
                short_name=u["short_name"] or "",
                kind=u["kind"],
                task_count=sum(lights.values()),
                red=lights[Light.RED],
                yellow=lights[Light.YELLOW],
                done=lights[Light.DONE],
            )
        )
    return Page(max(0, offset), rows, total)


def unit_summaries(ledger: Ledger, *, today: date, query: str = "") -> list[UnitSummary]:
    """Every unit (filtered by name, short name or alias containing ``query``) with its task counts."""
    return unit_page(ledger, today=today, query=query, limit=None).rows


def unit_position(ledger: Ledger, unit_id: int, *, query: str = "") -> int | None:
    """Where the unit is in the list :func:`unit_page` pages through (None: not in it)."""
    where, params = _unit_filter(query)
    found = ledger.row(f"SELECT {_KIND_RANK} AS rank FROM units u WHERE u.id = ? AND {where}", [unit_id, *params])
    if found is None:
        return None
    return int(ledger.scalar(
        f"SELECT count(*) FROM units u WHERE {where} AND ({_KIND_RANK} < ? OR ({_KIND_RANK} = ? AND u.id < ?))",
        [*params, found["rank"], found["rank"], unit_id],
    ))


def groups_of(ledger: Ledger, unit_id: int) -> list[int]:
    return [r["group_id"] for r in ledger.rows("SELECT group_id FROM group_members WHERE member_id = ?", [unit_id])]


# --- phases ---------------------------------------------------------------------------------------

# Tasks with no phase at all: none of their own and no main phase in their plan (the one rule,
# phases.EFFECTIVE_PHASE_SQL, gives them none).
_UNPHASED_SQL = f"SELECT t.id FROM tasks t WHERE {EFFECTIVE_PHASE_SQL} IS NULL"


def _phase_task_ids(ledger: Ledger, shown: list[Phase]) -> set[int]:
    """The tasks that may belong to these phases: listed under one, or unphased in a plan whose main
    phase is among them (task_rows then says which phase each task is in)."""
    if not shown:
        return set()
    mains = [p for p in shown if p.is_main]
    found = {r[0] for r in ledger.conn.execute(
        "SELECT id FROM tasks WHERE phase_id IN (SELECT value FROM json_each(?))", [ids_param(p.id for p in shown)]
    )}
    plan_ids = [p.plan_id for p in mains if p.plan_id is not None]
    if plan_ids:
        found.update(r[0] for r in ledger.conn.execute(
            "SELECT id FROM tasks WHERE phase_id IS NULL AND plan_id IN (SELECT value FROM json_each(?))",
            [ids_param(plan_ids)],
        ))
    if any(p.plan_id is None for p in mains):
        found.update(r[0] for r in ledger.conn.execute("SELECT id FROM tasks WHERE phase_id IS NULL AND plan_id IS NULL"))
    return found


def phase_page(ledger: Ledger, *, today: date, offset: int = 0, limit: int | None = PAGE_SIZE) -> Page[PhaseSummary]:
    """Phases ``offset`` … ``offset + limit - 1`` in plan order with done / total, lights and which one
    is current today (phases overlap); the tasks with no phase at all come last, as one more row."""
    all_phases = phases.list_phases(ledger)
    current = rules.current_phase(all_phases, today)
    unphased = {r[0] for r in ledger.conn.execute(_UNPHASED_SQL)}
    entries: list[Phase | None] = [*all_phases, *([None] if unphased else [])]
    start = max(0, offset)
    shown = entries[start:] if limit is None else entries[start : start + limit]
    shown_phases = [p for p in shown if p is not None]
    task_ids = _phase_task_ids(ledger, shown_phases) | (unphased if None in shown else set())
    counts: dict[int | None, Counter[Light]] = {}
    for row in _judged(ledger, task_ids, today):
        counts.setdefault(row.phase_id, Counter())[row.light] += 1

    def summary(phase: Phase | None) -> PhaseSummary:
        c = counts.get(phase.id if phase else None, Counter())
        return PhaseSummary(
            phase=phase,
            total=sum(c.values()),
            done=c[Light.DONE],
            red=c[Light.RED],
            yellow=c[Light.YELLOW],
            is_current=phase is not None and current is not None and phase.id == current.id,
        )

    return Page(start, [summary(p) for p in shown], len(entries))


def phase_summaries(ledger: Ledger, *, today: date) -> list[PhaseSummary]:
    """The phases in order with done / total and which one is current today (phases overlap)."""
    return phase_page(ledger, today=today, limit=None).rows


def current_phase_position(ledger: Ledger, *, today: date) -> int | None:
    """Where today's current phase is in the list :func:`phase_page` pages through (None: no phase runs)."""
    all_phases = phases.list_phases(ledger)
    current = rules.current_phase(all_phases, today)
    return None if current is None else next(i for i, p in enumerate(all_phases) if p.id == current.id)
