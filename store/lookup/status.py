"""``taizhang status``: where a task or a unit stands, answered from the shell in a blink.

:func:`status` finds the tasks (or the unit) a clerk means, :func:`render` lays them out as a compact
table for a terminal (CJK characters are two columns wide; text is cut between characters, never
inside one). The ledger is opened with :func:`store.ledger.db.open_ledger`, which does not import
sqlite-utils when it is up to date: the whole command must stay faster than ``task project:X list``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import strings
from store.errors import ValidationError
from store.ledger.db import Ledger
from store.lookup import search
from store.lookup.search import TaskLine
from store.work import units
from store.work.phases import EFFECTIVE_PHASE_SQL
from store.work.rules import Light
from store.work.units import DISPLAY_NAME, UNIT_TASKS_SQL

DEFAULT_LIMIT = 50
# With a filter (--overdue, --phase, --unit) more matches are read, then filtered.
_FILTERED_POOL = 2000


@dataclass
class UnitStatus:
    """A unit and the lights of its tasks (those named on it and those of groups it belongs to)."""

    id: int
    name: str
    short_name: str
    kind: str
    contact: str
    phone: str
    lights: Counter[Light] = field(default_factory=Counter)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def total(self) -> int:
        return sum(self.lights.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "short_name": self.short_name, "kind": self.kind,
            "contact": self.contact, "phone": self.phone, "tasks": self.total,
            "red": self.lights[Light.RED], "yellow": self.lights[Light.YELLOW],
            "green": self.lights[Light.GREEN], "done": self.lights[Light.DONE],
        }


@dataclass
class StatusResult:
    query: str
    tasks: list[TaskLine] = field(default_factory=list)
    unit: UnitStatus | None = None  # the unit asked about (--unit, or the query names exactly one)
    units: list[UnitStatus] = field(default_factory=list)  # several units match and no task does
    phase: str | None = None
    more: bool = False  # more tasks match than were listed

    @property
    def empty(self) -> bool:
        """Nothing listed: no task (a unit's summary with no task to show counts as nothing)."""
        return not self.tasks and not self.units

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "unit": self.unit.to_json() if self.unit else None,
            "units": [u.to_json() for u in self.units],
            "phase": self.phase,
            "tasks": [t.to_json() for t in self.tasks],
            "more": self.more,
        }


# --- finding --------------------------------------------------------------------------------------


def _unit_status(ledger: Ledger, unit_id: int, lines: Sequence[TaskLine]) -> UnitStatus:
    r = ledger.row("SELECT id, name, coalesce(short_name, '') AS short_name, kind, contact, phone FROM units "
                   "WHERE id = ?", [unit_id])
    if r is None:
        raise ValidationError(strings.ERR_NOT_FOUND)
    return UnitStatus(r["id"], r["name"], r["short_name"], r["kind"], r["contact"], r["phone"],
                      Counter(line.light for line in lines))


def _unit_names(ledger: Ledger, unit_ids: Sequence[int]) -> list[str]:
    rows = {r["id"]: r["display"] for r in ledger.rows(
        f"SELECT id, {DISPLAY_NAME} AS display FROM units "
        "WHERE id IN (SELECT value FROM json_each(?))", [search.ids_param(unit_ids)])}
    return [rows[i] for i in unit_ids if i in rows]


def resolve_unit(ledger: Ledger, text: str) -> int:
    """The unit meant by ``text``: full name, short name or alias; else the only (or the only exact)
    search match (part of a name, pinyin initials)."""

    found = units.find_unit_id(ledger, text)
    if found is not None:
        return found
    matches = search.unit_matches(ledger, text, limit=20)
    exact = [unit_id for unit_id, rank in matches if rank == search.EXACT]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        raise ValidationError(strings.ERR_STATUS_UNKNOWN_UNIT.format(name=text.strip()), field="unit")
    names = "、".join(_unit_names(ledger, [unit_id for unit_id, _ in matches[:8]]))
    raise ValidationError(strings.ERR_STATUS_AMBIGUOUS_UNIT.format(name=text.strip(), names=names), field="unit")


