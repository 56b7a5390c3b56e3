"""From clean lines to a :class:`ParsedPlan`: which chapter holds the tasks, which the phases.

Chapters are recognised by what they contain, not only by their names:

* a *task chapter* has items carrying unit lists (责任单位…); failing that, its title says 任务 / 内容 /
  举措 / 措施… (not 保障措施, 目标, 原则); failing that, it is the chapter with the most items;
* the *phase group* is the node whose items are named ``…阶段`` (or ``第一阶段``) or, under a title
  like 工作步骤 / 进度安排, carry a date span in their heading.

Inside a task chapter the tasks are the ``1.`` items under each ``(一)`` section; a section without
such items is itself a task (its ``section`` is then the chapter's number), and so are ``(1)``/``①``
items when most of them carry their own units. This matches the hand-made labels (section + item).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.plan_import import messages
from store.plan_import.cndates import DateSpan, find_deadline, find_spans, parse_recurrence
from store.plan_import.metadata import read_metadata
from store.plan_import.model import ImportWarning, ParsedPlan, Phase, Section, Task, UnitRef
from store.plan_import.normalise import CJK, Line, Prepared, excerpt, prepare, separate_clutter
from store.plan_import.structure import (
    Node,
    build_tree,
    first_sentence,
    is_run_on,
    marker_label,
    split_run_on,
)
from store.plan_import.tables import TableRow, TaskTable, find_task_tables, normalised_title, row_deadline
from store.plan_import.targets import find_targets
from store.plan_import.units import UnitParse, find_labelled, find_units, is_unit_only_line

_TASK_TITLE_RE = re.compile(r"任务|内容|举措|措施|重点工作|主要工作|工作重点|职责分工|责任分工|行动|工程|项目|工作安排|分工")
_NON_TASK_TITLE_RE = re.compile(
    r"指导思想|总体要求|总体思路|基本原则|工作原则|目标|保障|组织领导|组织机构|组织实施|工作要求|步骤|阶段|进度|"
    r"时间安排|实施范围|适用范围|背景|意义|依据|考核|督查"
)
_STEP_TITLE_RE = re.compile(r"步骤|进度|时间安排|时间节点|实施安排|阶段|推进安排|实施计划|工作安排|时间表")
_PHASE_NAME_RE = re.compile(rf"^(?P<name>第[一二三四五六七八九十\d]{{1,3}}阶段|[{CJK}、“”A-Za-z]{{1,16}}?阶段)")
_MAIN_PHASE_RE = re.compile(r"组织|集中|全面|深入|推进|实施|攻坚|创建|建设|整治|整改|提升|落实")
_SIDE_PHASE_RE = re.compile(r"申请|申报|启动|动员|部署|准备|宣传发动|调查|摸底|验收|总结|评估|考核|自查|自检|巩固|迎检|授牌|筹备|复核")
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*(?:[::]|\d|[一二三四五六七八九十]\s*$|$)")
_DATE_ONLY_RE = re.compile(r"^\S{6,16}日(?:印发)?$")
_ISSUER_ONLY_RE = re.compile(rf"^[{CJK}()]{{2,40}}(?:人民政府|办公室|办公厅|委员会|领导小组|局|政府)$")
_TITLE_TRIM = ",,;;::。、 \t"
_LEAD_PUNCT = "::, "
_REST_PUNCT = "。::,;) "


def _warn(plan: ParsedPlan, where: str, message: str, line: int | None = None) -> None:
    plan.warnings.append(ImportWarning(where, message, line))


def _clean_title(text: str) -> str:
    text = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}“”《》])|(?<=[“”《》])\s+(?=[{CJK}])", "", text)
    return text.strip(_TITLE_TRIM)


def _node_title(node: Node) -> str:
    """An item's title: its first sentence (stopping before a unit list), without numbering."""
    head = node.head
    sentence = first_sentence(head)
    block = find_labelled(sentence)
    if block.span is not None:
        sentence = sentence[: block.span[0]]
    title = _clean_title(sentence)
    return title or _clean_title(head)


def _chapter_label(node: Node) -> str:
    return f"{node.label}、{_node_title(node)}" if node.kind == "cn" else f"{node.label}{_node_title(node)}"


# --- trailer --------------------------------------------------------------------------------------


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


# --- phases ---------------------------------------------------------------------------------------


@dataclass
class _PhaseHead:
    name: str
    span: DateSpan | None
    rest: str
    date_text: str


