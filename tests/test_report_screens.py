"""Pilot tests of 季度填报 on the demo ledger (today 2026-11-21, so the default quarter is 2026Q4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from screens.confirm import UnsavedScreen
from screens.main import MainScreen
from screens.quarterly.report_entry import ReportEntryScreen
from tests.app_factory import make_app
from tests.conftest import dump
from tests.test_app import _paste, _text
from tui.app import TaizhangApp


async def _open(pilot: Pilot[Any]) -> ReportEntryScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportEntryScreen)
    return screen


def _report_column(screen: ReportEntryScreen) -> list[str]:
    table = screen.query_one("#entry-tasks", DataTable)
    return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]


def _reports(app: TaizhangApp, quarter: str) -> list[dict[str, Any]]:
    return app.ledger.rows(
        "SELECT t.code, r.revision, r.status, r.progress, r.work_done FROM reports r JOIN tasks t ON t.id = r.task_id "
        "JOIN units u ON u.id = r.unit_id WHERE r.quarter = ? AND u.short_name = '县市监局' ORDER BY r.id",
        [quarter],
    )


async def test_r_opens_the_selected_units_tasks_for_the_likely_quarter(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert screen.query_one("#entry-quarter", Select).value == "2026Q4"
        assert screen.query_one("#entry-unit", Select).value == screen.unit_id
        assert app.ledger.scalar("SELECT short_name FROM units WHERE id = ?", [screen.unit_id]) == "县市监局"
        assert "已报 0/23 项" in _text(screen.query_one("#entry-heading", Static))
        assert set(_report_column(screen)) == {"未报"}
        assert "四.(一).4" in _text(screen.query_one("#entry-task", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_s_saves_and_moves_to_the_next_task(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#status", Select).value = "in_progress"  # nothing is a report before a status is chosen
        screen.query_one("#progress", Input).value = "60"
        await _paste(screen.query_one("#work-done", TextArea), "召开联席会议一次,通报创建进度。")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _reports(app, "2026Q4") == [
            {"code": "四.(一).4", "revision": 1, "status": "in_progress", "progress": 60,
             "work_done": "召开联席会议一次,通报创建进度。"}
        ]
        assert _report_column(screen)[0] == "推进中"
        assert screen.row_index == 1 and "四.(一).5" in _text(screen.query_one("#entry-task", Static))
        assert "已报 1/23 项" in _text(screen.query_one("#entry-heading", Static))
        shown = screen.query_one("#entry-unit", Select).query_one("SelectCurrent #label", Static)
        assert "县市监局(已报 1/23)" in _text(shown)


async def test_a_correction_keeps_the_earlier_revision(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#entry-quarter", Select).value = "2026Q3"
        await pilot.pause()
        assert screen.quarter.number == 3 and screen.current is not None and screen.current.report is not None
        first = screen.current.report
        assert "当前为第 1 版" in _text(screen.query_one("#entry-revision", Static))
        screen.query_one("#progress", Input).value = "85"
        await pilot.press("ctrl+s")
        await pilot.pause()
        task_id = first.task_id
        revisions = app.ledger.rows(
            "SELECT revision, progress FROM reports WHERE task_id = ? AND unit_id = ? AND quarter = '2026Q3' ORDER BY revision",
            [task_id, first.unit_id],
        )
        assert revisions == [{"revision": 1, "progress": first.progress}, {"revision": 2, "progress": 85}]


async def test_leaving_unsaved_changes_asks_and_cancel_keeps_them(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        before = dump(app.ledger)
        screen.query_one("#progress", Input).value = "30"
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is screen and screen.row_index == 0
        assert screen.query_one("#progress", Input).value == "30"
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("n")  # discard
        await pilot.pause()
        assert screen.row_index == 1 and screen.query_one("#progress", Input).value == ""
        assert dump(app.ledger) == before
        # Esc with changes asks too; Y saves, then the screen closes.
        screen.query_one("#status", Select).value = "in_progress"
        screen.query_one("#progress", Input).value = "45"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [(r["code"], r["progress"]) for r in _reports(app, "2026Q4")] == [("四.(一).5", 45)]


async def test_a_bad_value_is_named_and_nothing_is_saved(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        before = dump(app.ledger)
        screen.query_one("#status", Select).value = "in_progress"
        screen.query_one("#progress", Input).value = "150"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "0 到 100" in _text(screen.query_one("#form-error", Static))
        assert app.focused is screen.query_one("#progress", Input)
        screen.query_one("#progress", Input).value = "50"
        screen.query_one("#received", Input).value = "2026-11-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "不是有效的日期" in _text(screen.query_one("#form-error", Static))
        assert app.focused is screen.query_one("#received", Input)
        assert dump(app.ledger) == before
        assert screen.row_index == 0


async def test_f8_moves_to_the_next_unit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        first = screen.unit_id
        await pilot.press("f8")
        await pilot.pause()
        assert screen.unit_id != first
        assert app.ledger.scalar("SELECT short_name FROM units WHERE id = ?", [screen.unit_id]) == "县发改局"
        assert screen.query_one("#entry-unit", Select).value == screen.unit_id
