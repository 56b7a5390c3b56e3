"""Task tables (任务分解表): rows of 序号 | 工作任务 | 责任单位 | 完成时限, often in an attachment.

The readers turn table rows into tab-separated lines (Word, web pages; text copied from a table
keeps its tabs too). A table counts when a header row names a task column (任务, 内容, 措施…) and a
unit column (责任单位, 牵头单位…). Its rows are used in two ways by the parser:

* a plan whose text lists no tasks gets its tasks from the table;
* tasks in the text that name no units take them (and a missing deadline) from the row that
  describes the same task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.importing.plan_import.cndates import Deadline, find_deadline
from store.importing.plan_import.model import UnitRef
from store.importing.plan_import.normalise import Line
from store.importing.plan_import.structure import first_sentence
from store.importing.plan_import.units import find_labelled, looks_like_unit, split_units

_NUMBER_RE = re.compile(r"^(?:序号|编号|序)$")
_CATEGORY_RE = re.compile(r"类别|领域|方面|项目|重点任务|主要任务|任务类别|工作类别|目标")
_TASK_RE = re.compile(r"任务|内容|措施|举措|事项|工作|要求")
_LEAD_RE = re.compile(r"牵头|主责|责任单位|责任部门|责任主体|责任处室|实施单位|承办|负责单位|负责部门|主办")
_CO_RE = re.compile(r"配合|协办|参与|协同|协助")
_DEADLINE_RE = re.compile(r"时限|时间|期限|进度|节点")
_LEADING_NUMBER_RE = re.compile(r"^\s*\(?\s*(\d{1,3})\s*[).、]?\s*$")
# A header cell of a task table, when a table arrives one cell a line.
_HEADER_CELL_RE = re.compile(
    r"^(?:序号|编号|序|备注|说明|责任人|责任领导|分管领导|联系人|完成情况|"
    r".{0,8}(?:任务|内容|措施|举措|事项|工作|要求|类别|领域|方面|项目|目标|指标|牵头|主责|责任|单位|部门|"
    r"实施|承办|负责|主办|配合|协办|参与|协同|协助|时限|时间|期限|进度|节点).{0,4})$"
)
_TABLE_END_RE = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[::]?$")
_PIPE_RULE_RE = re.compile(r"^[|\s:：-]+$")
_MAX_CELL_LINES = 6  # a row whose cells take more lines than its columns by this much ends the table


@dataclass
class TableRow:
    """One task row of a task table."""

    number: int | None
    category: str
    text: str
    units: list[UnitRef] = field(default_factory=list)
    deadline_text: str = ""
    line: int = 0

    @property
    def title(self) -> str:
        """The row's task text up to its first sentence end."""
        return first_sentence(self.text).strip(" ,;:。")


@dataclass
class TaskTable:
    """A table whose rows are tasks; ``caption`` is the line above it (the table's name)."""

    caption: str
    rows: list[TableRow] = field(default_factory=list)
    # id() of the lines the table occupies (header and rows), so the outline can leave them out.
    members: set[int] = field(default_factory=set)


@dataclass
class _Columns:
    number: int | None = None
    category: int | None = None
    task: int | None = None
    lead: int | None = None
    co: int | None = None
    deadline: int | None = None
    width: int = 0


