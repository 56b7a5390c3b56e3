"""Phases (阶段) of a plan: named date spans that may overlap; one is the main implementation phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from store import strings
from store.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from store.ledger.db import Ledger
from store.work import rules

# A task's phase is the one it is listed under, else its plan's main phase (in SQL over ``t`` = tasks).
EFFECTIVE_PHASE_SQL = (
    "coalesce(t.phase_id, (SELECT m.id FROM phases m WHERE m.plan_id IS t.plan_id "
    "AND m.is_main = 1 ORDER BY m.ord LIMIT 1))"
)


@dataclass
class Phase:
    id: int
    plan_id: int | None
    name: str
    start: date | None
    end: date | None
    ord: int
    is_main: bool
    description: str

    @property
    def span_label(self) -> str:
        """``2018-01-01 至 2018-09-30``, ``至 2013-06-30``, or ``未定``."""
        if self.start is None and self.end is None:
            return strings.PHASE_NO_DATES
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return strings.PHASE_SPAN.format(start=start, end=end).strip()


@dataclass
class PhaseDraft:
    name: str
    start: date | None = None
    end: date | None = None
    is_main: bool = False
    description: str = ""
    plan_id: int | None = None


def _from_row(row: dict[str, Any]) -> Phase:
    return Phase(
        id=int(row["id"]),
        plan_id=row["plan_id"],
        name=str(row["name"]),
        start=rules.parse_date(row["start"]),
        end=rules.parse_date(row["end"]),
        ord=int(row["ord"]),
        is_main=bool(row["is_main"]),
        description=str(row["description"] or ""),
    )


def list_phases(ledger: Ledger) -> list[Phase]:
    """All phases in plan order (then by start date for phases added by hand)."""
    rows = ledger.rows(
        "SELECT * FROM phases ORDER BY plan_id, ord, coalesce(start, end, '9999'), id"
    )
    return [_from_row(r) for r in rows]


def get_phase(ledger: Ledger, phase_id: int) -> Phase:
    row = ledger.row("SELECT * FROM phases WHERE id = ?", [phase_id])
    if row is None:
        raise NotFoundError(strings.ERR_NOT_FOUND)
    return _from_row(row)


def _validate(ledger: Ledger, draft: PhaseDraft, phase_id: int | None) -> PhaseDraft:
    name = draft.name.strip()
    if not name:
        raise ValidationError(strings.ERR_PHASE_NAME_EMPTY, field="name")
    if draft.start and draft.end and draft.end < draft.start:
        raise ValidationError(
            strings.ERR_PHASE_END_BEFORE_START.format(start=draft.start, end=draft.end), field="end"
        )
    clash = ledger.scalar(
        "SELECT id FROM phases WHERE name = ? AND plan_id IS ? AND id IS NOT ?",
        [name, draft.plan_id, phase_id],
    )
    if clash is not None:
        raise ValidationError(strings.ERR_PHASE_NAME_TAKEN.format(name=name), field="name")
    return PhaseDraft(name, draft.start, draft.end, draft.is_main, draft.description.strip(), draft.plan_id)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def create_phase(ledger: Ledger, draft: PhaseDraft) -> int:
    """Add a phase at the end of its plan's phases."""
    with ledger.write() as db:
        draft = _validate(ledger, draft, None)
        next_ord = int(ledger.scalar("SELECT coalesce(max(ord), 0) + 1 FROM phases WHERE plan_id IS ?", [draft.plan_id]))
        if draft.is_main:
            db.execute("UPDATE phases SET is_main = 0 WHERE plan_id IS ?", [draft.plan_id])
        cursor = db.execute(
            "INSERT INTO phases (plan_id, name, start, end, ord, is_main, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [draft.plan_id, draft.name, _iso(draft.start), _iso(draft.end), next_ord, int(draft.is_main), draft.description],
        )
    return int(cursor.lastrowid or 0)


def update_phase(ledger: Ledger, phase_id: int, draft: PhaseDraft, *, expected: Phase | None = None) -> None:
    """Change a phase. ``expected``: the phase as the form read it; when it has changed since (an undo,
    another window), :class:`ChangedMeanwhileError` and nothing is written over the newer change."""
    with ledger.write() as db:
        before = get_phase(ledger, phase_id)
        if expected is not None and before != expected:
            raise ChangedMeanwhileError(strings.ERR_PHASE_CHANGED_MEANWHILE)
        draft.plan_id = before.plan_id
        draft = _validate(ledger, draft, phase_id)
        if draft.is_main:
            db.execute("UPDATE phases SET is_main = 0 WHERE plan_id IS ?", [draft.plan_id])
        db.execute(
            "UPDATE phases SET name = ?, start = ?, end = ?, is_main = ?, description = ? WHERE id = ?",
            [draft.name, _iso(draft.start), _iso(draft.end), int(draft.is_main), draft.description, phase_id],
        )


def delete_phase(ledger: Ledger, phase_id: int) -> int:
    """Remove a phase; its tasks fall back to the plan's main phase. Returns how many tasks moved."""
    with ledger.write() as db:
        get_phase(ledger, phase_id)  # NotFoundError when it is gone
        moved = int(ledger.scalar("SELECT count(*) FROM tasks WHERE phase_id = ?", [phase_id]) or 0)
        db.execute("DELETE FROM phases WHERE id = ?", [phase_id])
    return moved
