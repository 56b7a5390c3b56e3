"""Tasks (工作任务): what each unit must do, by when; their deadlines and warning lights."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from store import strings
from store.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from store.ledger import settings
from store.ledger.db import Ledger
from store.work import plans, report_state, rules, units
from store.work.phases import EFFECTIVE_PHASE_SQL
from store.work.rules import Deadline, Light

ROLES = ("lead", "co")


@dataclass
class TaskUnit:
    unit_id: int
    name: str
    short_name: str
    role: str

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class Target:
    metric: str
    comparator: str
    value: float
    unit: str = ""
    year: int | None = None

    @property
    def label(self) -> str:
        """``产品质量监督抽查合格率 不低于 94%(2026年)``."""
        value = f"{self.value:g}"
        text = f"{self.metric} {strings.COMPARATORS.get(self.comparator, self.comparator)} {value}{self.unit}"
        return text + (strings.TARGET_YEAR.format(year=self.year) if self.year else "")


@dataclass
class TaskRow:
    """A task as lists show it: judged today, with its units."""

    id: int
    plan_id: int | None
    code: str
    title: str
    phase_id: int | None
    phase_name: str
    own_deadline: date | None
    rrule: str | None
    done: bool
    deadline: Deadline
    light: Light
    units: list[TaskUnit] = field(default_factory=list)

    def role_of(self, unit_id: int, groups: Sequence[int] = ()) -> str | None:
        """``lead``/``co`` for a unit named on the task; ``member`` when it is there through a group."""
        for unit in self.units:
            if unit.unit_id == unit_id:
                return unit.role
        if any(unit.unit_id in groups for unit in self.units):
            return "member"
        return None

    @property
    def units_label(self) -> str:
        """``县市监局(牵头)、县发改局``: the lead units marked, in order."""
        parts = []
        for unit in self.units:
            mark = strings.LEAD_MARK if unit.role == "lead" else ""
            parts.append(unit.display_name + mark)
        return "、".join(parts)


@dataclass
class Task(TaskRow):
    """A task with everything the detail screen shows."""

    text: str = ""
    section_code: str = ""
    section_title: str = ""
    source: str = "manual"
    phase_explicit: bool = False
    targets: list[Target] = field(default_factory=list)
    occurrences: tuple[date, ...] = ()


@dataclass
class TaskDraft:
    """What the task form (or an importer) hands the store. Units are names as clerks type them."""

    title: str
    text: str = ""
    code: str = ""
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    phase_id: int | None = None
    deadline: date | None = None
    rrule: str | None = None
    done: bool = False
    plan_id: int | None = None
    section_id: int | None = None
    source: str = "manual"
    targets: list[Target] = field(default_factory=list)
    meeting_id: int | None = None  # the meeting whose decision this task is (source "meeting")


# --- reading --------------------------------------------------------------------------------------

_TASK_SELECT = """
SELECT t.id, t.plan_id, t.code, t.title, t.deadline, t.rrule, t.done,
       ph.id AS phase_id, ph.name AS phase_name, ph.start AS phase_start, ph.end AS phase_end,
       pl.start AS plan_start, pl.end AS plan_end