def _header_columns(cells: list[str]) -> _Columns | None:
    columns = _Columns(width=len(cells))
    task_columns: list[int] = []
    for index, raw in enumerate(cells):
        cell = raw.replace(" ", "")
        if not cell or len(cell) > 12:
            continue
        if _NUMBER_RE.match(cell):
            columns.number = index
        elif _CO_RE.search(cell):
            columns.co = index
        elif _LEAD_RE.search(cell):
            columns.lead = index if columns.lead is None else columns.lead
        elif _DEADLINE_RE.search(cell) and not _TASK_RE.search(cell.replace("工作", "")):
            columns.deadline = index
        elif _TASK_RE.search(cell) or _CATEGORY_RE.search(cell):
            task_columns.append(index)
    if columns.lead is None or not task_columns:
        return None
    if columns.co is None and columns.lead + 1 < len(cells) and not cells[columns.lead + 1].strip():
        columns.co = columns.lead + 1  # ``责任单位`` merged across two columns: lead units, then the others
    # The rightmost task-like column is the most specific (具体措施 after 重点任务); one before it is
    # the category.
    columns.task = task_columns[-1]
    if len(task_columns) > 1:
        columns.category = task_columns[-2]
    return columns


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _row_units(lead_text: str, co_text: str) -> list[UnitRef]:
    labelled = find_labelled(lead_text)
    units = labelled.units if labelled.units else split_units(lead_text)
    if units and sum(1 for u in units if looks_like_unit(u.name)) * 2 < len(units):
        units = []  # the cell holds text, not units (a row cut short, or columns out of step)
    if co_text:
        co_units = split_units(co_text, "co")
        if units and not any(u.role == "lead" for u in units):
            units[0] = UnitRef(units[0].name, "lead")
        names = {u.name for u in units}
        units += [u for u in co_units if u.name not in names]
    return units


def _joined(cells: list[Line], separator: str = "\t") -> Line:
    """Cells as one line: a row (tab-separated), or one cell's paragraphs (``separator=""``)."""
    return Line(separator.join(c.text for c in cells), separator.join(c.original for c in cells), cells[0].lineno)


def _pipe_row(line: Line) -> Line | None:
    """``| 1 | 任务 | 单位 |`` (a table pasted with bars) → a tab-separated line; a ``|---|`` rule → None."""
    if line.text.count("|") == 1 and line.text.strip().startswith("|") != line.text.strip().endswith("|"):
        # A stray bar left at a line's end by a page's table layout.
        text, original = line.text.strip().strip("|").strip(), line.original.strip().strip("|").strip()
        return Line(text, original, line.lineno) if text else None
    if line.text.count("|") < 2 or "\t" in line.text:
        return line
    if _PIPE_RULE_RE.match(line.text):
        return None
    cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
    originals = [c.strip() for c in line.original.strip().strip("|").split("|")]
    if len(originals) != len(cells):
        originals = cells
    return Line("\t".join(cells), "\t".join(originals), line.lineno)


def _header_run(lines: list[Line], start: int) -> int:
    """How many lines from ``start`` are header cells of a task table written one cell a line."""
    end = start
    while end < len(lines) and end - start < 10:
        cell = lines[end].text.replace(" ", "")
        if "\t" in cell or len(cell) > 12 or not _HEADER_CELL_RE.match(cell):
            break
        end += 1
    return end - start


def _rows_by_number(lines: list[Line], start: int, width: int, task: int) -> tuple[list[Line], int]:
    """Rows of a one-cell-a-line table whose first column is the row number: each row runs from its
    number to the next number in sequence. Returns the rows (tab-joined) and where the table ends."""
    rows: list[Line] = []
    index = start
    expected: int | None = None
    while index < len(lines):
        m = _LEADING_NUMBER_RE.match(lines[index].text)
        if m is None or (expected is not None and int(m.group(1)) != expected):
            break
        expected = int(m.group(1)) + 1
        end = index + 1
        while end < len(lines) and end - index <= width + _MAX_CELL_LINES:
            nxt = _LEADING_NUMBER_RE.match(lines[end].text)
            if nxt and int(nxt.group(1)) == expected:
                break
            if _TABLE_END_RE.match(lines[end].text) or _header_run(lines, end) >= 2:
                break  # the next attachment, or another table's header
            end += 1
        cells = lines[index:end]
        if len(cells) > width + _MAX_CELL_LINES:
            break  # not table rows any more: the text goes on below the table
        if len(cells) > width:
            # A task cell of several paragraphs: the extra lines belong to the task column.
            extra = len(cells) - width
            cells = [*cells[:task], _joined(cells[task : task + extra + 1], ""), *cells[task + extra + 1 :]]
        elif len(cells) < width and end >= len(lines):
            # The text ends inside the row (an excerpt): the missing cells are the last ones.
            cells = [*cells, *[Line("", "", cells[-1].lineno)] * (width - len(cells))]
        rows.append(_joined(cells))
        index = end
    return rows, index


