"""Excel report forms (季度报告填报表): one .xlsx per unit, sent out, filled in, read back.

A form carries its own identity in a very hidden sheet (``_taizhang``: which ledger, quarter and
unit, and the code and title of every task row as written) and again in the workbook's custom
document properties, so it survives being re-saved by Excel, WPS or LibreOffice. Reading a form
checks the whole file (wrong ledger, quarter or unit, edited or added rows, bad status, percent out
of 0–100, text or formulas in number cells) and either imports all of it in one transaction or
refuses it with a list of row-level errors in Chinese. Importing the same form twice changes
nothing; a corrected form becomes a new revision of the reports it changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from store import strings
from store.errors import LedgerError, ValidationError
from store.ledger import settings
from store.ledger.db import Ledger
from store.ledger.files import safe_filename, write_atomically
from store.quarterly import reports, xlsx
from store.quarterly.reports import ReportDraft
from store.work import inputs, report_state, rules
from store.work.quarters import Quarter

FORM_MARK = "taizhang-report-form"
FORM_VERSION = "1"
ID_SHEET = "_taizhang"
FORM_SHEET = strings.FORM_SHEET_NAME
HEADER_ROW = 5

# Column letters of the form; A holds each row's key (T<task id> or G<target id>) and is hidden.
KEY, CODE, TITLE, DEADLINE, ROLE, PREVIOUS, STATUS, PROGRESS, WORK_DONE, PROBLEMS, NEXT_STEPS, ACTUAL = (
    "ABCDEFGHIJKL"
)
HEADERS = dict(zip("BCDEFGHIJKL", strings.FORM_HEADERS, strict=True))
INPUT_COLUMNS = (STATUS, PROGRESS, WORK_DONE, PROBLEMS, NEXT_STEPS)
# Column widths in characters (a Chinese character takes two). Together they fit an A4 landscape
# page (narrow margins) at about 95%, so 11 pt text prints at 10 pt or more; long text wraps and the
# rows are made as tall as their text.
WIDTHS = {KEY: 6, CODE: 9, TITLE: 22, DEADLINE: 14, ROLE: 6, PREVIOUS: 10, STATUS: 8, PROGRESS: 6,
          WORK_DONE: 25, PROBLEMS: 18, NEXT_STEPS: 18, ACTUAL: 8}
MAX_TEXT = 4000  # characters per text cell


def form_filename(unit_name: str, quarter: Quarter) -> str:
    """``县市场监管局_2026年第三季度报告.xlsx`` (characters Windows refuses are replaced)."""
    return safe_filename(strings.FORM_FILENAME.format(unit=unit_name, quarter=quarter.label))


# --- writing --------------------------------------------------------------------------------------


def write_forms(
    ledger: Ledger, quarter: Quarter, out_dir: Path, *, today: date, unit_ids: Sequence[int] | None = None
) -> list[Path]:
    """Write one form per unit expected to report for ``quarter`` (or just ``unit_ids``) into ``out_dir``.
    The ledger is read once for all the forms."""
    by_unit = reports.entry_rows_by_unit(ledger, quarter, today=today, unit_ids=unit_ids)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LedgerError(strings.ERR_FORMS_DIR.format(path=out_dir, detail=exc.strerror or exc)) from exc
    shared = _Shared(
        roles={task: dict(pairs) for task, pairs in report_state.reporters(ledger).items()},
        previous={(r.task_id, r.unit_id): r for r in reports.latest_for_quarter(ledger, quarter.previous())},
        due=quarter.due_date(settings.report_due_days(ledger)),
        ledger_uid=settings.ledger_uid(ledger),
        names={r["id"]: r["name"] for r in ledger.rows("SELECT id, name FROM units")},
        author=settings.office_name(ledger),
    )
    return [
        _write_form(quarter, unit_id, by_unit[unit_id], shared, out_dir, today=today) for unit_id in sorted(by_unit)
    ]


@dataclass
class _Shared:
    """What every unit's form needs from the ledger, read once."""

    roles: dict[int, dict[int, str]]
    previous: dict[tuple[int, int], reports.Report]
    due: date
    ledger_uid: str
    names: dict[int, str]
    author: str  # the file's author: the secretariat