def resolve_phase(ledger: Ledger, text: str) -> tuple[list[int], str]:
    """The phases meant by ``text`` (every plan's phase of that name) and their name: the name
    itself, else the only name that contains it."""
    phases = [(int(r["id"]), str(r["name"])) for r in ledger.rows("SELECT id, name FROM phases ORDER BY plan_id, ord, id")]
    for wanted in search.variants(text):
        exact = [p for p in phases if p[1] == wanted]
        partial = exact or [p for p in phases if wanted in p[1]]
        names = list(dict.fromkeys(name for _, name in partial))
        if len(names) == 1:
            return [phase_id for phase_id, _ in partial], names[0]
        if partial:
            raise ValidationError(strings.ERR_STATUS_AMBIGUOUS_PHASE.format(name=text.strip(), names="、".join(names)),
                                  field="phase")
    raise ValidationError(strings.ERR_STATUS_UNKNOWN_PHASE.format(
        name=text.strip(), names="、".join(dict.fromkeys(name for _, name in phases)) or "-"), field="phase")


def _unit_task_ids(ledger: Ledger, unit_id: int) -> list[int]:
    """A unit's tasks in plan order: named on them, or a member of a group named on them."""
    return [int(r[0]) for r in ledger.conn.execute(
        f"SELECT t.id FROM tasks t WHERE t.id IN ({UNIT_TASKS_SQL}) ORDER BY t.plan_id, t.ord, t.id",
        [unit_id])]


def _phase_task_ids(ledger: Ledger, phase_ids: Sequence[int]) -> set[int]:
    return {int(r[0]) for r in ledger.conn.execute(
        f"SELECT t.id FROM tasks t WHERE {EFFECTIVE_PHASE_SQL} IN (SELECT value FROM json_each(?))",
        [search.ids_param(phase_ids)])}


