"""The main screen on a ledger with many units: the lists page through SQL in worker threads.

A county-sized generated ledger (scale s, 40 units) gets 460 more townships, so the unit list
(pages of 100, at most 400 rows in the table) has to page both ways. Tests wait for the screen's
reads to finish (``settle``), never for a fixed time.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens import main as main_module
from screens.main import UNIT_PAGE, MainScreen
from screens.paged_list import MAX_ROWS
from store.ledger.opener import open_ledger
from store.lookup import overview
from store.samples import scale
from store.work import tasks
from tests.app_factory import make_app
from tests.conftest import TODAY

EXTRA_UNITS = 460
SIZE = (120, 40)


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scale s with 500 units in all (built once for the module; tests work on copies)."""
    path = tmp_path_factory.mktemp("scale") / "s.db"
    scale.build(path, "s")
    ledger = open_ledger(path)
    try:
        with ledger.write() as db:
            db.conn.executemany(
                "INSERT INTO units (name, short_name, kind) VALUES (?, ?, 'township')",
                [(f"测试乡{i:03d}人民政府", f"测试乡{i:03d}") for i in range(EXTRA_UNITS)],
            )
    finally:
        ledger.close()
    return path


@pytest.fixture
def ledger_path(big_path: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "s.db"
    shutil.copyfile(big_path, copy)
    yield copy


def _order(path: Path, query: str = "") -> list[int]:
    """Unit ids in list order, as the store pages them."""
    ledger = open_ledger(path)
    try:
        return [u.id for u in overview.unit_summaries(ledger, today=TODAY, query=query)]
    finally:
        ledger.close()


async def settle(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the main screen has no read running or waiting and its answers are shown."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not screen.still_loading:
            return screen


def _keys(table: DataTable[object]) -> list[int]:
    return [int(str(row.key.value)) for row in table.ordered_rows]


async def test_the_unit_list_loads_a_page_and_the_next_as_the_cursor_nears_its_end(ledger_path: Path) -> None:
    order = _order(ledger_path)
    assert len(order) == 500
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        table = screen.query_one("#unit-table", DataTable)
        assert _keys(table) == order[:UNIT_PAGE]  # one page, not the whole list
        # Down to the end of what is loaded: the next page comes.
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        assert _keys(table) == order[: 2 * UNIT_PAGE]
        assert screen.selected_unit() is not None and screen.selected_unit().id == order[UNIT_PAGE - 1]  # type: ignore[union-attr]
        # All the way down: never more than MAX_ROWS rows in the table; the last unit is reached.
        for _ in range(10):
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
            assert table.row_count <= MAX_ROWS
        keys = _keys(table)
        assert keys[-1] == order[-1] and keys == order[-len(keys):]
        assert len(keys) == MAX_ROWS
        # Back up: the pages before are put back in front, the cursor stays on its unit.
        top_unit = keys[0]
        table.move_cursor(row=0)
        await settle(pilot)
        keys = _keys(table)
        assert keys == order[order.index(keys[0]) : order.index(keys[0]) + len(keys)]
        assert keys[0] == order[0] and screen.selected_unit().id == top_unit  # type: ignore[union-attr]
        # The heading and the task list follow the cursor.
        unit = screen.selected_unit()
        assert unit is not None
        assert unit.name in str(screen.query_one("#unit-heading", Static).render())
        expected = [row.id for row in tasks.tasks_of_unit(app.ledger, unit.id, today=TODAY)]
        assert _keys(screen.query_one("#unit-tasks", DataTable)) == expected


async def test_ctrl_end_and_ctrl_home_go_to_the_real_ends_of_the_list(ledger_path: Path) -> None:
    order = _order(ledger_path)
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        table = screen.query_one("#unit-table", DataTable)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert screen.selected_unit().id == order[-1]  # type: ignore[union-attr]
        assert table.row_count < len(order)
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert screen.selected_unit().id == order[0]  # type: ignore[union-attr]
        assert _keys(table) == order[:UNIT_PAGE]


async def test_showing_a_unit_far_down_the_list_reads_only_its_part(ledger_path: Path) -> None:
    order = _order(ledger_path)
    far = order[450]
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        screen.query_one("#unit-filter", Input).value = "测试"
        await settle(pilot)
        screen.show_unit(str(far))
        await settle(pilot)
        table = screen.query_one("#unit-table", DataTable)
        assert screen.query_one("#unit-filter", Input).value == ""
        assert screen.selected_unit().id == far  # type: ignore[union-attr]
        keys = _keys(table)
        start = order.index(keys[0])
        assert far in keys and start > 0 and keys == order[start : start + len(keys)] and len(keys) <= 2 * UNIT_PAGE
        assert app.focused is screen.query_one("#unit-tasks", DataTable)
        # Moving on from there reads on from there.
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        assert _keys(table)[-1] == order[-1]


async def test_the_filter_shows_the_units_of_the_last_query_typed(ledger_path: Path) -> None:
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        table = screen.query_one("#unit-table", DataTable)
        filter_input = screen.query_one("#unit-filter", Input)
        # Typed faster than the ledger answers: only the last query's units are shown.
        for typed in ("测", "测试", "测试乡", "测试乡4", "测试乡45"):
            filter_input.value = typed
        await settle(pilot)
        assert _keys(table) == _order(ledger_path, "测试乡45")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [f"测试乡45{i}" for i in range(10)]
        filter_input.value = "测试乡"  # more than a page: the first page, then more as the cursor goes down
        await settle(pilot)
        assert _keys(table) == _order(ledger_path, "测试乡")[:UNIT_PAGE]
        filter_input.value = "测试乡999"
        await settle(pilot)
        assert table.row_count == 0
        empty = screen.query_one("#unit-empty", Static)
        assert empty.display and "测试乡999" in str(empty.render())
        await pilot.press("escape")
        await settle(pilot)
        assert _keys(table) == _order(ledger_path)[:UNIT_PAGE]


async def test_the_first_frame_shows_a_loading_indicator_while_a_worker_reads(
    ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page is read in a worker thread; until it comes the list shows that it is loading."""
    release = threading.Event()
    readers: list[threading.Thread] = []
    real_page = overview.unit_page

    def slow_page(*args: Any, **kwargs: Any) -> overview.Page[overview.UnitSummary]:
        readers.append(threading.current_thread())
        release.wait(timeout=30)
        return real_page(*args, **kwargs)

    monkeypatch.setattr(main_module.overview, "unit_page", slow_page)
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#unit-table", DataTable)
        assert table.loading and table.row_count == 0
        release.set()
        screen = await settle(pilot)
        assert not table.loading and table.row_count == UNIT_PAGE
        assert readers and all(thread is not threading.main_thread() for thread in readers)
        assert screen.selected_unit() is not None


async def test_the_phase_list_opens_on_the_current_phase(ledger_path: Path) -> None:
    app = make_app(ledger_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        summary = screen.selected_phase()
        assert summary is not None and summary.is_current
        phases = screen.query_one("#phase-table", DataTable)
        expected_phases = [s.phase.id for s in overview.phase_summaries(app.ledger, today=TODAY) if s.phase]
        assert _keys(phases) == expected_phases
        assert phases.cursor_row == overview.current_phase_position(app.ledger, today=TODAY)
        expected = [row.id for row in tasks.tasks_of_phase(app.ledger, summary.phase.id, today=TODAY)]  # type: ignore[union-attr]
        assert _keys(screen.query_one("#phase-tasks", DataTable)) == expected
