"""The agenda as a Word document in the official-document style (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm text block); title
方正小标宋简体 二号 (22 pt); body 仿宋_GB2312 三号 (16 pt), 29 pt fixed line spacing (22 lines a
page); first-level headings 黑体, second-level 楷体_GB2312; page numbers 宋体 四号 as "— 1 —" at the
foot. python-docx's ``font.name`` sets only the Latin font, so the East Asian font is set on every
run and on the styles, or Word and WPS fall back to another font for the Chinese text.
The attachments (progress by unit, overdue tasks, units that have not reported) follow as tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store import strings
from store.documents.agenda import (
    Agenda,
    Facts,
    attachments,
    attendee_line,
    cn_number,
    heading_lines,
    to_markdown,
)
from store.ledger import settings
from store.ledger.db import Ledger
from store.ledger.files import write_atomically
from store.quarterly.xlsx import display_width

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_PT = 22
BODY_PT = 16
TABLE_PT = 12
LINE_PT = 29


def _fonts(target: Any, name: str) -> None:
    """Set the Latin and the East Asian font of a run or a style."""
    from docx.oxml.ns import qn

    target.font.name = name
    fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
_HALF_TO_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}


def official_punctuation(text: str) -> str:
    """Full-width punctuation next to Chinese text, as official documents are set: ``时间:`` →
    ``时间：``, ``(牵头)`` → ``（牵头）``; ``09:00``, ``2026-06-30`` and ``60%`` stay as they are."""
    import re

    text = re.sub(rf"(?<={_CJK})[,:;?!]|[,:;?!](?={_CJK})", lambda m: _HALF_TO_FULL[m.group()], text)
    for _ in range(5):  # innermost brackets first: 县市监局(牵头) inside (责任单位:…)
        changed = re.sub(rf"\(([^()]*{_CJK}[^()]*)\)", "\uff08\\1\uff09", text)
        if changed == text:
            break
        text = changed
    return text


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(official_punctuation(text))
    _fonts(run, font)
    run.font.size = Pt(size)
    run.font.bold = bold
    return run


def _paragraph(document: Any, text: str, font: str = BODY_FONT, size: float = BODY_PT, *, align: str = "left",
               indent: bool = False, bold: bool = False, line: float = LINE_PT) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(line)
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    layout.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    if indent:
        layout.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, font, size, bold=bold)
    return paragraph


def _page_number(section: Any) -> None:
    """"— 1 —" centred in the footer: a PAGE field between two dashes, 宋体 四号 (14 pt)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER_FONT, 14)
    run = _run(paragraph, "", PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    _run(paragraph, " —", PAGE_NUMBER_FONT, 14)


def _table(document: Any, headers: list[str], rows: list[list[str]]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt


    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Short columns (codes, dates, counts) get their full width; long ones share what is left of the
    # 156 mm text block. A half-width character at 12 pt takes about 2.3 mm, plus 3.5 mm of cell padding.
    natural = [
        max([display_width(str(row[n])) for row in rows] + [display_width(headers[n]) // 2 + 1]) + 1
        for n in range(len(headers))
    ]
    short = [width <= 14 for width in natural]
    fixed = sum(2.3 * width + 3.5 for width, is_short in zip(natural, short, strict=True) if is_short)
    long_total = sum(min(width, 30) for width, is_short in zip(natural, short, strict=True) if not is_short)
    widths = [
        Mm(2.3 * width + 3.5) if is_short else Mm(max(20.0, (156 - fixed) * min(width, 30) / long_total))
        for width, is_short in zip(natural, short, strict=True)
    ]
    numeric = [all(str(row[n]).replace("/", "").replace("-", "").isdigit() for row in rows) for n in range(len(headers))]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by; the cells' widths are for Word
    for cell, title, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], title, HEADING_FONT, TABLE_PT)
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = widths[n]
            _run(cell.paragraphs[0], value, BODY_FONT, TABLE_PT)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            if numeric[n]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The header row repeats on every page of a long table.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _properties(document: Any, author: str, title: str) -> None:
    """The file says who wrote it, when, and that it is Chinese (python-docx's template says
    python-docx, 2013, en-US, and Japanese as the East Asian language, which makes LibreOffice pick
    Japanese glyph variants)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    core = document.core_properties
    core.author = core.last_modified_by = author
    core.title = title
    core.created = core.modified = now
    core.revision = 1
    core.language = "zh-CN"
    core.comments = ""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    targets = [style.element.get_or_add_rPr() for style in (document.styles["Normal"],)]
    if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
        targets.append(run_defaults.find(qn("w:rPr")))
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:bidi"), "ar-SA")


def build(ledger: Ledger, agenda: Agenda, found: Facts) -> Any:
    """The agenda as a python-docx Document (not yet saved)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    _properties(document, settings.office_name(ledger), strings.AGENDA_DOC_TITLE.format(
        title=agenda.meeting.display_title))
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(14)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        _fonts(style, BODY_FONT)
        style.font.size = Pt(BODY_PT if name == "Normal" else TABLE_PT)
    _page_number(section)

    meeting = agenda.meeting
    _paragraph(document, strings.AGENDA_DOC_TITLE.format(title=meeting.display_title), TITLE_FONT, TITLE_PT,
               align="center", line=35)
    _paragraph(document, "")
    for line in [*heading_lines(meeting), attendee_line(ledger, meeting)]:
        _paragraph(document, line, indent=True)
    _paragraph(document, "")
    for number, (item, start, end) in enumerate(agenda.schedule(), start=1):
        _paragraph(document, strings.AGENDA_ITEM_HEADING.format(number=cn_number(number), title=item.title),
                   HEADING_FONT, BODY_PT, indent=True)
        _paragraph(document, strings.AGENDA_DOC_ITEM_META.format(start=start, end=end, presenter=item.presenter or "-",
                                                                 minutes=item.minutes),
                   SUBHEADING_FONT, BODY_PT, indent=True)
        for text in item.body:
            _paragraph(document, text, indent=True)

    for number, attachment in enumerate(attachments(found), start=1):
        document.add_page_break()
        _paragraph(document, strings.AGENDA_DOC_ATTACHMENT.format(number=number), HEADING_FONT, BODY_PT)
        _paragraph(document, attachment.title, TITLE_FONT, 18, align="center", line=35)
        _paragraph(document, "")
        if attachment.rows:
            _table(document, attachment.headers, attachment.rows)
            if attachment.note:
                _paragraph(document, attachment.note)
        else:
            _paragraph(document, strings.AGENDA_ATTACH_NONE, indent=True)
    return document


def write_docx(ledger: Ledger, agenda: Agenda, found: Facts, path: Path) -> Path:
    """Write the agenda to ``path`` whole, or raise in Chinese."""
    document = build(ledger, agenda, found)
    return write_atomically(path, lambda temp: document.save(str(temp)))


def write_markdown(ledger: Ledger, agenda: Agenda, found: Facts, path: Path) -> Path:
    """The Markdown version, UTF-8 (with BOM, so Notepad on a Chinese Windows reads it right), CRLF."""
    text = official_punctuation(to_markdown(ledger, agenda, found)) + "\n"

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8-sig", newline="\r\n")

    return write_atomically(path, write)
