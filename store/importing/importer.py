"""Saving a parsed plan (store.importing.plan_import) into the ledger, all of it or nothing.

Re-importing the same plan (same 文号, else same title) updates it in place: tasks are matched by
their code (else title), so nothing is duplicated, and the result says what was added, changed
and removed. Units are matched through names, short names and aliases; unknown ones are created
(the import screen shows them to the clerk first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from store.importing.plan_import.model import ParsedPlan, Phase, PlanMeta
from store.importing.plan_import.model import Task as ParsedTask
from store.ledger import backup, settings
from store.ledger.db import Ledger
from store.work import units


def guess_unit_kind(name: str) -> str:
    """township / subdistrict / group / department, from how the name reads."""
    if "成员单位" in name or (name.startswith("各") and not re.search(r"[乡镇]", name)):
        return "group"
    if "街道" in name:
        return "subdistrict"
    if re.search(r"(乡|镇)(人民政府)?$|乡\(镇\)|乡镇", name):
        return "township"
    return "department"


@dataclass
class ImportPlanReport:
    """What saving a parsed plan does (or did) to the ledger."""

    plan_id: int | None
    updating: bool
    new_units: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_with_reports: list[str] = field(default_factory=list)


# --- what an import read, for the next import of the same plan (table import_memory) -------------

PLAN_KEY = "plan"


def task_key(task: ParsedTask) -> str:
    return "task:" + _task_key(task.code, task.title)


def phase_key(phase: Phase) -> str:
    return "phase:" + phase.name


def task_fingerprint(task: ParsedTask) -> str:
    """A task as read (or as saved), for comparing one import with the next."""
    return json.dumps(
        {
            "title": task.title, "text": task.text, "deadline": _iso(task.deadline), "long_term": task.long_term,
            "rrule": task.recurrence, "phase": task.phase, "units": [[u.name, u.role] for u in task.units],
        },
        ensure_ascii=False, sort_keys=True,
    )  # fmt: skip


def phase_fingerprint(phase: Phase) -> str:
    return json.dumps({"name": phase.name, "start": _iso(phase.start), "end": _iso(phase.end)}, ensure_ascii=False)


def meta_fingerprint(meta: PlanMeta) -> str:
    return json.dumps(
        {"title": meta.title, "issuer": meta.issuer, "doc_no": meta.doc_no, "issued": _iso(meta.issued)},
        ensure_ascii=False, sort_keys=True,
    )  # fmt: skip


def item_key(item: ParsedTask | Phase) -> str:
    return task_key(item) if isinstance(item, ParsedTask) else phase_key(item)


def item_fingerprint(item: ParsedTask | Phase) -> str:
    return task_fingerprint(item) if isinstance(item, ParsedTask) else phase_fingerprint(item)


@dataclass(frozen=True)
class Remembered:
    """One item of an earlier import: as the parser read it, and as the clerk saved it (None: dropped)."""

    parsed: str
    saved: str | None
    dropped: bool


@dataclass
class ImportMemory:
    """What the last import of a plan read and kept, item by item (``task:…``, ``phase:…``, ``plan``)."""

    plan_id: int
    items: dict[str, Remembered] = field(default_factory=dict)

    def as_read(self, key: str, fingerprint: str) -> Remembered | None:
        """The item under ``key`` when the document still says it the way the last import read it."""
        remembered = self.items.get(key)
        return remembered if remembered is not None and remembered.parsed == fingerprint else None


def recall(ledger: Ledger, parsed: ParsedPlan) -> ImportMemory | None:
    """The memory of the plan ``parsed`` is a new reading of, if it was imported before.

    The plan is the one whose last import read the same title and number (the clerk may have corrected
    them since), else the one with the same 文号, else the same title."""
    wanted = meta_fingerprint(parsed.meta)
    plan_id = ledger.scalar(
        "SELECT plan_id FROM import_memory WHERE item_key = ? AND parsed = ? ORDER BY plan_id DESC LIMIT 1",
        [PLAN_KEY, wanted],
    )
    if plan_id is None:
        plan_id = _existing_plan(ledger, parsed)
    if plan_id is None:
        return None
    memory = ImportMemory(int(plan_id))
    for row in ledger.rows("SELECT item_key, parsed, saved, dropped FROM import_memory WHERE plan_id = ?", [plan_id]):
        memory.items[row["item_key"]] = Remembered(row["parsed"], row["saved"], bool(row["dropped"]))
    return memory


def _existing_plan(ledger: Ledger, parsed: ParsedPlan) -> int | None:
    meta = parsed.meta
    if meta.doc_no:
        found = ledger.scalar("SELECT id FROM plans WHERE doc_no = ? ORDER BY id LIMIT 1", [meta.doc_no])
        if found is not None:
            return int(found)
    if meta.title:
        found = ledger.scalar("SELECT id FROM plans WHERE title = ? ORDER BY id LIMIT 1", [meta.title])
        if found is not None:
            return int(found)
    return None


def unit_names(parsed: ParsedPlan) -> list[str]:
    """Every unit name the plan's tasks use, in order of first use."""
    names: list[str] = []
    for task in parsed.tasks:
        for ref in _task_units(parsed, task):
            if ref[0] not in names:
                names.append(ref[0])
    return names