def _phase_head(text: str, default_year: int | None, in_step_chapter: bool) -> _PhaseHead | None:
    """Read ``启动部署阶段(2018年1月至9月)。…`` / ``第一阶段:宣传发动(…)`` / ``宣传发动(2019年1—3月)``."""
    text = text.strip()
    m = _PHASE_NAME_RE.match(text)
    if m and re.search(r"个阶段|以下阶段|各阶段|按阶段|分阶段|几个阶段", m["name"]):
        return None  # ``全县创建工作分三个阶段进行``: an introduction, not a phase
    if m:
        name = m["name"]
        rest = text[m.end() :]
        if name.startswith("第"):
            named = re.match(r"\s*[::,]?\s*(?P<n>[^()。;,:\d]{2,14}?)(?=[(。;,:]|$|\d)", rest)
            if named and not named["n"].startswith(("从", "自")):
                name = named["n"].strip()
                rest = rest[named.end() :]
    elif in_step_chapter:
        m2 = re.match(r"(?P<name>[^()。;,:]{2,16}?)\s*(?=\()", text)
        if not m2:
            return None
        name = m2["name"]
        rest = text[m2.end() :]
    else:
        return None
    rest = rest.lstrip()
    span: DateSpan | None = None
    date_text = ""
    if rest.startswith("("):
        close = rest.find(")")
        inner = rest[1:close] if close > 0 else rest[1:]
        found = find_spans(inner, default_year)
        if found:
            span = found[0]
            date_text = inner
            rest = rest[close + 1 :] if close > 0 else ""
        elif re.search(r"\d|[年月]", inner):
            date_text = inner
            rest = rest[close + 1 :] if close > 0 else ""
        elif not m:
            return None
    else:
        lead = rest.lstrip(_LEAD_PUNCT)
        found = find_spans(lead[:40], default_year)
        if found and found[0].pos <= 1:
            span = found[0]
            date_text = span.text
            rest = lead[found[0].pos + len(span.text) :]
        elif not m:
            return None
    return _PhaseHead(name.strip(), span, rest.lstrip(_REST_PUNCT), date_text)


def _find_phases(plan: ParsedPlan, chapters: list[Node], root: Node, default_year: int | None) -> dict[int, Phase]:
    """Fill ``plan.phases``; returns phase by id() of its node (tasks listed under a phase use it)."""
    best: tuple[int, Node, list[tuple[Node, _PhaseHead]]] | None = None
    for node in root.walk():
        if not node.children:
            continue
        titled = node.kind != "root" and bool(_STEP_TITLE_RE.search(_node_title(node)))
        heads: list[tuple[Node, _PhaseHead]] = []
        year = default_year
        for child in node.children:
            head = _phase_head(child.head, year, titled)
            if head is not None:
                heads.append((child, head))
                if head.span is not None and (head.span.end or head.span.start):
                    year = (head.span.start or head.span.end or date(year or 2000, 1, 1)).year
        named = sum(1 for _, h in heads if "阶段" in h.name or h.span is not None)
        if named >= 2 or (named >= 1 and titled):
            score = named + (2 if titled else 0)
            if best is None or score > best[0]:
                best = (score, node, heads)
    by_node: dict[int, Phase] = {}
    if best is None:
        _find_unnumbered_phases(plan, chapters, default_year)
        return by_node
    _, group, heads = best
    if group.kind != "root":
        plan.phase_chapter = _chapter_label(group)
    for node, head in heads:
        description_lines = [head.rest] if head.rest else []
        description_lines.extend(line.text for line in node.lines[1:] if line.text)
        for child in node.children:
            description_lines.append(child.full_text())
        description = "\n".join(description_lines).strip()
        span = head.span
        if span is None and description:
            # ``(一)部署阶段。2019年3月底前,完成…``: a date opening the description dates the phase.
            found = find_spans(description[:40], default_year)
            if found and found[0].pos <= 2:
                span = found[0]
        phase = Phase(
            name=head.name,
            start=span.start if span else None,
            end=span.end if span else None,
            description=description,
            code=f"{group.label}.{node.label}" if group.kind != "root" else node.label,
            line=node.lineno,
        )
        plan.phases.append(phase)
        by_node[id(node)] = phase
        where = messages.WHERE_PHASE.format(name=phase.name)
        if span is None and head.date_text:
            _warn(plan, where, messages.W_PHASE_DATE_UNPARSED.format(text=head.date_text), node.lineno)
        elif span is None:
            _warn(plan, where, messages.W_PHASE_NO_DATE, node.lineno)
        elif span.year_assumed:
            _warn(plan, where, messages.W_YEAR_ASSUMED.format(text=span.text, year=(span.end or span.start or date.min).year), node.lineno)
    _choose_main_phase(plan.phases)
    return by_node