def _write_form(
    quarter: Quarter, unit_id: int, rows: list[reports.EntryRow], shared: _Shared, out_dir: Path, *, today: date
) -> Path:
    """Write one unit's form and return its path (written whole, or not at all)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    unit_name = shared.names[unit_id]
    roles, due = shared.roles, shared.due

    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = shared.author
    sheet = book.active
    sheet.title = FORM_SHEET
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    locked_fill = PatternFill("solid", fgColor="EDEDED")
    wrap = Alignment(wrap_text=True, vertical="top")
    font = Font(name="宋体", size=11)

    sheet.merge_cells(f"{CODE}1:{ACTUAL}1")
    xlsx.put_text(sheet[f"{CODE}1"], strings.FORM_TITLE.format(quarter=quarter.label))
    sheet[f"{CODE}1"].font = Font(name="黑体", size=16, bold=True)
    sheet[f"{CODE}1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    xlsx.put_text(sheet[f"{CODE}2"], strings.FORM_UNIT_LABEL)
    xlsx.put_text(sheet[f"{TITLE}2"], unit_name)
    xlsx.put_text(sheet[f"{DEADLINE}2"], strings.FORM_QUARTER_LABEL)
    xlsx.put_text(sheet[f"{ROLE}2"], quarter.label)
    xlsx.put_text(sheet[f"{STATUS}2"], strings.FORM_DUE_LABEL)
    due_words = rules.cn_date(due)
    xlsx.put_text(sheet[f"{PROGRESS}2"], due_words)
    sheet.merge_cells(f"{CODE}3:{ACTUAL}3")
    # A form written after the day reports were due says so, rather than "请于(a past day)前报送".
    instructions = strings.FORM_INSTRUCTIONS_LATE if today > due else strings.FORM_INSTRUCTIONS
    xlsx.put_text(sheet[f"{CODE}3"], instructions.format(due=due_words))
    sheet[f"{CODE}3"].alignment = wrap
    sheet.row_dimensions[3].height = 48
    for cell in (sheet[f"{TITLE}2"], sheet[f"{ROLE}2"], sheet[f"{PROGRESS}2"]):
        cell.font = Font(name="宋体", size=11, bold=True)

    for column, title in HEADERS.items():
        cell = sheet[f"{column}{HEADER_ROW}"]
        xlsx.put_text(cell, title)
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = box
    xlsx.put_text(sheet[f"{KEY}{HEADER_ROW}"], "key")

    status_list = DataValidation(
        type="list", formula1='"' + ",".join(strings.REPORT_STATUS.values()) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle=strings.FORM_STATUS_ERROR_TITLE, error=strings.FORM_STATUS_ERROR,
        showInputMessage=True, promptTitle=strings.FORM_STATUS_PROMPT_TITLE, prompt=strings.FORM_STATUS_PROMPT,
    )
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True, showErrorMessage=True,
        errorTitle=strings.FORM_PROGRESS_ERROR_TITLE, error=strings.FORM_PROGRESS_ERROR,
    )
    number = DataValidation(
        type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True,
        showErrorMessage=True, errorTitle=strings.FORM_NUMBER_ERROR_TITLE, error=strings.FORM_NUMBER_ERROR,
    )
    for validation in (status_list, percent, number):
        sheet.add_data_validation(validation)

    # (key, id, code, title, the revision the row was filled from: 0 none) for the hidden sheet
    identity: list[tuple[str, int, str, str, int]] = []
    line = HEADER_ROW
    for entry in rows:
        line += 1
        task, current = entry.task, entry.report
        before = shared.previous.get((task.id, unit_id))
        key = f"T{task.id}"
        identity.append((key, task.id, task.code, task.title, current.revision if current else 0))
        values: dict[str, object] = {
            KEY: key, CODE: task.code, TITLE: task.title,
            DEADLINE: rules.describe_rrule(task.rrule) if task.rrule else rules.cn_date(task.deadline.day) if task.deadline.day else strings.NO_DEADLINE,
            ROLE: strings.ROLE_LABELS.get(roles.get(task.id, {}).get(unit_id, ""), ""),
            PREVIOUS: _previous_label(before),
        }
        if current is not None:
            values.update({
                STATUS: current.status_label, PROGRESS: current.progress, WORK_DONE: current.work_done,
                PROBLEMS: current.problems, NEXT_STEPS: current.next_steps,
            })
        _fill_row(sheet, line, values, editable=INPUT_COLUMNS, font=font, wrap=wrap, box=box, grey=locked_fill)
        status_list.add(f"{STATUS}{line}")
        percent.add(f"{PROGRESS}{line}")
        for target_id, label in entry.targets:
            line += 1
            key = f"G{target_id}"
            identity.append((key, target_id, "", label, 0))
            actual = current.actuals.get(target_id) if current is not None else None
            _fill_row(
                sheet, line, {KEY: key, TITLE: strings.FORM_TARGET_ROW.format(target=label), ACTUAL: actual},
                editable=(ACTUAL,), font=font, wrap=wrap, box=box, grey=locked_fill,
            )
            number.add(f"{ACTUAL}{line}")

    last_task_line = line
    line = _write_signoff(sheet, line + 2, identity, font=font, box=box)

    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    for number in range(HEADER_ROW, last_task_line + 1):  # the header row too: its titles wrap in narrow columns
        xlsx.fit_row_height(sheet, number, line_height=16.5)  # CJK fallback fonts (LibreOffice) run taller than 宋体
    sheet.column_dimensions[KEY].hidden = True
    sheet.freeze_panes = f"{STATUS}{HEADER_ROW + 1}"
    sheet.print_title_rows = f"1:{HEADER_ROW}"  # title, unit, quarter and column headers on every page
    sheet.oddFooter.center.text = strings.FORM_FOOTER
    sheet.oddFooter.center.size = 10
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top, margins.bottom, margins.footer = 0.5, 0.7, 0.3
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Key columns are protected; the input cells are unlocked. No password: the secretariat can
    # always unprotect, and the import checks every row against the hidden copy anyway.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False
    for cell in sheet[f"{KEY}1":f"{KEY}{max(line, HEADER_ROW)}"]:
        cell[0].protection = Protection(locked=True, hidden=True)

    meta = {
        "form": FORM_MARK, "version": FORM_VERSION, "ledger": shared.ledger_uid,
        "quarter": str(quarter), "unit_id": str(unit_id), "unit": unit_name, "created": today.isoformat(),
    }
    _write_identity(book, meta, identity)
    path = out_dir / form_filename(unit_name, quarter)
    write_atomically(path, lambda temp: book.save(temp))
    return path


def _write_signoff(sheet: Any, first: int, identity: list[tuple[str, int, str, str, int]], *, font: Any, box: Any) -> int:
    """The 填报人 / 联系电话 / 填报日期 / 单位负责人(签字) block under the table, with room for the seal.
    Each line has its key (S1…) like a task row; the unit writes in column D. Returns the last line."""
    from openpyxl.styles import Alignment, Font, Protection

    line = first
    for number, (label, field_name) in enumerate(strings.FORM_SIGNOFF, start=1):
        key = f"S{number}"
        identity.append((key, 0, field_name, label, 0))
        xlsx.put_text(sheet[f"{KEY}{line}"], key)
        label_cell = sheet[f"{TITLE}{line}"]
        xlsx.put_text(label_cell, label)
        label_cell.font = Font(name="宋体", size=11, bold=True)
        label_cell.alignment = Alignment(horizontal="right", vertical="center")
        sheet.merge_cells(f"{DEADLINE}{line}:{PREVIOUS}{line}")  # room for a phone number or a date
        for column in (DEADLINE, ROLE, PREVIOUS):
            entry = sheet[f"{column}{line}"]
            entry.font = font
            entry.border = box
            entry.alignment = Alignment(wrap_text=True, vertical="center")
            entry.protection = Protection(locked=False)
        sheet.row_dimensions[line].height = 24
        line += 1
    seal = sheet[f"{WORK_DONE}{first}"]
    xlsx.put_text(seal, strings.FORM_SEAL)
    seal.font = Font(name="宋体", size=11, bold=True)
    return line - 1


def _fill_row(
    sheet: Any, line: int, values: dict[str, object], *, editable: Sequence[str], font: Any, wrap: Any, box: Any,
    grey: Any,
) -> None:
    from openpyxl.styles import Protection

    for column in "BCDEFGHIJKL":
        cell = sheet[f"{column}{line}"]
        value = values.get(column)
        if value is not None and value != "":
            xlsx.put_text(cell, value)
        cell.font = font
        cell.alignment = wrap
        cell.border = box
        if column in editable:
            cell.protection = Protection(locked=False)
        else:
            cell.fill = grey
    xlsx.put_text(sheet[f"{KEY}{line}"], values[KEY])


def _previous_label(report: reports.Report | None) -> str:
    if report is None:
        return strings.FORM_PREVIOUS_NONE
    return report.status_text


def _write_identity(book: Any, meta: dict[str, str], identity: Sequence[tuple[str, int, str, str, int]]) -> None:
    from openpyxl.packaging.custom import StringProperty

    hidden = book.create_sheet(ID_SHEET)
    hidden.sheet_state = "veryHidden"
    for number, (name, value) in enumerate(meta.items(), start=1):
        xlsx.put_text(hidden.cell(number, 1), name)
        xlsx.put_text(hidden.cell(number, 2), value)
    start = len(meta) + 2
    for number, (key, item_id, code, title, revision) in enumerate(identity, start=start):
        for column, cell_value in enumerate((key, item_id, code, title, revision), start=1):
            xlsx.put_text(hidden.cell(number, column), cell_value)
    hidden.protection.sheet = True
    for name, value in meta.items():
        book.custom_doc_props.append(StringProperty(name=f"taizhang.{name}", value=value))


# --- reading --------------------------------------------------------------------------------------


@dataclass
class FormResult:
    """What reading one filled form found: its reports, or the reasons it is refused."""

    path: Path
    unit_id: int | None = None
    unit_name: str = ""
    quarter: Quarter | None = None
    drafts: list[ReportDraft] = field(default_factory=list)
    blank: int = 0  # task rows the unit left empty (still missing)
    errors: list[str] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0
    imported: bool = False
    signoff: reports.Signoff | None = None

    @property
    def summary(self) -> str:
        """One line for the CLI and the screen."""
        if self.errors:
            return strings.FORM_REFUSED.format(name=self.path.name, count=len(self.errors))
        quarter = self.quarter.label if self.quarter else ""
        line = strings.FORM_IMPORTED.format(
            name=self.path.name, unit=self.unit_name, quarter=quarter, changed=self.changed,
            unchanged=self.unchanged, blank=self.blank,
        )
        signed = self.signoff.words if self.signoff else ""
        return f"{line} {signed}" if signed else line


def read_form(ledger: Ledger, path: Path, *, today: date, quarter: Quarter | None = None,
              received: date | None = None) -> FormResult:
    """Read and check a filled form without writing anything. ``quarter``: the quarter the clerk
    is importing for (a form of another quarter is refused)."""
    result = FormResult(path=path)
    try:
        book = xlsx.open_workbook(path)
    except ValidationError as exc:
        result.errors.append(str(exc))
        return result
    meta, identity = _read_identity(book)
    if meta.get("form") != FORM_MARK:
        result.errors.append(strings.ERR_FORM_NOT_FORM.format(name=path.name))
        return result
    # Read, never made here: a ledger that has issued no form has no id, and no form is its own.
    if not meta.get("ledger") or meta.get("ledger") != settings.get(ledger, "ledger_uid"):
        result.errors.append(strings.ERR_FORM_OTHER_LEDGER.format(name=path.name, unit=meta.get("unit", "")))
        return result
    try:
        form_quarter = Quarter.parse(meta.get("quarter", ""))
        unit_id = int(meta.get("unit_id", ""))
    except (LedgerError, ValueError):
        result.errors.append(strings.ERR_FORM_NOT_FORM.format(name=path.name))
        return result
    result.quarter, result.unit_id = form_quarter, unit_id
    result.unit_name = meta.get("unit", "")
    if quarter is not None and form_quarter != quarter:
        result.errors.append(strings.ERR_FORM_WRONG_QUARTER.format(form=form_quarter.label, chosen=quarter.label))
        return result
    unit = ledger.row("SELECT name FROM units WHERE id = ?", [unit_id])
    if unit is None:
        result.errors.append(strings.ERR_FORM_UNIT_GONE.format(unit=result.unit_name))
        return result
    if FORM_SHEET not in book.sheetnames:
        result.errors.append(strings.ERR_FORM_SHEET_GONE.format(sheet=FORM_SHEET))
        return result
    sheet = book[FORM_SHEET]
    if _text(sheet[f"{TITLE}2"].value) != result.unit_name or _text(sheet[f"{ROLE}2"].value) != form_quarter.label:
        result.errors.append(strings.ERR_FORM_HEADER_EDITED.format(unit=result.unit_name, quarter=form_quarter.label))
        return result
    if not identity:
        result.errors.append(strings.ERR_FORM_ID_SHEET_GONE.format(name=path.name))
        return result
    header = _find_header(sheet)
    if header is None:
        result.errors.append(strings.ERR_FORM_STRUCTURE)
        return result
    last_row = max(
        (line for line in range(header + 1, sheet.max_row + 1) if re.fullmatch(r"[TG]\d+", _text(sheet[f"{KEY}{line}"].value))),
        default=header,
    )
    merged = [
        str(cells) for cells in sheet.merged_cells.ranges
        if cells.max_row > header and not _is_signoff_entry(cells, last_row)
    ]  # fmt: skip
    if merged:
        result.errors.append(strings.ERR_FORM_MERGED.format(cells="、".join(sorted(merged))))
        return result
    _read_rows(ledger, sheet, header, identity, result, received=received or today)
    return result


def _is_signoff_entry(cells: Any, last_row: int) -> bool:
    """The sign-off block's own entry cells (D:F of a line below the table), merged as written."""
    return (
        cells.min_row == cells.max_row
        and cells.min_row > last_row
        and (cells.min_col, cells.max_col) == (ord(DEADLINE) - 64, ord(PREVIOUS) - 64)
    )


