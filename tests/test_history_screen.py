"""Pilot tests of the 历史 screen (every key), undo from it, and the task detail's history; one snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens.confirm import ConfirmScreen
from screens.history import PAGE, HistoryScreen
from screens.main import MainScreen
from screens.task_detail import TaskDetailScreen
from store import strings
from store.ledger import history
from store.work import tasks
from tests.app_factory import make_app
from tests.test_app import _text
from tui.app import TaizhangApp

SIZE = (120, 40)
CODE = "四.(二).4"  # a task with two targets, units and reports


def _task_id(app: TaizhangApp, code: str = CODE) -> int:
    return int(app.ledger.scalar("SELECT id FROM tasks WHERE code = ?", [code]))


async def _settled(pilot: Pilot[Any], screen: HistoryScreen) -> None:
    """Wait until the list's worker has answered (no fixed sleeps)."""
    for _ in range(300):
        await pilot.pause(0.01)
        busy = any(w.group == "history" and not w.is_finished for w in screen.workers)
        if not busy and not screen.reading:
            break
    await pilot.pause()


async def _open(pilot: Pilot[Any], **filters: int) -> HistoryScreen:
    await pilot.pause()
    screen = HistoryScreen(**filters)
    pilot.app.push_screen(screen)
    await pilot.pause()
    await _settled(pilot, screen)
    assert pilot.app.screen is screen
    return screen


def _summaries(screen: HistoryScreen) -> list[str]:
    table = screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


def _states(screen: HistoryScreen) -> list[str]:
    table = screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(i)[4]) for i in range(table.row_count)]


def _notices(app: TaizhangApp) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def test_a_deleted_task_tops_the_list_and_u_brings_it_back_with_its_reports(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        task = _task_id(app)
        reports_before = app.ledger.scalar("SELECT count(*) FROM reports WHERE task_id = ?", [task])
        tasks.delete_task(app.ledger, task)
        screen = await _open(pilot)
        assert _summaries(screen)[0].startswith(f"删除任务 {CODE}")
        details = _text(screen.query_one("#history-details-body", Static))
        assert f"删除任务 {CODE}" in details and "原值" in details  # the deleted row's values

        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen) and f"删除任务 {CODE}" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        await _settled(pilot, screen)

        assert app.screen is screen
        assert app.ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [task]) == 1
        assert app.ledger.scalar("SELECT count(*) FROM reports WHERE task_id = ?", [task]) == reports_before
        summaries, states = _summaries(screen), _states(screen)
        assert summaries[0].startswith(strings.HISTORY_UNDO_OF.format(summary=f"删除任务 {CODE}"))
        assert states[:2] == [strings.HISTORY_LIST_IS_UNDO, strings.HISTORY_LIST_UNDONE]
        assert any(message.startswith("已撤销") and severity == "information" for message, severity in _notices(app))


