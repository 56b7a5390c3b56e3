"""Tasks: which chapters hold them, which items they are, their units, dates, recurrence, targets.

Chapters are recognised by what they contain, not only by their names: a *task chapter* has items
carrying unit lists; failing that, its title says 任务 / 内容 / 举措 / 措施… (not 保障措施, 目标, 原则);
failing that, it is the chapter with the most items. Inside it the tasks are the ``1.`` items under
each ``(一)`` section; a section without such items is itself a task (its ``section`` is then the
chapter's number), and so are ``(1)``/``①`` items when most of them carry their own units. This
matches the hand-made labels (section + item). Units a section lists for all its items are lent to
items naming none. Task tables (任务分解表) supply tasks when the text has none, or units for text
tasks naming none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store import strings
from store.importing.plan_import.cndates import find_deadline, parse_recurrence
from store.importing.plan_import.model import ParsedPlan, Phase, Section, Task, UnitRef
from store.importing.plan_import.structure import Node, marker_label
from store.importing.plan_import.tables import TableRow, TaskTable, normalised_title, row_deadline
from store.importing.plan_import.targets import find_targets
from store.importing.plan_import.titles import chapter_label, clean_title, node_title
from store.importing.plan_import.units import (
    UnitParse,
    find_labelled,
    find_units,
    is_field_line,
    is_unit_only_line,
)

_TASK_TITLE_RE = re.compile(r"任务|内容|举措|措施|重点工作|主要工作|工作重点|职责分工|责任分工|行动|工程|项目|工作安排|分工")
_NON_TASK_TITLE_RE = re.compile(
    r"指导思想|总体要求|总体思路|基本原则|工作原则|目标|保障|组织领导|组织机构|组织实施|工作要求|步骤|阶段|进度|"
    r"时间安排|实施范围|适用范围|背景|意义|依据|考核|督查"
)

def _has_own_units(node: Node) -> bool:
    """Whether the node's own text names units outright (a labelled list or a duty parenthesis)."""
    parse = find_units(node.own_text(), node.head)
    return bool(parse.units) and parse.source in ("label", "paren", "bare", "heading")


def _has_subject_units(node: Node) -> bool:
    """Whether the node's text names units in any way, the subject of its sentence included."""
    return bool(find_units(node.own_text(), node.head).units)


def _unit_items(chapter: Node) -> tuple[int, int]:
    """(items with a labelled unit list, all items) below a chapter."""
    items = [n for n in chapter.walk() if n is not chapter]
    with_units = sum(1 for n in items if _has_own_units(n))
    return with_units, len(items)


def task_chapters(plan: ParsedPlan, chapters: list[Node], phase_group: Node | None) -> list[Node]:
    """The chapters holding tasks: by unit lists in their items, else by title, else the fullest one."""
    chosen: list[Node] = []
    for chapter in chapters:
        if chapter is phase_group:
            # A phase's own work is its description (tracked by the phase's end); only items listed
            # under the phases (``(一)动员部署阶段 … 1.召开动员大会(责任单位:…)``) are tasks.
            below = [n for phase in chapter.children for n in phase.walk() if n is not phase]
            if sum(1 for n in below if _has_own_units(n)) >= 2:
                chosen.append(chapter)
            continue
        with_units, total = _unit_items(chapter)
        if with_units >= 2 or (with_units >= 1 and total <= 3) or (total and with_units / total >= 0.3):
            chosen.append(chapter)
    if chosen:
        return chosen + _assigning_chapters(chapters, chosen, phase_group)
    for chapter in chapters:
        title = node_title(chapter)
        if chapter is phase_group or len(chapter.children) < 2:
            continue
        if _TASK_TITLE_RE.search(title) and ("任务" in title or not _NON_TASK_TITLE_RE.search(title)):
            chosen.append(chapter)
    if chosen:
        return chosen
    # A short 工作要点 whose numbered chapters are themselves the tasks, each with its units.
    if sum(1 for c in chapters if _has_own_units(c)) >= 2 and chapters[0].parent is not None:
        return [chapters[0].parent]
    assigning = _assigning_chapters(chapters, [], phase_group)
    if assigning:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_TASK_CHAPTER, assigning[0].lineno)
        return assigning
    candidates = [
        c for c in chapters
        if c is not phase_group and not _NON_TASK_TITLE_RE.search(node_title(c)) and len(list(c.walk())) >= 4
    ]  # fmt: skip
    if candidates:
        best = max(candidates, key=lambda c: len(list(c.walk())))
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_TASK_CHAPTER, best.lineno)
        return [best]
    return _best_effort(plan, chapters, phase_group)