def _read_identity(book: Any) -> tuple[dict[str, str], dict[str, tuple[int, str, str, int | None]]]:
    meta: dict[str, str] = {}
    identity: dict[str, tuple[int, str, str, int | None]] = {}
    if ID_SHEET in book.sheetnames:
        hidden = book[ID_SHEET]
        for row in hidden.iter_rows(max_col=5, values_only=True):
            first = _text(row[0])
            if re.fullmatch(r"[TGS]\d+", first):
                # The revision the row was filled from (forms written before it was kept: None).
                base = int(_text(row[4])) if len(row) > 4 and _text(row[4]).isdigit() else None
                identity[first] = (int(_text(row[1]) or 0), _text(row[2]), _text(row[3]), base)
            elif first and row[1] is not None:
                meta[first] = _text(row[1])
    if meta.get("form") != FORM_MARK:
        # The hidden sheet was lost; the document properties still say which form this is.
        for prop in getattr(book, "custom_doc_props", []) or []:
            name = getattr(prop, "name", "")
            if name.startswith("taizhang."):
                meta[name.removeprefix("taizhang.")] = _text(getattr(prop, "value", ""))
    return meta, identity


def _same(value: object, wanted: str) -> bool:
    """A label as written, whatever the width of its punctuation (forms before 2026-12 used ASCII)."""
    return unicodedata.normalize("NFKC", _text(value)) == unicodedata.normalize("NFKC", wanted)


