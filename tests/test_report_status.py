"""Pilot tests of 填报情况 on the demo ledger (today 2026-11-21: the screen opens on 2026Q4, whose
reports are not due before 2027-01-10; 2026Q3 is the last quarter due)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static, TabbedContent

from screens.help import HelpScreen
from screens.main import MainScreen
from screens.quarterly.report_entry import ReportEntryScreen
from screens.quarterly.report_status import ReportStatusScreen
from tests.app_factory import make_app
from tests.test_app import _text
from tui.app import TaizhangApp


async def _loaded(pilot: Pilot[Any]) -> None:
    """Wait until the screen's figures have been read (a thread worker) and shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open(pilot: Pilot[Any]) -> ReportStatusScreen:
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportStatusScreen)
    await _loaded(pilot)
    return screen


def _rows(screen: ReportStatusScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(table_id, DataTable)
    return [[str(value) for value in table.get_row_at(i)] for i in range(table.row_count)]


def _by_unit(screen: ReportStatusScreen) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in _rows(screen, "#status-units")}


def _summary(screen: ReportStatusScreen) -> str:
    return _text(screen.query_one("#status-summary", Static))


async def _previous_quarter(pilot: Pilot[Any]) -> None:
    await pilot.press("left_square_bracket")
    await _loaded(pilot)