def _task_units(parsed: ParsedPlan, task: ParsedTask) -> list[tuple[str, str]]:
    """The task's units; a task with none goes to the office the plan names as organiser."""
    refs: list[tuple[str, str]] = [(u.name, u.role) for u in task.units]
    if not refs and parsed.meta.lead_office:
        refs = [(parsed.meta.lead_office, "lead")]
    return refs


def _task_key(code: str, title: str) -> str:
    return code or title


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def preview_import(
    ledger: Ledger,
    parsed: ParsedPlan,
    aliases: Mapping[str, int] | None = None,
    *,
    plan_id: int | None = None,
    as_before: frozenset[str] = frozenset(),
) -> ImportPlanReport:
    """What :func:`save_import` would do, without writing anything.

    ``plan_id`` is the plan this import updates when the caller knows it (from the import memory);
    tasks whose keys are in ``as_before`` read as they did last time and were saved the same way, so
    they are not changes (whatever the clerk has done to them in the ledger since stays)."""
    plan_id = plan_id if plan_id is not None else _existing_plan(ledger, parsed)
    report = ImportPlanReport(plan_id=plan_id, updating=plan_id is not None)
    report.new_units = [
        n for n in unit_names(parsed) if n not in (aliases or {}) and units.find_unit_id(ledger, n) is None
    ]
    existing: dict[str, dict[str, Any]] = {}
    if plan_id is not None:
        for r in ledger.rows("SELECT id, code, title, text, deadline, rrule FROM tasks WHERE plan_id = ? AND source = 'plan'", [plan_id]):
            existing[_task_key(r["code"], r["title"])] = r
    seen: set[str] = set()
    for task in parsed.tasks:
        key = _task_key(task.code, task.title)
        seen.add(key)
        old = existing.get(key)
        if old is None:
            report.added.append(key)
        elif key in as_before:
            continue
        elif (old["title"], old["text"], old["deadline"], old["rrule"]) != (
            task.title, task.text, _iso(task.deadline), task.recurrence
        ):
            report.changed.append(key)
    for key, old in existing.items():
        if key not in seen:
            has_reports = ledger.scalar("SELECT count(*) FROM reports WHERE task_id = ?", [old["id"]])
            (report.kept_with_reports if has_reports else report.removed).append(key)
    return report


