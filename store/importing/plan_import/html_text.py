"""The text of a web page saved from a browser, as lines (stdlib ``html.parser`` only).

Only the ``<body>`` counts (the ``<head>`` and its ``<title>`` are dropped); ``script``, ``style``,
navigation and form controls are skipped; block elements (``p``, ``div``, ``li``, ``tr``, ``br``,
headings…) end a line, table cells are separated by a tab (a ``colspan`` cell is followed by empty
cells, so cells keep their columns). Source line breaks inside a paragraph
are whitespace as in a browser, except between two Chinese characters where they are dropped (a
browser would show a stray space there).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "select", "option", "button",
         "textarea", "iframe", "object", "canvas", "map", "head", "title"}  # fmt: skip
_BLOCK = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "dt",
    "dd", "section", "article", "header", "footer", "aside", "main", "blockquote", "pre", "hr", "form",
    "fieldset", "address", "center", "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "body",
}  # fmt: skip
_CELL = {"td", "th"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
_CJK_BREAK_RE = re.compile(r"(?<=[\u4e00-\u9fff,。、;:!?“”])[ \t]*\n\s*(?=[\u4e00-\u9fff“”])")
_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.seen_body = False
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.seen_body = True
            self.parts.clear()  # anything before <body> was head matter
            self.skip_depth = 0  # an unclosed <head> ends here
        if tag in _SKIP and tag not in _VOID:
            self.skip_depth += 1
            return
        if tag == "pre":
            self.in_pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")
            span = dict(attrs).get("colspan") or "1"
            if span.isdigit() and 1 < int(span) <= 20:
                self.parts.append("\x01" * (int(span) - 1))  # empty cells for the spanned columns

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_pre:
            self.parts.append(data.replace("\n", "\x00"))  # kept as line breaks below
            return
        data = _CJK_BREAK_RE.sub("", data)
        self.parts.append(_SPACE_RE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Body text of ``markup``, one block per line, cells tab-separated, no empty lines."""
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    raw = "".join(collector.parts).replace("\x00", "\n")
    lines: list[str] = []
    for line in raw.split("\n"):
        # A row starts with a cell separator; empty cells inside a row keep their place.
        if line.lstrip(" ").startswith("\t"):
            line = line.lstrip(" ")[1:]  # the separator before a row's first cell
        cells = [cell.strip(" ") for cell in line.split("\t")]
        while cells and not cells[-1].replace("\x01", ""):
            cells.pop()
        expanded: list[str] = []
        for cell in cells:
            spans = cell.count("\x01")
            expanded.append(cell.replace("\x01", ""))
            expanded.extend([""] * spans)
        text = "\t".join(expanded).strip()
        if text:
            lines.append(text)
    return "\n".join(lines)
