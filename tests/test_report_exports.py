"""The 催报清单 written as .txt and .xlsx: content, text never a formula, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from store.errors import LedgerError
from store.ledger import settings
from store.ledger.db import Ledger
from store.quarterly import report_exports, reports
from store.quarterly.reports import UnitSubmission
from store.work.quarters import Quarter
from tests.conftest import TODAY

Q3 = Quarter(2026, 3)


def test_xlsx_has_a_title_a_bold_frozen_header_and_a_row_per_missing_report(demo_ledger: Ledger, tmp_path: Path) -> None:
    chase = reports.missing(demo_ledger, Q3)
    path = report_exports.write_chase_xlsx(chase, Q3, tmp_path / "chase.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["A1"].value == "2026年第三季度报告催报清单(共 3 个单位)"
    assert sheet["A2"].value == "统计日期:2026-11-21"
    header = [c.value for c in sheet[3]]
    assert header == ["序号", "单位", "联系人", "电话", "缺报/应报", "任务编号", "缺报任务"]
    assert all(c.font.bold for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9  # A4
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == 8 + 6 + 5  # 县文广旅体局, 城西街道, 石门乡
    assert rows[0][:6] == (1, "县文广旅体局", "吴国平", "0571-88001307", "8/8", "四.(一).4")
    assert {row[1] for row in rows} == {"县文广旅体局", "城西街道", "石门乡"}
    assert [row[0] for row in rows].count(3) == 5
    assert all(sheet.cell(row=r, column=4).data_type == "s" for r in range(4, 4 + len(rows)))  # phones stay text
    assert sheet.column_dimensions["B"].width >= 14  # CJK names measured two columns a character


def test_a_name_starting_with_equals_stays_text(tmp_path: Path) -> None:
    chase = [UnitSubmission(1, "=1+1", "=1+1", "=HYPERLINK(\"http://x\")", "+86 571", 2, 0, 0,
                            [("=A1", "=SUM(A1:A9)"), ("2", "建立台账")])]
    path = report_exports.write_chase_xlsx(chase, Q3, tmp_path / "x.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert [sheet.cell(row=4, column=c).value for c in (2, 3, 4, 6, 7)] == [
        "=1+1", "=HYPERLINK(\"http://x\")", "+86 571", "=A1", "=SUM(A1:A9)",
    ]
    assert all(sheet.cell(row=4, column=c).data_type == "s" for c in (2, 3, 6, 7))


def test_an_empty_chase_list_says_everyone_reported(tmp_path: Path) -> None:
    path = report_exports.write_chase_xlsx([], Q3, tmp_path / "none.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["B4"].value == "2026年第三季度报告:各单位均已报送。"


def test_text_is_the_missing_text_with_a_bom_and_crlf(demo_ledger: Ledger, tmp_path: Path) -> None:
    chase = reports.missing(demo_ledger, Q3)
    path = report_exports.write_chase_text(chase, Q3, tmp_path / "chase.txt")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.decode("utf-8-sig").replace("\r\n", "\n") == reports.missing_text(chase, Q3) + "\n"
    assert "城西街道  联系人:冯雪莲  电话:0571-88002202  缺报 6/6 项" in raw.decode("utf-8-sig")
    assert path.stat().st_mode & 0o044  # readable by others like any document (not mkstemp's 0600)


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary_file(
    demo_ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chase = reports.missing(demo_ledger, Q3)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "chase.xlsx"
    target.write_bytes(b"earlier export")

    def fail(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", fail)
    with pytest.raises(LedgerError) as raised:
        report_exports.write_chase_xlsx(chase, Q3, target, today=TODAY)
    assert "无法写入" in str(raised.value) and "chase.xlsx" in str(raised.value)
    assert target.read_bytes() == b"earlier export"
    assert sorted(p.name for p in folder.iterdir()) == ["chase.xlsx"]


def test_a_folder_that_cannot_be_made_is_refused_in_chinese(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LedgerError, match="无法写入"):
        report_exports.write_chase_text([], Q3, blocker / "sub" / "chase.txt")


def test_exports_go_beside_a_ledger_the_clerk_placed(demo_ledger: Ledger, tmp_path: Path) -> None:
    assert settings.export_dir(demo_ledger) == tmp_path.resolve()
    assert report_exports.chase_file_stem(Q3, TODAY) == "2026年第三季度催报清单_2026-11-21"
