"""Numbering levels and the outline tree of a plan.

Chinese official documents number their levels ``一、`` → ``(一)`` → ``1.`` / ``1、`` → ``(1)`` → ``①``
(sometimes under ``第一部分``). A line that starts with such a marker opens a node; other lines continue
the node above. Levels are ranked in that conventional order (a stray ``1.`` before the first ``一、``
must not swallow the chapters), and a node closes every deeper node.

Documents whose paragraphs were lost (a whole web page pasted as one line) are split first, before
markers that continue the numbering: ``…规划。2.为实施…``; see :func:`split_run_on`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from store.importing.plan_import.cndates import cn_number
from store.importing.plan_import.normalise import CJK, Line

RANK = {"part": 0, "cn": 1, "pcn": 2, "num": 3, "pnum": 4, "circ": 5}
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_MARKER_RES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"第\s*(?P<n>[{_CN}]{{1,3}}|\d{{1,2}})\s*(?:部分|章|篇)\s*[、.:,]?\s*")),
    ("cn", re.compile(rf"(?P<n>[{_CN}]{{1,3}})\s*(?:[、.]|,(?=[{CJK}]))\s*")),
    ("pcn", re.compile(rf"\(\s*(?P<n>[{_CN}]{{1,3}})\s*\)\s*[、.]?\s*|(?P<n2>[{_CN}]{{1,3}})\)\s*")),
    # ``1.`` but not ``1.5万``; ``1.2009年12月…`` is item 1 starting with a year.
    ("num", re.compile(rf"(?P<n>\d{{1,3}})\s*(?:[.、](?!\d)|[.、](?=(?:19|20)\d\d\s*年|\d{{1,2}}\s*月)|,(?=[{CJK}]))\s*")),
    ("pnum", re.compile(r"\(\s*(?P<n>\d{1,3})\s*\)\s*[、.]?\s*|(?P<n2>\d{1,3})\)\s*")),
    ("circ", re.compile(rf"(?P<c>[{_CIRCLED}])\s*")),
]
# Anywhere in a line (for splitting run-on text): the same markers, unanchored.
_INLINE_RE = re.compile(
    rf"第\s*[{_CN}]{{1,3}}\s*(?:部分|章)|[{_CN}]{{1,3}}\s*[、]|\(\s*[{_CN}]{{1,3}}\s*\)"
    rf"|(?<![\d.])\d{{1,2}}\s*[.、](?!\d)|\(\s*\d{{1,2}}\s*\)|[{_CIRCLED}]"
)
# Other breaks a run-on web page still shows: paragraph indents (two spaces), list bullets, the
# labelled fields of a government site (索引号: …), 抄送, and the end of a notice's title.
_RUN_ON_BREAK_RE = re.compile(
    r" {2,}(?=\S)|(?=[•●◆■])|(?<=的通知)(?!》)"
    r"|(?=(?:索引号|主题分类|发文字号|文号|发布机构|发文机关|成文日期|发布日期|有效性|抄送|附件下载)\s*[::])"
)
_CHAPTER_WORDS = (
    "指导思想|总体要求|总体思路|基本原则|工作原则|主要目标|工作目标|目标任务|主要任务|工作任务|重点任务|"
    "创建内容|工作内容|主要内容|工作措施|主要措施|工作举措|工作步骤|实施步骤|争创步骤|进度安排|时间安排|"
    "保障措施|工作要求|组织领导|组织实施|职责分工|考核评估|其他"
)
_HEADING_AHEAD_RE = re.compile(rf"[^。;,:()]{{2,16}}?(?:\(\s*一\s*\)|1\s*[.、])|(?:{_CHAPTER_WORDS})")
_STRONG_BEFORE = set("。;!?:)」』”】 \t")
_SENTENCE_END = set("。;!?")


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line."""

    kind: str
    number: int
    length: int  # characters the marker (and spaces after it) take

    @property
    def rank(self) -> int:
        return RANK[self.kind]


def _to_cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number <= 10:
        return "十" if number == 10 else digits[number]
    if number < 20:
        return "十" + digits[number - 10]
    tens, ones = divmod(number, 10)
    return digits[tens] + "十" + (digits[ones] if ones else "")