def _find_header(sheet: Any) -> int | None:
    """The header row (rows may have been inserted above it); its titles must be as written."""
    for line in range(1, 40):
        if _text(sheet[f"{CODE}{line}"].value) == HEADERS[CODE]:
            if all(_same(sheet[f"{col}{line}"].value, title) for col, title in HEADERS.items()):
                return line
            return None
    return None


def _read_rows(
    ledger: Ledger, sheet: Any, header: int, identity: dict[str, tuple[int, str, str, int | None]],
    result: FormResult,
    *, received: date,
) -> None:
    assert result.unit_id is not None and result.quarter is not None
    errors = result.errors
    reporters = report_state.reporters(ledger)
    targets_of: dict[int, int] = {
        r["id"]: r["task_id"] for r in ledger.rows("SELECT id, task_id FROM targets")
    }
    known_tasks = {r["id"] for r in ledger.rows("SELECT id FROM tasks")}
    seen: set[str] = set()
    draft: ReportDraft | None = None
    refused: set[int] = set()  # tasks whose row is refused: their target rows are not judged again
    filled_targets: dict[int, tuple[int, float]] = {}  # task id → (line, value) of a target with no report
    signed: dict[str, object] = {}

    def finish() -> None:
        nonlocal draft
        if draft is not None:
            result.drafts.append(draft)
        draft = None

    for line in range(header + 1, sheet.max_row + 1):
        cells = {col: sheet[f"{col}{line}"] for col in "ABCDEFGHIJKL"}
        key = _text(cells[KEY].value)
        if not key:
            if any(_text(cells[col].value) for col in "BCDEFGHIJKL"):
                errors.append(_at(line, None, strings.ERR_FORM_ROW_ADDED))
            continue
        if key not in identity:
            errors.append(_at(line, None, strings.ERR_FORM_ROW_UNKNOWN))
            continue
        if key in seen:
            errors.append(_at(line, None, strings.ERR_FORM_ROW_DUPLICATE))
            continue
        seen.add(key)
        item_id, code, title, base = identity[key]
        if key.startswith("S"):
            _read_signoff_line(cells, line, code, title, signed, errors)
            continue
        if key.startswith("T"):
            finish()
            problem = None
            if _text(cells[CODE].value) != code or _text(cells[TITLE].value) != title:
                problem = strings.ERR_FORM_ROW_EDITED.format(code=code or title)
            elif item_id not in known_tasks:
                problem = strings.ERR_FORM_TASK_GONE.format(code=code or title)
            elif result.unit_id not in [unit for unit, _ in reporters.get(item_id, [])]:
                problem = strings.ERR_FORM_NOT_UNITS_TASK.format(code=code or title)
            if problem is not None:
                errors.append(_at(line, None, problem))
                refused.add(item_id)
                continue
            before = len(errors)
            draft = _read_task_row(cells, line, item_id, result, errors, received)
            if draft is not None and base is not None:
                _check_not_newer(ledger, draft, base, line, code or title, errors)
            if len(errors) > before:
                refused.add(item_id)
                draft = None
            elif draft is None:
                result.blank += 1
        else:
            if not _same(cells[TITLE].value, strings.FORM_TARGET_ROW.format(target=title)):
                errors.append(_at(line, None, strings.ERR_FORM_ROW_EDITED.format(code=title)))
                continue
            value = _number(cells[ACTUAL], line, errors)
            if value is None:
                continue
            task_id = targets_of.get(item_id)
            if task_id in refused:
                continue
            if draft is not None and task_id == draft.task_id:
                draft.actuals[item_id] = value
            elif task_id is not None:
                filled_targets[task_id] = (line, value)
            else:
                errors.append(_at(line, None, strings.ERR_FORM_TASK_GONE.format(code=title)))
    finish()
    if signed:
        filled_on = signed.get("filled_on")
        result.signoff = reports.Signoff(
            str(signed.get("filled_by", "")), str(signed.get("phone", "")),
            filled_on if isinstance(filled_on, date) else None, str(signed.get("head", "")), result.path.name,
        )
    for key, (_, code, title, _) in identity.items():  # every task row written must still be there
        if key.startswith("T") and key not in seen:
            errors.append(strings.ERR_FORM_ROW_DELETED.format(code=code or title))
    reported = {d.task_id for d in result.drafts}
    for task_id, (line, _value) in filled_targets.items():
        if task_id not in reported:
            errors.append(_at(line, HEADERS[STATUS], strings.ERR_FORM_TARGET_WITHOUT_STATUS))
    if not errors and not result.drafts:
        errors.append(strings.ERR_FORM_EMPTY.format(name=result.path.name))


