"""Pilot tests of 查找 (Ctrl+F): results as you type, Enter opens a task or a unit, Esc closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens.main import MainScreen
from screens.search import SearchScreen
from screens.task_detail import TaskDetailScreen
from tests.app_factory import make_app
from tests.test_app import _text

SIZE = (120, 40)


async def _search(pilot: Pilot[Any], query: str) -> SearchScreen:
    await pilot.pause()
    await pilot.press("ctrl+f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#search-query", Input).value = query
    for _ in range(200):
        await pilot.pause(0.02)
        if not any(w.group == "search" and not w.is_finished for w in screen.workers) and (
            screen.hits or "没有找到" in _text(screen.query_one("#search-status", Static))
        ):
            break
    await pilot.pause()
    return screen


def _titles(screen: SearchScreen) -> list[str]:
    table = screen.query_one("#search-results", DataTable)
    return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]


async def test_typing_finds_tasks_and_enter_opens_the_first(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, "质量工作站")
        assert any("质量工作站" in title for title in _titles(screen))
        assert "找到" in _text(screen.query_one("#search-status", Static))
        first = screen.hits[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen) and app.screen.task_id == first.task_id


async def test_pinyin_initials_find_a_unit_and_enter_shows_its_tasks(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, "xsjj")
        assert screen.hits and screen.hits[0].kind == "unit"
        unit_id = screen.hits[0].unit_id
        await pilot.press("down")  # into the result list
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        selected = main.selected_unit()
        assert selected is not None and selected.id == unit_id


async def test_no_match_says_so_and_escape_closes(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search(pilot, "火星基地")
        assert screen.hits == []
        assert "没有找到与“火星基地”相关" in _text(screen.query_one("#search-status", Static))
        await pilot.press("enter")  # nothing to open: stays
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_snapshot(snap_compare: Any, demo_path: Path) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await _search(pilot, "抽查")
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=typed)