def marker_label(kind: str, number: int) -> str:
    """How a marker is written in a code: ``一``, ``(一)``, ``1``, ``(1)``, ``①``, ``第一部分``."""
    if kind == "part":
        return f"第{_to_cn(number)}部分"
    if kind == "cn":
        return _to_cn(number)
    if kind == "pcn":
        return f"({_to_cn(number)})"
    if kind == "num":
        return str(number)
    if kind == "pnum":
        return f"({number})"
    if kind == "circ" and 1 <= number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    return str(number)


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The numbering marker at ``text[pos:]``, if there is one."""
    for kind, pattern in _MARKER_RES:
        m = pattern.match(text, pos)
        if not m:
            continue
        if kind == "circ":
            number = _CIRCLED.index(m["c"]) + 1
        else:
            raw = m.groupdict().get("n") or m.groupdict().get("n2") or ""
            parsed = cn_number(raw)
            if parsed is None:
                continue
            number = parsed
        if number <= 0:
            continue
        rest = text[m.end() :]
        # A marker needs something after it on the line, or to stand alone (text on the next line),
        # and must not be a number that reads on (``1.5万``, ``一、二级``).
        if kind == "cn" and rest[:1] and rest[0] in _CN + "级类":
            continue
        return Marker(kind, number, m.end() - pos)
    return None


# --- splitting run-on text ----------------------------------------------------------------------


class _Sequence:
    """The numbering seen so far, to accept only markers that continue it."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}
        self.when: dict[str, int] = {}
        self.clock = 0

    def fits(self, kind: str, number: int) -> bool:
        """Whether a ``kind`` marker numbered ``number`` continues the numbering seen so far."""
        last = self.last.get(kind)
        if last is not None and number == last + 1:
            return True
        if last is None and kind in ("cn", "part") and number == 2:
            return True  # the first chapter was glued to the title and missed
        if number != 1:
            return False
        if last is None:
            return True
        # A first item again: only after a higher level moved on since this level's last item.
        mine = self.when.get(kind, -1)
        return any(self.when.get(k, -1) > mine for k, r in RANK.items() if r < RANK[kind])

    def see(self, kind: str, number: int) -> None:
        """Record an accepted marker."""
        self.clock += 1
        self.last[kind] = number
        self.when[kind] = self.clock


_RUN_IN_HEADING_RE = re.compile(rf"[。;!?]\s*(?:[{_CN}]{{1,3}}、|\(\s*[{_CN}]{{1,3}}\s*\)|\d{{1,2}}[、.](?!\d))")


def is_run_on(lines: list[Line]) -> bool:
    """True when the text lost its paragraphs: a very long line, or a few long lines only."""
    if not lines:
        return False
    longest = max(len(line.text) for line in lines)
    total = sum(len(line.text) for line in lines)
    if longest > 3000 or (len(lines) < 8 and total > 1500):
        return True
    # A short excerpt whose headings run on inside a paragraph (``…本方案。一、指导思想坚持…二、主要任务…``).
    return any(len(line.text) > 150 and len(_RUN_IN_HEADING_RE.findall(line.text)) >= 2 for line in lines)


def _cut(line: Line, cuts: list[int]) -> list[Line]:
    if not cuts:
        return [line]
    aligned = len(line.text) == len(line.original)
    pieces: list[Line] = []
    bounds = [0, *cuts, len(line.text)]
    for a, b in pairwise(bounds):
        text = line.text[a:b].strip()
        if not text:
            continue
        original = line.original[a:b].strip() if aligned else line.original
        pieces.append(Line(text, original, line.lineno))
    return pieces


def split_run_on(lines: list[Line]) -> list[Line]:
    """Split long lines before numbering markers that continue the document's numbering.

    A marker is accepted when it fits the sequence (next number at its level, or 1 after a higher level
    moved on) and stands after sentence punctuation or a space; ``(一)``, ``1.``, ``(1)`` and ``①`` may
    also follow a character directly (``…工作任务(一)制定…``), ``一、`` may not (``统一、``). Runs of two
    or more spaces (a lost paragraph indent) are breaks too.
    """
    pieces: list[Line] = []
    for line in lines:
        if len(line.text) < 200:
            pieces.append(line)
            continue
        breaks = sorted({m.start() for m in _RUN_ON_BREAK_RE.finditer(line.text) if m.start() > 0})
        pieces.extend(_cut(line, breaks))
    sequence = _Sequence()
    result: list[Line] = []
    for line in pieces:
        text = line.text
        marker = match_marker(text)
        if marker:
            sequence.see(marker.kind, marker.number)
        if len(text) < 80:
            result.append(line)
            continue
        cuts: list[int] = []
        for m in _INLINE_RE.finditer(text):
            pos = m.start()
            if pos == 0:
                continue
            found = match_marker(text, pos)
            if found is None or not sequence.fits(found.kind, found.number):
                continue
            before = text[pos - 1]
            strong = before in _STRONG_BEFORE
            if found.kind in ("cn", "part") and not strong and not _HEADING_AHEAD_RE.match(text, pos + found.length):
                # ``统一、`` is not a chapter; ``…财政局三、保障措施(一)加强…`` is: a short heading
                # followed by its first section.
                continue
            if not strong and (before.isdigit() or before in "第第年月日.%" or not re.match(f"[{CJK}]", before)):
                continue
            cuts.append(pos)
            sequence.see(found.kind, found.number)
        result.extend(_cut(line, cuts))
    return result