async def test_s_opens_the_likely_quarter_with_every_unit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert screen.query_one("#status-quarter", Select).value == "2026Q4"
        units = _by_unit(screen)
        assert len(units) == 25
        assert units["县市监局"] == ["23", "0", "0", "23", "未报", "王丽华", "0571-88001234"]
        assert "应报 213 项,已报 0 项(0%)" in _summary(screen)
        assert "截止 2027-01-10 未到" in _summary(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_changing_the_quarter_updates_the_figures(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await _previous_quarter(pilot)
        assert screen.quarter.number == 3
        assert screen.query_one("#status-quarter", Select).value == "2026Q3"
        units = _by_unit(screen)
        assert units["县住建局"][:5] == ["12", "12", "12", "0", "有迟报"]
        assert units["县交通局"][4] == "有迟报" and units["云岭乡"][4] == "有迟报"
        assert units["城西街道"][:5] == ["6", "0", "0", "6", "未报"]
        assert units["石门乡"][4] == "未报" and units["县文广旅体局"][4] == "未报"
        assert units["县统计局"][4] == "已报齐"
        assert "3 个单位缺报 19 项" in _summary(screen) and "迟报 29 项" in _summary(screen)
        await _previous_quarter(pilot)
        await _previous_quarter(pilot)  # 2026Q1: 县统计局 sent nothing
        assert str(screen.quarter) == "2026Q1"
        units = _by_unit(screen)
        assert units["县统计局"][4] == "未报" and units["城西街道"][4] == "已报齐"
        await pilot.press("right_square_bracket")
        await _loaded(pilot)
        assert str(screen.quarter) == "2026Q2"
        # The picker itself changes the quarter too.
        screen.query_one("#status-quarter", Select).value = "2026Q3"
        await _loaded(pilot)
        assert _by_unit(screen)["石门乡"][4] == "未报"


async def test_tabs_switch_with_v_and_numbers_and_the_table_takes_the_focus(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        tabs = screen.query_one("#status-tabs", TabbedContent)
        assert tabs.active == "tab-quarter" and app.focused is screen.query_one("#status-units")
        for expected, table in (("tab-chase", "#status-chase"), ("tab-history", "#status-history"),
                                ("tab-progress", "#progress-units"), ("tab-quarter", "#status-units")):
            await pilot.press("v")
            await pilot.pause()
            assert tabs.active == expected
            assert app.focused is screen.query_one(table)
        await pilot.press("3")
        await pilot.pause()
        assert tabs.active == "tab-history"
        await pilot.press("2")
        await pilot.pause()
        assert tabs.active == "tab-chase"


async def test_chase_list_names_the_missing_units_with_contacts_and_tasks(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await _previous_quarter(pilot)
        await pilot.press("2")
        await pilot.pause()
        rows = _rows(screen, "#status-chase")
        assert len(rows) == 8 + 6 + 5
        firsts = [row[:4] for row in rows if row[0]]
        assert firsts == [
            ["县文广旅体局", "吴国平", "0571-88001307", "8/8"],
            ["城西街道", "冯雪莲", "0571-88002202", "6/6"],
            ["石门乡", "谢明辉", "0571-88002105", "5/5"],
        ]
        assert rows[0][4:] == ["四.(一).4", "建立工作联席会议制度,每季度召开一次联席会议听取创建进度汇报"]
        assert "3 个单位缺报 19 项" in _text(screen.query_one("#chase-heading", Static))
        # The task column takes the rest of the screen.
        assert screen.query_one("#status-chase", DataTable).columns[next(
            k for k in screen.query_one("#status-chase", DataTable).columns if k.value == "task")].width > 40


async def test_copy_puts_the_chase_text_on_the_clipboard(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await _previous_quarter(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("2026年第三季度报告催报清单(共 3 个单位)")
        assert "石门乡  联系人:谢明辉  电话:0571-88002105  缺报 5/5 项" in app.clipboard


async def test_t_and_x_export_the_chase_list_beside_the_ledger(demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await _previous_quarter(pilot)
        await pilot.press("t")
        await pilot.press("x")
        await pilot.pause()
        text = tmp_path / "2026年第三季度催报清单_2026-11-21.txt"
        sheet_path = tmp_path / "2026年第三季度催报清单_2026-11-21.xlsx"
        assert "城西街道  联系人:冯雪莲" in text.read_text(encoding="utf-8-sig")
        sheet = openpyxl.load_workbook(sheet_path).active
        assert sheet is not None and sheet["A1"].value == "2026年第三季度报告催报清单(共 3 个单位)"
        messages = [n.message for n in app._notifications]
        assert any(str(tmp_path) in m and text.name in m for m in messages)
        assert any(sheet_path.name in m for m in messages)


async def test_export_folder_can_be_given(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ReportStatusScreen(export_dir=folder))
        await pilot.pause()
        await _loaded(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert [p.name for p in folder.iterdir()] == ["2026年第四季度催报清单_2026-11-21.txt"]


async def test_enter_opens_the_units_entry_for_the_quarter_and_back_reloads(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await _previous_quarter(pilot)
        table = screen.query_one("#status-units", DataTable)
        names = [row[0] for row in _rows(screen, "#status-units")]
        table.move_cursor(row=names.index("城西街道"))
        await pilot.press("enter")
        await pilot.pause()
        entry = app.screen
        assert isinstance(entry, ReportEntryScreen)
        assert str(entry.quarter) == "2026Q3"
        assert app.ledger.scalar("SELECT short_name FROM units WHERE id = ?", [entry.unit_id]) == "城西街道"
        assert "已报 0/6 项" in _text(entry.query_one("#entry-heading", Static))
        entry.query_one("#status", Select).value = "in_progress"  # a report needs its status
        await pilot.press("ctrl+s")  # one report saved (today's date, so it is late)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await _loaded(pilot)
        assert _by_unit(screen)["城西街道"][:5] == ["6", "1", "1", "5", "未报齐"]


async def test_enter_on_the_chase_list_and_the_overview_opens_that_unit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await _previous_quarter(pilot)
        await pilot.press("2")
        await pilot.pause()
        screen.query_one("#status-chase", DataTable).move_cursor(row=9)  # a task of 城西街道
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportEntryScreen)
        assert app.ledger.scalar("SELECT short_name FROM units WHERE id = ?", [app.screen.unit_id]) == "城西街道"
        await pilot.press("escape")
        await _loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("enter")  # the first row: the unit most often late
        await pilot.pause()
        assert isinstance(app.screen, ReportEntryScreen)
        assert app.ledger.scalar("SELECT short_name FROM units WHERE id = ?", [app.screen.unit_id]) == "县住建局"


async def test_overview_shows_who_is_late_or_missing_quarter_after_quarter(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await pilot.press("3")
        await pilot.pause()
        table = screen.query_one("#status-history", DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "单位", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "迟报季", "缺报季",
        ]
        rows = {row[0]: [cell.strip() for cell in row[1:]] for row in _rows(screen, "#status-history")}
        assert list(rows)[:4] == ["县住建局", "县交通局", "云岭乡", "城西街道"]
        assert rows["县住建局"] == ["迟", "迟", "迟", "迟", "待", "4", "0"]
        assert rows["城西街道"] == ["✓", "✓", "缺", "缺", "待", "0", "2"]
        assert rows["县统计局"] == ["✓", "缺", "✓", "✓", "待", "0", "1"]
        assert rows["石门乡"][3] == "缺" and rows["县文广旅体局"][3] == "缺"
        assert rows["县市监局"] == ["✓", "✓", "✓", "✓", "待", "0", "0"]


async def test_progress_shows_completion_and_a_trend_chart(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await _previous_quarter(pilot)
        await pilot.press("4")
        await pilot.pause()
        total = _text(screen.query_one("#progress-total", Static))
        assert "全部任务已完成 8/42 项(19%)" in total and "2026年第三季度已报 194/213 项(91%)" in total
        units = {row[0]: row[1:] for row in _rows(screen, "#progress-units")}
        assert units["城西街道"][2] == "0/6" and units["城西街道"][3].strip().endswith("0%")
        assert units["县市监局"][:1] == ["8/32"]
        phases = [row[0] for row in _rows(screen, "#progress-phases")]
        assert phases == ["动员部署阶段", "组织创建阶段", "自查提升阶段", "迎检验收阶段"]
        chart = _text(screen.query_one("#trend-reported", Static))
        assert "各季度报送率" in chart
        assert "25Q4 26Q1 26Q2 26Q3 26Q4" in chart
        assert "91" in chart and "100" in chart
        done = _text(screen.query_one("#trend-done", Static))
        assert "共 42 项任务" in done and "8" in done


async def test_help_and_the_command_palette_know_the_screen(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = _text(app.screen.query_one("#keys", Static))
        for text in ("[填报情况]", "复制催报清单", "导出文本", "导出Excel", "上一季度", "历季总览"):
            assert text in keys
        assert "left_square_bracket" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        commands = {command.title: command for command in _commands(app)}
        commands["填报情况"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ReportStatusScreen)
        await _loaded(pilot)


def _commands(app: TaizhangApp) -> list[Any]:
    return list(app.get_system_commands(app.screen))


def test_bar_chart_stacks_values_from_the_bottom_with_the_caption_on_top() -> None:
    from screens.quarterly.report_status import bar_chart
    from store.work.quarters import Quarter

    chart = bar_chart(
        [(Quarter(2026, 1), [(50, "on green"), (25, "on yellow")], "75"),
         (Quarter(2026, 2), [(100, "on green")], "100"),
         (Quarter(2026, 3), [], "0")],
        top=100, height=4, selected=Quarter(2026, 2),
    )
    lines = chart.split("\n")
    assert len(lines) == 4 + 1 + 1  # a spare row for a full bar's caption, the bars, the axis

    def fill(line: Text, column: int) -> str:
        offset = column * 5  # four cells and a space per quarter
        return next((str(span.style) for span in line.spans if span.start <= offset < span.end), "")

    # 50 then 25 of 100 in four rows: two green, one yellow, the caption (bold) just above.
    assert [fill(line, 0) for line in lines[:5]] == ["", "bold", "on yellow", "on green", "on green"]
    assert [fill(line, 1) for line in lines[:5]] == ["bold", "on green", "on green", "on green", "on green"]
    assert [fill(line, 2) for line in lines[:5]] == ["", "", "", "", "bold"]
    assert lines[0].plain.split() == ["100"] and lines[1].plain.split() == ["75"] and lines[4].plain.split() == ["0"]
    assert lines[5].plain == "26Q1 26Q2 26Q3 "
    assert any(str(span.style) == "bold reverse" and lines[5].plain[span.start:span.end] == "26Q2" for span in lines[5].spans)
