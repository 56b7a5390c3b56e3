"""What the main screen shows: units with their counts and lights, phases with their progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from store import phases, rules, tasks
from store.db import Ledger
from store.phases import Phase
from store.rules import Light


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


def _matches(text: str, needle: str) -> bool:
    return needle.casefold() in text.casefold()


def unit_summaries(ledger: Ledger, *, today: date, query: str = "") -> list[UnitSummary]:
    """Every unit (filtered by name, short name or alias containing ``query``) with its task counts.

    A unit's tasks include those assigned to a group it belongs to (成员单位).
    """
    rows = tasks.task_rows(ledger, today=today)
    light_of = {row.id: row.light for row in rows}
    assigned: dict[int, set[int]] = {}
    for r in ledger.rows("SELECT task_id, unit_id FROM task_units"):
        assigned.setdefault(r["unit_id"], set()).add(r["task_id"])
    for r in ledger.rows("SELECT group_id, member_id FROM group_members"):
        assigned.setdefault(r["member_id"], set()).update(assigned.get(r["group_id"], set()))
    aliases: dict[int, list[str]] = {}
    for r in ledger.rows("SELECT unit_id, alias FROM unit_aliases"):
        aliases.setdefault(r["unit_id"], []).append(r["alias"])
    needle = query.strip()
    out: list[UnitSummary] = []
    for u in ledger.rows("SELECT id, name, short_name, kind FROM units ORDER BY "
                         "CASE kind WHEN 'department' THEN 0 WHEN 'township' THEN 1 "
                         "WHEN 'subdistrict' THEN 2 ELSE 3 END, id"):
        names = [u["name"], u["short_name"] or "", *aliases.get(u["id"], [])]
        if needle and not any(_matches(n, needle) for n in names):
            continue
        lights = Counter(light_of[t] for t in assigned.get(u["id"], set()) if t in light_of)
        out.append(
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
    return out


def groups_of(ledger: Ledger, unit_id: int) -> list[int]:
    return [r["group_id"] for r in ledger.rows("SELECT group_id FROM group_members WHERE member_id = ?", [unit_id])]


def phase_summaries(ledger: Ledger, *, today: date) -> list[PhaseSummary]:
    """The phases in order with done / total and which one is current today (phases overlap)."""
    all_phases = phases.list_phases(ledger)
    current = rules.current_phase(all_phases, today)
    counts: dict[int | None, Counter[Light]] = {}
    for row in tasks.task_rows(ledger, today=today):
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

    out = [summary(p) for p in all_phases]
    if None in counts:
        out.append(summary(None))
    return out
