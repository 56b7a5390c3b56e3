"""The 催报清单 (units still missing a quarter's reports) written out: as text and as an .xlsx sheet.

Each file is written to a temporary file beside it and then moved into place, so a failure (disk
full, file open in Excel) leaves the earlier file, or nothing, never half a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from store import strings
from store.ledger.files import write_atomically
from store.quarterly.reports import UnitSubmission, missing_text
from store.quarterly.xlsx import fit_columns, put_text
from store.work.quarters import Quarter


def chase_file_stem(quarter: Quarter, today: date) -> str:
    """``2026年第三季度催报清单_2026-11-21``: the quarter and the day, so exports of different days differ."""
    return strings.CHASE_FILE_STEM.format(quarter=quarter.label, day=today.isoformat())


def write_chase_text(chase: Sequence[UnitSubmission], quarter: Quarter, path: Path) -> Path:
    """The 催报清单 as a .txt file: UTF-8 with a BOM and CRLF line ends, so that Notepad on an old
    Windows PC shows the Chinese and the lines (without them it shows mojibake on one line)."""
    text = missing_text(chase, quarter)

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="\r\n") as out:
            out.write(text + "\n")

    return write_atomically(path, write)


def write_chase_xlsx(chase: Sequence[UnitSubmission], quarter: Quarter, path: Path, *, today: date) -> Path:
    """The 催报清单 as an .xlsx sheet: a title, a bold frozen header, one row per missing report
    (unit, contact, phone on each row so the sheet can be filtered and sorted), set to print on A4
    landscape with the header on every page. Text is always text (a name like ``=1+1`` stays a name)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = strings.CHASE_SHEET_NAME
    headers = strings.CHASE_XLSX_HEADERS
    header_row = 3  # 1: title, 2: as of which day
    for column, label in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column)
        put_text(cell, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    row = header_row
    for number, entry in enumerate(chase, start=1):
        for code, title in entry.missing:
            row += 1
            values: list[object] = [
                number, entry.display_name, entry.contact, entry.phone,
                strings.CHASE_XLSX_COUNT.format(missing=len(entry.missing), expected=entry.expected), code, title,
            ]
            for column, value in enumerate(values, start=1):
                put_text(sheet.cell(row=row, column=column), value)
    if not chase:
        put_text(sheet.cell(row=header_row + 1, column=2), strings.CHASE_NONE.format(quarter=quarter.label))
    # Widths from the table only (the long title above would widen column A).
    fit_columns(sheet)
    sheet.column_dimensions[get_column_letter(len(headers))].width = 60
    for cells in sheet.iter_rows(min_row=header_row + 1, min_col=len(headers), max_col=len(headers)):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    title = sheet.cell(row=1, column=1)
    put_text(title, strings.CHASE_TITLE.format(quarter=quarter.label, count=len(chase)))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    put_text(sheet.cell(row=2, column=1), strings.CHASE_XLSX_AS_OF.format(day=today.isoformat()))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    return write_atomically(path, lambda temp: book.save(temp))