def _assigning_chapters(chapters: list[Node], chosen: list[Node], phase_group: Node | None) -> list[Node]:
    """Chapters such as 工作要求 / 保障措施 whose items assign work to units by name (``各乡镇要…``): most
    of their items, and at least two, name their units as the subject."""
    found: list[Node] = []
    for chapter in chapters:
        if chapter in chosen or chapter is phase_group or len(chapter.children) < 2:
            continue
        named = sum(1 for item in chapter.children if _has_subject_units(item))
        if named >= 2 and named * 2 > len(chapter.children):
            found.append(chapter)
    return found


def _best_effort(plan: ParsedPlan, chapters: list[Node], phase_group: Node | None) -> list[Node]:
    """Never nothing: numbered items give tasks even when no chapter looks like a task list.

    Chapters whose items name units as their subject (``由A负责,B配合…``) come first; else, when the
    top-level items have no sub-items, each is a task (``一、成立领导小组。`` with its body below); else
    every chapter that is not a preamble (指导思想, 目标…) or the phases.
    """
    others = [c for c in chapters if c is not phase_group]
    by_subject = [c for c in others if any(_has_subject_units(n) for n in c.walk() if n is not c)]
    if by_subject:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_TASK_CHAPTER, by_subject[0].lineno)
        return by_subject
    parent = chapters[0].parent if chapters else None
    if len(others) >= 2 and all(not c.children for c in others) and parent is not None:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_ITEMS_AS_TASKS, others[0].lineno)
        return [parent]
    rest = [c for c in others if c.children and not _NON_TASK_TITLE_RE.search(node_title(c))]
    if rest:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_ITEMS_AS_TASKS, rest[0].lineno)
    return rest


@dataclass
class _TaskNode:
    node: Node
    chapter: Node
    section: Node | None  # the (一) section it sits in; None when the item is itself a section


def _tasks_of(chapter: Node) -> list[_TaskNode]:
    found: list[_TaskNode] = []
    for item in chapter.children:
        subs = item.children
        num_subs = [c for c in subs if c.kind == "num"]
        if item.kind in ("pcn", "cn", "part") and num_subs:
            found.extend(_TaskNode(sub, chapter, item) for sub in num_subs)
        elif (
            item.kind in ("pcn", "cn", "part", "num")
            and len(subs) >= 2
            and not _has_own_units(item)
            and sum(1 for c in subs if find_labelled(c.full_text()).units or _has_own_units(c)) * 2 >= len(subs)
        ):
            found.extend(_TaskNode(sub, chapter, item) for sub in subs)
        else:
            found.append(_TaskNode(item, chapter, None))
    return found


def _units_after_list(items: list[_TaskNode], parses: dict[int, UnitParse]) -> list[UnitRef]:
    """A unit line after the last of a list of measures (``1.… 2.… 责任单位:A``) names the units of
    the whole list, when no other item names its own (contact lines after it are passed over)."""
    if len(items) < 2 or any(parses[id(t.node)].units for t in items[:-1]):
        return []
    lines = items[-1].node.all_lines()
    while len(lines) > 1 and is_field_line(lines[-1].text):
        lines = lines[:-1]
    if len(lines) > 1 and is_unit_only_line(lines[-1].text):
        return find_labelled(lines[-1].text).units
    return []


def _section_units(section: Node, items: list[_TaskNode], parses: dict[int, UnitParse]) -> list[UnitRef]:
    """Units a whole section names: in its own text, or on a unit-only line after its last item."""
    own = find_labelled(section.own_text())
    if own.units:
        return own.units
    return _units_after_list(items, parses)


def _lent_units(
    plan: ParsedPlan, chapter_code: str, task_nodes: list[_TaskNode], parses: dict[int, UnitParse]
) -> dict[int, list[UnitRef]]:
    """Units a section names for all its items, by id() of each item that names none itself."""
    lent: dict[int, list[UnitRef]] = {}
    sections: list[Node] = []
    for tn in task_nodes:
        if tn.section is not None and tn.section not in sections:
            sections.append(tn.section)
    for section in sections:
        items = [t for t in task_nodes if t.section is section]
        units = _section_units(section, items, parses)
        bare = [t for t in items if not parses[id(t.node)].units]
        if not units or not bare:
            continue
        for t in bare:
            lent[id(t.node)] = units
        code = f"{chapter_code}.{section.label}".strip(".")
        names = "、".join(u.name for u in units)
        plan.warn(strings.WHERE_TASK.format(code=code), strings.W_SECTION_UNITS.format(units=names), section.lineno)
    # Items straight under a chapter (no section): a unit line after the last names the whole list.
    loose = [t for t in task_nodes if t.section is None]
    for parent in {id(t.node.parent): t.node.parent for t in loose}.values():
        items = [t for t in loose if t.node.parent is parent]
        units = _units_after_list(items, parses)
        if not units:
            continue
        for t in items[:-1]:
            lent[id(t.node)] = units
        names = "、".join(u.name for u in units)
        where = strings.WHERE_TASK.format(code=items[0].node.label)
        plan.warn(where, strings.W_UNITS_AFTER_LIST.format(count=len(items), units=names), items[0].node.lineno)
    return lent