def _find_unnumbered_phases(plan: ParsedPlan, chapters: list[Node], default_year: int | None) -> None:
    """Phases written as plain lines in a steps chapter: ``第一阶段:动员部署(2019年3月)。…``."""
    for chapter in chapters:
        if not _STEP_TITLE_RE.search(_node_title(chapter)):
            continue
        current: Phase | None = None
        year = default_year
        for line in chapter.lines[1:]:
            head = _phase_head(line.text, year, False) if re.match(r"^(?:第[一二三四五六七八九十\d]{1,3}阶段|[^,。;:]{2,16}阶段)", line.text) else None
            if head is None:
                if current is not None:
                    current.description = f"{current.description}\n{line.text}".strip()
                continue
            span = head.span
            current = Phase(head.name, span.start if span else None, span.end if span else None,
                            head.rest, code=chapter.label, line=line.lineno)  # fmt: skip
            plan.phases.append(current)
            if span is not None and (span.start or span.end):
                year = (span.start or span.end or date(year or 2000, 1, 1)).year
            if span is None:
                _warn(plan, messages.WHERE_PHASE.format(name=head.name), messages.W_PHASE_NO_DATE, line.lineno)
        if plan.phases:
            plan.phase_chapter = _chapter_label(chapter)
            _choose_main_phase(plan.phases)
            return


def _choose_main_phase(phases: list[Phase]) -> None:
    """Mark the main implementation phase: 组织创建 / 创建 / 集中整治…, not 申请/启动/验收/巩固…."""
    if not phases:
        return
    candidates = [p for p in phases if _MAIN_PHASE_RE.search(p.name) and not _SIDE_PHASE_RE.search(p.name)]
    if not candidates:
        candidates = [p for p in phases if not _SIDE_PHASE_RE.search(p.name) and p.start and p.end]
    if not candidates:
        return

    def length(phase: Phase) -> int:
        if phase.start and phase.end:
            return (phase.end - phase.start).days
        return 0

    main = max(candidates, key=length) if len(candidates) > 1 else candidates[0]
    main.main = True


# --- tasks ----------------------------------------------------------------------------------------


def _has_own_units(node: Node) -> bool:
    """Whether the node's own text names units outright (a labelled list or a duty parenthesis)."""
    parse = find_units(node.own_text(), node.head)
    return bool(parse.units) and parse.source in ("label", "paren", "bare")


def _unit_items(chapter: Node) -> tuple[int, int]:
    """(items with a labelled unit list, all items) below a chapter."""
    items = [n for n in chapter.walk() if n is not chapter]
    with_units = sum(1 for n in items if _has_own_units(n))
    return with_units, len(items)


def _task_chapters(plan: ParsedPlan, chapters: list[Node], phase_group: Node | None) -> list[Node]:
    chosen: list[Node] = []
    for chapter in chapters:
        with_units, total = _unit_items(chapter)
        if with_units >= 2 or (with_units >= 1 and total <= 3) or (total and with_units / total >= 0.3):
            chosen.append(chapter)
    if chosen:
        return chosen
    for chapter in chapters:
        title = _node_title(chapter)
        if chapter is phase_group or len(chapter.children) < 2:
            continue
        if _TASK_TITLE_RE.search(title) and ("任务" in title or not _NON_TASK_TITLE_RE.search(title)):
            chosen.append(chapter)
    if chosen:
        return chosen
    # A short 工作要点 whose numbered chapters are themselves the tasks, each with its units.
    if sum(1 for c in chapters if _has_own_units(c)) >= 2 and chapters[0].parent is not None:
        return [chapters[0].parent]
    candidates = [
        c for c in chapters
        if c is not phase_group and not _NON_TASK_TITLE_RE.search(_node_title(c)) and len(list(c.walk())) >= 4
    ]  # fmt: skip
    if candidates:
        best = max(candidates, key=lambda c: len(list(c.walk())))
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_NO_TASK_CHAPTER, best.lineno)
        return [best]
    return []


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
            item.kind in ("pcn", "cn", "part")
            and len(subs) >= 2
            and not _has_own_units(item)
            and sum(1 for c in subs if find_labelled(c.full_text()).units) * 2 >= len(subs)
        ):
            found.extend(_TaskNode(sub, chapter, item) for sub in subs)
        else:
            found.append(_TaskNode(item, chapter, None))
    return found