async def test_no_answers_no_undo(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        count = len(screen.changes)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert app.ledger.scalar("SELECT count(*) FROM changes") == count


async def test_a_refused_undo_shows_why_and_changes_nothing(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        task = _task_id(app)
        draft = tasks.draft_of(tasks.get_task(app.ledger, task, today=app.today))
        draft.title = "甲"
        tasks.update_task(app.ledger, task, draft, today=app.today)
        screen = await _open(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # While the question is open, another window edits the same task again.
        draft.title = "乙"
        tasks.update_task(app.ledger, task, draft, today=app.today)
        changes = app.ledger.scalar("SELECT count(*) FROM changes")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        errors = [message for message, severity in _notices(app) if severity == "error"]
        assert len(errors) == 1 and "无法撤销" in errors[0]
        assert app.ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task]) == "乙"
        assert app.ledger.scalar("SELECT count(*) FROM changes") == changes


async def test_nothing_to_undo_on_an_empty_ledger(tmp_path: Path) -> None:
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        assert screen.changes == []
        assert strings.HISTORY_LIST_EMPTY in _text(screen.query_one("#history-status", Static))
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
        assert (strings.HISTORY_NOTHING_TO_UNDO, "error") in _notices(app)


async def test_the_filter_shows_one_units_changes_and_escape_clears_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        unit = int(app.ledger.scalar("SELECT id FROM units WHERE short_name = '县市监局'"))
        screen = await _open(pilot)
        everything = len(screen.changes)
        await pilot.press("slash")
        field = screen.query_one("#history-filter", Input)
        assert screen.focused is field
        await pilot.press(*"xsjj")  # pinyin initials of 县市监局
        await _settled(pilot, screen)
        scope = _text(screen.query_one("#history-scope", Static))
        assert strings.HISTORY_LIST_SCOPE_UNIT.format(name="县市监局") in scope
        expected = [c.id for c in history.changes(app.ledger, unit_id=unit)]
        assert [c.id for c in screen.changes] == expected and len(expected) < everything

        await pilot.press("escape")  # in the filter box: clears the filter, back to the list
        await _settled(pilot, screen)
        assert field.value == "" and screen.scope is None and len(screen.changes) == everything
        assert screen.focused is screen.query_one("#history-table", DataTable)


async def test_a_typed_task_code_filters_and_a_name_that_matches_nothing_says_so(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        task = _task_id(app)
        screen = await _open(pilot)
        field = screen.query_one("#history-filter", Input)
        field.value = CODE
        await pilot.pause()
        await _settled(pilot, screen)
        assert screen.scope is not None and (screen.scope.kind, screen.scope.id) == ("task", task)
        assert [c.id for c in screen.changes] == [c.id for c in history.changes(app.ledger, task_id=task)]
        field.value = "火星基地"
        await pilot.pause()
        await _settled(pilot, screen)
        assert screen.changes == []
        assert "火星基地" in _text(screen.query_one("#history-scope", Static))


async def test_opened_for_a_unit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        unit = int(app.ledger.scalar("SELECT id FROM units WHERE short_name = '县交通局'"))
        screen = await _open(pilot, unit_id=unit)
        assert strings.HISTORY_LIST_SCOPE_UNIT.format(name="县交通局") in _text(screen.query_one("#history-scope",
                                                                                              Static))
        assert [c.id for c in screen.changes] == [c.id for c in history.changes(app.ledger, unit_id=unit)]


async def test_enter_focuses_the_details_and_escape_steps_back_out(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert screen.focused is table
        await pilot.press("down")
        second = screen.changes[1]
        assert second.summary in _text(screen.query_one("#history-details-body", Static))
        await pilot.press("enter")
        assert screen.focused is screen.query_one("#history-details")
        await pilot.press("escape")
        assert screen.focused is table
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_next_page_is_read_when_the_cursor_reaches_the_last_row(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        for number in range(150):  # one change each
            with app.ledger.write() as db:
                db.execute("UPDATE units SET phone = ? WHERE short_name = '县市监局'", [f"0571-{number}"])
        total = int(app.ledger.scalar("SELECT count(*) FROM changes"))
        assert PAGE < total < 2 * PAGE
        screen = await _open(pilot)
        assert len(screen.changes) == PAGE and screen.has_more
        await pilot.press("ctrl+end")  # the last row read so far
        await _settled(pilot, screen)
        assert len(screen.changes) == total and not screen.has_more
        assert screen.query_one("#history-table", DataTable).row_count == total
        ids = [c.id for c in screen.changes]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == total


async def test_the_task_detail_lists_its_history_and_h_opens_it_filtered(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        task = _task_id(app, "四.(一).4")  # reported on by many units: more than 20 changes
        draft = tasks.draft_of(tasks.get_task(app.ledger, task, today=app.today))
        draft.title = "修改后的任务标题"
        tasks.update_task(app.ledger, task, draft, today=app.today)
        await pilot.pause()
        detail = TaskDetailScreen(task)
        app.push_screen(detail)
        await pilot.pause()
        lines = [line.strip() for line in _text(detail.query_one("#task-history", Static)).splitlines()]
        assert lines[0].endswith("修改任务 四.(一).4 修改后的任务标题(标题)")
        newest = history.changes(app.ledger, task_id=task, limit=20)
        assert [line for line in lines if line] == [
            strings.HISTORY_ROW.format(at=c.at[:16], who=c.who, action=c.summary) + ("(标题)" if not i else "")
            for i, c in enumerate(newest)
        ]
        heading = _text(detail.query_one("#task-history-title", Static))
        assert strings.TASK_HISTORY_HINT.format(count=20) in heading

        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await _settled(pilot, screen)
        assert screen.scope is not None and (screen.scope.kind, screen.scope.id) == ("task", task)
        assert [c.id for c in screen.changes] == [c.id for c in history.changes(app.ledger, task_id=task)]
        await pilot.press("u", "y")  # undo the title edit from there: the detail shows the old title again
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail
        assert "修改后的任务标题" not in _text(detail.query_one("#task-title", Static))
        assert strings.TASK_HISTORY_UNDONE in _text(detail.query_one("#task-history", Static))


async def test_a_failed_read_is_said_and_the_screen_stays(demo_path: Path, monkeypatch: Any) -> None:
    from store.errors import LedgerError

    def busy(*args: object, **kwargs: object) -> list[history.Change]:
        raise LedgerError("台账正被另一个窗口占用")

    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(history, "changes", busy)
        screen = await _open(pilot)
        for _ in range(100):
            if ("台账正被另一个窗口占用", "error") in _notices(app):
                break
            await pilot.pause(0.01)
        assert ("台账正被另一个窗口占用", "error") in _notices(app)
        assert app.screen is screen and not screen.reading


def test_snapshot(snap_compare: Any, demo_path: Path) -> None:
    from store.ledger.opener import open_ledger

    ledger = open_ledger(demo_path)
    tasks.delete_task(ledger, int(ledger.scalar("SELECT id FROM tasks WHERE code = ?", [CODE])))
    with ledger.write() as db:  # the delete got the wall clock's time: fix it
        db.execute("UPDATE changes SET at = '2026-11-21 02:30:00' WHERE id = (SELECT max(id) FROM changes)")
    ledger.close()

    async def opened(pilot: Pilot[Any]) -> None:
        screen = await _open(pilot)
        await pilot.press("down", "up")
        await _settled(pilot, screen)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=opened)