def status(
    ledger: Ledger,
    *,
    today: date,
    query: str = "",
    unit: str | None = None,
    phase: str | None = None,
    overdue: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> StatusResult:
    """What ``taizhang status`` prints. ``limit`` 0 lists every match.

    With ``unit`` alone: the unit's summary and its tasks. With a query that names exactly one unit
    (its name, short name, alias or pinyin initials) and no task better: the same for that unit.
    Otherwise the tasks matching the query (text, code, pinyin, report text); when no task
    matches but several units do, those units. Refusals (unknown unit or phase) are ValidationErrors.
    """
    result = StatusResult(query=query.strip())
    unit_id = resolve_unit(ledger, unit) if unit else None
    in_phase: set[int] | None = None
    if phase:
        phase_ids, result.phase = resolve_phase(ledger, phase)
        in_phase = _phase_task_ids(ledger, phase_ids)
    wanted = limit if limit > 0 else None

    lines: list[TaskLine] | None = None
    ids: list[int] = []
    narrow = overdue or in_phase is not None or wanted is None
    pool = _FILTERED_POOL if narrow else (wanted or 0) + 1
    if result.query and unit_id is None:
        # As typed, then in simplified characters; the first reading that finds something counts.
        matching_units: list[tuple[int, int]] = []
        for q in search.variants(result.query):
            matching_units = search.unit_matches(ledger, q, limit=20, as_typed=True)
            exact_units = [u for u, rank in matching_units if rank == search.EXACT]
            if len(exact_units) == 1:
                unit_id, result.query = exact_units[0], ""  # the query named a unit: show the unit
                break
            ids = search.task_matches(ledger, q, limit=pool, as_typed=True)
            if ids or matching_units:
                break
        if unit_id is None and not ids:
            result.units = _unit_statuses(ledger, [u for u, _ in matching_units], today=today)
            return result
    if unit_id is not None:
        ids = _unit_task_ids(ledger, unit_id)
        lines = search.task_lines(ledger, ids, today=today, unit_id=unit_id)
        result.unit = _unit_status(ledger, unit_id, lines)
        if result.query:
            matching = set(search.task_matches(ledger, result.query, limit=len(ids) * 4 + _FILTERED_POOL))
            lines = [line for line in lines if line.id in matching]
    elif not result.query:
        ids = [int(r[0]) for r in ledger.conn.execute("SELECT id FROM tasks ORDER BY plan_id, ord, id")]
    if lines is None:
        if in_phase is not None:
            ids = [i for i in ids if i in in_phase]
        if not overdue and wanted is not None:
            ids = ids[: wanted + 1]  # lights only for what is shown (one more tells that there is more)
        lines = search.task_lines(ledger, ids, today=today)
    elif in_phase is not None:
        lines = [line for line in lines if line.id in in_phase]
    if overdue:
        lines = [line for line in lines if line.light == Light.RED]
    if wanted is not None and len(lines) > wanted:
        lines, result.more = lines[:wanted], True
    result.tasks = lines
    return result


def _unit_statuses(ledger: Ledger, unit_ids: Sequence[int], *, today: date) -> list[UnitStatus]:
    out = []
    for unit_id in unit_ids:
        out.append(_unit_status(ledger, unit_id, search.task_lines(ledger, _unit_task_ids(ledger, unit_id), today=today)))
    return out


# --- layout ---------------------------------------------------------------------------------------

_CUT = ".."  # ASCII: "…" is ambiguous-width and some terminals draw it two columns wide


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: CJK (wide and full-width) characters count two."""
    return sum(char_width(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns (with ``..`` when cut, never inside a character),
    padded with spaces to exactly ``width``."""
    flat = " ".join(text.split())
    if display_width(flat) > width:
        room = max(0, width - len(_CUT))
        kept, used = [], 0
        for ch in flat:
            w = char_width(ch)
            if used + w > room:
                break
            kept.append(ch)
            used += w
        flat = "".join(kept) + _CUT[: max(0, width - used)]
    return flat + " " * (width - display_width(flat))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, total_width: int,
          flexible: Sequence[int] = ()) -> list[str]:
    """Rows laid out in columns two spaces apart. Columns in ``flexible`` (indexes) share what is
    left of ``total_width`` and are cut to fit; the others take their widest cell."""
    count = len(headers)
    natural = [max([display_width(headers[i]), *(display_width(" ".join(r[i].split())) for r in rows)])
               for i in range(count)]
    widths = list(natural)
    gap = 2 * (count - 1)
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible)
    room = total_width - gap - fixed
    flex = [i for i in flexible if i < count]
    if flex and sum(natural[i] for i in flex) > room:
        # Share the room: narrow columns keep their width, the rest split what remains.
        remaining, left = max(room, 4 * len(flex)), sorted(flex, key=lambda i: natural[i])
        while left:
            share = remaining // len(left)
            i = left.pop(0)
            widths[i] = max(4, min(natural[i], share))
            remaining -= widths[i]
    out = ["  ".join(fit(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    out.extend("  ".join(fit(cell, widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows)
    return out


def _task_cells(line: TaskLine) -> list[str]:
    latest = line.latest.summary if line.latest else strings.STATUS_NO_REPORT
    return [
        line.code or "-", line.title, strings.LIGHT_LABELS[line.light.value],
        line.deadline.isoformat() if line.deadline else strings.NO_DEADLINE, line.lead_unit or "-", latest,
    ]


def render(result: StatusResult, *, width: int = 120) -> str:
    """The result as text for a terminal ``width`` columns wide."""
    lines: list[str] = []
    if result.unit is not None:
        u = result.unit
        lines.append(strings.STATUS_UNIT_LINE.format(
            name=u.name, short=u.display_name, kind=strings.UNIT_KINDS.get(u.kind, u.kind),
            contact=u.contact or "-", phone=u.phone or "-"))
        lines.append(strings.STATUS_UNIT_COUNTS.format(
            total=u.total, red=u.lights[Light.RED], yellow=u.lights[Light.YELLOW],
            green=u.lights[Light.GREEN], done=u.lights[Light.DONE]))
    if result.phase:
        lines.append(strings.STATUS_PHASE_LINE.format(phase=result.phase))
    if result.units:
        lines.append(strings.STATUS_UNITS_FOUND.format(query=result.query, count=len(result.units)))
        rows = [[u.display_name, u.name, str(u.total), str(u.lights[Light.RED]), str(u.lights[Light.YELLOW]),
                 str(u.lights[Light.DONE])] for u in result.units]
        lines.extend(table(strings.STATUS_UNIT_HEADERS, rows, total_width=width, flexible=(1,)))
    if result.tasks:
        rows = [_task_cells(line) for line in result.tasks]
        lines.extend(table(strings.STATUS_HEADERS, rows, total_width=width, flexible=(1, 5)))
    elif result.unit is not None or result.phase:
        lines.append(strings.STATUS_NO_TASKS)
    if result.more:
        lines.append(strings.STATUS_MORE.format(limit=len(result.tasks)))
    return "\n".join(lines)
