""".xlsx files: writing text that never becomes a formula, and opening untrusted workbooks safely.

openpyxl parses the XML with defusedxml when it is installed (it is a dependency), which refuses
entity bombs. The package itself is checked first: an .xlsx is a zip, and a small file can expand to
gigabytes, so the size on disk, the number of parts and their uncompressed size are all bounded.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from store import strings
from store.errors import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2_000
MAX_RATIO = 200  # uncompressed / compressed, per part (zip bombs run into the thousands)


def put_text(cell: Any, value: object) -> None:
    """Write ``value`` into ``cell``; text is always text (``=SUM(…)`` typed by a unit stays text)."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_row_height(sheet: Any, line: int, *, line_height: float = 15.0, max_lines: int = 12) -> None:
    """Make a row tall enough for its wrapped text (spreadsheets do not grow rows written by openpyxl)."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for cell in sheet[line]:
        if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
            continue
        width = sheet.column_dimensions[get_column_letter(cell.column)].width or 8.43
        # A CJK character in 宋体 is a little wider than two width units: leave a tenth spare.
        usable = max(1, int((width - 1) * 0.9))
        needed = sum(max(1, -(-display_width(part) // usable)) for part in str(cell.value).splitlines() or [""])
        lines = max(lines, needed)
    sheet.row_dimensions[line].height = line_height * min(lines, max_lines)


def fit_columns(sheet: Any, *, minimum: int = 6, maximum: int = 60) -> None:
    """Set each column's width from its longest line (wrapped cells are measured line by line)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            longest = max(display_width(line) for line in str(cell.value).splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))


def check_package(path: Path) -> None:
    """Refuse a file that is not an .xlsx package, or one too large to open safely."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(strings.ERR_XLSX_UNREADABLE.format(name=name, detail=exc.strerror or exc)) from exc
    if size > MAX_FILE_BYTES:
        raise ValidationError(strings.ERR_XLSX_TOO_LARGE.format(name=name, mb=MAX_FILE_BYTES // (1024 * 1024)))
    if path.suffix.lower() == ".xls":
        raise ValidationError(strings.ERR_XLSX_OLD_FORMAT.format(name=name))
    if not zipfile.is_zipfile(path):
        raise ValidationError(strings.ERR_XLSX_NOT_XLSX.format(name=name))
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            names = {info.filename for info in parts}
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(strings.ERR_XLSX_NOT_XLSX.format(name=name)) from exc
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ValidationError(strings.ERR_XLSX_NOT_XLSX.format(name=name))
    total = sum(info.file_size for info in parts)
    bomb = any(info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000 for info in parts)
    if len(parts) > MAX_PARTS or total > MAX_UNCOMPRESSED_BYTES or bomb:
        raise ValidationError(strings.ERR_XLSX_BOMB.format(name=name))


def open_workbook(path: Path) -> Any:
    """An untrusted workbook, checked first, then opened as written (formulas are read, never evaluated)."""
    import openpyxl

    check_package(path)
    try:
        return openpyxl.load_workbook(path, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a damaged or hostile file
        raise ValidationError(strings.ERR_XLSX_DAMAGED.format(name=path.name)) from exc