def _check_not_newer(ledger: Ledger, draft: ReportDraft, base: int, line: int, code: str, errors: list[str]) -> None:
    """A row the unit left as it was filled (from revision ``base``) while the report has been
    corrected in the ledger since: the form's older values are not saved over the correction. A row
    the unit changed is its new report, a new revision as always."""
    current = reports.latest(ledger, draft.task_id, draft.unit_id, draft.quarter)
    if current is None or current.revision == base or base == 0:
        return
    if current.content(with_received=False) == draft.content(with_received=False):
        return
    filled = reports.revision(ledger, draft.task_id, draft.unit_id, draft.quarter, base)
    if filled is None or filled.content(with_received=False) != draft.content(with_received=False):
        return
    errors.append(_at(line, None, strings.ERR_FORM_CHANGED_SINCE.format(
        code=code, revision=current.revision, ledger=current.status_text,
        form=reports.status_text(draft.status, draft.progress))))


def _read_task_row(
    cells: dict[str, Any], line: int, task_id: int, result: FormResult, errors: list[str], received: date
) -> ReportDraft | None:
    assert result.unit_id is not None and result.quarter is not None
    count = len(errors)
    for column in INPUT_COLUMNS:
        if cells[column].data_type == "f":
            errors.append(_at(line, HEADERS[column], strings.ERR_FORM_FORMULA))
    if len(errors) > count:
        return None
    status_text = _text(cells[STATUS].value)
    progress = _percent(cells[PROGRESS], line, errors)
    texts = {}
    for column in (WORK_DONE, PROBLEMS, NEXT_STEPS):
        texts[column] = _text(cells[column].value)
        if len(texts[column]) > MAX_TEXT:
            errors.append(_at(line, HEADERS[column], strings.ERR_FORM_TEXT_TOO_LONG.format(limit=MAX_TEXT)))
    if not status_text:
        if progress is not None or any(texts.values()):
            errors.append(_at(line, HEADERS[STATUS], strings.ERR_FORM_STATUS_MISSING))
        return None
    try:
        status = reports.parse_status(status_text)
    except ValidationError:
        errors.append(_at(line, HEADERS[STATUS], strings.ERR_REPORT_STATUS.format(
            text=status_text, choices="、".join(strings.REPORT_STATUS.values()))))
        return None
    if len(errors) > count:
        return None
    return ReportDraft(
        task_id=task_id, unit_id=result.unit_id, quarter=result.quarter, status=status, progress=progress,
        work_done=texts[WORK_DONE], problems=texts[PROBLEMS], next_steps=texts[NEXT_STEPS], received=received,
    )