_FIELD_LABEL_RE = re.compile(
    r"^(?:责任单位|牵头单位|配合单位|协办单位|责任部门|牵头部门|配合部门|主责单位|参与单位|完成时限|完成时间|"
    r"时限要求|时间节点|具体任务|工作任务|主要任务|任务内容)$"
)


def _field_pairs(lines: list[Line]) -> list[Line]:
    """A record written label line / value line (``责任单位`` / ``卫健局、文旅局``) → ``责任单位:…``."""
    result: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        label = line.text.replace(" ", "")
        if _FIELD_LABEL_RE.match(label) and index + 1 < len(lines):
            value = lines[index + 1]
            if not _FIELD_LABEL_RE.match(value.text.replace(" ", "")) and "\t" not in value.text:
                if label in ("具体任务", "工作任务", "主要任务", "任务内容"):
                    result.append(value)  # the task's own text: the label goes
                else:
                    result.append(Line(f"{label}:{value.text}", f"{label}:{value.original}", line.lineno))
                index += 2
                continue
        result.append(line)
        index += 1
    return result


def unflatten_tables(lines: list[Line]) -> list[Line]:
    """Task tables that lost their cell boundaries, back as tab-separated rows.

    Web pages and PDF copies give a table one cell a line (header cells first, then each row from its
    序号), or with ``|`` between cells. Other lines pass unchanged.
    """
    piped = [row for row in (_pipe_row(line) for line in lines) if row is not None]
    result: list[Line] = []
    index = 0
    while index < len(piped):
        run = _header_run(piped, index)
        columns = _header_columns([line.text for line in piped[index : index + run]]) if run >= 2 else None
        if columns is None or columns.number != 0 or columns.task is None:
            result.append(piped[index])
            index += 1
            continue
        rows, end = _rows_by_number(piped, index + run, run, columns.task)
        if not rows:
            result.append(piped[index])
            index += 1
            continue
        result.append(_joined(piped[index : index + run]))
        result.extend(rows)
        index = end
    return _field_pairs(result)


def find_task_tables(lines: list[Line]) -> list[TaskTable]:
    """Task tables among ``lines`` (rows are lines with tab-separated cells)."""
    tables: list[TaskTable] = []
    current: TaskTable | None = None
    columns: _Columns | None = None
    category = ""
    previous_text = ""
    for line in lines:
        cells = line.text.split("\t")
        if len(cells) < 2:
            current, columns = None, None
            previous_text = line.text
            continue
        header = _header_columns(cells)
        if header is not None:
            columns = header
            current = TaskTable(previous_text)
            current.members.add(id(line))
            tables.append(current)
            category = ""
            continue
        if current is None or columns is None:
            continue
        current.members.add(id(line))
        if len(cells) < columns.width:
            # A web page's rowspan leaves the merged (category) cell out: align from the right, and keep
            # a leading number where it was.
            shift = columns.width - len(cells)
            number_first = columns.number == 0 and _LEADING_NUMBER_RE.match(cells[0]) is not None
            padded = [cells[0]] if number_first else []
            cells = padded + [""] * shift + cells[1 if number_first else 0 :]
        text = _cell(cells, columns.task)
        if not text:
            continue
        category = _cell(cells, columns.category) or category
        number_text = _cell(cells, columns.number)
        number_match = _LEADING_NUMBER_RE.match(number_text)
        current.rows.append(
            TableRow(
                number=int(number_match.group(1)) if number_match else None,
                category=category,
                text=text,
                units=_row_units(_cell(cells, columns.lead), _cell(cells, columns.co)),
                deadline_text=_cell(cells, columns.deadline),
                line=line.lineno,
            )
        )
    return [table for table in tables if table.rows]


def row_deadline(row: TableRow, year: int | None) -> Deadline | None:
    """The deadline in a row's 完成时限 cell (``2019年6月底``, ``长期坚持``), if any."""
    if not row.deadline_text:
        return None
    return find_deadline(f"完成时限:{row.deadline_text}", year)


def normalised_title(text: str) -> str:
    """A title for matching text tasks with table rows: no spaces or punctuation."""
    return re.sub(r"[\s\W_]+", "", text)
