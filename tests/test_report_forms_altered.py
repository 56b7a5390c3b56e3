"""Altered or stale Excel forms are refused whole, with the rows named and nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from store.ledger.db import Ledger
from store.quarterly import report_forms, reports, xlsx
from store.quarterly.reports import ReportDraft
from store.work.quarters import Quarter
from tests.conftest import TODAY, dump
from tests.test_report_forms import fill, form_of, task_rows

Q3 = Quarter(2026, 3)


@pytest.fixture
def forms(demo_ledger: Ledger, tmp_path: Path) -> list[Path]:
    return report_forms.write_forms(demo_ledger, Q3, tmp_path / "forms", today=TODAY)


def _sheet(path: Path) -> tuple[openpyxl.Workbook, openpyxl.worksheet.worksheet.Worksheet]:
    book = openpyxl.load_workbook(path)
    return book, book[report_forms.FORM_SHEET]


def _prefilled(
    ledger: Ledger, forms: list[Path]
) -> tuple[Path, openpyxl.Workbook, openpyxl.worksheet.worksheet.Worksheet, int, reports.Report]:
    """县市监局's form (its Q3 reports are in, so it comes pre-filled), its first task row and the report there."""
    path = form_of(forms, "县市场监督管理局")
    book, sheet = _sheet(path)
    line = task_rows(sheet)[0]
    task_id = int(str(sheet[f"A{line}"].value)[1:])
    unit_id = int(ledger.scalar("SELECT id FROM units WHERE name = '县市场监督管理局'"))
    written = reports.latest(ledger, task_id, unit_id, Q3)
    assert written is not None
    return path, book, sheet, line, written


def _refused(ledger: Ledger, path: Path) -> list[str]:
    before = dump(ledger)
    [result] = report_forms.import_forms(ledger, [path], today=TODAY)
    assert not result.imported and dump(ledger) == before
    return result.errors


