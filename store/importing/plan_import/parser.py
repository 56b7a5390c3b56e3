"""From text to a :class:`ParsedPlan`: the pipeline that ties the readers of each concern together.

prepare (normalise) → split a run-on document → sort out web clutter → metadata → task tables →
outline (after the plan's title, without attachments and signature) → phases → tasks → warnings.
"""

from __future__ import annotations

import re

from store import strings
from store.importing.plan_import.metadata import read_metadata
from store.importing.plan_import.model import ParsedPlan
from store.importing.plan_import.normalise import CJK, Line, Prepared, excerpt, prepare, separate_clutter
from store.importing.plan_import.phases import find_phases
from store.importing.plan_import.structure import (
    Node,
    build_tree,
    is_run_on,
    split_inline_items,
    split_run_on,
)
from store.importing.plan_import.tables import TaskTable, find_task_tables, unflatten_tables
from store.importing.plan_import.tasks import apply_tables, build_tasks, check_numbering, task_chapters
from store.importing.plan_import.units import is_field_line, is_unit_only_line

_ATTACHMENT_RE = re.compile(r"^附\s*件\s*(?:[::]|\d|[一二三四五六七八九十]\s*$|$)")
_DATE_ONLY_RE = re.compile(r"^\S{6,16}日(?:印发)?$")
_ISSUER_ONLY_RE = re.compile(rf"^[{CJK}()]{{2,40}}(?:人民政府|办公室|办公厅|委员会|领导小组|局|政府)$")


def _cut_trailer(lines: list[Line]) -> list[Line]:
    """Drop what follows the plan: 附件 lists, and the signature (issuer + date) at the very end."""
    seen_chapter = False
    for index, line in enumerate(lines):
        if re.match(r"^[一二三四五六七八九十]{1,3}\s*[、.]", line.text):
            seen_chapter = True
        if seen_chapter and _ATTACHMENT_RE.match(line.text):
            lines = lines[:index]
            break
    end = len(lines)
    while end > 0:
        text = lines[end - 1].text.replace(" ", "")
        if _DATE_ONLY_RE.match(text) or (_ISSUER_ONLY_RE.match(text) and end < len(lines)):
            end -= 1
            continue
        break
    return lines[:end]


def _text_warnings(plan: ParsedPlan, prepared: Prepared) -> None:
    reported: set[tuple[int, str]] = set()
    for line, spot in prepared.suspicious:
        key = (line.lineno, spot.kind)
        if key in reported:
            continue
        reported.add(key)
        where = strings.WHERE_LINE_COLUMN_EXCERPT.format(
            line=line.lineno, column=spot.column + 1, excerpt=excerpt(line.original, spot.column)
        )
        if spot.kind == "replacement":
            message = strings.W_REPLACEMENT_CHAR
        elif spot.kind == "mojibake":
            message = strings.W_MOJIBAKE
        else:
            message = strings.W_SUSPICIOUS_CHAR.format(char=spot.char)
        plan.warn(where, message, line.lineno)
    if prepared.pinyin_removed:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_PINYIN_REMOVED.format(
            count=len(prepared.pinyin_removed), example=prepared.pinyin_removed[0]))  # fmt: skip
    if prepared.traditional:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_TRADITIONAL)


def _chapters(root: Node) -> list[Node]:
    """Top-level items; ``第一部分`` parts that hold ``一、`` chapters are looked through."""
    chapters: list[Node] = []
    for node in root.children:
        if node.kind == "part" and any(c.kind == "cn" for c in node.children):
            chapters.extend(node.children)
        else:
            chapters.append(node)
    # An excerpt that starts inside a chapter: the items before the first chapter heading are one group.
    first = next((i for i, c in enumerate(chapters) if c.kind in ("cn", "part")), 0)
    if first > 0:
        group = Node("root", 0, [], chapters[:first], root, chapters[0].lineno)
        chapters = [group, *chapters[first:]]
    return chapters


def _plan_year(plan: ParsedPlan) -> int | None:
    if plan.meta.year:
        return plan.meta.year
    if plan.meta.issued:
        return plan.meta.issued.year
    return None


def _outline_lines(lines: list[Line], title_index: int | None, tables: list[TaskTable]) -> list[Line]:
    """The lines the outline is built from: after the plan's title (the covering notice has its own
    numbering), without task-table rows, up to the attachments and signature."""
    title_line = lines[title_index] if title_index is not None else None
    in_tables = set().union(*(table.members for table in tables)) if tables else set()
    body = [line for line in lines if id(line) not in in_tables]
    if title_line is not None and title_line in body:
        after = body[body.index(title_line) + 1 :]
        if build_tree(after).children:
            body = after
    return _cut_trailer(body)


def _settle_year(plan: ParsedPlan) -> None:
    """The year for relative dates when the title has none: the first phase's, else the issue date's."""
    if plan.meta.year is not None:
        return
    days = [p.start or p.end for p in plan.phases if p.start or p.end]
    if days:
        plan.meta.year = min(d for d in days if d is not None).year
    elif plan.meta.issued:
        plan.meta.year = plan.meta.issued.year