def _section_units(section: Node, items: list[_TaskNode], parses: dict[int, UnitParse]) -> list[UnitRef]:
    """Units a whole section names: in its own text, or on a unit-only line after its last item."""
    own = find_labelled(section.own_text())
    if own.units:
        return own.units
    if len(items) >= 2:
        last = items[-1].node
        last_lines = last.all_lines()
        others_empty = all(not parses[id(t.node)].units for t in items[:-1])
        if others_empty and last_lines and is_unit_only_line(last_lines[-1].text) and len(last_lines) > 1:
            return find_labelled(last_lines[-1].text).units
    return []


def _build_tasks(plan: ParsedPlan, task_chapters: list[Node], phase_nodes: dict[int, Phase]) -> None:
    main = plan.main_phase
    year = plan.meta.year
    for chapter in task_chapters:
        task_nodes = _tasks_of(chapter)
        chapter_code = chapter.label if chapter.kind != "root" else ""
        if chapter.kind != "root":
            plan.task_chapters.append(_chapter_label(chapter))
        parses: dict[int, UnitParse] = {}
        for tn in task_nodes:
            parses[id(tn.node)] = find_units(tn.node.full_text(), tn.node.head)
        # Sections whose items name no units of their own lend theirs (labels treat them so).
        inherited: dict[int, list[UnitRef]] = {}
        sections_seen: list[Node] = []
        for tn in task_nodes:
            if tn.section is not None and tn.section not in sections_seen:
                sections_seen.append(tn.section)
        for owner in sections_seen:
            items = [t for t in task_nodes if t.section is owner]
            units = _section_units(owner, items, parses)
            if units:
                targets = [t for t in items if parses[id(t.node)].source in ("", "subject") or not parses[id(t.node)].units]
                for t in targets:
                    inherited[id(t.node)] = units
                if targets:
                    _warn(plan, messages.WHERE_TASK.format(code=f"{chapter_code}.{owner.label}".strip(".")),
                          messages.W_SECTION_UNITS.format(units="、".join(u.name for u in units)), owner.lineno)  # fmt: skip
        chapter_units = find_labelled(chapter.own_text()).units if chapter.kind != "root" else []
        added_sections: set[int] = set()
        for tn in task_nodes:
            node, section = tn.node, tn.section
            if section is not None:
                code = ".".join(p for p in (chapter_code, section.label, node.label) if p)
                section_code = marker_label("cn", section.number) if section.kind == "pcn" else section.label
                if id(section) not in added_sections:
                    added_sections.add(id(section))
                    plan.sections.append(Section(section_code, _node_title(section), chapter_code, _node_title(chapter)))
            else:
                code = ".".join(p for p in (chapter_code, node.label) if p)
                section_code = chapter_code
                if id(chapter) not in added_sections:
                    added_sections.add(id(chapter))
                    plan.sections.append(Section(chapter_code, _node_title(chapter), chapter_code, _node_title(chapter)))
            text = node.full_text()
            parse = parses[id(node)]
            units = list(parse.units)
            if id(node) in inherited and parse.source in ("", "subject") and not (parse.source == "subject" and units):
                units = list(inherited[id(node)])
            elif not units and chapter_units:
                units = list(chapter_units)
            where = messages.WHERE_TASK.format(code=code)
            for issue in parse.issues:
                if issue == "unclosed":
                    _warn(plan, where, messages.W_UNIT_UNCLOSED, node.lineno)
                elif issue.startswith("doubled:"):
                    _warn(plan, where, messages.W_UNIT_LABEL_DOUBLED.format(label=issue.split(":", 1)[1]), node.lineno)
            if parse.source == "subject" and units and id(node) not in inherited:
                _warn(plan, where, messages.W_SUBJECT_UNIT.format(unit=units[0].name), node.lineno)
            task = Task(
                code=code,
                section=section_code,
                title=_node_title(node),
                text=text,
                original=node.full_original(),
                item=node.number,
                units=units,
                line=node.lineno,
            )
            deadline = find_deadline(text, year)
            if deadline is not None:
                task.deadline = deadline.day
                task.long_term = deadline.long_term
                if deadline.year_assumed and deadline.day and year:
                    _warn(plan, where, messages.W_YEAR_ASSUMED.format(text=deadline.text, year=deadline.day.year), node.lineno)
            task.recurrence = parse_recurrence(text)
            task.targets = find_targets(text)
            phase = _phase_above(node, phase_nodes) or main
            task.phase = phase.name if phase else None
            plan.tasks.append(task)


def _phase_above(node: Node, phase_nodes: dict[int, Phase]) -> Phase | None:
    current: Node | None = node
    while current is not None:
        if id(current) in phase_nodes:
            return phase_nodes[id(current)]
        current = current.parent
    return None


