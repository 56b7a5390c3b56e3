"""Pilot tests: what a clerk does with the keyboard, checked on what the screen and the ledger show."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual import events
from textual.widgets import Button, DataTable, Input, Static, TabbedContent, TextArea

from screens.confirm import ConfirmScreen, UnsavedScreen
from screens.help import HelpScreen
from screens.main import MainScreen
from screens.phase_form import PhaseFormScreen
from screens.task_detail import TaskDetailScreen
from screens.task_form import TaskFormScreen
from screens.unit_form import UnitFormScreen
from store.ledger.opener import open_ledger
from tests.app_factory import make_app
from tests.conftest import dump


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (it may hold a rich Table)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def _cells(table: DataTable[object], column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def _paste(widget: Input | TextArea, text: str) -> None:
    widget.focus()
    widget.post_message(events.Paste(text))


def _snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    ledger = open_ledger(path)
    try:
        return dump(ledger)
    finally:
        ledger.close()


async def test_v_switches_between_unit_and_phase_views(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "by-unit"
        assert app.focused is not None and app.focused.id == "unit-table"
        await pilot.press("v")
        assert tabs.active == "by-phase"
        assert app.focused.id == "phase-table"
        phases = app.screen.query_one("#phase-table", DataTable)
        assert _cells(phases, 0) == ["动员部署阶段", "组织创建阶段", "自查提升阶段", "迎检验收阶段"]
        # The current phase is selected and marked.
        assert phases.cursor_row == 2 and str(phases.get_row_at(2)[2]) == "当前"
        heading = app.screen.query_one("#phase-heading", Static)
        assert "自查提升阶段" in str(heading.render())
        await pilot.press("up")
        assert "组织创建阶段" in str(app.screen.query_one("#phase-heading", Static).render())
        await pilot.press("v")
        assert tabs.active == "by-unit"


async def test_typing_chinese_in_the_filter_narrows_the_units(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        units = app.screen.query_one("#unit-table", DataTable)
        everyone = units.row_count
        await pilot.press("slash")
        filter_input = app.screen.query_one("#unit-filter", Input)
        assert app.focused is filter_input
        await _paste(filter_input, "镇")
        await pilot.pause()
        names = _cells(units, 0)
        assert 0 < len(names) < everyone and all("镇" in n or "乡" in n for n in names)
        assert "青溪镇" in names
        filter_input.value = "县质监局"  # an alias finds the unit
        await pilot.pause()
        assert _cells(units, 0) == ["县市监局"]
        heading = str(app.screen.query_one("#unit-heading", Static).render())
        assert "县市场监督管理局" in heading
        filter_input.value = "没有这个单位"
        await pilot.pause()
        assert units.row_count == 0
        empty = app.screen.query_one("#unit-empty", Static)
        assert empty.display and "没有这个单位" in str(empty.render())
        await pilot.press("escape")
        assert filter_input.value == "" and units.row_count == everyone
        assert app.focused is units


async def test_choosing_a_unit_lists_its_tasks_and_enter_opens_one(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # 县发改局
        tasks_table = app.screen.query_one("#unit-tasks", DataTable)
        assert "县发展和改革局" in str(app.screen.query_one("#unit-heading", Static).render())
        roles = set(_cells(tasks_table, 3))
        assert roles and roles <= {"牵头", "配合", "成员"}
        await pilot.press("enter")
        assert app.focused is tasks_table
        title = _cells(tasks_table, 2)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen)
        shown = str(app.screen.query_one("#task-title", Static).render())
        assert title.rstrip("…").strip() in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_task_detail_shows_recurrence_in_words_and_targets(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        task_id = app.ledger.scalar("SELECT id FROM tasks WHERE rrule = 'FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1'")
        app.screen.open_task(task_id)  # type: ignore[attr-defined]
        await pilot.pause()
        fields = app.screen.query_one("#task-fields", Static)
        text = _text(fields)
        assert "每年9月" in text and "2027-09-30(本期)" in text
        targeted = app.ledger.scalar("SELECT task_id FROM targets LIMIT 1")
        await pilot.press("escape")
        app.screen.open_task(targeted)  # type: ignore[attr-defined]
        await pilot.pause()
        metric = app.ledger.scalar("SELECT metric FROM targets WHERE task_id = ?", [targeted])
        assert metric in str(app.screen.query_one("#task-targets", Static).render())


async def test_adding_a_task_refuses_bad_input_then_saves(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # into 县市监局's tasks
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        # The selected unit is pre-filled as lead.
        assert form.query_one("#lead-units", Input).value == "县市监局"
        before = dump(app.ledger)
        await pilot.press("ctrl+s")  # empty title
        error = form.query_one("#form-error", Static)
        assert "标题不能为空" in str(error.render())
        assert app.focused is form.query_one("#title", Input)
        await _paste(form.query_one("#title", Input), "开展质量提升专项行动")
        form.query_one("#co-units", Input).value = "县不存在局"
        await pilot.press("ctrl+s")
        assert "没有找到单位“县不存在局”" in str(error.render())
        form.query_one("#co-units", Input).value = "县发改局、青溪镇"
        form.query_one("#deadline", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        assert "不是有效的日期" in str(error.render())
        assert dump(app.ledger) == before  # nothing written by any refusal
        form.query_one("#deadline", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        row = app.ledger.row("SELECT id, deadline FROM tasks WHERE title = '开展质量提升专项行动'")
        assert row is not None and row["deadline"] == "2026-12-01"
        roles = app.ledger.rows(
            "SELECT u.short_name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id "
            "WHERE task_id = ? ORDER BY tu.ord",
            [row["id"]],
        )
        assert [(r["short_name"], r["role"]) for r in roles] == [("县市监局", "lead"), ("县发改局", "co"), ("青溪镇", "co")]
        titles = _cells(app.screen.query_one("#unit-tasks", DataTable), 2)
        assert any(t.startswith("开展质量提升专项") for t in titles)


async def test_editing_a_task_from_its_detail(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, TaskDetailScreen)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        title = form.query_one("#title", Input)
        title.value = "修改后的任务标题"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is detail
        assert "修改后的任务标题" in str(detail.query_one("#task-title", Static).render())
        assert "修改后的任务标题(标题)" in str(detail.query_one("#task-history", Static).render())
        assert app.ledger.scalar("SELECT title FROM tasks WHERE id = ?", [detail.task_id]) == "修改后的任务标题"


async def test_x_marks_a_task_done(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        table = app.screen.query_one("#unit-tasks", DataTable)
        red_row = _cells(table, 0).index(" 红 ")
        table.move_cursor(row=red_row)
        task_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        await pilot.press("x")
        await pilot.pause()
        assert app.ledger.scalar("SELECT done FROM tasks WHERE id = ?", [task_id]) == 1
        assert _cells(app.screen.query_one("#unit-tasks", DataTable), 0)[red_row] == " 完成 "


async def test_deleting_a_task_asks_first(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        table = app.screen.query_one("#unit-tasks", DataTable)
        count = table.row_count
        task_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [task_id]) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [task_id]) == 0
        assert app.screen.query_one("#unit-tasks", DataTable).row_count == count - 1


async def test_units_add_invalid_then_valid_and_delete_refused_while_in_use(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        before = dump(app.ledger)
        await _paste(form.query_one("#name", Input), "县市场监督管理局")
        await pilot.press("ctrl+s")
        assert "已存在" in str(form.query_one("#form-error", Static).render())
        assert dump(app.ledger) == before
        form.query_one("#name", Input).value = "县应急管理局"
        form.query_one("#short-name", Input).value = "县应急局"
        form.query_one("#aliases", Input).value = "县安监局"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.ledger.scalar("SELECT unit_id FROM unit_aliases WHERE alias = '县安监局'") is not None
        units = app.screen.query_one("#unit-table", DataTable)
        assert "县应急局" in _cells(units, 0)
        units.move_cursor(row=0)  # 县市监局 has tasks
        before = dump(app.ledger)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert dump(app.ledger) == before
        assert isinstance(app.screen, MainScreen)


async def test_editing_a_group_members_in_the_unit_form(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        units = app.screen.query_one("#unit-table", DataTable)
        units.move_cursor(row=_cells(units, 0).index("各成员单位"))
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        members = form.query_one("#members", TextArea)
        assert "县市场监督管理局" in members.text
        members.text = "县市监局、县不存在局"
        await pilot.press("ctrl+s")
        assert "县不存在局" in str(form.query_one("#form-error", Static).render())
        members.text = "县市监局、县发改局"
        await pilot.press("ctrl+s")
        await pilot.pause()
        group_id = app.ledger.scalar("SELECT id FROM units WHERE kind = 'group'")
        assert app.ledger.scalar("SELECT count(*) FROM group_members WHERE group_id = ?", [group_id]) == 2


async def test_phases_add_refuses_end_before_start(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("v", "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PhaseFormScreen)
        before = dump(app.ledger)
        await _paste(form.query_one("#name", Input), "总结提升阶段")
        form.query_one("#start", Input).value = "2027-12-01"
        form.query_one("#end", Input).value = "2027-06-30"
        await pilot.press("ctrl+s")
        assert "早于开始日期" in str(form.query_one("#form-error", Static).render())
        assert dump(app.ledger) == before
        form.query_one("#end", Input).value = "2028-03-31"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        phases = app.screen.query_one("#phase-table", DataTable)
        assert _cells(phases, 0)[-1] == "总结提升阶段"
        assert str(phases.get_row_at(phases.row_count - 1)[2]) == "未开始"


async def test_deleting_a_phase_asks_and_moves_tasks(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        phases = app.screen.query_one("#phase-table", DataTable)
        phases.move_cursor(row=3)  # 迎检验收阶段
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "主要实施阶段" in str(app.screen.query_one("#question", Static).render())
        await pilot.click("#yes")
        await pilot.pause()
        assert app.ledger.scalar("SELECT count(*) FROM phases") == 3
        assert _cells(app.screen.query_one("#phase-table", DataTable), 0) == ["动员部署阶段", "组织创建阶段", "自查提升阶段"]


async def test_escape_cancels_a_form_without_writing(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = dump(app.ledger)
        await pilot.press("tab", "tab", "a")  # focus the task list, then add a task
        await pilot.pause()
        assert isinstance(app.screen, TaskFormScreen)
        await _paste(app.screen.query_one("#title", Input), "不保存的任务")
        await pilot.press("escape")  # typed work: asked first (保存 / 不保存 / 取消)
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("n")  # 不保存
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert dump(app.ledger) == before


async def test_help_lists_every_key(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _text(app.screen.query_one("#keys", Static))
        for description in ("切换视图", "筛选", "新增", "编辑", "删除", "标记完成/未完成", "保存", "退出", "命令"):
            assert description in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_switches_view(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandInput

        command_input = app.screen.query_one(CommandInput)
        command_input.post_message(events.Paste("按阶段"))
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(TabbedContent).active == "by-phase"


async def test_save_button_and_cancel_button(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#cancel", Button)
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
