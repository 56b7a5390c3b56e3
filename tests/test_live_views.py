"""Every open view shows the ledger as it is now, and an editor never writes its copy over a newer change."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens.confirm import ConfirmScreen
from screens.documents.agenda import AgendaScreen
from screens.documents.meetings import MeetingsScreen
from screens.main import MainScreen
from screens.task_form import TaskFormScreen
from store.documents import agenda, meetings
from store.documents.meetings import MeetingDraft
from store.errors import ChangedMeanwhileError
from store.ledger.opener import open_ledger
from store.quarterly import reports
from store.quarterly.reports import ReportDraft
from store.work import phases, units
from store.work.phases import PhaseDraft
from store.work.quarters import Quarter
from tests.app_factory import make_app

Q3 = Quarter(2026, 3)


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _until(pilot: Pilot[Any], condition: Any, seconds: float = 4.0) -> None:
    """Wait (in app time) until ``condition()`` holds: the app looks for changes once a second."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
        await pilot.app.workers.wait_for_complete()
    assert condition(), "the view did not follow the ledger"


def _unit_task_deadlines(screen: MainScreen) -> list[str]:
    table = screen.query_one("#unit-tasks", DataTable)
    return [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]


async def test_a_write_from_another_connection_shows_up_with_the_cursor_kept(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("down", "down")
        await _settle(pilot)
        unit = screen.selected_unit()
        assert unit is not None
        shown = screen.query_one("#unit-tasks", DataTable)
        task_id = int(str(shown.coordinate_to_cell_key((0, 0)).row_key.value))
        # Another window (its own connection, as the CLI would) moves the first task's deadline.
        other = open_ledger(demo_path)
        try:
            with other.write() as db:
                db.execute("UPDATE tasks SET deadline = '2031-07-01' WHERE id = ?", [task_id])
        finally:
            other.close()
        assert "2031-07-01" not in _unit_task_deadlines(screen)
        await _until(pilot, lambda: "2031-07-01" in _unit_task_deadlines(screen))
        assert screen.selected_unit() is not None and screen.selected_unit().id == unit.id  # type: ignore[union-attr]


async def test_the_agenda_undo_survives_the_next_edit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = meetings.create_meeting(app.ledger, MeetingDraft(Q3, date(2026, 10, 20), "09:00", "三楼", "主任"))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("enter")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        await pilot.press("ctrl+s")  # keep the generated agenda with the meeting
        await _settle(pilot)
        items = lambda: [str(c) for c in screen.query_one("#agenda-items", DataTable).get_column_at(2)]  # noqa: E731
        before = items()
        await pilot.press("down", "d")
        await pilot.pause()
        await pilot.press("y")
        await _settle(pilot)
        assert len(items()) == len(before) - 1
        await pilot.press("ctrl+z")  # undo the removal, confirmed
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(pilot)
        assert items() == before  # the screen shows the agenda the undo brought back
        # The next edit (a move) starts from the restored agenda: the removed item stays back.
        await pilot.press("ctrl+down")
        await _settle(pilot)
        stored = json.loads(app.ledger.scalar("SELECT agenda_json FROM meetings WHERE id = ?", [meeting_id]))
        assert sorted(i["title"] for i in stored["items"]) == sorted(before)
        assert stored["removed"] == []


def test_a_copy_read_before_a_newer_change_is_not_saved_over_it(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    try:
        meeting_id = meetings.create_meeting(ledger, MeetingDraft(Q3, date(2026, 10, 20)))
        meeting = meetings.get_meeting(ledger, meeting_id)
        first = agenda.load(ledger, meeting, today=date(2026, 10, 15))
        agenda.save(ledger, first)
        mine = agenda.load(ledger, meetings.get_meeting(ledger, meeting_id), today=date(2026, 10, 15))
        theirs = agenda.load(ledger, meetings.get_meeting(ledger, meeting_id), today=date(2026, 10, 15))
        theirs.items.pop()
        agenda.save(ledger, theirs)  # another window saved first
        stored = ledger.scalar("SELECT agenda_json FROM meetings WHERE id = ?", [meeting_id])
        mine.items[0].title = "改过的标题"
        try:
            agenda.save(ledger, mine)
        except ChangedMeanwhileError as exc:
            assert "已被修改" in str(exc)
        else:
            raise AssertionError("a stale copy was saved over a newer change")
        assert ledger.scalar("SELECT agenda_json FROM meetings WHERE id = ?", [meeting_id]) == stored
    finally:
        ledger.close()


async def test_a_task_form_never_saves_over_a_change_made_while_it_was_open(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        task_id = int(app.ledger.scalar("SELECT id FROM tasks WHERE code = '四.(一).4'"))
        app.push_screen(TaskFormScreen(task_id))
        await _settle(pilot)
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        form.query_one("#title", Input).value = "我在表单里改的标题"
        other = open_ledger(demo_path)  # meanwhile, another window renames the task
        try:
            with other.write() as db:
                db.execute("UPDATE tasks SET title = '另一个窗口改的标题' WHERE id = ?", [task_id])
        finally:
            other.close()
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form  # the form stays open with what was typed
        assert "已被修改" in _text(form.query_one("#form-error", Static))
        assert app.ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task_id]) == "另一个窗口改的标题"
        assert form.query_one("#title", Input).value == "我在表单里改的标题"


def test_a_unit_edit_read_before_a_newer_change_is_refused(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    try:
        unit_id = units.find_unit_id(ledger, "县财政局")
        assert unit_id is not None
        read = units.draft_of(units.get_unit(ledger, unit_id))
        newer = units.draft_of(units.get_unit(ledger, unit_id))
        newer.contact = "新联系人"
        units.update_unit(ledger, unit_id, newer, expected=read)  # the first save goes through
        mine = units.draft_of(units.get_unit(ledger, unit_id))
        mine.phone = "0571-00000000"
        try:
            units.update_unit(ledger, unit_id, mine, expected=read)  # read before the first save
        except ChangedMeanwhileError:
            pass
        else:
            raise AssertionError("a unit form saved over a newer change")
        assert units.get_unit(ledger, unit_id).contact == "新联系人"
        assert units.get_unit(ledger, unit_id).phone != "0571-00000000"
    finally:
        ledger.close()


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (it may hold a rich Table)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def _column_cells(table: DataTable[object], key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


async def test_an_edited_deadline_shows_in_both_views_and_the_detail_keeps_its_text(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab")  # the selected unit's tasks
        await _settle(pilot)
        unit_tasks = screen.query_one("#unit-tasks", DataTable)
        task_id = int(str(unit_tasks.coordinate_to_cell_key((0, 0)).row_key.value))
        text = str(app.ledger.scalar("SELECT text FROM tasks WHERE id = ?", [task_id]))
        await pilot.press("enter")  # the task's detail
        await _settle(pilot)
        detail = app.screen
        await pilot.press("e")
        await _settle(pilot)
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        form.query_one("#deadline", Input).value = "2031-03-31"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is detail
        assert text[:10] in _text(detail.query_one("#task-text", Static))  # 任务全文 still shown
        assert "2031-03-31" in _text(detail.query_one("#task-fields", Static))
        await pilot.press("escape")
        await _settle(pilot)
        assert app.screen is screen
        await _until(pilot, lambda: "2031-03-31" in _column_cells(unit_tasks, "deadline"))
        await pilot.press("v")  # the by-phase view has it too
        await _settle(pilot)
        phase_tasks = screen.query_one("#phase-tasks", DataTable)
        phase_table = screen.query_one("#phase-table", DataTable)
        phase_of = app.ledger.scalar(
            "SELECT p.name FROM tasks t JOIN phases p ON p.id = t.phase_id WHERE t.id = ?", [task_id])
        for row in range(phase_table.row_count):  # go to the task's phase
            if phase_of and str(phase_table.get_row_at(row)[0]) == phase_of:
                phase_table.move_cursor(row=row)
                break
        await _until(pilot, lambda: "2031-03-31" in _column_cells(phase_tasks, "deadline"))


def test_a_report_form_never_saves_over_a_report_entered_meanwhile(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    try:
        task_id, unit_id = ledger.conn.execute(
            "SELECT task_id, unit_id FROM reports WHERE quarter = '2026Q3' AND revision = 1 LIMIT 1").fetchone()
        shown = reports.latest(ledger, task_id, unit_id, Q3)
        assert shown is not None
        theirs = ReportDraft(task_id, unit_id, Q3, "late", 40, work_done="另一个窗口录入", received=date(2026, 10, 8))
        reports.record(ledger, theirs, today=date(2026, 10, 15), expected_revision=shown.revision)
        mine = ReportDraft(task_id, unit_id, Q3, "in_progress", 90, work_done="我的表单", received=date(2026, 10, 8))
        try:
            reports.record(ledger, mine, today=date(2026, 10, 15), expected_revision=shown.revision)
        except ChangedMeanwhileError:
            pass
        else:
            raise AssertionError("a report form saved over a report entered meanwhile")
        current = reports.latest(ledger, task_id, unit_id, Q3)
        assert current is not None and current.work_done == "另一个窗口录入"
        assert current.revision == shown.revision + 1
    finally:
        ledger.close()


def test_phase_and_meeting_edits_read_before_a_newer_change_are_refused(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    try:
        phase = phases.list_phases(ledger)[0]
        read = phases.get_phase(ledger, phase.id)
        phases.update_phase(ledger, phase.id, PhaseDraft(phase.name, phase.start, phase.end, phase.is_main,
                                                          "另一个窗口写的说明"), expected=read)
        try:
            phases.update_phase(ledger, phase.id, PhaseDraft("我改的名称", phase.start, phase.end, phase.is_main),
                                expected=read)
        except ChangedMeanwhileError:
            pass
        else:
            raise AssertionError("a phase form saved over a newer change")
        assert phases.get_phase(ledger, phase.id).name == phase.name

        meeting_id = meetings.create_meeting(ledger, MeetingDraft(Q3, date(2026, 10, 20), place="三楼"))
        read_meeting = meetings.get_meeting(ledger, meeting_id)
        newer = MeetingDraft(Q3, date(2026, 10, 20), place="五楼会议室")
        meetings.update_meeting(ledger, meeting_id, newer, expected=read_meeting)
        try:
            meetings.update_meeting(ledger, meeting_id, MeetingDraft(Q3, date(2026, 10, 21), place="三楼"),
                                    expected=read_meeting)
        except ChangedMeanwhileError:
            pass
        else:
            raise AssertionError("a meeting form saved over a newer change")
        assert meetings.get_meeting(ledger, meeting_id).place == "五楼会议室"
        # Editing the agenda kept with the meeting does not count against the meeting's own form.
        current = meetings.get_meeting(ledger, meeting_id)
        meetings.save_agenda_json(ledger, meeting_id, {"items": []})
        meetings.update_meeting(ledger, meeting_id, MeetingDraft(Q3, date(2026, 10, 22), place="五楼会议室"),
                                expected=current)
        assert meetings.get_meeting(ledger, meeting_id).date == date(2026, 10, 22)
    finally:
        ledger.close()