def save_import(
    ledger: Ledger,
    parsed: ParsedPlan,
    *,
    source_file: str | None = None,
    original_text: str = "",
    aliases: Mapping[str, int] | None = None,
    renamed: Mapping[str, str] | None = None,
    plan_id: int | None = None,
    as_before: frozenset[str] = frozenset(),
    memory: Mapping[str, Remembered] | None = None,
) -> ImportPlanReport:
    """Write the parsed plan in one transaction; returns what changed.

    ``aliases`` maps a name in the plan to the existing unit the clerk said it means; the name is
    saved as that unit's alias, so later imports match it by themselves. ``renamed`` maps a name as
    read to the name the clerk corrected it to (a new unit): the name as read becomes its alias.
    ``plan_id`` and ``as_before`` are as for :func:`preview_import`: tasks in ``as_before`` are left as
    the ledger has them. ``memory`` replaces the plan's import memory.
    """
    backup.backup_if_data(ledger, "before-import")
    with ledger.write() as db:
        report = preview_import(ledger, parsed, aliases, plan_id=plan_id, as_before=as_before)
        for alias, unit_id in (aliases or {}).items():
            if units.find_unit_id(ledger, alias) is None:
                db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [alias, unit_id])
        meta = parsed.meta
        plan_values = [
            meta.title or "", meta.issuer, meta.doc_no, _iso(meta.issued), _iso(parsed.start), _iso(parsed.end),
            source_file, original_text,
        ]
        if report.plan_id is None:
            cursor = db.execute(
                "INSERT INTO plans (title, issuer, doc_no, issued, start, end, source_file, original_text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                plan_values,
            )
            plan_id = int(cursor.lastrowid or 0)
        else:
            plan_id = report.plan_id
            db.execute(
                "UPDATE plans SET title = ?, issuer = ?, doc_no = ?, issued = ?, start = ?, end = ?, "
                "source_file = ?, original_text = ? WHERE id = ?",
                [*plan_values, plan_id],
            )
        report.plan_id = plan_id

        unit_ids: dict[str, int] = {}
        for name in unit_names(parsed):
            found = units.find_unit_id(ledger, name)
            if found is None:
                cursor = db.execute("INSERT INTO units (name, kind) VALUES (?, ?)", [name, guess_unit_kind(name)])
                found = int(cursor.lastrowid or 0)
            unit_ids[name] = found
        for read_as, name in (renamed or {}).items():
            if name in unit_ids and units.find_unit_id(ledger, read_as) is None:
                db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [read_as, unit_ids[name]])

        phase_ids = _save_phases(ledger, plan_id, parsed)
        section_ids = _save_sections(ledger, plan_id, parsed)

        existing = {
            _task_key(r["code"], r["title"]): int(r["id"])
            for r in ledger.rows("SELECT id, code, title FROM tasks WHERE plan_id = ? AND source = 'plan'", [plan_id])
        }
        for position, task in enumerate(parsed.tasks, start=1):
            key = _task_key(task.code, task.title)
            values = [
                section_ids.get(task.section_key or task.section), phase_ids.get(task.phase or ""), task.code, task.title, task.text,
                _iso(task.deadline), task.recurrence, position,
            ]
            task_id = existing.pop(key, None)
            if task_id is not None and key in as_before:
                db.execute("UPDATE tasks SET ord = ? WHERE id = ? AND ord IS NOT ?", [position, task_id, position])
                continue  # as read and saved last time: the ledger's version (with later edits) stays
            if task_id is None:
                cursor = db.execute(
                    "INSERT INTO tasks (plan_id, section_id, phase_id, code, title, text, deadline, rrule, ord, source) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'plan')",
                    [plan_id, *values],
                )
                task_id = int(cursor.lastrowid or 0)
            else:
                # Written only when something differs, so re-importing the same plan changes nothing.
                db.execute(
                    "UPDATE tasks SET section_id = ?1, phase_id = ?2, code = ?3, title = ?4, text = ?5, deadline = ?6, "
                    "rrule = ?7, ord = ?8, updated_at = datetime('now') WHERE id = ?9 AND (section_id IS NOT ?1 "
                    "OR phase_id IS NOT ?2 OR code IS NOT ?3 OR title IS NOT ?4 OR text IS NOT ?5 OR deadline IS NOT ?6 "
                    "OR rrule IS NOT ?7 OR ord IS NOT ?8)",
                    [*values, task_id],
                )
            db.execute("DELETE FROM task_units WHERE task_id = ?", [task_id])
            placed: set[int] = set()
            for order, (name, role) in enumerate(_task_units(parsed, task)):
                unit_id = unit_ids[name]
                if unit_id in placed:
                    continue
                placed.add(unit_id)
                db.execute(
                    "INSERT INTO task_units (task_id, unit_id, role, ord) VALUES (?, ?, ?, ?)",
                    [task_id, unit_id, role, order],
                )
            _save_targets(ledger, task_id, task)
        for key, task_id in existing.items():
            if key in report.removed:
                db.execute("DELETE FROM tasks WHERE id = ?", [task_id])
        if memory is not None:
            _save_memory(ledger, plan_id, memory)
        if source_file:  # the import screen's file list starts here next time
            settings.set_value(ledger, "import_dir", str(Path(source_file).resolve().parent))
    return report