SIGNOFF_MAX = 40  # characters in a sign-off cell


def _read_signoff_line(
    cells: dict[str, Any], line: int, field_name: str, label: str, signed: dict[str, object], errors: list[str]
) -> None:
    """One line of the sign-off block: its label as written, the unit's entry in column D."""
    if unicodedata.normalize("NFKC", _text(cells[TITLE].value)) != unicodedata.normalize("NFKC", label):
        errors.append(_at(line, None, strings.ERR_FORM_SIGNOFF_EDITED.format(label=label)))
        return
    cell = cells[DEADLINE]
    if cell.data_type == "f":
        errors.append(_at(line, label, strings.ERR_FORM_FORMULA))
        return
    value = cell.value
    if field_name == "filled_on":
        if value is None or _text(value) == "":
            return
        day: date | None
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            try:  # the same reading as the app's date fields: 2026年10月9日, 2026-10-09, 2026/10/9
                day = inputs.parse_date_input(unicodedata.normalize("NFKC", _text(value)))
            except ValidationError:
                errors.append(_at(line, label, strings.ERR_FORM_SIGNOFF_DATE.format(text=_text(value))))
                return
        signed[field_name] = day
        return
    text = _text(value)
    if len(text) > SIGNOFF_MAX:
        errors.append(_at(line, label, strings.ERR_FORM_SIGNOFF_TOO_LONG.format(label=label, limit=SIGNOFF_MAX)))
        return
    if text:
        signed[field_name] = text


