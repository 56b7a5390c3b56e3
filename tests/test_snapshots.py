"""SVG snapshots of every screen at 120x40 on the demo ledger (today fixed at 2026-11-21).

Update after a reviewed change with ``.venv/bin/pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app_factory import make_app, steady_cursors

SIZE = (120, 40)


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    steady_cursors(pilot.app)  # type: ignore[arg-type]
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_by_unit_view(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=_settle)


def test_by_unit_view_filtered(snap_compare: Any, demo_path: Path) -> None:
    async def filtered(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#unit-filter").value = "街道"
        await pilot.pause()
        await pilot.press("enter")  # back to the list
        await _settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=filtered)


def test_by_phase_view(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, press=["v"], run_before=_settle)


def test_task_detail(snap_compare: Any, demo_path: Path) -> None:
    async def open_recurring(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        task_id = pilot.app.ledger.scalar("SELECT id FROM tasks WHERE code = '四.(一).4'")  # type: ignore[attr-defined]
        pilot.app.screen.open_task(task_id)  # type: ignore[attr-defined]
        await _settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=open_recurring)


def test_task_form_with_error(snap_compare: Any, demo_path: Path) -> None:
    async def refused(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("enter", "a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await _settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=refused)


def test_unit_form(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, press=["e"], run_before=_settle)


def test_phase_form(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, press=["v", "e"], run_before=_settle)


def test_confirm_delete(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, press=["enter", "d"], run_before=_settle)


def test_help(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, press=["f1"], run_before=_settle)


def _with_plan_folder(demo_path: Path, tmp_path: Path) -> Any:
    """The demo app whose import screen starts in a folder holding the sample plan."""
    from shutil import copy

    from store.ledger import settings
    from store.ledger.opener import open_ledger

    folder = tmp_path / "plans"
    folder.mkdir()
    copy(Path(__file__).parent / "data" / "plan_small.txt", folder / "qingxi_plan.txt")
    ledger = open_ledger(demo_path)
    settings.set_value(ledger, "import_dir", str(folder))
    ledger.close()
    return make_app(demo_path)


def test_import_source(snap_compare: Any, demo_path: Path, tmp_path: Path) -> None:
    async def opened(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("i")
        tree = pilot.app.screen.query_one("#import-files")
        for _ in range(200):  # the tree lists the folder in a worker: wait for it, not for a fixed time
            await pilot.pause(0.02)
            if tree.root.children:  # type: ignore[attr-defined]
                break
        # The path field has focus: a blinking cursor would be drawn or not depending on the moment.
        pilot.app.screen.query_one("#import-path").cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause(0.1)
        await _settle(pilot)

    assert snap_compare(_with_plan_folder(demo_path, tmp_path), terminal_size=SIZE, run_before=opened)


def test_import_review(snap_compare: Any, demo_path: Path, tmp_path: Path) -> None:
    async def reviewed(pilot: Pilot[Any]) -> None:
        from screens.importing.import_review import ImportReviewScreen

        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        pilot.app.screen.query_one("#import-path").value = str(tmp_path / "plans" / "qingxi_plan.txt")  # type: ignore[attr-defined]
        await pilot.press("enter")
        for _ in range(200):
            if isinstance(pilot.app.screen, ImportReviewScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause()
        await pilot.press("w")  # the cursor on the warning, its task's text in the detail pane
        await _settle(pilot)

    assert snap_compare(_with_plan_folder(demo_path, tmp_path), terminal_size=SIZE, run_before=reviewed)


def test_report_entry(snap_compare: Any, demo_path: Path) -> None:
    async def entry(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one("#entry-quarter").value = "2026Q3"  # type: ignore[attr-defined]
        await _settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=entry)


async def _report_status(pilot: Pilot[Any], *keys: str) -> None:
    """填报情况 for 2026Q3 (the last quarter due), on the tab the keys choose."""
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.press("left_square_bracket", *keys)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await _settle(pilot)


def test_report_status_progress(snap_compare: Any, demo_path: Path) -> None:
    async def progress_tab(pilot: Pilot[Any]) -> None:
        await _report_status(pilot, "4")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=progress_tab)


def test_report_status_overview(snap_compare: Any, demo_path: Path) -> None:
    async def overview_tab(pilot: Pilot[Any]) -> None:
        await _report_status(pilot, "3")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=overview_tab)
