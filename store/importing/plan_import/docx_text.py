"""The text of a ``.docx``: paragraphs and table rows in document order, one per line.

Read straight from the package with ``zipfile`` and ``defusedxml`` (safe against entity bombs; also
reads ``.docm``/``.dotx``, which python-docx refuses). What a clerk sees in Word is what we return:

* Word's automatic numbering is written out (``一、`` ``(一)`` ``1.`` ``①``), since many plans number
  their headings with list styles and the numbers are not in the text;
* table rows become lines with cells separated by a tab; a vertically merged cell repeats its text in
  each row (a unit column merged over several tasks applies to each of them);
* deleted tracked changes, field codes and text boxes are left out.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

from store import strings
from store.errors import PlanReadError
from store.importing.plan_import.structure import marker_label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_MEMBERS = 10000
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _attr(element: Element | None, name: str) -> str | None:
    if element is None:
        return None
    return element.get(W + name)


# --- numbering ------------------------------------------------------------------------------------


def _roman(number: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
              (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def format_number(number: int, fmt: str) -> str:
    """One counter in a Word number format (``chineseCounting`` → 一, ``decimalEnclosedCircle`` → ①)."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese", "korean")) and "Enclosed" not in fmt:
        return marker_label("cn", number)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if fmt == "ideographEnclosedCircle":
        return f"({marker_label('cn', number)})"
    if fmt == "decimalEnclosedParen":
        return f"({number})"
    if fmt == "decimalEnclosedFullstop":
        return f"{number}."
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(number)


