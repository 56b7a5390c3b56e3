"""Responsible units (责任单位): departments, townships, sub-districts and groups of member units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store import strings
from store.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from store.ledger.db import Ledger

KINDS = ("department", "township", "subdistrict", "group")


DISPLAY_NAME = "coalesce(nullif(short_name, ''), name)"  # as display_name_sql, on the units table itself


def display_name_sql(alias: str = "u") -> str:
    """SQL for a unit's display name, the rule everywhere: its short name, else its name."""
    return f"coalesce(nullif({alias}.short_name, ''), {alias}.name)"


def unit_task_pairs_sql(units: str) -> str:
    """SQL selecting (unit_id, task_id) for the units ``units`` gives (SQL for ``IN (...)``, written
    twice: pass plain ``?`` parameters twice): each unit's tasks are those it is named on and those of
    a group it is a member of (成员单位). The one rule of "a unit's tasks"."""
    return (
        f"SELECT tu.unit_id, tu.task_id FROM task_units tu WHERE tu.unit_id IN ({units}) "
        "UNION SELECT g.member_id, tu.task_id FROM group_members g JOIN task_units tu ON tu.unit_id = g.group_id "
        f"WHERE g.member_id IN ({units})"
    )


def unit_tasks_sql(unit: str = "?1") -> str:
    """SQL selecting the ids of one unit's tasks (:func:`unit_task_pairs_sql`)."""
    return f"SELECT task_id FROM ({unit_task_pairs_sql(unit)})"


# The rules above as SQL constants (the statements interpolate only constants: tests/test_sql_safety.py).
DISPLAY_NAME_U = display_name_sql("u")  # on ``units u``
UNIT_TASKS_SQL = unit_tasks_sql("?1")  # one unit: parameter 1
UNIT_TASKS_TWICE_SQL = unit_tasks_sql("?")  # one unit: pass its id twice
UNIT_TASK_PAIRS_JSON_SQL = unit_task_pairs_sql("SELECT value FROM json_each(?1)")  # units: a JSON list, parameter 1

_PHONE_RE = re.compile(r"^[0-9\s\-+()()转]*$")