FROM tasks t
LEFT JOIN plans pl ON pl.id = t.plan_id
LEFT JOIN phases ph ON ph.id = """ + EFFECTIVE_PHASE_SQL
# Positions in a row of _TASK_SELECT.
(_ID, _PLAN_ID, _CODE, _TITLE, _DEADLINE, _RRULE, _DONE, _PHASE_ID, _PHASE_NAME, _PHASE_START, _PHASE_END, _PLAN_START,
 _PLAN_END) = range(13)


def _units_of(ledger: Ledger, task_ids: Sequence[int] | None) -> dict[int, list[TaskUnit]]:
    """task id → its units, lead units first, in the order entered (``task_ids`` None: every task)."""
    found: dict[int, list[TaskUnit]] = {}
    only, params, units = "", [], "SELECT id, name, short_name FROM units"
    if task_ids is not None:
        if not task_ids:
            return found
        only, params = " WHERE tu.task_id IN (SELECT value FROM json_each(?))", [json.dumps(list(task_ids))]
        units += f" WHERE id IN (SELECT tu.unit_id FROM task_units tu{only})"
    names = {unit_id: (name, short_name or "") for unit_id, name, short_name in ledger.conn.execute(units, params)}
    # A unit has the same entry on every task where it has the same role (read-only, like the rows).
    shared: dict[tuple[int, str], TaskUnit] = {}
    last, current = None, []
    for task_id, unit_id, role in ledger.conn.execute(
        f"SELECT tu.task_id, tu.unit_id, tu.role FROM task_units tu{only} "
        "ORDER BY tu.task_id, tu.role = 'co', tu.ord, tu.unit_id",
        params,
    ):
        if task_id != last:
            current = found[task_id] = []
            last = task_id
        unit = shared.get((unit_id, role))
        if unit is None:
            unit = shared[(unit_id, role)] = TaskUnit(unit_id, *names[unit_id], role)
        current.append(unit)
    return found


def _judge(
    r: Sequence[Any], today: date, yellow_days: int, signal: report_state.Signals = report_state.NO_SIGNALS,
    day: Callable[[str | None], date | None] = rules.parse_date,
) -> tuple[Deadline, Light]:
    """The deadline and light of a row of :data:`_TASK_SELECT` (``day``: reads a date)."""
    deadline = rules.task_deadline(
        own=day(r[_DEADLINE]),
        rrule=r[_RRULE],
        phase_start=day(r[_PHASE_START]),
        phase_end=day(r[_PHASE_END]),
        plan_start=day(r[_PLAN_START]),
        plan_end=day(r[_PLAN_END]),
        today=today,
    )
    light = rules.light(
        deadline.day, done=bool(r[_DONE]), today=today, yellow_days=yellow_days,
        reported_late=signal.late, missing_last_report=signal.missing, reported_done=signal.done,
    )
    return deadline, light


def task_rows(
    ledger: Ledger, where: str = "1", params: Sequence[Any] = (), *, today: date, order: str = "t.plan_id, t.ord, t.id"
) -> list[TaskRow]:
    """Tasks matching ``where`` (SQL over ``t`` = tasks, ``ph`` = effective phase), judged on ``today``."""
    rows = ledger.conn.execute(f"{_TASK_SELECT} WHERE {where} ORDER BY {order}", list(params)).fetchall()
    if not rows:
        return []
    yellow_days = settings.yellow_days(ledger)
    # The whole ledger (the main lists, the agenda) is read without naming every task.
    whole = where == "1" or len(rows) == ledger.scalar("SELECT count(*) FROM tasks")
    task_ids = None if whole else [r[_ID] for r in rows]
    units_by_task = _units_of(ledger, task_ids)
    signals = report_state.signals(ledger, task_ids, today=today, recurring={r[_ID] for r in rows if r[_RRULE]})
    no_signal = report_state.NO_SIGNALS
    day = lru_cache(maxsize=None)(rules.parse_date)  # tasks share their phase's and plan's dates
    out: list[TaskRow] = []
    for r in rows:
        deadline, light = _judge(r, today, yellow_days, signals.get(r[_ID], no_signal), day)
        out.append(
            TaskRow(
                id=r[_ID],
                plan_id=r[_PLAN_ID],
                code=r[_CODE],
                title=r[_TITLE],
                phase_id=r[_PHASE_ID],
                phase_name=r[_PHASE_NAME] or strings.NO_PHASE,
                own_deadline=day(r[_DEADLINE]),
                rrule=r[_RRULE],
                done=bool(r[_DONE]),
                deadline=deadline,
                light=light,
                units=units_by_task.get(r[_ID], []),
            )
        )
    return out


def tasks_of_unit(ledger: Ledger, unit_id: int, *, today: date) -> list[TaskRow]:
    """A unit's tasks: where it is lead or co-unit, directly or as a member of a group named on the task."""
    return task_rows(
        ledger,
        f"t.id IN ({units.UNIT_TASKS_TWICE_SQL})",
        [unit_id, unit_id],
        today=today,
    )