def test_a_deleted_task_row_is_refused_and_named(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    book, sheet = _sheet(path)
    lines = task_rows(sheet)
    gone = sheet[f"B{lines[1]}"].value
    sheet[f"G{lines[0]}"] = "推进中"
    sheet.delete_rows(lines[1])
    book.save(path)
    errors = _refused(demo_ledger, path)
    assert any(str(gone) in e and "被删除" in e for e in errors), errors


def test_merged_input_cells_are_refused(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    book, sheet = _sheet(path)
    line = task_rows(sheet)[0]
    sheet[f"G{line}"] = "推进中"
    sheet[f"I{line}"] = "召开推进会"
    sheet[f"J{line}"] = "经费不足"
    sheet.merge_cells(f"I{line}:J{line}")
    book.save(path)
    errors = _refused(demo_ledger, path)
    assert any(f"I{line}:J{line}" in e and "合并" in e for e in errors), errors


def test_a_fractional_percent_is_refused_not_cut(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    line = task_rows(openpyxl.load_workbook(path)[report_forms.FORM_SHEET])[0]
    fill(path, {line: {"G": "推进中", "H": 60.5}})
    errors = _refused(demo_ledger, path)
    assert any("60.5" in e and "整数" in e for e in errors), errors


def test_a_missing_identity_sheet_is_named_as_the_cause(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    book, sheet = _sheet(path)
    sheet[f"G{task_rows(sheet)[0]}"] = "推进中"
    del book[report_forms.ID_SHEET]
    book.save(path)
    errors = _refused(demo_ledger, path)
    assert len(errors) == 1 and "_taizhang" in errors[0], errors


def test_a_report_corrected_since_the_form_was_written_is_not_overwritten(
    demo_ledger: Ledger, forms: list[Path]
) -> None:
    path, book, sheet, line, written = _prefilled(demo_ledger, forms)
    task_id, unit_id = written.task_id, written.unit_id
    assert sheet[f"H{line}"].value == written.progress
    # The secretariat corrects the report after the form went out ...
    corrected = ReportDraft(task_id, unit_id, Q3, "late", 20, work_done="更正:进度滞后", received=written.received)
    reports.record(demo_ledger, corrected, today=TODAY)
    # ... and the unit sends the form back with that row as it was pre-filled (another row changed).
    other = task_rows(sheet)[1]
    sheet[f"I{other}"] = "补充:已召开推进会"
    book.save(path)
    errors = _refused(demo_ledger, path)
    shown = reports.status_text(written.status, written.progress)
    assert any("已在台账中更正" in e and "滞后 20%" in e and shown in e for e in errors), errors


def test_a_row_the_unit_changed_is_its_new_report_even_after_a_correction(
    demo_ledger: Ledger, forms: list[Path]
) -> None:
    path, book, sheet, line, written = _prefilled(demo_ledger, forms)
    task_id, unit_id = written.task_id, written.unit_id
    reports.record(demo_ledger, ReportDraft(task_id, unit_id, Q3, "late", 20, work_done="更正",
                                            received=written.received), today=TODAY)
    sheet[f"H{line}"] = 95  # the unit's own new figure
    book.save(path)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert result.imported, result.errors
    current = reports.latest(demo_ledger, task_id, unit_id, Q3)
    assert current is not None and current.progress == 95 and current.revision == written.revision + 2


def test_a_form_that_repeats_the_correction_is_fine(demo_ledger: Ledger, forms: list[Path]) -> None:
    path, book, sheet, line, written = _prefilled(demo_ledger, forms)
    task_id, unit_id = written.task_id, written.unit_id
    corrected = ReportDraft(task_id, unit_id, Q3, written.status, 99, work_done=written.work_done,
                            problems=written.problems, next_steps=written.next_steps, received=written.received)
    reports.record(demo_ledger, corrected, today=TODAY)
    sheet[f"H{line}"] = 99  # the unit wrote the same as the correction
    book.save(path)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert result.imported, result.errors
    current = reports.latest(demo_ledger, task_id, unit_id, Q3)
    assert current is not None and current.progress == 99 and current.revision == written.revision + 1


def test_a_form_written_after_the_due_day_says_so_and_names_the_office(demo_ledger: Ledger, tmp_path: Path) -> None:
    due = Q3.due_date(10)
    early = report_forms.write_forms(demo_ledger, Q3, tmp_path / "early", today=due)
    late = report_forms.write_forms(demo_ledger, Q3, tmp_path / "late", today=TODAY)
    assert TODAY > due
    early_book, late_book = openpyxl.load_workbook(early[0]), openpyxl.load_workbook(late[0])
    early_text = str(early_book[report_forms.FORM_SHEET]["B3"].value)
    late_text = str(late_book[report_forms.FORM_SHEET]["B3"].value)
    day = f"{due.year}年{due.month}月{due.day}日"
    assert f"请于 {day} 前" in early_text and "已过" not in early_text
    assert day in late_text and "已过" in late_text and "前原文件" not in late_text
    assert late_book.properties.creator == "质量创建联席会议办公室"


def test_a_spreadsheet_that_is_not_xlsx_gets_the_save_as_advice(demo_ledger: Ledger, tmp_path: Path) -> None:
    for name, data in [("城西街道.csv", "序号,任务\n1,测试\n".encode()), ("城西街道.ods", b"PK\x03\x04not really")]:
        path = tmp_path / name
        path.write_bytes(data)
        errors = _refused(demo_ledger, path)
        assert any("另存为" in e for e in errors), errors


def test_the_form_prints_legibly_with_headers_and_page_numbers_on_every_page(
    demo_ledger: Ledger, forms: list[Path]
) -> None:
    sheet = openpyxl.load_workbook(form_of(forms, "县市场监督管理局"))[report_forms.FORM_SHEET]
    assert sheet.print_title_rows == f"$1:${report_forms.HEADER_ROW}"  # title, unit, quarter and headers repeat
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    # The visible columns fit an A4 landscape page at about 95% or more: 11 pt prints at 10 pt at least.
    visible = sum(width for column, width in report_forms.WIDTHS.items() if column != report_forms.KEY)
    assert visible <= 150
    # Rows are as tall as their wrapped text: a long 工作进展 is never cut to one line.
    line = task_rows(sheet)[0]
    long_text = "召开推进会,部署下一阶段工作。" * 8
    sheet[f"I{line}"] = long_text
    xlsx.fit_row_height(sheet, line)
    assert sheet.row_dimensions[line].height >= 15 * 4
