"""The form's sign-off block (填报人 / 联系电话 / 填报日期 / 单位负责人): written under the table, read back,
kept with the unit's reports of the quarter; and a form re-saved by LibreOffice still imports."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from store import strings
from store.ledger import history
from store.ledger.db import Ledger
from store.quarterly import report_forms, reports
from store.work.quarters import Quarter
from tests.conftest import TODAY, dump
from tests.test_report_forms import fill, form_of, task_rows

Q3 = Quarter(2026, 3)
UNIT = "城西街道办事处"


@pytest.fixture
def form(demo_ledger: Ledger, tmp_path: Path) -> Path:
    return form_of(report_forms.write_forms(demo_ledger, Q3, tmp_path / "forms", today=TODAY), UNIT)


def _signoff_lines(path: Path) -> dict[str, int]:
    sheet = openpyxl.load_workbook(path)[report_forms.FORM_SHEET]
    return {
        str(sheet[f"C{line}"].value): line
        for line in range(1, sheet.max_row + 1)
        if str(sheet[f"A{line}"].value or "").startswith("S")
    }


def _unit_id(ledger: Ledger) -> int:
    return int(ledger.scalar("SELECT id FROM units WHERE name = ?", [UNIT]))


def _fill_and_sign(path: Path, signed: dict[str, object]) -> None:
    sheet = openpyxl.load_workbook(path)[report_forms.FORM_SHEET]
    first = task_rows(sheet)[0]
    lines = _signoff_lines(path)
    cells: dict[int, dict[str, object]] = {first: {"G": "推进中", "H": 40, "I": "已完成摸底"}}
    for label, value in signed.items():
        cells[lines[label]] = {"D": value}
    fill(path, cells)


def test_the_block_sits_under_the_table_with_input_cells_the_unit_can_type_in(form: Path) -> None:
    sheet = openpyxl.load_workbook(form)[report_forms.FORM_SHEET]
    lines = _signoff_lines(form)
    assert list(lines) == [label for label, _ in strings.FORM_SIGNOFF]
    assert min(lines.values()) > max(task_rows(sheet)) + 1  # a blank line between table and block
    for line in lines.values():
        assert sheet[f"D{line}"].protection.locked is False
        assert sheet[f"C{line}"].protection.locked is not False
    assert any(sheet[f"I{line}"].value == strings.FORM_SEAL for line in lines.values())


def test_the_signoff_is_read_back_and_kept_with_the_quarters_reports(demo_ledger: Ledger, form: Path) -> None:
    _fill_and_sign(form, {"填报人": "张晓敏", "联系电话": "0874-1234567", "填报日期": "2026年10月9日",
                          "单位负责人(签字)": "李建国"})  # fmt: skip
    [result] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    assert result.imported, result.errors
    assert "填报人 张晓敏(电话 0874-1234567)" in result.summary
    kept = reports.signoff(demo_ledger, _unit_id(demo_ledger), Q3)
    assert kept == reports.Signoff("张晓敏", "0874-1234567", date(2026, 10, 9), "李建国", form.name)

    before = dump(demo_ledger)
    [again] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    assert again.imported and dump(demo_ledger) == before  # the same form twice changes nothing

    history.undo(demo_ledger)  # undoing the import forgets who signed it too
    assert reports.signoff(demo_ledger, _unit_id(demo_ledger), Q3) is None


def test_a_date_typed_as_a_date_cell_is_read_too(demo_ledger: Ledger, form: Path) -> None:
    _fill_and_sign(form, {"填报人": "张晓敏", "填报日期": date(2026, 10, 12)})
    [result] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    assert result.imported
    kept = reports.signoff(demo_ledger, _unit_id(demo_ledger), Q3)
    assert kept is not None and kept.filled_on == date(2026, 10, 12) and kept.phone == ""


def test_an_unreadable_signoff_date_is_refused_with_its_line_and_nothing_is_written(
    demo_ledger: Ledger, form: Path
) -> None:
    _fill_and_sign(form, {"填报人": "张晓敏", "填报日期": "十月上旬"})
    before = dump(demo_ledger)
    [result] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    line = _signoff_lines(form)["填报日期"]
    assert not result.imported and dump(demo_ledger) == before
    assert any(f"第 {line} 行" in e and "十月上旬" in e for e in result.errors), result.errors


def test_a_form_left_unsigned_imports_as_before(demo_ledger: Ledger, form: Path) -> None:
    _fill_and_sign(form, {})
    [result] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    assert result.imported and "填报人" not in result.summary
    assert reports.signoff(demo_ledger, _unit_id(demo_ledger), Q3) is None


def test_a_form_written_with_ascii_punctuation_still_imports(demo_ledger: Ledger, form: Path) -> None:
    """Forms sent before the labels became full-width (完成进度(%) → 完成进度(%)) are still read."""
    book = openpyxl.load_workbook(form)
    sheet = book[report_forms.FORM_SHEET]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = cell.value.replace("(", "(").replace(")", ")").replace(":", ":")
    line = task_rows(sheet)[0]
    sheet[f"G{line}"] = "推进中"
    book.save(form)
    [result] = report_forms.import_forms(demo_ledger, [form], today=TODAY)
    assert result.imported, result.errors


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_a_form_filled_and_resaved_by_libreoffice_makes_the_round_trip(
    demo_ledger: Ledger, form: Path, tmp_path: Path
) -> None:
    """A unit opens the form in LibreOffice and saves it again as .xlsx: its reports and sign-off
    still import, and the checks still refuse what they should."""
    _fill_and_sign(form, {"填报人": "张晓敏", "填报日期": "2026年10月9日"})
    out = tmp_path / "libreoffice"
    out.mkdir()
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(form)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    resaved = out / form.name
    assert resaved.exists()
    [result] = report_forms.import_forms(demo_ledger, [resaved], today=TODAY)
    assert result.imported, result.errors
    kept = reports.signoff(demo_ledger, _unit_id(demo_ledger), Q3)
    assert kept is not None and kept.filled_by == "张晓敏" and kept.filled_on == date(2026, 10, 9)
    line = task_rows(openpyxl.load_workbook(resaved)[report_forms.FORM_SHEET])[0]
    fill(resaved, {line: {"H": 60.5}})  # the fractional percent is still refused after LibreOffice
    [refused] = report_forms.import_forms(demo_ledger, [resaved], today=TODAY)
    assert not refused.imported and any("不是整数" in e for e in refused.errors)