def tasks_of_phase(ledger: Ledger, phase_id: int, *, today: date) -> list[TaskRow]:
    return task_rows(ledger, "ph.id = ?", [phase_id], today=today)


def tasks_without_phase(ledger: Ledger, *, today: date) -> list[TaskRow]:
    return task_rows(ledger, "ph.id IS NULL", [], today=today)


def get_task(ledger: Ledger, task_id: int, *, today: date) -> Task:
    found = task_rows(ledger, "t.id = ?", [task_id], today=today)
    if not found:
        raise NotFoundError(strings.ERR_NOT_FOUND)
    row = found[0]
    extra = ledger.row(
        "SELECT t.text, t.source, t.phase_id, s.code AS section_code, s.title AS section_title, "
        "ph.start AS phase_start, ph.end AS phase_end, pl.start AS plan_start, pl.end AS plan_end "
        "FROM tasks t LEFT JOIN sections s ON s.id = t.section_id "
        f"LEFT JOIN phases ph ON ph.id = {EFFECTIVE_PHASE_SQL} "
        "LEFT JOIN plans pl ON pl.id = t.plan_id WHERE t.id = ?",
        [task_id],
    )
    assert extra is not None
    targets = [
        Target(r["metric"], r["comparator"], r["value"], r["unit"], r["year"])
        for r in ledger.rows("SELECT * FROM targets WHERE task_id = ? ORDER BY id", [task_id])
    ]
    series: tuple[date, ...] = ()
    if row.rrule:
        base = rules.effective_deadline(
            row.own_deadline, rules.parse_date(extra["phase_end"]), rules.parse_date(extra["plan_end"])
        )
        start = rules.parse_date(extra["phase_start"]) or rules.parse_date(extra["plan_start"])
        if start is not None:
            series = rules.occurrences(row.rrule, start, base.day)
    return Task(
        **{k: getattr(row, k) for k in TaskRow.__dataclass_fields__},
        text=extra["text"],
        section_code=extra["section_code"] or "",
        section_title=extra["section_title"] or "",
        source=extra["source"],
        phase_explicit=extra["phase_id"] is not None,
        targets=targets,
        occurrences=series,
    )


# --- writing --------------------------------------------------------------------------------------


def _validate(ledger: Ledger, draft: TaskDraft) -> list[tuple[int, str]]:
    """Check a draft; returns its (unit id, role) pairs in order."""
    if not draft.title.strip():
        raise ValidationError(strings.ERR_TASK_TITLE_EMPTY, field="title")
    if not draft.lead_units:
        raise ValidationError(strings.ERR_TASK_NO_UNIT, field="lead_units")
    if draft.phase_id is not None and ledger.scalar("SELECT id FROM phases WHERE id = ?", [draft.phase_id]) is None:
        raise ValidationError(strings.ERR_TASK_UNKNOWN_PHASE, field="phase")
    if draft.rrule:
        problem = rules.validate_rrule(draft.rrule)
        if problem:
            raise ValidationError(problem, field="rrule")
    pairs: list[tuple[int, str]] = []
    for role, names in (("lead", draft.lead_units), ("co", draft.co_units)):
        for name in names:
            unit_id = units.resolve_unit(ledger, name)
            if any(unit_id == seen for seen, _ in pairs):
                raise ValidationError(strings.ERR_TASK_UNIT_TWICE.format(name=name), field="units")
            pairs.append((unit_id, role))
    return pairs


def _write_children(ledger: Ledger, task_id: int, pairs: list[tuple[int, str]], targets: list[Target] | None) -> None:
    db = ledger.db
    db.execute("DELETE FROM task_units WHERE task_id = ?", [task_id])
    for position, (unit_id, role) in enumerate(pairs):
        db.execute(
            "INSERT INTO task_units (task_id, unit_id, role, ord) VALUES (?, ?, ?, ?)",
            [task_id, unit_id, role, position],
        )
    if targets is not None:
        db.execute("DELETE FROM targets WHERE task_id = ?", [task_id])
        for target in targets:
            db.execute(
                "INSERT INTO targets (task_id, metric, comparator, value, unit, year) VALUES (?, ?, ?, ?, ?, ?)",
                [task_id, target.metric, target.comparator, target.value, target.unit, target.year],
            )