def _at(line: int, column: str | None, message: str) -> str:
    if column is None:
        return strings.FORM_ERROR_ROW.format(row=line, message=message)
    return strings.FORM_ERROR_CELL.format(row=line, column=column, message=message)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _percent(cell: Any, line: int, errors: list[str]) -> int | None:
    column = HEADERS[PROGRESS]
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        errors.append(_at(line, column, strings.ERR_FORM_NOT_NUMBER.format(text=value)))
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in (cell.number_format or "") and 0 <= number <= 1:
            number *= 100  # typed as 60% in a percent-formatted cell: stored as 0.6
    else:
        text = str(value).strip().rstrip("%\uff05").strip()
        try:
            number = float(text)
        except ValueError:
            errors.append(_at(line, column, strings.ERR_FORM_NOT_NUMBER.format(text=str(value).strip())))
            return None
    if not 0 <= number <= 100:
        errors.append(_at(line, column, strings.ERR_FORM_PERCENT_RANGE.format(text=_text(value))))
        return None
    if abs(number - round(number)) > 1e-6:  # 60.5 is refused, never cut to 60
        errors.append(_at(line, column, strings.ERR_FORM_PERCENT_FRACTION.format(text=f"{number:g}")))
        return None
    return round(number)


def _number(cell: Any, line: int, errors: list[str]) -> float | None:
    column = HEADERS[ACTUAL]
    value = cell.value
    if cell.data_type == "f":
        errors.append(_at(line, column, strings.ERR_FORM_FORMULA))
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "").replace(",", ""))
    except ValueError:
        errors.append(_at(line, column, strings.ERR_FORM_NOT_NUMBER.format(text=str(value).strip())))
        return None


