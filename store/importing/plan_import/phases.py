"""Phases (阶段): which outline group holds them, their names, dates and descriptions, the main one.

A phase item reads ``启动部署阶段(2018年1月至9月)。拟定…`` / ``第一阶段:宣传发动(…)`` / ``宣传发动(2019年
1—3月)`` (the last only under a steps title such as 工作步骤 / 进度安排); its description is the rest of its
text (what units must have done by its end). Phases may also be plain lines in a steps chapter.
The main implementation phase is named 组织创建 / 创建 / 集中整治 / 全面实施…, not 申请 / 启动 / 验收 / 巩固….
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store import strings
from store.importing.plan_import.cndates import DateSpan, find_spans
from store.importing.plan_import.model import ParsedPlan, Phase
from store.importing.plan_import.normalise import CJK
from store.importing.plan_import.structure import Node
from store.importing.plan_import.titles import chapter_label, node_title

_STEP_TITLE_RE = re.compile(r"步骤|进度|时间安排|时间节点|实施安排|阶段|推进安排|实施计划|工作安排|工作计划|时间表")
_PHASE_NAME_RE = re.compile(rf"^(?P<name>第[一二三四五六七八九十\d]{{1,3}}阶段|[{CJK}、“”A-Za-z]{{1,16}}?阶段)")
_MAIN_PHASE_RE = re.compile(r"组织|集中|全面|深入|推进|实施|攻坚|创建|建设|整治|整改|提升|落实")
_SIDE_PHASE_RE = re.compile(r"申请|申报|启动|动员|部署|准备|宣传发动|调查|摸底|验收|总结|评估|考核|自查|自检|巩固|迎检|授牌|筹备|复核")
_LEAD_PUNCT = "::, "
_REST_PUNCT = "。::,;) "


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
            # ``第一阶段:宣传发动,制定方案(2017年…)``: the name runs to the dates or the sentence end.
            named = re.match(r"\s*[::,]?\s*(?P<n>[^()。;:\d]{2,20}?)(?=[(。;:]|$|\d)", rest)
            if named and "," in named["n"] and re.search(r"\d", named["n"]) is None and len(named["n"]) > 12:
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
    called = re.match(r"\s*[为是]\s*(?P<n>[^,。;:()]{2,12}?阶段)", rest)
    if called and re.fullmatch(r"第[一二三四五六七八九十\d]{1,3}阶段", name.strip()):
        name, rest = called["n"], rest[called.end() :]  # ``第一阶段(…)为动员部署阶段``
    return _PhaseHead(name.strip(), span, rest.lstrip(_REST_PUNCT), date_text)


def _year_in_text(node: Node) -> int | None:
    """The one year a phase group's text mentions (``推荐上报2012年度``), for month-only phase dates."""
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", node.full_text())}
    return years.pop() if len(years) == 1 else None


def find_phases(plan: ParsedPlan, chapters: list[Node], root: Node, default_year: int | None) -> dict[int, Phase]:
    """Fill ``plan.phases``; returns phase by id() of its node (tasks listed under a phase use it)."""
    best: tuple[int, Node, list[tuple[Node, _PhaseHead]]] | None = None
    for node in root.walk():
        if not node.children:
            continue
        titled = node.kind != "root" and bool(_STEP_TITLE_RE.search(node_title(node)))
        heads: list[tuple[Node, _PhaseHead]] = []
        year = default_year or _year_in_text(node)
        for child in node.children:
            head = _phase_head(child.head, year, titled)
            if head is not None:
                heads.append((child, head))
                if head.span is not None and (head.span.end or head.span.start):
                    year = (head.span.start or head.span.end or date(year or 2000, 1, 1)).year
        named = sum(1 for c, h in heads if "阶段" in h.name or h.span is not None or "阶段" in c.head[:8])
        if named >= 2 or (named >= 1 and titled):
            score = named + (2 if titled else 0)
            if best is None or score > best[0]:
                best = (score, node, heads)
    by_node: dict[int, Phase] = {}
    if best is None:
        _find_unnumbered_phases(plan, chapters, default_year)
        if not plan.phases:
            _find_inline_phases(plan, root, default_year)
        return by_node
    _, group, heads = best
    if group.kind != "root":
        plan.phase_chapter = chapter_label(group)
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
        _warn_dates(plan, phase, span, head.date_text, node.lineno)
    choose_main_phase(plan.phases)
    return by_node


def _warn_dates(plan: ParsedPlan, phase: Phase, span: DateSpan | None, date_text: str, lineno: int) -> None:
    """What the clerk should check about a phase's dates: none written, not understood, year assumed."""
    where = strings.WHERE_PHASE.format(name=phase.name)
    if span is None and date_text:
        plan.warn(where, strings.W_PHASE_DATE_UNPARSED.format(text=date_text), lineno)
    elif span is None:
        plan.warn(where, strings.W_PHASE_NO_DATE, lineno)
    elif span.year_assumed:
        plan.warn(where, strings.W_YEAR_ASSUMED.format(text=span.text, year=(span.end or span.start or date.min).year), lineno)


def _find_unnumbered_phases(plan: ParsedPlan, chapters: list[Node], default_year: int | None) -> None:
    """Phases written as plain lines in a steps chapter: ``第一阶段:动员部署(2019年3月)。…``."""
    for chapter in chapters:
        if not _STEP_TITLE_RE.search(node_title(chapter)):
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
            _warn_dates(plan, current, span, head.date_text, line.lineno)
        if plan.phases:
            plan.phase_chapter = chapter_label(chapter)
            choose_main_phase(plan.phases)
            return


_INLINE_PHASE_RE = re.compile(r"第[一二三四五六七八九十]{1,2}\s*阶段")


def _find_inline_phases(plan: ParsedPlan, root: Node, default_year: int | None) -> None:
    """Phases written one after another inside a paragraph: ``分为三个阶段:第一阶段(5月至6月)为动员部署
    阶段。… 第二阶段(7月至12月)为组织实施阶段。…``."""
    for line in root.all_lines():
        starts = [m.start() for m in _INLINE_PHASE_RE.finditer(line.text)]
        if len(starts) < 2:
            continue
        year = default_year
        for start, end in zip(starts, [*starts[1:], len(line.text)], strict=True):
            head = _phase_head(line.text[start:end], year, False)
            if head is None:
                continue
            span = head.span
            phase = Phase(head.name, span.start if span else None, span.end if span else None, head.rest, line=line.lineno)
            plan.phases.append(phase)
            _warn_dates(plan, phase, span, head.date_text, line.lineno)
            if span is not None and (span.start or span.end):
                year = (span.start or span.end or date(year or 2000, 1, 1)).year
        if plan.phases:
            choose_main_phase(plan.phases)
            return


def choose_main_phase(phases: list[Phase]) -> None:
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