def _codes(plan: ParsedPlan, tn: _TaskNode, chapter_code: str, added: set[int]) -> tuple[str, str, str]:
    """(task code, section code, section key) of a task node; registers its section in
    ``plan.sections`` once."""
    node, section, chapter = tn.node, tn.section, tn.chapter
    if section is not None:
        code = ".".join(p for p in (chapter_code, section.label, node.label) if p)
        section_code = marker_label("cn", section.number) if section.kind == "pcn" else section.label
        key = ".".join(p for p in (chapter_code, section.label) if p)
        owner = section
    else:
        code = ".".join(p for p in (chapter_code, node.label) if p)
        section_code = key = chapter_code
        owner = chapter
    if id(owner) not in added:
        added.add(id(owner))
        plan.sections.append(Section(section_code, node_title(owner), chapter_code, node_title(chapter), key))
    return code, section_code, key


_ANY_YEAR = 2000  # to ask whether a text holds a deadline that names no year


def _dates_and_figures(plan: ParsedPlan, task: Task, where: str, lineno: int) -> None:
    """Own deadline (or 长期坚持), recurrence and targets from the task's text."""
    year = plan.meta.year
    deadline = find_deadline(task.text, year)
    if deadline is not None:
        task.deadline = deadline.day
        task.long_term = deadline.long_term
        if deadline.year_assumed and deadline.day and year:
            plan.warn(where, strings.W_YEAR_ASSUMED.format(text=deadline.text, year=deadline.day.year), lineno)
    elif year is None:
        # ``12月底前`` in a plan that names no year: the day cannot be known; say so on the task.
        yearless = find_deadline(task.text, _ANY_YEAR)
        if yearless is not None and yearless.year_assumed:
            plan.warn(where, strings.W_DEADLINE_NO_YEAR.format(text=yearless.text.replace(" ", "")), lineno)
    task.recurrence = parse_recurrence(task.text)
    task.targets = find_targets(task.text)


def build_tasks(plan: ParsedPlan, task_chapters: list[Node], phase_nodes: dict[int, Phase]) -> None:
    """Append the tasks of ``task_chapters`` (and their sections) to ``plan``, with warnings."""
    main = plan.main_phase
    for chapter in task_chapters:
        task_nodes = [tn for tn in _tasks_of(chapter) if id(tn.node) not in phase_nodes]
        chapter_code = chapter.label if chapter.kind != "root" else ""
        if chapter.kind != "root":
            plan.task_chapters.append(chapter_label(chapter))
        parses = {id(tn.node): find_units(tn.node.full_text(), tn.node.head) for tn in task_nodes}
        lent = _lent_units(plan, chapter_code, task_nodes, parses)
        chapter_units = find_labelled(chapter.own_text()).units if chapter.kind != "root" else []
        added: set[int] = set()
        _umbrella_task(plan, chapter, chapter_code, [parses[id(tn.node)] for tn in task_nodes], main)
        for tn in task_nodes:
            node = tn.node
            code, section_code, section_key = _codes(plan, tn, chapter_code, added)
            parse = parses[id(node)]
            units = list(parse.units) or list(lent.get(id(node), chapter_units))
            where = strings.WHERE_TASK.format(code=code)
            for issue in parse.issues:
                if issue == "unclosed":
                    plan.warn(where, strings.W_UNIT_UNCLOSED, node.lineno)
                elif issue.startswith("doubled:"):
                    plan.warn(where, strings.W_UNIT_LABEL_DOUBLED.format(label=issue.split(":", 1)[1]), node.lineno)
                elif issue.startswith("fragment:"):
                    plan.warn(where, strings.W_UNIT_FRAGMENT.format(name=issue.split(":", 1)[1]), node.lineno)
                elif issue.startswith("odd:"):
                    plan.warn(where, strings.W_UNIT_ODD.format(name=issue.split(":", 1)[1]), node.lineno)
            if parse.source == "subject" and parse.units:
                plan.warn(where, strings.W_SUBJECT_UNIT.format(unit=parse.units[0].name), node.lineno)
            task = Task(
                code=code,
                section=section_code,
                title=node_title(node),
                text=node.full_text(),
                original=node.full_original(),
                item=node.number,
                units=units,
                line=node.lineno,
                section_key=section_key,
            )
            _dates_and_figures(plan, task, where, node.lineno)
            phase = _phase_above(node, phase_nodes) or main
            task.phase = phase.name if phase else None
            plan.tasks.append(task)