class _Numbering:
    """Renders the list number Word would show before each numbered paragraph."""

    def __init__(self, numbering: Element | None, styles: Element | None) -> None:
        # numId → {ilvl: (numFmt, lvlText, start)}
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        self.style_parent: dict[str, str] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: Element) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(W + "abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iter(W + "lvl"):
                ilvl = int(_attr(lvl, "ilvl") or 0)
                fmt = _attr(lvl.find(W + "numFmt"), "val") or "decimal"
                text = _attr(lvl.find(W + "lvlText"), "val") or ""
                start = int(_attr(lvl.find(W + "start"), "val") or 1)
                levels[ilvl] = (fmt, text, start)
            abstract[_attr(node, "abstractNumId") or ""] = levels
        for num in root.iter(W + "num"):
            num_id = _attr(num, "numId") or ""
            ref = _attr(num.find(W + "abstractNumId"), "val") or ""
            levels = dict(abstract.get(ref, {}))
            for override in num.iter(W + "lvlOverride"):
                ilvl = int(_attr(override, "ilvl") or 0)
                start_override = _attr(override.find(W + "startOverride"), "val")
                if start_override is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start_override))
            self.levels[num_id] = levels

    def _read_styles(self, root: Element) -> None:
        for style in root.iter(W + "style"):
            style_id = _attr(style, "styleId") or ""
            based = style.find(W + "basedOn")
            if based is not None:
                self.style_parent[style_id] = _attr(based, "val") or ""
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _attr(num_pr.find(W + "numId"), "val")
                ilvl = int(_attr(num_pr.find(W + "ilvl"), "val") or 0)
                if num_id:
                    self.style_numbering[style_id] = (num_id, ilvl)

    def _paragraph_numbering(self, paragraph: Element) -> tuple[str, int] | None:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _attr(num_pr.find(W + "numId"), "val")
            ilvl = int(_attr(num_pr.find(W + "ilvl"), "val") or 0)
            return (num_id, ilvl) if num_id else None
        style = _attr(paragraph.find(f"{W}pPr/{W}pStyle"), "val")
        for _ in range(8):  # follow basedOn a few steps
            if not style:
                return None
            if style in self.style_numbering:
                return self.style_numbering[style]
            style = self.style_parent.get(style)
        return None

    def prefix(self, paragraph: Element) -> str:
        """The number Word shows before ``paragraph`` (``一、``, ``(二)``, ``3.``), or ""."""
        found = self._paragraph_numbering(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""

        def fill(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return format_number(counters.get(level, level_start), level_fmt)

        rendered = re.sub(r"%([1-9])", fill, text)
        if re.search(r"[\d一二三四五六七八九十]$", rendered):
            # ``%1`` alone (Word puts a tab after it): add the punctuation the level conventionally has.
            rendered += "、" if fmt.startswith(("chinese", "ideograph", "taiwanese")) else "."
        return rendered


# --- text -----------------------------------------------------------------------------------------

_SKIP_SUBTREES = {W + "txbxContent", W + "del", W + "moveFrom", W + "instrText", W + "delText",
                  "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []
    stack: list[Element] = [paragraph]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _SKIP_SUBTREES:
            continue
        if tag == W + "t":
            parts.append(element.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        stack.extend(reversed(list(element)))
    return "".join(parts)


def _blocks(container: Element) -> Iterator[Element]:
    """Paragraphs and tables of a body or cell in order, looking through content controls."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                yield from _blocks(inner)


def _cell_info(cell: Element) -> tuple[int, str | None]:
    props = cell.find(W + "tcPr")
    span = int(_attr(props.find(W + "gridSpan") if props is not None else None, "val") or 1)
    merge_el = props.find(W + "vMerge") if props is not None else None
    merge = None if merge_el is None else (_attr(merge_el, "val") or "continue")
    return span, merge


def _table_lines(table: Element, numbering: _Numbering) -> list[str]:
    lines: list[str] = []
    above: dict[int, str] = {}
    for row in _direct_rows(table):
        cells: list[str] = []
        column = 0
        for cell in _row_cells(row):
            span, merge = _cell_info(cell)
            texts: list[str] = []
            for block in _blocks(cell):
                if block.tag == W + "p":
                    texts.append(numbering.prefix(block) + _paragraph_text(block))
                else:
                    texts.extend(_table_lines(block, numbering))
            text = " ".join(t.strip() for t in texts if t.strip())
            if merge == "continue":
                text = above.get(column, "")
            else:
                above[column] = text
            cells.append(text)
            cells.extend([""] * (span - 1))  # keep cells on their grid columns
            column += span
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _direct_rows(table: Element) -> Iterator[Element]:
    """The table's own rows (not those of nested tables), looking through content controls."""
    for child in table:
        if child.tag == W + "tr":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _direct_rows(content)


def _row_cells(row: Element) -> Iterator[Element]:
    for child in row:
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _row_cells(content)


def _main_part(archive: zipfile.ZipFile) -> str:
    try:
        rels = SafeET.fromstring(archive.read("_rels/.rels"))
        for rel in rels.iter(_REL_NS + "Relationship"):
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                return rel.get("Target", "word/document.xml").lstrip("/")
    except (KeyError, SafeET.ParseError):
        pass
    return "word/document.xml"


def _read_xml(archive: zipfile.ZipFile, name: str) -> Element | None:
    try:
        data = archive.read(name)
    except KeyError:
        return None
    root: Any = SafeET.fromstring(data)
    return root if isinstance(root, Element) else None


def docx_to_text(path: Path, name: str) -> str:
    """The text of the Word document at ``path`` (see the module docstring)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > _MAX_MEMBERS or sum(m.file_size for m in members) > _MAX_UNCOMPRESSED:
                raise PlanReadError(strings.ERR_DOCX_TOO_BIG.format(name=name))
            main = _main_part(archive)
            document = _read_xml(archive, main)
            folder = posixpath.dirname(main)
            numbering = _read_xml(archive, posixpath.join(folder, "numbering.xml"))
            styles = _read_xml(archive, posixpath.join(folder, "styles.xml"))
    except PlanReadError:
        raise
    except (zipfile.BadZipFile, SafeET.ParseError, OSError, ValueError, KeyError) as exc:
        raise PlanReadError(strings.ERR_DOCX_BROKEN.format(name=name)) from exc
    except Exception as exc:  # defusedxml refuses entities/DTDs with its own exception types
        raise PlanReadError(strings.ERR_DOCX_BROKEN.format(name=name)) from exc
    if document is None:
        raise PlanReadError(strings.ERR_DOCX_BROKEN.format(name=name))
    body = document.find(W + "body")
    if body is None:
        raise PlanReadError(strings.ERR_DOCX_BROKEN.format(name=name))
    renderer = _Numbering(numbering, styles)
    lines: list[str] = []
    for block in _blocks(body):
        if block.tag == W + "p":
            text = renderer.prefix(block) + _paragraph_text(block)
            lines.extend(text.split("\n"))
        else:
            lines.extend(_table_lines(block, renderer))
    return "\n".join(line.rstrip() for line in lines)
