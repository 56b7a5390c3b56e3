"""Pilot tests of 会议, the meeting form, 会议议程 and 议定事项 on the demo ledger (today 2026-11-21).

Every key of the three screens is pressed here; what is checked is what the clerk sees (the tables,
the detail pane, the form's error line) and what the ledger then holds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, Static, TextArea

from screens.confirm import ConfirmScreen, UnsavedScreen
from screens.documents.agenda import AgendaItemFormScreen, AgendaScreen, fold
from screens.documents.decisions import DecisionFormScreen, DecisionsScreen
from screens.documents.meeting_form import MeetingFormScreen
from screens.documents.meetings import MeetingsScreen
from screens.main import MainScreen
from screens.task_detail import TaskDetailScreen
from store import strings
from store.documents import meeting_list, meetings
from store.documents.meetings import MeetingDraft
from store.quarterly import reports
from store.quarterly.reports import ReportDraft
from store.work import tasks
from store.work.quarters import Quarter
from tests.app_factory import make_app
from tests.conftest import TODAY, dump
from tests.test_app import _cells, _paste, _text
from tui.app import TaizhangApp

Q3 = Quarter(2026, 3)
MEETING_DAY = date(2026, 10, 20)
Q3_TITLE = "质量强县工作联席会议2026年第三季度全体会议"


def _add_meeting(app: TaizhangApp, **extra: Any) -> int:
    draft = MeetingDraft(Q3, MEETING_DAY, "09:00", "县政府三楼会议室", "李副县长")
    for name, value in extra.items():
        setattr(draft, name, value)
    return meetings.create_meeting(app.ledger, draft)


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _meetings(pilot: Pilot[Any]) -> MeetingsScreen:
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingsScreen)
    return screen


async def _agenda(pilot: Pilot[Any]) -> AgendaScreen:
    await _meetings(pilot)
    await pilot.press("enter")
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


def _stored(app: TaizhangApp, meeting_id: int) -> dict[str, Any] | None:
    text = app.ledger.scalar("SELECT agenda_json FROM meetings WHERE id = ?", [meeting_id])
    return json.loads(text) if text else None


def _column(screen: AgendaScreen, column: int) -> list[str]:
    return _cells(screen.query_one("#agenda-items", DataTable), column)


# --- 会议 and the meeting form ----------------------------------------------------------------------


async def test_m_lists_meetings_newest_first_with_agenda_and_decisions(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        older = _add_meeting(app, date=date(2026, 7, 15), quarter=Quarter(2026, 2), kind="liaison", place="")
        newer = _add_meeting(app)
        meetings.record_decision(app.ledger, older, "完成质量工作站建设", lead_units=["县市监局"], today=TODAY)
        screen = await _meetings(pilot)
        table = screen.query_one("#meetings-table", DataTable)
        assert _cells(table, 0) == ["2026-10-20", "2026-07-15"]
        assert _cells(table, 2) == ["全体会议", "联络员会议"]
        assert _cells(table, 3) == [Q3_TITLE, "质量强县工作联席会议2026年第二季度联络员会议"]
        assert _cells(table, 4) == ["2026年第三季度", "2026年第二季度"]
        assert _cells(table, 6) == ["-", "-"]  # no agenda kept yet
        assert _cells(table, 7) == ["0", "1"]
        assert "共 2 次会议" in _text(screen.query_one("#meetings-heading", Static))
        assert [row.meeting.id for row in screen.rows] == [newer, older]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_list_says_how_to_start(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _meetings(pilot)
        empty = screen.query_one("#meetings-empty", Static)
        assert empty.display and "按 a 新建" in _text(empty)
        await pilot.press("enter", "e", "d")  # nothing selected: nothing happens, nothing breaks
        await pilot.pause()
        assert app.screen is screen


async def test_a_creates_a_meeting_through_the_form(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _meetings(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        # Defaults: the likely quarter (2026Q4 in November), 09:00, every member unit.
        assert form.query_one("#quarter", Select).value == "2026Q4"
        assert form.query_one("#start-time", Input).value == "09:00"
        assert form.query_one("#all-attendees", Checkbox).value
        form.query_one("#quarter", Select).value = "2026Q3"
        await pilot.pause()
        assert form.query_one("#title", Input).placeholder == Q3_TITLE  # the default follows the quarter
        form.query_one("#date", Input).value = "2026年10月20日"
        form.query_one("#start-time", Input).value = "9:30"
        await _paste(form.query_one("#place", Input), "县政府三楼会议室")
        await _paste(form.query_one("#chair", Input), "李副县长")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        saved = meetings.list_meetings(app.ledger)
        assert len(saved) == 1
        meeting = saved[0]
        assert (meeting.quarter, meeting.date, meeting.start_time) == (Q3, MEETING_DAY, "09:30")
        assert (meeting.place, meeting.chair, meeting.kind, meeting.title) == ("县政府三楼会议室", "李副县长", "plenary",
                                                                              Q3_TITLE)
        assert meeting.attendees == []  # all member units
        table = screen.query_one("#meetings-table", DataTable)
        assert _cells(table, 0) == ["2026-10-20"] and _cells(table, 1) == ["09:30"]


async def test_attendees_some_units_or_all(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _meetings(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        everyone = form.query_one("#all-attendees", Checkbox)
        units = form.query_one("#attendees", SelectionList)
        member_count = len(meeting_list.member_units(app.ledger))
        assert len(units.selected) == member_count == 25  # the group of units is not a member
        everyone.value = False
        await pilot.pause()
        assert units.selected == []
        before = dump(app.ledger)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "至少选择一个参加单位" in _text(form.query_one("#form-error", Static))
        assert app.focused is units
        assert dump(app.ledger) == before
        units.select(1)
        units.select(18)
        await pilot.pause()
        assert not everyone.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.list_meetings(app.ledger)[0].attendees == [1, 18]
        # Selecting every unit one by one ticks the box again.
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        assert not form.query_one("#all-attendees", Checkbox).value
        form.query_one("#attendees", SelectionList).select_all()
        await pilot.pause()
        assert form.query_one("#all-attendees", Checkbox).value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.list_meetings(app.ledger)[0].attendees == []


async def test_a_bad_time_or_date_is_refused_in_place_and_nothing_is_written(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _meetings(pilot)
        before = dump(app.ledger)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#start-time", Input).value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "开始时间“25:00”不对" in _text(form.query_one("#form-error", Static))
        assert app.focused is form.query_one("#start-time", Input)
        form.query_one("#start-time", Input).value = "14:30"
        form.query_one("#date", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused is form.query_one("#date", Input)
        assert "2026-13-01" in _text(form.query_one("#form-error", Static))
        assert dump(app.ledger) == before
        await pilot.press("escape")  # typed work: asked first
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert dump(app.ledger) == before


async def test_e_edits_and_d_deletes_a_meeting_its_decisions_stay(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        task_id = meetings.record_decision(app.ledger, meeting_id, "完成质量工作站建设", lead_units=["县市监局"],
                                           today=TODAY)
        screen = await _meetings(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        assert form.query_one("#date", Input).value == "2026-10-20"
        assert form.query_one("#place", Input).value == "县政府三楼会议室"
        assert form.query_one("#title", Input).value == ""  # the default title is the placeholder
        form.query_one("#kind", Select).value = "liaison"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.get_meeting(app.ledger, meeting_id).title == "质量强县工作联席会议2026年第三季度联络员会议"
        assert _cells(screen.query_one("#meetings-table", DataTable), 2) == ["联络员会议"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(meetings.list_meetings(app.ledger)) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert meetings.list_meetings(app.ledger) == []
        assert screen.query_one("#meetings-empty", Static).display
        assert app.ledger.scalar("SELECT meeting_id FROM tasks WHERE id = ?", [task_id]) is None


async def test_the_palette_and_help_know_the_meetings(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == strings.CMD_MEETINGS[0])
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("f1")
        await pilot.pause()
        shown = _text(app.screen.query_one("#keys", Static))
        for scope in ("[会议]", "[会议议程]", "[议定事项]"):
            assert scope in shown
        assert "重新生成" in shown and "ctrl+up / [" in shown


# --- 会议议程 ----------------------------------------------------------------------------------------


async def test_enter_opens_the_generated_agenda_without_saving_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        screen = await _agenda(pilot)
        heading = _text(screen.query_one("#agenda-heading", Static))
        assert Q3_TITLE in heading and "2026年10月20日 09:00" in heading and "李副县长" in heading
        assert "领导小组全体成员单位" in heading
        assert _column(screen, 2) == [
            "创建办通报本季度工作进展情况", "县市监局汇报工作进展", "县农业农村局汇报工作进展", "县住建局汇报工作进展",
            "县经信局汇报工作进展", "其他成员单位书面汇报", "研究协调存在问题", "部署2026年第四季度重点工作", "领导讲话",
        ]
        assert _column(screen, 1)[:2] == ["09:00-09:10", "09:10-09:15"]
        assert _column(screen, 3)[-1] == "李副县长"
        total = _text(screen.query_one("#agenda-total", Static))
        assert "共 9 项,72 分钟:09:00 开始,10:12 结束" in total and "尚未保存" in total
        detail = _text(screen.query_one("#agenda-body", Static))
        assert "台账共有工作任务 42 项" in detail
        await pilot.press("down")
        await pilot.pause()
        assert "牵头的红灯任务" in _text(screen.query_one("#agenda-body", Static))
        assert _stored(app, meeting_id) is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(_stored(app, meeting_id)["items"]) == 9  # type: ignore[index]
        assert "已保存" in _text(screen.query_one("#agenda-total", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert _cells(app.screen.query_one("#meetings-table", DataTable), 6) == ["已保存"]


async def test_an_edit_is_saved_at_once_and_regenerating_keeps_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        screen = await _agenda(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgendaItemFormScreen)
        assert form.query_one("#item-minutes", Input).value == "10"
        assert "台账共有工作任务" in form.query_one("#item-body", TextArea).text
        form.query_one("#item-title", Input).value = ""
        await _paste(form.query_one("#item-title", Input), "创建办通报全县创建工作进展")
        form.query_one("#item-minutes", Input).value = "12"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert _column(screen, 2)[0] == "创建办通报全县创建工作进展"
        assert _column(screen, 1)[:2] == ["09:00-09:12", "09:12-09:17"]
        stored = _stored(app, meeting_id)
        assert stored is not None and stored["items"][0]["edited"] == ["title", "minutes"]
        assert "手工修改过:标题、时长" in _text(screen.query_one("#agenda-body", Static))
        # A report arrives; g asks first (there are edits), then updates the rest and keeps the edit.
        before = _text(screen.query_one("#agenda-body", Static))
        assert "已收到 194 份" in before
        unit = next(s for s in reports.missing(app.ledger, Q3) if s.display_name == "石门乡")
        task_id = app.ledger.scalar("SELECT id FROM tasks WHERE code = ?", [unit.missing[0][0]])
        reports.record(app.ledger, ReportDraft(task_id, unit.unit_id, Q3, "in_progress", 50, "推进中",
                                               received=date(2026, 10, 12)), today=TODAY)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(pilot)
        assert app.screen is screen
        assert _column(screen, 2)[0] == "创建办通报全县创建工作进展"
        assert _column(screen, 4)[0] == "12"
        after = _text(screen.query_one("#agenda-body", Static))
        assert "已收到 195 份" in after
        assert len(_column(screen, 2)) == 9


async def test_g_without_edits_regenerates_without_asking(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        screen = await _agenda(pilot)
        await pilot.press("g")
        await _settle(pilot)
        assert app.screen is screen
        assert _stored(app, meeting_id) is not None and len(_column(screen, 2)) == 9


async def test_moving_and_removing_items(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        screen = await _agenda(pilot)
        first, second = _column(screen, 2)[:2]
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert _column(screen, 2)[:2] == [second, first]
        assert _column(screen, 1)[:2] == ["09:00-09:05", "09:05-09:15"]  # the times follow the order
        assert screen.query_one("#agenda-items", DataTable).cursor_row == 1  # the cursor follows the item
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert _column(screen, 2)[:2] == [first, second]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert _column(screen, 2)[:2] == [second, first]
        await pilot.press("left_square_bracket")
        await pilot.press("left_square_bracket")  # already first: stays
        await pilot.pause()
        assert _column(screen, 2)[:2] == [first, second]
        stored = _stored(app, meeting_id)
        assert stored is not None and stored["items"][0]["title"] == first
        # d asks; n keeps the item, y removes it, and regenerating does not bring it back.
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert _column(screen, 2)[1] == second
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert second not in _column(screen, 2) and len(_column(screen, 2)) == 8
        stored = _stored(app, meeting_id)
        assert stored is not None and stored["removed"] == ["unit:1"]
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("y")
        await _settle(pilot)
        assert second not in _column(screen, 2) and len(_column(screen, 2)) == 8


async def test_a_adds_an_item_after_the_cursor(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        screen = await _agenda(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgendaItemFormScreen)
        await pilot.press("ctrl+s")  # no title
        await pilot.pause()
        assert "要有标题" in _text(form.query_one("#form-error", Static))
        await _paste(form.query_one("#item-title", Input), "审议三年行动计划")
        await _paste(form.query_one("#item-presenter", Input), "县市监局")
        form.query_one("#item-minutes", Input).value = "二十"
        form.query_one("#item-body", TextArea).text = "听取起草说明\n\n讨论修改意见"  # a blank line is dropped
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "时长“二十”不对" in _text(form.query_one("#form-error", Static))
        assert _stored(app, meeting_id) is None  # nothing written yet
        form.query_one("#item-minutes", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert _column(screen, 2)[1] == "审议三年行动计划"
        assert _column(screen, 1)[1:3] == ["09:10-09:30", "09:30-09:35"]
        assert screen.query_one("#agenda-items", DataTable).cursor_row == 1
        detail = _text(screen.query_one("#agenda-body", Static))
        assert "手工新增的事项" in detail and "听取起草说明\n讨论修改意见" in detail
        stored = _stored(app, meeting_id)
        assert stored is not None and stored["items"][1]["body"] == ["听取起草说明", "讨论修改意见"]
        assert "共 10 项,92 分钟" in _text(screen.query_one("#agenda-total", Static))


async def test_x_exports_markdown_next_to_the_ledger(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _add_meeting(app)
        await _agenda(pilot)
        await pilot.press("x")
        await _settle(pilot)
        written = demo_path.parent / f"{Q3_TITLE}议程.md"
        text = written.read_text(encoding="utf-8-sig")
        assert text.startswith(f"# {Q3_TITLE}")
        assert "创建办通报本季度工作进展情况" in text and "附件1" in text


def test_the_export_file_name_is_safe_on_windows() -> None:
    meeting = meetings.Meeting(Q3, MEETING_DAY, title='第三季度"联席"会议: 城东/城西 ')
    assert meeting_list.agenda_file_stem(meeting) == "第三季度_联席_会议_ 城东_城西 议程"


def test_fold_breaks_chinese_between_characters_but_not_before_a_closing_mark() -> None:
    paragraph = "四.(一).8 建立乡(镇)、街道质量工作站(责任单位:县市监局(牵头)、青溪镇、白沙镇;时限:2026-08-31)"
    for width in (20, 30, 40, 60):
        lines = fold(paragraph, width)
        assert "".join(lines) == paragraph
        assert all(line[0] not in "、,;:))" for line in lines[1:])
        assert all(line[-1] not in "((" for line in lines)
    assert fold(paragraph, 40)[0] == "四.(一).8 建立乡(镇)、街道质量工作站(责"
    assert fold(paragraph, 40)[-1].endswith("2026-08-31)")


# --- 议定事项 ----------------------------------------------------------------------------------------


async def test_j_records_a_decision_that_becomes_a_task_under_its_unit(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting_id = _add_meeting(app)
        agenda_screen = await _agenda(pilot)
        await pilot.press("j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionsScreen)
        assert screen.query_one("#decisions-empty", Static).display
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DecisionFormScreen)
        before = dump(app.ledger)
        await _paste(form.query_one("#decision-title", Input), "年底前建成全部乡镇质量工作站")
        await _paste(form.query_one("#lead-units", Input), "没有这个单位")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "没有这个单位" in _text(form.query_one("#form-error", Static))
        assert dump(app.ledger) == before
        form.query_one("#lead-units", Input).value = "县市监局"
        await _paste(form.query_one("#co-units", Input), "青溪镇、白沙镇")
        form.query_one("#deadline", Input).value = "2026-12-31"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        table = screen.query_one("#decisions-table", DataTable)
        assert _cells(table, 1) == ["议定2026Q3-1"]
        assert _cells(table, 2) == ["年底前建成全部乡镇质量工作站"]
        assert _cells(table, 4) == ["2026-12-31"]
        assert _cells(table, 5) == ["尚无报告"]
        assert _cells(table, 0) == [" 绿 "]
        task_id = app.ledger.scalar("SELECT id FROM tasks WHERE code = '议定2026Q3-1'")
        assert app.ledger.scalar("SELECT meeting_id FROM tasks WHERE id = ?", [task_id]) == meeting_id
        unit_id = app.ledger.scalar("SELECT id FROM units WHERE short_name = '县市监局'")
        assert task_id in [row.id for row in tasks.tasks_of_unit(app.ledger, unit_id, today=TODAY)]
        # Enter opens the task; Esc comes back to the decisions, then to the agenda and the list.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskDetailScreen) and app.screen.task_id == task_id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is agenda_screen
        await pilot.press("escape")
        await pilot.pause()
        assert _cells(app.screen.query_one("#meetings-table", DataTable), 7) == ["1"]
        await pilot.press("escape")
        await pilot.pause()
        # Back on the main screen, the unit's task list shows the decision.
        main = app.screen
        assert isinstance(main, MainScreen)
        assert "议定2026Q3-1" in _cells(main.query_one("#unit-tasks", DataTable), 1)
