"""The clerk's corrections to a parsed plan before it is saved (the 导入工作方案 screen's model).

An :class:`ImportDraft` holds a copy of what the parser understood and every correction: a task's
title, units, roles, phase and deadline; dropped tasks and phases (a second drop restores them); two
tasks merged into one; plan details; phase dates; a parsed unit name linked to an existing unit (the
name is then saved as that unit's alias, so the next import knows it) or renamed. Nothing here writes
to the ledger: :meth:`ImportDraft.save` hands the result to :func:`store.importing.importer.save_import`, which
writes it in one transaction.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import strings
from store.errors import ValidationError
from store.importing import importer
from store.importing.plan_import.model import ImportWarning, ParsedPlan, Phase, Task, UnitRef
from store.ledger.db import Ledger
from store.work import units

# A warning belongs to the plan's details, a phase, a task, or the document as a whole (None).
WarningOwner = Task | Phase | str | None
PLAN_DETAILS = "plan"


@dataclass
class ImportDraft:
    plan: ParsedPlan
    source_file: str | None = None
    original_text: str = ""
    # id() of dropped tasks and phases; dropping again restores them.
    dropped: set[int] = field(default_factory=set)
    # A parsed unit name → the existing unit it means (saved as that unit's alias).
    links: dict[str, int] = field(default_factory=dict)
    # A parsed unit name → the name the clerk corrected it to (a new unit; the name as read is saved as
    # its alias).
    renamed: dict[str, str] = field(default_factory=dict)
    edited: bool = False
    # The parser's reading, untouched, and which of its items each draft item is (by id()).
    read: ParsedPlan | None = None
    origin: dict[int, Task | Phase] = field(default_factory=dict)
    # The last import of this plan, when there was one (see :meth:`recall`).
    memory: importer.ImportMemory | None = None
    recalled: int = 0

    @classmethod
    def of(cls, parsed: ParsedPlan, *, source_file: str | None = None, original_text: str = "") -> ImportDraft:
        """A draft over a private copy of ``parsed`` (the parser's result stays as it was)."""
        draft = cls(copy.deepcopy(parsed), source_file=source_file, original_text=original_text)
        draft.read = copy.deepcopy(parsed)
        for mine, theirs in zip(draft.plan.tasks, draft.read.tasks, strict=True):
            draft.origin[id(mine)] = theirs
        for mine_phase, their_phase in zip(draft.plan.phases, draft.read.phases, strict=True):
            draft.origin[id(mine_phase)] = their_phase
        return draft

    # --- the last import of the same plan ---------------------------------------------------------

    def recall(self, ledger: Ledger) -> int:
        """Apply the clerk's review of the last import of this plan to the items the document still
        says the same way: dropped items are dropped again, corrected ones corrected again. Items the
        document now says differently are left as read (they are the real changes). Returns how many
        items were dropped or corrected again (also given as a note among the warnings)."""
        assert self.read is not None
        self.memory = importer.recall(ledger, self.read)
        if self.memory is None:
            return 0
        memory = self.memory
        count = 0
        meta = memory.as_read(importer.PLAN_KEY, importer.meta_fingerprint(self.read.meta))
        if meta is not None and meta.saved and meta.saved != meta.parsed:
            _apply_meta(self.plan, json.loads(meta.saved))
            count += 1
        items: list[Task | Phase] = [*self.plan.phases, *self.plan.tasks]
        for item in items:
            read = self.origin[id(item)]
            remembered = memory.as_read(importer.item_key(read), importer.item_fingerprint(read))
            if remembered is None:
                continue
            if remembered.dropped:
                self.dropped.add(id(item))
            elif remembered.saved and remembered.saved != remembered.parsed:
                saved = json.loads(remembered.saved)
                if isinstance(item, Phase):
                    _apply_phase(self.plan, item, saved)
                else:
                    _apply_task(item, saved)
            else:
                continue
            count += 1
        self.recalled = count
        if count:
            self.plan.warnings.insert(0, ImportWarning(strings.WHERE_DOCUMENT, strings.W_RECALLED.format(count=count)))
        return count

    def _as_before(self) -> frozenset[str]:
        """Keys (code, else title) of kept tasks read and saved exactly as last time."""
        if self.memory is None:
            return frozenset()
        keys: set[str] = set()
        for task in self.kept_tasks():
            read = self.origin.get(id(task))
            if not isinstance(read, Task) or read.code != task.code:
                continue
            remembered = self.memory.as_read(importer.task_key(read), importer.task_fingerprint(read))
            if remembered is not None and remembered.saved == importer.task_fingerprint(task):
                keys.add(task.code or task.title)
        return frozenset(keys)

    def _memory_rows(self) -> dict[str, importer.Remembered]:
        """What this import read and kept, item by item, for the next import of the plan."""
        assert self.read is not None
        rows: dict[str, importer.Remembered] = {
            importer.PLAN_KEY: importer.Remembered(
                importer.meta_fingerprint(self.read.meta), importer.meta_fingerprint(self.plan.meta), False
            )
        }
        tasks_now = {id(self.origin[id(t)]): t for t in self.plan.tasks if id(t) in self.origin}
        phases_now = {id(self.origin[id(p)]): p for p in self.plan.phases if id(p) in self.origin}
        for read_phase in self.read.phases:
            phase = phases_now.get(id(read_phase))
            saved = importer.phase_fingerprint(phase) if phase is not None and id(phase) not in self.dropped else None
            rows[importer.phase_key(read_phase)] = importer.Remembered(
                importer.phase_fingerprint(read_phase), saved, saved is None
            )
        for read_task in self.read.tasks:
            task = tasks_now.get(id(read_task))  # merged away: gone, so counted as dropped
            saved = importer.task_fingerprint(task) if task is not None and id(task) not in self.dropped else None
            rows[importer.task_key(read_task)] = importer.Remembered(
                importer.task_fingerprint(read_task), saved, saved is None
            )
        return rows

    # --- what is kept -----------------------------------------------------------------------------

    def is_dropped(self, item: Task | Phase) -> bool:
        return id(item) in self.dropped

    def kept_tasks(self) -> list[Task]:
        return [t for t in self.plan.tasks if id(t) not in self.dropped]

    def kept_phases(self) -> list[Phase]:
        return [p for p in self.plan.phases if id(p) not in self.dropped]

    def toggle_drop(self, item: Task | Phase) -> bool:
        """Drop ``item`` from the import, or bring it back; returns whether it is now dropped."""
        self.edited = True
        if id(item) in self.dropped:
            self.dropped.discard(id(item))
            return False
        self.dropped.add(id(item))
        return True

    def result(self) -> ParsedPlan:
        """The plan as it will be saved: dropped items left out, links applied."""
        plan = copy.copy(self.plan)
        kept_phase_names = {p.name for p in self.kept_phases()}
        plan.phases = [copy.copy(p) for p in self.kept_phases()]
        plan.tasks = []
        for task in self.kept_tasks():
            saved = copy.copy(task)
            if saved.phase not in kept_phase_names:
                saved.phase = None
            plan.tasks.append(saved)
        return plan

    # --- corrections ------------------------------------------------------------------------------

    def edit_meta(self, *, title: str, issuer: str, doc_no: str, issued: date | None) -> None:
        if not title.strip():
            raise ValidationError(strings.ERR_PLAN_TITLE_EMPTY, field="title")
        meta = self.plan.meta
        meta.title, meta.issuer, meta.doc_no, meta.issued = title.strip(), issuer.strip() or None, doc_no.strip() or None, issued
        self.edited = True

    def edit_phase(self, phase: Phase, *, name: str, start: date | None, end: date | None) -> None:
        name = name.strip()
        if not name:
            raise ValidationError(strings.ERR_PHASE_NAME_EMPTY, field="name")
        if any(p is not phase and p.name == name for p in self.plan.phases):
            raise ValidationError(strings.ERR_PHASE_NAME_TAKEN.format(name=name), field="name")
        if start and end and end < start:
            raise ValidationError(
                strings.ERR_PHASE_END_BEFORE_START.format(start=start.isoformat(), end=end.isoformat()), field="end"
            )
        for task in self.plan.tasks:
            if task.phase == phase.name:
                task.phase = name
        phase.name, phase.start, phase.end = name, start, end
        self.edited = True

    def edit_task(
        self,
        task: Task,
        *,
        title: str,
        lead_units: list[str],
        co_units: list[str],
        phase: str | None,
        deadline: date | None,
    ) -> None:
        """Correct a task; the same unit may not be both lead and co, the phase must be the plan's."""
        title = title.strip()
        if not title:
            raise ValidationError(strings.ERR_TASK_TITLE_EMPTY, field="title")
        leads = [n.strip() for n in lead_units if n.strip()]
        cos = [n.strip() for n in co_units if n.strip()]
        for name in cos:
            if name in leads:
                raise ValidationError(strings.ERR_TASK_UNIT_TWICE.format(name=name), field="co_units")
        if phase is not None and phase not in {p.name for p in self.plan.phases}:
            raise ValidationError(strings.ERR_TASK_UNKNOWN_PHASE, field="phase")
        task.title = title
        task.units = [UnitRef(n, "lead") for n in dict.fromkeys(leads)] + [UnitRef(n, "co") for n in dict.fromkeys(cos)]
        task.phase = phase
        task.deadline = deadline
        if deadline is not None:
            task.long_term = False
        self.edited = True

    def previous_task(self, task: Task) -> Task | None:
        """The kept task just before ``task``, which :meth:`merge_into_previous` merges it into."""
        position = next(i for i, t in enumerate(self.plan.tasks) if t is task)
        for earlier in reversed(self.plan.tasks[:position]):
            if id(earlier) not in self.dropped:
                return earlier
        return None

    def merge_into_previous(self, task: Task) -> Task:
        """Fold ``task`` into the kept task before it (one task the parser split in two)."""
        into = self.previous_task(task)
        if into is None:
            raise ValidationError(strings.ERR_MERGE_FIRST)
        into.text = "\n".join(part for part in (into.text, task.text) if part)
        into.original = "\n".join(part for part in (into.original, task.original) if part)
        names = {u.name for u in into.units}
        into.units += [UnitRef(u.name, u.role) for u in task.units if u.name not in names]
        into.targets += task.targets
        into.deadline = into.deadline or task.deadline
        into.recurrence = into.recurrence or task.recurrence
        into.phase = into.phase or task.phase
        into.long_term = into.long_term or task.long_term
        old_where = strings.WHERE_TASK.format(code=task.code)
        for warning in self.plan.warnings:
            if warning.where == old_where:
                warning.where = strings.WHERE_TASK.format(code=into.code)
        self.plan.tasks = [t for t in self.plan.tasks if t is not task]
        self.edited = True
        return into

    # --- units ------------------------------------------------------------------------------------

    def unit_names(self) -> list[str]:
        """Every unit name the kept tasks use, in order of first use."""
        return importer.unit_names(self.result())

    def tasks_of(self, name: str) -> list[Task]:
        return [t for t in self.kept_tasks() if any(u.name == name for u in t.units)]

    def new_units(self, ledger: Ledger) -> list[str]:
        """Names that match no unit in the ledger and were not linked to one: they will be created."""
        return [n for n in self.unit_names() if n not in self.links and units.find_unit_id(ledger, n) is None]

    def linked_name(self, ledger: Ledger, name: str) -> str | None:
        """The existing unit the clerk linked ``name`` to, by its full name."""
        unit_id = self.links.get(name)
        return units.get_unit(ledger, unit_id).name if unit_id is not None else None

    def matched_name(self, ledger: Ledger, name: str) -> str | None:
        """The existing unit ``name`` will be saved as (linked by the clerk, else matched by name,
        short name or alias), by its full name; None for a unit that will be created."""
        unit_id = self.links.get(name) or units.find_unit_id(ledger, name)
        return units.get_unit(ledger, unit_id).name if unit_id is not None else None

    def resolve_unit(self, ledger: Ledger, name: str, to: str) -> None:
        """The clerk says parsed unit ``name`` is ``to``: an existing unit (linked, kept as an alias)
        or a corrected name for a new unit (renamed in every task)."""
        to = to.strip()
        if not to:
            raise ValidationError(strings.ERR_UNIT_NAME_EMPTY, field="name")
        self.links.pop(name, None)
        existing = units.find_unit_id(ledger, to)
        if existing is not None and to != name:
            self.links[name] = existing
        elif to != name:
            self._rename_unit(name, to)
            first = next((read for read, now in self.renamed.items() if now == name), name)
            self.renamed[first] = to
        self.edited = True

    def _rename_unit(self, old: str, new: str) -> None:
        for task in self.plan.tasks:
            renamed: list[UnitRef] = []
            for ref in task.units:
                ref_name = new if ref.name == old else ref.name
                if all(r.name != ref_name for r in renamed):
                    renamed.append(UnitRef(ref_name, ref.role))
            task.units = renamed
        if self.plan.meta.lead_office == old:
            self.plan.meta.lead_office = new

    # --- warnings ---------------------------------------------------------------------------------

    def warnings_by_owner(self) -> list[tuple[WarningOwner, ImportWarning]]:
        """Each warning with what it is about: by its ``where`` (任务 1.2, 阶段“…”, 方案信息), else by
        the line it points at (the task whose lines hold it), else the document as a whole."""
        by_code = {strings.WHERE_TASK.format(code=t.code): t for t in self.plan.tasks}
        by_phase = {strings.WHERE_PHASE.format(name=p.name): p for p in self.plan.phases}
        spans = _task_spans(self.plan.tasks)
        owned: list[tuple[WarningOwner, ImportWarning]] = []
        for warning in self.plan.warnings:
            owner: WarningOwner = by_code.get(warning.where) or by_phase.get(warning.where)
            if owner is None and warning.where == strings.WHERE_PLAN:
                owner = PLAN_DETAILS
            if owner is None and warning.line is not None:
                owner = next((t for first, last, t in spans if first <= warning.line <= last), None)
            owned.append((owner, warning))
        return owned

    # --- saving -----------------------------------------------------------------------------------

    def preview(self, ledger: Ledger) -> importer.ImportPlanReport:
        plan_id = self.memory.plan_id if self.memory else None
        return importer.preview_import(
            ledger, self.result(), dict(self.links), plan_id=plan_id, as_before=self._as_before()
        )

    def save(self, ledger: Ledger, *, allow_empty: bool = False) -> importer.ImportPlanReport:
        """Write the corrected plan (the links as aliases, and what was read and kept for the next
        import) in one transaction."""
        if not self.kept_tasks() and not allow_empty:
            raise ValidationError(strings.ERR_IMPORT_NOTHING_KEPT)
        return importer.save_import(
            ledger, self.result(), source_file=self.source_file, original_text=self.original_text,
            aliases=dict(self.links), renamed=dict(self.renamed),
            plan_id=self.memory.plan_id if self.memory else None, as_before=self._as_before(),
            memory=self._memory_rows() if self.read is not None else None,
        )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _apply_meta(plan: ParsedPlan, saved: dict[str, str | None]) -> None:
    """The plan's details as the clerk saved them last time (:func:`importer.meta_fingerprint`)."""
    meta = plan.meta
    meta.title, meta.issuer, meta.doc_no = saved["title"], saved["issuer"], saved["doc_no"]
    meta.issued = _day(saved["issued"])


def _apply_phase(plan: ParsedPlan, phase: Phase, saved: dict[str, str | None]) -> None:
    """A phase as saved last time (:func:`importer.phase_fingerprint`); its tasks follow a new name."""
    name = saved["name"] or phase.name
    for task in plan.tasks:
        if task.phase == phase.name:
            task.phase = name
    phase.name, phase.start, phase.end = name, _day(saved["start"]), _day(saved["end"])


def _apply_task(task: Task, saved: dict[str, Any]) -> None:
    """A task as saved last time (:func:`importer.task_fingerprint`)."""
    task.title, task.text, task.recurrence = saved["title"], saved["text"], saved["rrule"]
    task.deadline, task.long_term, task.phase = _day(saved["deadline"]), saved["long_term"], saved["phase"]
    task.units = [UnitRef(name, role) for name, role in saved["units"]]


def _task_spans(tasks: list[Task]) -> list[tuple[int, int, Task]]:
    """Each task's first and last line: up to the next task, or the lines of its own text."""
    placed = sorted((t for t in tasks if t.line is not None), key=lambda t: t.line or 0)
    spans: list[tuple[int, int, Task]] = []
    for position, task in enumerate(placed):
        first = task.line or 0
        if position + 1 < len(placed):
            last = (placed[position + 1].line or first) - 1
        else:
            last = first + max(0, (task.original or task.text).count("\n"))
        spans.append((first, max(first, last), task))
    return spans