_INLINE_SUB_RE = re.compile(rf"(?<=[。;:!?)])\s*(?:\(\s*(?P<n>\d{{1,2}})\s*\)|(?P<c>[{_CIRCLED}]))")


def split_inline_items(lines: list[Line]) -> list[Line]:
    """Sub-items run together in one paragraph (``1.深化改革。(1)落实…。(2)完善…``) onto lines of their
    own: only ``(n)`` / ``①`` after a sentence end, numbered 1, 2, 3… in the line."""
    result: list[Line] = []
    for line in lines:
        if len(line.text) < 60:
            result.append(line)
            continue
        found = list(_INLINE_SUB_RE.finditer(line.text))
        numbers = [int(m["n"]) if m["n"] else _CIRCLED.index(m["c"]) + 1 for m in found]
        if len(found) < 2 or numbers != list(range(1, len(found) + 1)):
            result.append(line)
            continue
        result.extend(_cut(line, [m.start() for m in found]))
    return result


# --- the tree -------------------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """An outline node: a numbered item with its own lines and its sub-items.

    ``lines[0]`` is the marker line with the marker removed (it may be empty when the text starts on
    the next line).
    """

    kind: str
    number: int
    lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    lineno: int = 0

    @property
    def label(self) -> str:
        """How the node's number is written in a code (``一``, ``(一)``, ``1``)."""
        return marker_label(self.kind, self.number) if self.kind != "root" else ""

    @property
    def rank(self) -> int:
        return RANK.get(self.kind, -1)

    @property
    def head(self) -> str:
        """The text on the marker line (or the next line when that is empty)."""
        for line in self.lines:
            if line.text:
                return line.text
        return ""

    def own_text(self) -> str:
        """The node's own lines (marker removed), without its sub-items."""
        return "\n".join(line.text for line in self.lines if line.text)

    def own_original(self) -> str:
        """:meth:`own_text` before script conversion."""
        return "\n".join(line.original for line in self.lines if line.original)

    def walk(self) -> Iterator[Node]:
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_lines(self) -> list[Line]:
        """Every non-empty line of this node and its sub-items, in order."""
        lines: list[Line] = []
        for node in self.walk():
            lines.extend(line for line in node.lines if line.text)
        return lines

    def full_text(self) -> str:
        """Own text and every sub-item's, one line each, sub-items keeping their markers."""
        parts: list[str] = []
        for node in self.walk():
            texts = [line.text for line in node.lines if line.text]
            if node is not self and node.kind != "root":
                prefix = _written_marker(node)
                texts = [prefix + texts[0], *texts[1:]] if texts else [prefix]
            parts.extend(texts)
        return "\n".join(parts)

    def full_original(self) -> str:
        """:meth:`full_text` before script conversion."""
        parts: list[str] = []
        for node in self.walk():
            texts = [line.original for line in node.lines if line.original]
            if node is not self and node.kind != "root":
                prefix = _written_marker(node)
                texts = [prefix + texts[0], *texts[1:]] if texts else [prefix]
            parts.extend(texts)
        return "\n".join(parts)


def _written_marker(node: Node) -> str:
    label = node.label
    if node.kind == "cn":
        return label + "、"
    if node.kind == "num":
        return label + "."
    return label


def build_tree(lines: list[Line]) -> Node:
    """The outline of ``lines``: a root whose children are the top-level items (usually chapters)."""
    root = Node("root", 0)
    stack: list[Node] = [root]
    for line in lines:
        marker = match_marker(line.text)
        if marker is None:
            stack[-1].lines.append(line)
            continue
        while len(stack) > 1 and stack[-1].rank >= marker.rank:
            stack.pop()
        parent = stack[-1]
        rest_text = line.text[marker.length :].strip()
        rest_original = line.original[marker.length :].strip() if len(line.original) >= marker.length else line.original
        node = Node(marker.kind, marker.number, [Line(rest_text, rest_original, line.lineno)], [], parent, line.lineno)
        parent.children.append(node)
        stack.append(node)
    return root


def first_sentence(text: str) -> str:
    """Text up to the first 。;!? outside brackets and quotes (the item's title), without that mark."""
    depth = 0
    quote = 0
    for index, ch in enumerate(text):
        if ch in "(《〔[【":
            depth += 1
        elif ch in ")》〕]】":
            depth = max(0, depth - 1)
        elif ch == "“":
            quote += 1
        elif ch == "”":
            quote = max(0, quote - 1)
        elif ch in _SENTENCE_END and depth == 0 and quote == 0:
            return text[:index]
        elif ch == "\n":
            return text[:index]
    return text