def _tasks_from_outline(plan: ParsedPlan, root: Node) -> None:
    chapters = _chapters(root)
    phase_nodes = find_phases(plan, chapters, root, _plan_year(plan))
    _settle_year(plan)
    phase_group = next((c for c in chapters if any(id(n) in phase_nodes for n in c.children)), None)
    has_chapters = any(c.kind in ("cn", "part") for c in chapters)
    # Phases written as top-level items (an excerpt of the steps chapter) are phases, not tasks.
    chapters = [c for c in chapters if id(c) not in phase_nodes]
    if not chapters:
        containers: list[Node] = []
    elif has_chapters:
        containers = task_chapters(plan, chapters, phase_group)
    else:
        containers = [root]
    check_numbering(plan, [c for c in chapters if c.kind == "cn"])
    build_tasks(plan, containers, phase_nodes)
    if not plan.tasks and phase_group is not None and any(phase.children for phase in phase_group.children):
        # Never nothing: an excerpt of the steps chapter alone; the steps listed under each phase are
        # its tasks (judged by the phase's end).
        build_tasks(plan, [phase_group], phase_nodes)
        containers = [phase_group]
        plan.warn(strings.WHERE_DOCUMENT, strings.W_TASKS_FROM_PHASES, phase_group.lineno)
    for chapter in containers:
        check_numbering(plan, list(chapter.children))
        check_numbering(plan, [c for n in chapter.children for c in n.children if c.kind == "num"])


def _number_unnumbered(body: list[Line]) -> list[Line] | None:
    """Unnumbered paragraphs each followed by a unit line (``责任单位:…``) are tasks: number them.

    None when the text has no such paragraph."""
    result = list(body)
    count = 0
    for index, line in enumerate(body):
        if index == 0 or not is_unit_only_line(line.text):
            continue
        above = index - 1
        while above >= 0 and (is_unit_only_line(body[above].text) or is_field_line(body[above].text)):
            above -= 1
        if above < 0 or result[above] is not body[above] or len(body[above].text) < 6:
            continue  # no paragraph above, or it is numbered already
        count += 1
        result[above] = Line(f"{count}.{body[above].text}", f"{count}.{body[above].original}", body[above].lineno)
    return result if count else None


def _is_notice_only(lines: list[Line], plan: ParsedPlan) -> bool:
    """A covering notice (印发…的通知, 现将…印发给你们) without the plan it covers."""
    head = "".join(line.text for line in lines[:12]).replace(" ", "")
    return bool(re.search(r"关于(?:印发|转发|下发).{2,80}?的通知|(?:印发|转发)给你们", head)) and not plan.phases


def parse_lines(text: str) -> ParsedPlan:
    """The whole pipeline; may raise on a bug (``parse_plan`` guards it)."""
    plan = ParsedPlan()
    prepared = prepare(text)
    _text_warnings(plan, prepared)
    lines = prepared.all_lines
    if is_run_on(lines):
        lines = split_run_on(lines)
        plan.warn(strings.WHERE_DOCUMENT, strings.W_SPLIT_RUN_ON)
    # Tables first: a row's number alone on its line would otherwise pass for a page number.
    separate_clutter(prepared, split_inline_items(unflatten_tables(lines)))
    lines = prepared.lines
    meta_result = read_metadata(lines, prepared)
    plan.meta = meta_result.meta
    if plan.meta.title is None and lines:
        plan.warn(strings.WHERE_PLAN, strings.W_NO_TITLE)
    elif plan.meta.title is not None and plan.meta.issued is None:
        plan.warn(strings.WHERE_PLAN, strings.W_NO_ISSUE_DATE)
    tables = find_task_tables(lines)
    body = _outline_lines(lines, meta_result.title_index, tables)
    root = build_tree(body)
    if not root.children:
        numbered = _number_unnumbered(body)
        if numbered is not None:
            body, root = numbered, build_tree(numbered)
            plan.warn(strings.WHERE_DOCUMENT, strings.W_UNNUMBERED_TASKS)
    if root.children:
        _tasks_from_outline(plan, root)
    else:
        find_phases(plan, [], root, _plan_year(plan))  # phases may still run on inside a paragraph
        _settle_year(plan)
        if body and not tables:
            plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_STRUCTURE)
    if tables:
        apply_tables(plan, tables)
    if not plan.tasks and _is_notice_only(lines, plan):
        plan.notice_only = True
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NOTICE_ONLY)
    elif not plan.tasks:
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_TASKS)
    missing = [t.code for t in plan.tasks if not t.units]
    if missing:
        codes = "、".join(missing[:8]) + ("…" if len(missing) > 8 else "")
        plan.warn(strings.WHERE_DOCUMENT, strings.W_NO_UNITS.format(count=len(missing), codes=codes))
    return plan