def _save_memory(ledger: Ledger, plan_id: int, memory: Mapping[str, Remembered]) -> None:
    """Replace the plan's import memory, writing only rows that differ (a repeated import of the same
    document and review changes nothing)."""
    db = ledger.db
    old = {
        r["item_key"]: Remembered(r["parsed"], r["saved"], bool(r["dropped"]))
        for r in ledger.rows("SELECT item_key, parsed, saved, dropped FROM import_memory WHERE plan_id = ?", [plan_id])
    }
    for item_key in old.keys() - memory.keys():
        db.execute("DELETE FROM import_memory WHERE plan_id = ? AND item_key = ?", [plan_id, item_key])
    for item_key, item in memory.items():
        if old.get(item_key) == item:
            continue
        db.execute(
            "INSERT INTO import_memory (plan_id, item_key, parsed, saved, dropped) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (plan_id, item_key) DO UPDATE SET parsed = excluded.parsed, saved = excluded.saved, "
            "dropped = excluded.dropped",
            [plan_id, item_key, item.parsed, item.saved, int(item.dropped)],
        )


def _save_phases(ledger: Ledger, plan_id: int, parsed: ParsedPlan) -> dict[str, int]:
    db = ledger.db
    existing = {r["name"]: int(r["id"]) for r in ledger.rows("SELECT id, name FROM phases WHERE plan_id = ?", [plan_id])}
    ids: dict[str, int] = {}
    for position, phase in enumerate(parsed.phases, start=1):
        values = [_iso(phase.start), _iso(phase.end), position, int(phase.main), phase.description]
        phase_id = existing.pop(phase.name, None)
        if phase_id is None:
            cursor = db.execute(
                "INSERT INTO phases (plan_id, name, start, end, ord, is_main, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, phase.name, *values],
            )
            phase_id = int(cursor.lastrowid or 0)
        else:
            db.execute(
                "UPDATE phases SET start = ?, end = ?, ord = ?, is_main = ?, description = ? WHERE id = ?",
                [*values, phase_id],
            )
        ids[phase.name] = phase_id
    for phase_id in existing.values():
        db.execute("DELETE FROM phases WHERE id = ?", [phase_id])
    return ids


def _save_targets(ledger: Ledger, task_id: int, task: ParsedTask) -> None:
    """Targets keep their ids in order (reported actuals point at them); extras go, new ones come."""
    db = ledger.db
    old_ids = [int(r["id"]) for r in ledger.rows("SELECT id FROM targets WHERE task_id = ? ORDER BY id", [task_id])]
    for position, target in enumerate(task.targets):
        values = [target.metric, target.comparator, target.value, target.unit, target.year]
        if position < len(old_ids):
            db.execute(
                "UPDATE targets SET metric = ?, comparator = ?, value = ?, unit = ?, year = ? WHERE id = ?",
                [*values, old_ids[position]],
            )
        else:
            db.execute(
                "INSERT INTO targets (task_id, metric, comparator, value, unit, year) VALUES (?, ?, ?, ?, ?, ?)",
                [task_id, *values],
            )
    for target_id in old_ids[len(task.targets):]:
        db.execute("DELETE FROM targets WHERE id = ?", [target_id])


def _save_sections(ledger: Ledger, plan_id: int, parsed: ParsedPlan) -> dict[str, int]:
    db = ledger.db
    existing = {r["code"]: int(r["id"]) for r in ledger.rows("SELECT id, code FROM sections WHERE plan_id = ?", [plan_id])}
    ids: dict[str, int] = {}
    for position, section in enumerate(parsed.sections, start=1):
        code = section.key or section.code  # unique in the plan (二.(一)), not its own number (一)
        if code in ids:
            continue
        section_id = existing.pop(code, None)
        if section_id is None:
            cursor = db.execute(
                "INSERT INTO sections (plan_id, code, title, ord) VALUES (?, ?, ?, ?)",
                [plan_id, code, section.title, position],
            )
            section_id = int(cursor.lastrowid or 0)
        else:
            db.execute(
                "UPDATE sections SET title = ?1, ord = ?2 WHERE id = ?3 AND (title IS NOT ?1 OR ord IS NOT ?2)",
                [section.title, position, section_id],
            )
        ids[code] = section_id
    for section_id in existing.values():
        db.execute("DELETE FROM sections WHERE id = ?", [section_id])
    return ids