def _check_numbering(plan: ParsedPlan, nodes: list[Node]) -> None:
    """Warn where sibling numbers skip or repeat (``1. 2. 4.``); numbering may run on across sections."""
    previous: dict[str, Node] = {}
    for node in nodes:
        prev = previous.get(node.kind)
        if prev is not None and node.number not in (1, prev.number + 1):
            _warn(
                plan,
                messages.WHERE_LINE.format(line=node.lineno),
                messages.W_NUMBER_GAP.format(prev=prev.label, got=node.label),
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


def _apply_tables(plan: ParsedPlan, tables: list[TaskTable]) -> None:
    """Tasks from task tables when the text has none; else units (and deadlines) for text tasks
    that name none, from the row describing the same task."""
    rows = [row for table in tables for row in table.rows]
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
        plan.sections.append(Section(code, _clean_title(table.caption), "", ""))
        plan.task_chapters.append(_clean_title(table.caption) or code)
        for index, row in enumerate(table.rows, start=1):
            item = row.number if row.number is not None else index
            task = Task(
                code=f"{code}.{item}",
                section=code,
                title=_clean_title(row.title) or row.text,
                text=row.text,
                original=row.text,
                item=item,
                units=list(row.units),
                line=row.line,
                phase=main.name if main else None,
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


# --- the whole document ---------------------------------------------------------------------------


def _text_warnings(plan: ParsedPlan, prepared: Prepared) -> None:
    reported: set[tuple[int, str]] = set()
    for line, spot in prepared.suspicious:
        key = (line.lineno, spot.kind)
        if key in reported:
            continue
        reported.add(key)
        where = messages.WHERE_LINE_EXCERPT.format(line=line.lineno, excerpt=excerpt(line.original, spot.column))
        if spot.kind == "replacement":
            message = messages.W_REPLACEMENT_CHAR
        elif spot.kind == "mojibake":
            message = messages.W_MOJIBAKE
        else:
            message = messages.W_SUSPICIOUS_CHAR.format(char=spot.char)
        _warn(plan, where, message, line.lineno)
    if prepared.pinyin_removed:
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_PINYIN_REMOVED.format(
            count=len(prepared.pinyin_removed), example=prepared.pinyin_removed[0]))  # fmt: skip
    if prepared.traditional:
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_TRADITIONAL)


def _chapters(root: Node) -> list[Node]:
    """Top-level items; ``第一部分`` parts that hold ``一、`` chapters are looked through."""
    chapters: list[Node] = []
    for node in root.children:
        if node.kind == "part" and any(c.kind == "cn" for c in node.children):
            chapters.extend(node.children)
        else:
            chapters.append(node)
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
    phase_nodes = _find_phases(plan, chapters, root, _plan_year(plan))
    _settle_year(plan)
    phase_group = next((c for c in chapters if any(id(n) in phase_nodes for n in c.children)), None)
    has_chapters = any(c.kind in ("cn", "part") for c in chapters)
    containers = _task_chapters(plan, chapters, phase_group) if has_chapters else [root]
    _check_numbering(plan, [c for c in chapters if c.kind == "cn"])
    _build_tasks(plan, containers, phase_nodes)
    for chapter in containers:
        _check_numbering(plan, list(chapter.children))
        _check_numbering(plan, [c for n in chapter.children for c in n.children if c.kind == "num"])


def parse_lines(text: str) -> ParsedPlan:
    """The whole pipeline; may raise on a bug (``parse_plan`` guards it)."""
    plan = ParsedPlan()
    prepared = prepare(text)
    _text_warnings(plan, prepared)
    lines = prepared.all_lines
    if is_run_on(lines):
        lines = split_run_on(lines)
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_SPLIT_RUN_ON)
    separate_clutter(prepared, lines)
    lines = prepared.lines
    meta_result = read_metadata(lines, prepared)
    plan.meta = meta_result.meta
    if plan.meta.title is None and lines:
        _warn(plan, messages.WHERE_PLAN, messages.W_NO_TITLE)
    tables = find_task_tables(lines)
    body = _outline_lines(lines, meta_result.title_index, tables)
    root = build_tree(body)
    if root.children:
        _tasks_from_outline(plan, root)
    else:
        _settle_year(plan)
        if body and not tables:
            _warn(plan, messages.WHERE_DOCUMENT, messages.W_NO_STRUCTURE)
    if tables:
        _apply_tables(plan, tables)
    if not plan.tasks:
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_NO_TASKS)
    missing = [t.code for t in plan.tasks if not t.units]
    if missing:
        codes = "、".join(missing[:8]) + ("…" if len(missing) > 8 else "")
        _warn(plan, messages.WHERE_DOCUMENT, messages.W_NO_UNITS.format(count=len(missing), codes=codes))
    return plan