@dataclass
class Unit:
    id: int
    name: str
    short_name: str
    kind: str
    contact: str
    phone: str
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The short name clerks say (县市监局), else the full name."""
        return self.short_name or self.name


@dataclass
class UnitDraft:
    """What the unit form holds, before validation. ``members`` are unit names (groups only)."""

    name: str
    short_name: str = ""
    kind: str = "department"
    contact: str = ""
    phone: str = ""
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def get_unit(ledger: Ledger, unit_id: int) -> Unit:
    row = ledger.row("SELECT * FROM units WHERE id = ?", [unit_id])
    if row is None:
        raise NotFoundError(strings.ERR_NOT_FOUND)
    aliases = [
        r["alias"] for r in ledger.rows("SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY alias", [unit_id])
    ]
    members = [
        r["name"]
        for r in ledger.rows(
            "SELECT u.name FROM group_members g JOIN units u ON u.id = g.member_id "
            "WHERE g.group_id = ? ORDER BY u.id",
            [unit_id],
        )
    ]
    return Unit(
        id=row["id"],
        name=row["name"],
        short_name=row["short_name"] or "",
        kind=row["kind"],
        contact=row["contact"],
        phone=row["phone"],
        aliases=aliases,
        members=members,
    )


def known_names(ledger: Ledger) -> frozenset[str]:
    """Every name the ledger knows a unit by: full names, short names and aliases (the plan importer
    reads these as units whatever their ending)."""
    rows = ledger.rows(
        "SELECT name AS n FROM units UNION SELECT short_name FROM units WHERE short_name IS NOT NULL "
        "UNION SELECT alias FROM unit_aliases"
    )
    return frozenset(r["n"] for r in rows if r["n"])


def find_unit_id(ledger: Ledger, name: str) -> int | None:
    """The unit a clerk means by ``name``: its full name, short name or an alias."""
    text = name.strip()
    if not text:
        return None
    found = ledger.scalar(
        "SELECT id FROM units WHERE name = ? "
        "UNION ALL SELECT id FROM units WHERE short_name = ? "
        "UNION ALL SELECT unit_id FROM unit_aliases WHERE alias = ? LIMIT 1",
        [text, text, text],
    )
    return int(found) if found is not None else None


def resolve_unit(ledger: Ledger, name: str) -> int:
    """Like :func:`find_unit_id`, but an unknown name is a ValidationError with a clear message."""
    unit_id = find_unit_id(ledger, name)
    if unit_id is None:
        raise ValidationError(strings.ERR_UNKNOWN_UNIT.format(name=name.strip()), field="units")
    return unit_id


def _clean(draft: UnitDraft) -> UnitDraft:
    return UnitDraft(
        name=draft.name.strip(),
        short_name=draft.short_name.strip(),
        kind=draft.kind,
        contact=draft.contact.strip(),
        phone=draft.phone.strip(),
        aliases=[a.strip() for a in draft.aliases if a.strip()],
        members=[m.strip() for m in draft.members if m.strip()],
    )


def _validate(ledger: Ledger, draft: UnitDraft, unit_id: int | None) -> list[int]:
    """Check the draft against the ledger; returns the member unit ids."""
    if not draft.name:
        raise ValidationError(strings.ERR_UNIT_NAME_EMPTY, field="name")
    if draft.kind not in KINDS:
        raise ValidationError(strings.ERR_UNIT_KIND.format(kind=draft.kind), field="kind")
    if not _PHONE_RE.match(draft.phone):
        raise ValidationError(strings.ERR_PHONE.format(phone=draft.phone), field="phone")
    own_names = {draft.name, draft.short_name, *draft.aliases} - {""}
    for label in own_names:
        owner = find_unit_id(ledger, label)
        if owner is not None and owner != unit_id:
            field_name = "name" if label == draft.name else "short_name" if label == draft.short_name else "aliases"
            if field_name == "aliases":
                owner_name = ledger.scalar("SELECT name FROM units WHERE id = ?", [owner])
                raise ValidationError(strings.ERR_ALIAS_TAKEN.format(alias=label, owner=owner_name), field=field_name)
            raise ValidationError(strings.ERR_UNIT_NAME_TAKEN.format(name=label), field=field_name)
    if draft.members and draft.kind != "group":
        raise ValidationError(strings.ERR_MEMBERS_NOT_GROUP, field="members")
    member_ids: list[int] = []
    for member in draft.members:
        if member in own_names:
            raise ValidationError(strings.ERR_MEMBER_SELF, field="members")
        member_id = find_unit_id(ledger, member)
        if member_id is None:
            raise ValidationError(strings.ERR_UNKNOWN_UNIT.format(name=member), field="members")
        if member_id == unit_id:
            raise ValidationError(strings.ERR_MEMBER_SELF, field="members")
        if ledger.scalar("SELECT kind FROM units WHERE id = ?", [member_id]) == "group":
            raise ValidationError(strings.ERR_MEMBER_IS_GROUP.format(name=member), field="members")
        if member_id not in member_ids:
            member_ids.append(member_id)
    return member_ids


def _write_links(ledger: Ledger, unit_id: int, draft: UnitDraft, member_ids: list[int]) -> None:
    db = ledger.db
    db.execute("DELETE FROM unit_aliases WHERE unit_id = ?", [unit_id])
    for alias in dict.fromkeys(draft.aliases):
        if alias not in (draft.name, draft.short_name):
            db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [alias, unit_id])
    db.execute("DELETE FROM group_members WHERE group_id = ?", [unit_id])
    for member_id in member_ids:
        db.execute("INSERT INTO group_members (group_id, member_id) VALUES (?, ?)", [unit_id, member_id])


def create_unit(ledger: Ledger, draft: UnitDraft) -> int:
    """Add a unit with its aliases and (for a group) members, in one transaction."""
    draft = _clean(draft)
    with ledger.write() as db:
        member_ids = _validate(ledger, draft, None)
        cursor = db.execute(
            "INSERT INTO units (name, short_name, kind, contact, phone) VALUES (?, ?, ?, ?, ?)",
            [draft.name, draft.short_name or None, draft.kind, draft.contact, draft.phone],
        )
        unit_id = int(cursor.lastrowid or 0)
        _write_links(ledger, unit_id, draft, member_ids)
    return unit_id


def draft_of(unit: Unit) -> UnitDraft:
    """The form's starting values for editing ``unit``."""
    return UnitDraft(unit.name, unit.short_name, unit.kind, unit.contact, unit.phone, list(unit.aliases),
                     list(unit.members))


def update_unit(ledger: Ledger, unit_id: int, draft: UnitDraft, *, expected: UnitDraft | None = None) -> None:
    """Change a unit; its tasks keep pointing at it. ``expected``: the unit as the form read it
    (:func:`draft_of`); when it has changed since, :class:`ChangedMeanwhileError` and nothing written."""
    draft = _clean(draft)
    with ledger.write() as db:
        current = get_unit(ledger, unit_id)  # NotFoundError when it is gone
        if expected is not None and draft_of(current) != expected:
            raise ChangedMeanwhileError(strings.ERR_UNIT_CHANGED_MEANWHILE)
        member_ids = _validate(ledger, draft, unit_id)
        db.execute(
            "UPDATE units SET name = ?, short_name = ?, kind = ?, contact = ?, phone = ? WHERE id = ?",
            [draft.name, draft.short_name or None, draft.kind, draft.contact, draft.phone, unit_id],
        )
        _write_links(ledger, unit_id, draft, member_ids)


def delete_unit(ledger: Ledger, unit_id: int) -> None:
    """Remove a unit that has no tasks (tasks must be reassigned first)."""
    with ledger.write() as db:
        before = get_unit(ledger, unit_id)
        count = int(ledger.scalar("SELECT count(*) FROM task_units WHERE unit_id = ?", [unit_id]) or 0)
        if count:
            raise ValidationError(strings.ERR_UNIT_IN_USE.format(name=before.name, count=count))
        db.execute("DELETE FROM units WHERE id = ?", [unit_id])
