"""Excel report forms: written per unit, filled with openpyxl as a unit would (mistakes included),
read back whole or refused whole; re-saved through LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from store.ledger import settings
from store.ledger.db import Ledger
from store.quarterly import report_forms, reports
from store.samples import demo
from store.work import tasks, units
from store.work.quarters import Quarter
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY, dump
from tui.cli import cli

Q3 = Quarter(2026, 3)
FIRST = report_forms.HEADER_ROW + 1


def form_of(paths: list[Path], unit: str) -> Path:
    return next(p for p in paths if p.name.startswith(unit))


def task_rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[int]:
    """Line numbers of the task rows (not the target rows)."""
    return [
        line for line in range(FIRST, sheet.max_row + 1)
        if str(sheet[f"A{line}"].value or "").startswith("T")
    ]


def fill(path: Path, rows: dict[int, dict[str, object]]) -> None:
    """Type into the form as a unit would: {line: {column letter: value}}, then save."""
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    for line, cells in rows.items():
        for column, value in cells.items():
            sheet[f"{column}{line}"] = value
    book.save(path)


def fill_all(path: Path, status: str = "推进中", progress: object = 50) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    for line in task_rows(sheet):
        sheet[f"G{line}"] = status
        sheet[f"H{line}"] = progress
        sheet[f"I{line}"] = "已完成摸底调查"
    book.save(path)


@pytest.fixture
def forms(demo_ledger: Ledger, tmp_path: Path) -> list[Path]:
    return report_forms.write_forms(demo_ledger, Q3, tmp_path / "forms", today=TODAY)


def test_one_form_per_reporting_unit_named_after_it(demo_ledger: Ledger, forms: list[Path]) -> None:
    expected_units = {s.name for s in reports.submission(demo_ledger, Q3)}
    assert len(forms) == len(expected_units)
    assert {p.name for p in forms} == {f"{name}_2026年第三季度报告.xlsx" for name in expected_units}
    path = form_of(forms, "城西街道办事处")
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    assert sheet["C2"].value == "城西街道办事处"
    assert sheet["E2"].value == "2026年第三季度"
    lines = task_rows(sheet)
    submission = next(s for s in reports.submission(demo_ledger, Q3) if s.name == "城西街道办事处")
    assert [(sheet[f"B{n}"].value, sheet[f"C{n}"].value) for n in lines] == submission.missing
    assert all(sheet[f"D{n}"].value for n in lines)  # a deadline (or recurrence) on every task


def test_form_has_status_dropdown_protection_and_a_hidden_identity(forms: list[Path]) -> None:
    book = openpyxl.load_workbook(form_of(forms, "县住房和城乡建设局"))
    sheet = book[report_forms.FORM_SHEET]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == '"未启动,推进中,已完成,滞后,暂缓"'
    first = task_rows(sheet)[0]
    assert f"G{first}" in str(lists[0].sqref)
    assert sheet.protection.sheet
    assert sheet[f"B{first}"].protection.locked and sheet[f"C{first}"].protection.locked
    assert not sheet[f"G{first}"].protection.locked and not sheet[f"I{first}"].protection.locked
    assert sheet.column_dimensions["A"].hidden
    assert book[report_forms.ID_SHEET].sheet_state == "veryHidden"
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props["taizhang.quarter"] == "2026Q3" and props["taizhang.unit"] == "县住房和城乡建设局"


def test_a_filled_form_fills_the_missing_reports_and_twice_changes_nothing(
    demo_ledger: Ledger, forms: list[Path]
) -> None:
    assert "城西街道办事处" in {s.name for s in reports.missing(demo_ledger, Q3)}
    path = form_of(forms, "城西街道办事处")
    fill_all(path, "推进中", 60)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY, quarter=Q3)
    assert result.errors == [] and result.imported and result.changed == len(result.drafts) > 0
    assert "城西街道办事处" not in {s.name for s in reports.missing(demo_ledger, Q3)}
    unit_id = units.resolve_unit(demo_ledger, "城西街道")
    got = [r for r in reports.latest_for_quarter(demo_ledger, Q3) if r.unit_id == unit_id]
    assert {(r.status, r.progress, r.work_done, r.received) for r in got} == {("in_progress", 60, "已完成摸底调查", TODAY)}
    # Received on the day it is imported, which is after the due date: late.
    entry = next(s for s in reports.submission(demo_ledger, Q3) if s.name == "城西街道办事处")
    assert entry.late == entry.reported == entry.expected

    before = dump(demo_ledger)
    [again] = report_forms.import_forms(demo_ledger, [path], today=date(2026, 11, 25), quarter=Q3)
    assert again.imported and again.changed == 0 and again.unchanged == len(got)
    assert dump(demo_ledger) == before


def test_a_corrected_form_makes_a_new_revision_and_keeps_the_first(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    fill_all(path, "推进中", 60)
    report_forms.import_forms(demo_ledger, [path], today=TODAY)
    sheet_line = task_rows(openpyxl.load_workbook(path)[report_forms.FORM_SHEET])[0]
    fill(path, {sheet_line: {"G": "已完成", "H": 100}})
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert result.changed == 1
    task_id = reports.task_id_by_code(demo_ledger, str(openpyxl.load_workbook(path)["季度报告"][f"B{sheet_line}"].value))
    history = [r for r in reports.history(demo_ledger, task_id) if r.quarter == Q3 and r.unit_name == "城西街道"]
    assert [(r.revision, r.status, r.progress) for r in history] == [(2, "done", 100), (1, "in_progress", 60)]


def test_a_form_written_for_a_quarter_with_reports_comes_prefilled_and_imports_unchanged(
    demo_ledger: Ledger, forms: list[Path]
) -> None:
    path = form_of(forms, "县住房和城乡建设局")
    sheet = openpyxl.load_workbook(path)[report_forms.FORM_SHEET]
    assert all(sheet[f"G{line}"].value in ("推进中", "已完成", "滞后") for line in task_rows(sheet))
    before = dump(demo_ledger)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert result.imported and result.changed == 0
    assert dump(demo_ledger) == before


def test_target_actuals_are_read_from_their_rows(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = next(p for p in forms if any(
        str(c.value or "").startswith("G") for c in openpyxl.load_workbook(p)[report_forms.FORM_SHEET]["A"]))
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    target_line = next(n for n in range(FIRST, sheet.max_row + 1) if str(sheet[f"A{n}"].value).startswith("G"))
    target_id = int(str(sheet[f"A{target_line}"].value)[1:])
    sheet[f"L{target_line}"] = "1,234"
    book.save(path)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert result.errors == []
    assert any(d.actuals == {target_id: 1234.0} for d in result.drafts)


def test_every_mistake_is_listed_by_row_and_nothing_is_written(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "县住房和城乡建设局")
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    a, b, c, d, e = task_rows(sheet)[:5]
    sheet[f"G{a}"] = "基本完成"  # not a status
    sheet[f"H{b}"] = 150  # out of range
    sheet[f"H{c}"] = "过半"  # text in a number cell
    sheet[f"C{d}"] = "改过的任务内容"  # an edited task row
    sheet[f"H{e}"] = "=50+10"  # a formula
    extra = sheet.max_row + 1
    sheet[f"B{extra}"], sheet[f"G{extra}"] = "9.9", "推进中"  # a row the unit added
    book.save(path)
    before = dump(demo_ledger)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert not result.imported
    text = "\n".join(result.errors)
    for line, words in [(a, "基本完成"), (b, "150"), (c, "过半"), (d, "被改动"), (e, "公式"), (extra, "不是表格原有")]:
        assert f"第 {line} 行" in text and words in text
    assert len(result.errors) == 6
    assert dump(demo_ledger) == before


def test_progress_written_as_a_percent_or_with_a_percent_sign(demo_ledger: Ledger, forms: list[Path]) -> None:
    path = form_of(forms, "城西街道办事处")
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    first, second = task_rows(sheet)[:2]
    sheet[f"G{first}"], sheet[f"H{first}"] = "推进中", 0.6
    sheet[f"H{first}"].number_format = "0%"
    sheet[f"G{second}"], sheet[f"H{second}"] = "推进中", "75%"
    book.save(path)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert [d.progress for d in result.drafts] == [60, 75]


def test_wrong_quarter_other_ledger_and_not_a_form_are_refused(
    demo_ledger: Ledger, forms: list[Path], tmp_path: Path
) -> None:
    path = form_of(forms, "城西街道办事处")
    fill_all(path)
    before = dump(demo_ledger)
    [wrong_quarter] = report_forms.import_forms(demo_ledger, [path], today=TODAY, quarter=Quarter(2026, 4))
    assert "2026年第三季度" in wrong_quarter.errors[0] and "2026年第四季度" in wrong_quarter.errors[0]

    other = demo.create_demo(tmp_path / "other.db")
    try:
        [foreign] = report_forms.import_forms(other, [path], today=TODAY)
    finally:
        other.close()
    assert "另一个台账" in foreign.errors[0]

    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    text = tmp_path / "notes.xlsx"
    text.write_text("这不是表格", encoding="utf-8")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    results = report_forms.import_forms(demo_ledger, [plain, text, old], today=TODAY)
    assert ["不是本系统生成" in r.errors[0] for r in results] == [True, False, False]
    assert "不是 Excel 工作簿" in results[1].errors[0] and "另存为" in results[2].errors[0]
    assert dump(demo_ledger) == before


def test_a_zip_bomb_is_refused_before_it_is_opened(demo_ledger: Ledger, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    [result] = report_forms.import_forms(demo_ledger, [bomb], today=TODAY)
    assert "异常庞大" in result.errors[0]


def test_text_starting_with_equals_is_written_as_text(ledger: Ledger, tmp_path: Path) -> None:
    units.create_unit(ledger, UnitDraft("=HYPERLINK(\"http://x\")局", "=局"))
    tasks.create_task(ledger, TaskDraft("=cmd|'/c calc'!A1", code="1", lead_units=["=局"]), today=TODAY)
    [path] = report_forms.write_forms(ledger, Quarter(2026, 4), tmp_path, today=TODAY)
    sheet = openpyxl.load_workbook(path)[report_forms.FORM_SHEET]
    line = task_rows(sheet)[0]
    assert sheet[f"C{line}"].data_type == "s" and sheet[f"C{line}"].value == "=cmd|'/c calc'!A1"
    assert sheet["C2"].data_type == "s"
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_the_ledger_identity_is_stable(demo_ledger: Ledger) -> None:
    first = settings.ledger_uid(demo_ledger)
    assert first and settings.ledger_uid(demo_ledger) == first


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_identity_survives_a_libreoffice_resave(demo_ledger: Ledger, forms: list[Path], tmp_path: Path) -> None:
    path = form_of(forms, "城西街道办事处")
    fill_all(path, "推进中", 40)
    out = tmp_path / "resaved"
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
         str(path)],
        check=True, capture_output=True, timeout=120,
    )
    [result] = report_forms.import_forms(demo_ledger, [out / path.name], today=TODAY, quarter=Q3)
    assert result.errors == [] and result.changed > 0


def test_cli_writes_forms_and_imports_them(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", TODAY.isoformat())
    runner = CliRunner()
    out = tmp_path / "out"
    written = runner.invoke(cli, ["--db", str(demo_path), "report", "forms", "--quarter", "2026Q3", "--out", str(out),
                                  "--unit", "城西街道"])
    assert written.exit_code == 0, written.output
    assert "城西街道办事处_2026年第三季度报告.xlsx" in written.output
    path = out / "城西街道办事处_2026年第三季度报告.xlsx"
    refused = runner.invoke(cli, ["--db", str(demo_path), "report", "import", str(path)])
    assert refused.exit_code == 1 and "没有填写任何任务" in refused.output
    fill_all(path)
    imported = runner.invoke(cli, ["--db", str(demo_path), "report", "import", str(path), "--quarter", "2026Q3"])
    assert imported.exit_code == 0 and "已导入" in imported.output
    missing = runner.invoke(cli, ["--db", str(demo_path), "report", "missing", "--quarter", "2026Q3"])
    assert "城西街道" not in missing.output