def import_forms(
    ledger: Ledger, paths: Sequence[Path], *, today: date, quarter: Quarter | None = None,
    received: date | None = None, who: str | None = None,
) -> list[FormResult]:
    """Read and import each form: each file whole in one transaction, or refused with its errors."""
    results = []
    for path in paths:
        result = read_form(ledger, path, today=today, quarter=quarter, received=received)
        if not result.errors:
            _save(ledger, result, today=today, who=who)
        results.append(result)
    return results


def _save(ledger: Ledger, result: FormResult, *, today: date, who: str | None) -> None:
    """Write one form's reports in one transaction. A report the form repeats unchanged (whatever
    day it arrives) is left as it is, so importing the same form twice changes nothing."""
    try:
        with ledger.write():
            for draft in result.drafts:
                current = reports.latest(ledger, draft.task_id, draft.unit_id, draft.quarter)
                if current is not None and current.content(with_received=False) == draft.content(with_received=False):
                    result.unchanged += 1
                    continue
                _saved, changed = reports.record(ledger, draft, today=today, who=who)
                result.changed += changed
                result.unchanged += not changed
            if result.signoff is not None and result.unit_id is not None and result.quarter is not None:
                reports.record_signoff(ledger, result.unit_id, result.quarter, result.signoff)
    except ValidationError as exc:
        result.changed = result.unchanged = 0
        result.errors.append(str(exc))
        return
    result.imported = True