def _done_on(done: bool, today: date) -> str | None:
    return today.isoformat() if done else None


def create_task(ledger: Ledger, draft: TaskDraft, *, today: date | None = None) -> int:
    """Add a task with its units (the first lead unit first) and targets, in one transaction."""
    day = today or rules.today()
    with ledger.write() as db:
        pairs = _validate(ledger, draft)
        plan_id = draft.plan_id if draft.plan_id is not None else plans.default_plan_id(ledger)
        next_ord = int(ledger.scalar("SELECT coalesce(max(ord), 0) + 1 FROM tasks WHERE plan_id IS ?", [plan_id]))
        cursor = db.execute(
            "INSERT INTO tasks (plan_id, section_id, phase_id, code, title, text, deadline, rrule, source, done, "
            "done_on, ord, meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                plan_id,
                draft.section_id,
                draft.phase_id,
                draft.code.strip(),
                draft.title.strip(),
                draft.text.strip(),
                draft.deadline.isoformat() if draft.deadline else None,
                draft.rrule or None,
                draft.source,
                int(draft.done),
                _done_on(draft.done, day),
                next_ord,
                draft.meeting_id,
            ],
        )
        task_id = int(cursor.lastrowid or 0)
        _write_children(ledger, task_id, pairs, draft.targets)
    return task_id


def update_task(
    ledger: Ledger, task_id: int, draft: TaskDraft, *, today: date | None = None, expected: TaskDraft | None = None,
) -> None:
    """Change a task's fields and units. Its targets, reports and history stay. ``expected``: the
    task as the form read it (:func:`draft_of`); when it has changed since (an undo, another window),
    :class:`ChangedMeanwhileError` and nothing is written over the newer change."""
    day = today or rules.today()
    with ledger.write() as db:
        before = ledger.row("SELECT done, done_on FROM tasks WHERE id = ?", [task_id])
        if before is None:
            raise NotFoundError(strings.ERR_NOT_FOUND)
        if expected is not None and draft_of(get_task(ledger, task_id, today=day)) != expected:
            raise ChangedMeanwhileError(strings.ERR_TASK_CHANGED_MEANWHILE)
        pairs = _validate(ledger, draft)
        done_on = before["done_on"] if before["done"] and draft.done else _done_on(draft.done, day)
        db.execute(
            "UPDATE tasks SET code = ?, title = ?, text = ?, phase_id = ?, deadline = ?, rrule = ?, done = ?, "
            "done_on = ?, updated_at = datetime('now') WHERE id = ?",
            [
                draft.code.strip(),
                draft.title.strip(),
                draft.text.strip(),
                draft.phase_id,
                draft.deadline.isoformat() if draft.deadline else None,
                draft.rrule or None,
                int(draft.done),
                done_on,
                task_id,
            ],
        )
        _write_children(ledger, task_id, pairs, None)


def delete_task(ledger: Ledger, task_id: int) -> None:
    """Remove a task with its unit links, targets and reports (all kept in the history: undo brings them back)."""
    with ledger.write() as db:
        if db.execute("DELETE FROM tasks WHERE id = ?", [task_id]).rowcount == 0:
            raise NotFoundError(strings.ERR_NOT_FOUND)


def draft_of(task: Task) -> TaskDraft:
    """The form's starting values for editing ``task``."""
    return TaskDraft(
        title=task.title,
        text=task.text,
        code=task.code,
        lead_units=[u.display_name for u in task.units if u.role == "lead"],
        co_units=[u.display_name for u in task.units if u.role == "co"],
        phase_id=task.phase_id if task.phase_explicit else None,
        deadline=task.own_deadline,
        rrule=task.rrule,
        done=task.done,
        plan_id=task.plan_id,
    )

