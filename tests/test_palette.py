"""Ctrl+P offers units and tasks as the user types: choosing a unit shows it on the main screen,
choosing a task opens it. Tests wait for the palette's search (a worker) and the main screen's reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from screens.main import MainScreen
from screens.task_detail import TaskDetailScreen
from store.work import units
from store.work.units import UnitDraft
from tests.app_factory import make_app

SIZE = (120, 40)


async def _settle(pilot: Pilot[Any]) -> None:
    """Until no worker runs (the palette's search, the main screen's reads) and their answers are shown."""
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        main = next(s for s in pilot.app.screen_stack if isinstance(s, MainScreen))
        if not main.still_loading and not any(w.is_running for w in pilot.app.workers):
            return


async def _palette(pilot: Pilot[Any], query: str) -> list[str]:
    """Open Ctrl+P, type ``query`` (pasted: Pilot drops some Chinese keys), return the prompts listed."""
    await _settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    pilot.app.screen.query_one(CommandInput).post_message(events.Paste(query))
    await _settle(pilot)
    options = pilot.app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_pinyin_initials_offer_the_unit_and_enter_shows_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("v")  # elsewhere first: the palette brings the unit view back
        prompts = await _palette(pilot, "xsjj")
        assert prompts and prompts[0].startswith("单位") and "县市监局" in prompts[0]
        await pilot.press("enter")
        await _settle(pilot)
        assert main.query_one(TabbedContent).active == "by-unit"
        unit = main.selected_unit()
        assert unit is not None and unit.short_name == "县市监局"
        assert app.focused is main.query_one("#unit-tasks", DataTable)
        assert app.screen is main


async def test_a_unit_name_from_a_task_screen_goes_back_to_the_main_screen(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.screen.open_task(app.ledger.scalar("SELECT min(id) FROM tasks"))  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen)
        prompts = await _palette(pilot, "青溪镇")
        assert "青溪镇" in prompts[0]
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.selected_unit().display_name == "青溪镇"  # type: ignore[union-attr]


async def test_a_task_code_offers_the_task_and_enter_opens_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        task_id, title = app.ledger.row("SELECT id, title FROM tasks WHERE code = '四.(一).4'").values()  # type: ignore[union-attr]
        prompts = await _palette(pilot, "四.(一).4")
        assert prompts[0].startswith("任务") and "四.(一).4" in prompts[0] and title in prompts[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen) and app.screen.task_id == task_id


async def test_commands_still_come_first_and_results_are_limited(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        prompts = await _palette(pilot, "按阶段")
        assert prompts[0].startswith("按阶段查看")
        await pilot.press("escape")
        await pilot.pause()
        prompts = await _palette(pilot, "质量")  # many tasks and units: ten of each at most
        assert 0 < sum(p.startswith("任务") for p in prompts) <= 10
        assert sum(p.startswith("单位") for p in prompts) <= 10


async def test_a_unit_far_down_a_long_list_is_shown_with_its_page(tmp_path: Path) -> None:
    from store.ledger.opener import open_ledger

    path = tmp_path / "many.db"
    ledger = open_ledger(path)
    try:
        for i in range(250):
            units.create_unit(ledger, UnitDraft(f"测试乡{i:03d}人民政府", short_name=f"测试乡{i:03d}", kind="township"))
    finally:
        ledger.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        prompts = await _palette(pilot, "测试乡240")
        assert prompts and "测试乡240" in prompts[0]
        await pilot.press("enter")
        await _settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.selected_unit().short_name == "测试乡240"  # type: ignore[union-attr]
        assert main.query_one("#unit-table", DataTable).row_count < 250