def _umbrella_task(plan: ParsedPlan, chapter: Node, code: str, parses: list[UnitParse], main: Phase | None) -> None:
    """A chapter that names its own units (``一、治理畜牧业产品污染 / 由省经贸委承办,省农业厅…协办。
    治理工作目标:…``) while each of its items names others is itself a task too: the overall one,
    so its units and targets are not lost."""
    if chapter.kind == "root" or not parses or not all(p.units for p in parses):
        return
    own = find_units(chapter.own_text(), chapter.head)
    if not own.units:
        return
    task = Task(
        code=code, section=code, title=node_title(chapter), text=chapter.own_text(),
        original=chapter.own_original(), item=0, units=list(own.units), line=chapter.lineno,
        phase=main.name if main else None, section_key=code,
    )  # fmt: skip
    where = strings.WHERE_TASK.format(code=code)
    _dates_and_figures(plan, task, where, chapter.lineno)
    plan.tasks.append(task)
    plan.warn(where, strings.W_CHAPTER_AS_TASK, chapter.lineno)


def _phase_above(node: Node, phase_nodes: dict[int, Phase]) -> Phase | None:
    current: Node | None = node
    while current is not None:
        if id(current) in phase_nodes:
            return phase_nodes[id(current)]
        current = current.parent
    return None


def check_numbering(plan: ParsedPlan, nodes: list[Node]) -> None:
    """Warn where sibling numbers skip or repeat (``1. 2. 4.``); numbering may run on across sections."""
    previous: dict[str, Node] = {}
    for node in nodes:
        prev = previous.get(node.kind)
        if prev is not None and node.number not in (1, prev.number + 1):
            plan.warn(
                strings.WHERE_LINE.format(line=node.lineno),
                strings.W_NUMBER_GAP.format(prev=prev.label, got=node.label),
                node.lineno,
            )
        previous[node.kind] = node


# --- task tables ----------------------------------------------------------------------------------


def _same_task(title: str, row: TableRow) -> bool:
    a, b = normalised_title(title), normalised_title(row.title)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 6 and shorter in longer


def apply_tables(plan: ParsedPlan, tables: list[TaskTable]) -> None:
    """Tasks from task tables when the text has none; else units (and deadlines) for text tasks
    that name none, from the row describing the same task."""
    rows = [row for table in tables for row in table.rows]
    if (
        plan.tasks
        and len(rows) >= 2
        and not any(task.units for task in plan.tasks)
        and not any(_same_task(task.title, row) for task in plan.tasks for row in rows)
    ):
        # The numbered text names no units and no row (a notice's 附件 list): the tables are the tasks.
        plan.tasks.clear()
        plan.sections.clear()
        plan.task_chapters.clear()
    if plan.tasks:
        for task in plan.tasks:
            if task.units:
                continue
            row = next((r for r in rows if _same_task(task.title, r) and r.units), None)
            if row is None:
                continue
            task.units = list(row.units)
            if task.deadline is None and not task.long_term:
                found = row_deadline(row, plan.meta.year)
                if found is not None:
                    task.deadline, task.long_term = found.day, found.long_term
        return
    main = plan.main_phase
    for number, table in enumerate(tables, start=1):
        code = f"表{number}" if len(tables) > 1 else "表"
        plan.sections.append(Section(code, clean_title(table.caption), "", "", code))
        plan.task_chapters.append(clean_title(table.caption) or code)
        for index, row in enumerate(table.rows, start=1):
            item = row.number if row.number is not None else index
            task = Task(
                code=f"{code}.{item}",
                section=code,
                title=clean_title(row.title) or row.text,
                text=row.text,
                original=row.text,
                item=item,
                units=list(row.units),
                line=row.line,
                phase=main.name if main else None,
                section_key=code,
            )
            found = row_deadline(row, plan.meta.year)
            if found is not None:
                task.deadline, task.long_term = found.day, found.long_term
            if task.deadline is None and not task.long_term:
                deadline = find_deadline(row.text, plan.meta.year)
                if deadline is not None:
                    task.deadline, task.long_term = deadline.day, deadline.long_term
            task.recurrence = parse_recurrence(row.text)
            task.targets = find_targets(row.text)
            plan.tasks.append(task)
