"""Report entry as a dependable loop: a status first, save-and-next forward, refusals in view."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from screens.confirm import ConfirmScreen
from screens.quarterly.report_entry import ReportEntryScreen
from tests.app_factory import make_app
from tests.conftest import table_counts


def _text(widget: Static) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def _open(pilot: Pilot[Any]) -> ReportEntryScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportEntryScreen)
    return screen


def _in_view(screen: ReportEntryScreen, widget: Static) -> bool:
    """The widget is drawn inside the screen (not below its bottom edge)."""
    region = widget.region
    return region.height > 0 and screen.region.contains_region(region)


async def test_the_cursor_starts_in_the_status_and_an_untouched_form_saves_nothing(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert app.focused is screen.query_one("#status", Select)
        assert screen.query_one("#status", Select).value is Select.NULL  # no default status
        before = table_counts(app.ledger)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = screen.query_one("#form-error", Static)
        assert "请先选择进展状态" in _text(error) and _in_view(screen, error)
        assert table_counts(app.ledger) == before and screen.row_index == 0


async def test_save_and_next_goes_forward_to_the_next_unreported_task(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        for _ in range(2):  # to the third task, the cursor staying in the form
            await pilot.press("f6")
            await pilot.pause()
        assert screen.row_index == 2 and app.focused is screen.query_one("#status", Select)
        screen.query_one("#status", Select).value = "in_progress"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.row_index == 3  # the next one, never back to the top
        assert screen.rows[2].report is not None and screen.rows[3].report is None
        assert app.focused is screen.query_one("#status", Select)


async def test_done_under_100_asks_first(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        before = table_counts(app.ledger)
        screen.query_one("#status", Select).value = "done"
        screen.query_one("#progress", Input).value = "50"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "已完成" in app.screen.question and "50%" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and table_counts(app.ledger) == before
        assert app.focused is screen.query_one("#progress", Input)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table_counts(app.ledger)["reports"] == before["reports"] + 1


async def test_a_refusal_is_in_view_beside_its_field_at_80x24(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        before = table_counts(app.ledger)
        screen.query_one("#status", Select).value = "in_progress"
        screen.query_one("#received", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        error = screen.query_one("#form-error", Static)
        assert "不是有效的日期" in _text(error)
        assert _in_view(screen, error)
        assert app.focused is screen.query_one("#received", Input)
        assert table_counts(app.ledger) == before


async def test_a_received_day_in_the_future_or_before_the_quarter_is_questioned(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        before = table_counts(app.ledger)
        screen.query_one("#status", Select).value = "in_progress"
        screen.query_one("#received", Input).value = "2031-01-05"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "晚于今天" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.focused is screen.query_one("#received", Input) and table_counts(app.ledger) == before
        screen.query_one("#received", Input).value = "2020-01-05"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "早于" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert table_counts(app.ledger) == before


async def test_tab_walks_the_fields_in_order(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        seen = []
        for _ in range(6):
            seen.append(app.focused.id if app.focused else None)
            await pilot.press("tab")
            await pilot.pause()
        assert seen == ["status", "progress", "work-done", "problems", "next-steps", "received"]


async def test_the_heading_names_who_filled_in_the_units_form(demo_path: Path) -> None:
    """The sign-off read back from a unit's Excel form is shown where its reports are entered."""
    from datetime import date

    from store.ledger.opener import open_ledger
    from store.quarterly import reports

    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        unit_id, quarter = screen.unit_id, screen.quarter
        assert "填报人" not in _text(screen.query_one("#entry-heading", Static))
    assert unit_id is not None
    ledger = open_ledger(demo_path)
    try:
        signed = reports.Signoff("张晓敏", "0874-1234567", date(2026, 10, 9), "李建国", "表.xlsx")
        assert reports.record_signoff(ledger, unit_id, quarter, signed)
    finally:
        ledger.close()
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert "填报人 张晓敏(电话 0874-1234567)" in _text(screen.query_one("#entry-heading", Static))
