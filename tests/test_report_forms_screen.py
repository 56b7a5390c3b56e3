"""Pilot tests of the 填报表 screen (F9 in 季度填报): write the forms, import filled ones, see refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent

from screens.quarterly.report_entry import ReportEntryScreen
from screens.quarterly.report_forms import ReportFormsScreen
from store.ledger import settings
from store.ledger.opener import open_ledger
from store.quarterly import report_forms
from store.work.quarters import Quarter
from tests.app_factory import make_app
from tests.conftest import TODAY, dump
from tests.test_app import _text
from tests.test_report_forms import fill, fill_all, task_rows

Q3 = Quarter(2026, 3)
SIZE = (120, 40)


def _returned_forms(demo_path: Path, folder: Path) -> tuple[Path, Path]:
    """Two forms back from the units: 城西街道's filled in well, 石门乡's with a bad percent."""
    ledger = open_ledger(demo_path)
    try:
        written = report_forms.write_forms(ledger, Q3, folder, today=TODAY)
        keep = [p for p in written if p.name.startswith(("城西街道", "石门乡"))]
        for path in written:
            if path not in keep:
                path.unlink()
        settings.set_value(ledger, "export_dir", str(folder))
    finally:
        ledger.close()
    good, bad = sorted(keep, key=lambda p: not p.name.startswith("城西街道"))
    fill_all(good, "推进中", 50)
    fill_all(bad, "推进中", 50)
    line = task_rows(openpyxl.load_workbook(bad)[report_forms.FORM_SHEET])[0]
    fill(bad, {line: {"H": 120}})
    return good, bad


async def _open_forms(pilot: Pilot[Any]) -> ReportFormsScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    pilot.app.screen.query_one("#entry-quarter", Select).value = "2026Q3"
    await pilot.pause()
    await pilot.press("f9")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportFormsScreen)
    return screen


async def _wait_idle(pilot: Pilot[Any], screen: ReportFormsScreen) -> None:
    """Until the screen's own worker is done (the file tree keeps a loader worker running forever)."""
    for _ in range(500):
        await pilot.pause(0.02)
        busy = any(w.group == "forms" and not w.is_finished for w in screen.workers)
        if not busy and not screen.query_one("#forms-tabs").loading:
            break
    await pilot.pause()


async def test_f9_then_ctrl_s_writes_a_form_per_unit(demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_forms(pilot)
        assert screen.quarter == Q3
        screen.query_one(TabbedContent).active = "forms-write"
        await pilot.pause()
        screen.query_one("#forms-out", Input).value = str(tmp_path / "out")
        await pilot.press("ctrl+s")
        await _wait_idle(pilot, screen)
        written = sorted((tmp_path / "out").glob("*.xlsx"))
        assert len(written) == 25
        shown = _text(screen.query_one("#forms-result", Static))
        assert "已生成 25 份2026年第三季度填报表" in shown and "城西街道办事处_2026年第三季度报告.xlsx" in shown


async def test_importing_a_folder_takes_the_good_form_and_lists_the_bad_ones_errors(
    demo_path: Path, tmp_path: Path
) -> None:
    good, bad = _returned_forms(demo_path, tmp_path / "returned")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_forms(pilot)
        before_bad_unit = app.ledger.scalar(
            "SELECT count(*) FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.short_name = '石门乡' AND quarter = '2026Q3'"
        )
        screen.query_one("#forms-path", Input).value = str(tmp_path / "returned")
        await pilot.press("ctrl+s")
        await _wait_idle(pilot, screen)
        shown = _text(screen.query_one("#forms-result", Static))
        assert "导入 1 个文件,退回 1 个" in shown
        assert f"“{good.name}”已导入" in shown
        assert f"“{bad.name}”未导入" in shown and "“120”超出 0 到 100 的范围" in shown
        assert app.ledger.scalar(
            "SELECT count(*) FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.short_name = '城西街道' AND quarter = '2026Q3'"
        ) > 0
        assert app.ledger.scalar(
            "SELECT count(*) FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.short_name = '石门乡' AND quarter = '2026Q3'"
        ) == before_bad_unit
        entry = app.screen_stack[-2]
        assert isinstance(entry, ReportEntryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is entry
        # The unit picker's counts were reloaded: 城西街道 now shows everything reported.
        options = [str(label) for label, _ in entry.query_one("#entry-unit", Select)._options]
        assert any(o.startswith("城西街道") and "已报" in o and o.split("已报")[1].split("/")[0].strip() != "0"
                   for o in options)


async def test_picking_a_file_in_the_tree_imports_it(demo_path: Path, tmp_path: Path) -> None:
    good, _bad = _returned_forms(demo_path, tmp_path / "returned")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_forms(pilot)
        tree = screen.query_one("#forms-files")
        tree.focus()
        for _ in range(50):
            await pilot.pause(0.02)
            if tree.cursor_node is not None and len(tree.root.children) == 2:  # type: ignore[attr-defined]
                break
        await pilot.press("down")  # the first file: 城西街道 (sorted by name)
        await pilot.press("enter")
        await _wait_idle(pilot, screen)
        assert screen.query_one("#forms-path", Input).value == str(good)
        assert "导入 1 个文件,退回 0 个" in _text(screen.query_one("#forms-result", Static))


async def test_nothing_typed_or_a_missing_file_is_explained(demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_forms(pilot)
        before = dump(app.ledger)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "请先选择或填写" in _text(screen.query_one("#forms-result", Static))
        screen.query_one("#forms-path", Input).value = str(tmp_path / "nope.xlsx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "找不到" in _text(screen.query_one("#forms-result", Static))
        assert dump(app.ledger) == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportEntryScreen)


def test_snapshot_after_an_import(snap_compare: Any, demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    _returned_forms(demo_path, folder)

    async def imported(pilot: Pilot[Any]) -> None:
        screen = await _open_forms(pilot)
        tree = screen.query_one("#forms-files")
        for _ in range(200):  # the tree lists the folder in a worker
            await pilot.pause(0.02)
            if tree.root.children:  # type: ignore[attr-defined]
                break
        screen.import_paths(sorted(folder.glob("*.xlsx")))
        await _wait_idle(pilot, screen)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=imported)
