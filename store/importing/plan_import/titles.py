"""Titles of outline items: the first sentence (or heading) without numbering or unit list."""

from __future__ import annotations

import re

from store.importing.plan_import.normalise import CJK
from store.importing.plan_import.structure import Node, first_sentence
from store.importing.plan_import.units import find_labelled

_TITLE_TRIM = ",,;;::。、 \t"
# ``…平台,完成时限:2026年12月底前``: a deadline clause is not part of the title.
_DEADLINE_CLAUSE = re.compile(r"[,,;;]\s*(?:完成时限|完成时间|完成期限|时间要求|时限要求|时间节点)\s*(?:[::].*)?$")


_DATE_ONLY_RE = re.compile(r"^[\d\s年月日号至到—\-~～前底上中下旬]+$")


def clean_title(text: str) -> str:
    """Spaces between characters and trailing punctuation removed."""
    text = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}“”《》])|(?<=[“”《》])\s+(?=[{CJK}])", "", text)
    return text.strip(_TITLE_TRIM)


def node_title(node: Node) -> str:
    """An item's title: its first sentence (stopping before a unit list), without numbering."""
    head = node.head
    sentence = first_sentence(head)
    block = find_labelled(sentence)
    if block.span is not None:
        sentence = sentence[: block.span[0]]
    sentence = _DEADLINE_CLAUSE.sub("", sentence)
    heading = re.match(r"^([^:“”《》()]{4,30}?):", sentence)
    if heading:
        sentence = heading.group(1)  # ``加强质量监管:开展…``: the words before the colon are the heading
    title = clean_title(sentence)
    if _DATE_ONLY_RE.match(title):
        # ``1、5月15日—5月20日`` with the work on the next line: the date and the work's first sentence.
        below = first_sentence(next((line.text for line in node.lines[1:] if line.text), ""))
        block = find_labelled(below)
        if block.span is not None:
            below = below[: block.span[0]]
        if below:
            title = clean_title(title + below)
    return title or clean_title(head)


def chapter_label(node: Node) -> str:
    """``四、工作任务``: a chapter as the labels name it."""
    return f"{node.label}、{node_title(node)}" if node.kind == "cn" else f"{node.label}{node_title(node)}"
