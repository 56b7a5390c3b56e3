"""Ctrl+Z anywhere undoes the ledger's latest change after a question; h on the main screen opens 历史."""

from __future__ import annotations

from pathlib import Path

from screens.confirm import ConfirmScreen
from screens.history import HistoryScreen
from screens.main import MainScreen
from screens.task_detail import TaskDetailScreen
from screens.task_form import TaskFormScreen
from store import strings
from store.work import tasks
from tests.app_factory import make_app
from tests.conftest import dump


def _data(dumped: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """The clerk's data: not the history itself nor the search index's bookkeeping."""
    skip = ("changes", "change_rows", "audit_log", "search_pending", "search_keys")
    return {k: v for k, v in dumped.items() if k not in skip and "fts" not in k}


async def test_ctrl_z_on_the_main_screen_brings_back_a_deleted_task(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = _data(dump(app.ledger))
        task_id = app.ledger.scalar("SELECT id FROM tasks WHERE code = '四.(三).2'")
        tasks.delete_task(app.ledger, task_id)
        assert app.ledger.scalar("SELECT count(*) FROM reports WHERE task_id = ?", [task_id]) == 0
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "删除任务 四.(三).2" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _data(dump(app.ledger)) == before  # the task, its unit links and 8 reports are back
        assert app.ledger.scalar("SELECT count(*) FROM reports WHERE task_id = ?", [task_id]) == 8


async def test_ctrl_z_answered_no_changes_nothing(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        before = dump(app.ledger)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert dump(app.ledger) == before


async def test_ctrl_z_in_a_task_detail_undoes_its_edit_and_shows_the_old_title(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        task_id = app.ledger.scalar("SELECT id FROM tasks WHERE code = '四.(一).8'")
        old_title = app.ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task_id])
        app.open_found("task", task_id)
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen)
        draft = tasks.draft_of(tasks.get_task(app.ledger, task_id, today=app.today))
        draft.title = "新的任务标题"
        tasks.update_task(app.ledger, task_id, draft, today=app.today)
        app.screen.load()
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen)
        assert app.ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task_id]) == old_title
        assert old_title in app.screen.query_one("#task-title").render().plain  # type: ignore[attr-defined]


async def test_ctrl_z_is_refused_while_a_form_is_open(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("tab", "tab")  # to the task list
        await pilot.pause()
        app.main_screen.add_task()
        await pilot.pause()
        assert isinstance(app.screen, TaskFormScreen)
        before = dump(app.ledger)
        await pilot.press("ctrl+z")  # the title box may keep Ctrl+Z for itself: no question either way
        await pilot.pause()
        app.action_undo()  # as if pressed where no text box takes it
        await pilot.pause()
        assert isinstance(app.screen, TaskFormScreen)
        assert any(strings.HISTORY_UNDO_FINISH_FIRST in str(n.message) for n in app._notifications)
        assert dump(app.ledger) == before


async def test_h_on_the_main_screen_opens_the_history(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_undo_in_history_closes_the_detail_of_a_task_it_took_away(demo_path: Path) -> None:
    """Undo reaches every open screen: the task detail under 历史 closes when its task is undone away."""
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        draft = tasks.TaskDraft("撤销后消失的任务", lead_units=["县市监局"])
        task_id = tasks.create_task(app.ledger, draft, today=app.today)
        app.open_found("task", task_id)
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [task_id]) == 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # the detail closed itself on the way back
