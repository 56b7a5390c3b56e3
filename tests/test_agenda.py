"""Meetings and their agenda: content from a ledger built here and from the demo, edits kept on
regeneration, decisions becoming tasks that the next agenda reports on."""

from __future__ import annotations

from datetime import date

import pytest

from store.documents import agenda, meetings
from store.documents.meetings import MeetingDraft
from store.errors import ValidationError
from store.ledger.db import Ledger
from store.quarterly import reports
from store.quarterly.reports import ReportDraft
from store.work import phases, tasks, units
from store.work.phases import PhaseDraft
from store.work.quarters import Quarter
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY, dump

Q3 = Quarter(2026, 3)
MEETING_DAY = date(2026, 10, 20)


@pytest.fixture
def county(ledger: Ledger) -> Ledger:
    """Four units; 县交通局 leads an overdue task and reported it 滞后; 县水利局 leads two overdue ones."""
    for name, short in [("县市场监督管理局", "县市监局"), ("县交通运输局", "县交通局"), ("县水利局", "县水利局"),
                        ("青溪镇人民政府", "青溪镇")]:
        units.create_unit(ledger, UnitDraft(name, short, contact="张三", phone="0571-1"))
    phases.create_phase(ledger, PhaseDraft("组织实施阶段", date(2026, 1, 1), date(2026, 12, 31), is_main=True))
    phases.create_phase(ledger, PhaseDraft("迎检验收阶段", date(2027, 1, 1), date(2027, 3, 31)))
    add = [
        ("1", "修复农村公路", ["县交通局"], ["青溪镇"], date(2026, 9, 30)),
        ("2", "整治河道", ["县水利局"], [], date(2026, 8, 31)),
        ("3", "建设水质监测站", ["县水利局"], [], date(2026, 6, 30)),
        ("4", "开展质量月活动", ["县市监局"], [], date(2026, 12, 15)),
        ("5", "建设工作站", ["青溪镇"], [], date(2027, 6, 30)),
    ]
    for code, title, lead, co, deadline in add:
        tasks.create_task(ledger, TaskDraft(title, code=code, lead_units=lead, co_units=co, deadline=deadline),
                          today=date(2026, 1, 5))
    tasks.create_task(ledger, TaskDraft("每季度报送进展", code="6", lead_units=["县市监局"],
                                        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"), today=date(2026, 1, 5))
    ledger.conn.execute("UPDATE tasks SET created_at = '2026-01-05 09:00:00'")  # entered with the plan
    ids = {r["code"]: r["id"] for r in ledger.rows("SELECT id, code FROM tasks")}
    uid = {r["short_name"]: r["id"] for r in ledger.rows("SELECT id, short_name FROM units")}
    entries = [
        ("1", "县交通局", "late", "资金未到位,进度滞后"), ("1", "青溪镇", "in_progress", ""),
        ("2", "县水利局", "in_progress", "汛期影响施工"), ("4", "县市监局", "in_progress", ""),
        ("6", "县市监局", "in_progress", ""),
    ]
    for code, unit, status, problems in entries:
        reports.record(ledger, ReportDraft(ids[code], uid[unit], Q3, status, 50, "推进", problems,
                                           received=date(2026, 10, 8)), today=TODAY)
    return ledger


def _meeting(ledger: Ledger, **extra: object) -> meetings.Meeting:
    draft = MeetingDraft(Q3, MEETING_DAY, "9:00", "县政府三楼会议室", "李副县长")
    for name, value in extra.items():
        setattr(draft, name, value)
    return meetings.get_meeting(ledger, meetings.create_meeting(ledger, draft))


def _generated(ledger: Ledger, meeting: meetings.Meeting) -> tuple[agenda.Agenda, agenda.Facts]:
    found = agenda.facts(ledger, meeting, today=TODAY)
    return agenda.Agenda(meeting, agenda.generate(found, meeting)), found


def test_briefing_figures_overdue_and_units_with_red_first(county: Ledger) -> None:
    meeting = _meeting(county)
    made, found = _generated(county, meeting)
    assert [i.key.split(":")[0] for i in made.items] == ["briefing", "unit", "unit", "unit", "unit", "problems", "next",
                                                          "speech"]
    briefing = "\n".join(made.items[0].body)
    # 6 tasks on 2026-10-20: 3 overdue (red; one also reported 滞后). 7 reports due: task 3 and 5 missing.
    assert "台账共有工作任务 6 项" in briefing and "红灯 3 项" in briefing
    assert "报告 7 份,已收到 5 份(报送率 71%)" in briefing and "尚有 2 个单位未报齐" in briefing
    assert "超过完成时限仍未完成的任务 3 项" in briefing
    assert [r.code for r in found.overdue] == ["3", "2", "1"]  # earliest deadline first
    units_in_order = [i.presenter for i in made.items if i.key.startswith("unit:")]
    assert units_in_order[:2] == ["县水利局", "县交通局"]  # two red tasks, then one
    water = next(i for i in made.items if i.presenter == "县水利局")
    assert water.minutes == agenda.RED_UNIT_MINUTES and any("3 建设水质监测站" in line for line in water.body)
    assert "资金未到位" in "\n".join(next(i for i in made.items if i.key == "problems").body)


def test_schedule_follows_the_start_time(county: Ledger) -> None:
    meeting = _meeting(county, start_time="14:30")
    made, _ = _generated(county, meeting)
    schedule = made.schedule()
    assert schedule[0][1:] == ("14:30", "14:40")
    assert [s for _, s, _ in schedule][1] == "14:40"
    assert schedule[-1][2] == f"{14 + (30 + made.total_minutes) // 60}:{(30 + made.total_minutes) % 60:02d}"


def test_next_quarter_names_deadlines_phase_changes_and_recurring_work(county: Ledger) -> None:
    made, _ = _generated(county, _meeting(county))
    body = "\n".join(next(i for i in made.items if i.key == "next").body)
    assert "4 开展质量月活动" in body and "2026-12-15" in body
    assert "“组织实施阶段”于2026年12月31日结束" in body
    assert "2026年10月31日 6 每季度报送进展" in body  # its series runs from the phase start, as its deadline does


def test_edits_survive_regeneration_after_new_reports(county: Ledger) -> None:
    meeting = _meeting(county)
    made, _ = _generated(county, meeting)
    speech = next(n for n, i in enumerate(made.items) if i.key == "speech")
    agenda.edit_item(made, speech, minutes=25, title="县政府领导讲话")
    agenda.move_item(made, speech, -1)
    problems = next(n for n, i in enumerate(made.items) if i.key == "problems")
    agenda.remove_item(made, problems)
    added = agenda.add_item(made, 1, "观看质量宣传片", "县融媒体中心", 6)
    agenda.save(county, made)

    # A new report arrives: 县水利局 now reports a problem on task 3.
    ids = {r["code"]: r["id"] for r in county.rows("SELECT id, code FROM tasks")}
    water = units.resolve_unit(county, "县水利局")
    reports.record(county, ReportDraft(ids["3"], water, Q3, "late", 10, "", "用地未落实", received=TODAY), today=TODAY)
    stored = agenda.load(county, meetings.get_meeting(county, meeting.id), today=TODAY)
    fresh = agenda.generate(agenda.facts(county, stored.meeting, today=TODAY), stored.meeting)
    again = agenda.regenerate(stored, fresh)

    keys = [i.key for i in again.items]
    assert "problems" not in keys  # removed stays removed
    assert keys[1] == added.key  # the clerk's item where it was put
    speech_item = next(i for i in again.items if i.key == "speech")
    assert (speech_item.title, speech_item.minutes) == ("县政府领导讲话", 25)
    assert keys.index("speech") < keys.index("next")  # the clerk's order
    water_item = next(i for i in again.items if i.presenter == "县水利局")
    assert any("滞后" in line for line in water_item.body)  # untouched items take the new reports


def test_saving_an_agenda_twice_writes_once(county: Ledger) -> None:
    meeting = _meeting(county)
    made, _ = _generated(county, meeting)
    agenda.save(county, made)
    before = dump(county)
    agenda.save(county, made)
    assert dump(county) == before


def test_decisions_become_tasks_and_appear_in_the_next_agenda(county: Ledger) -> None:
    first = _meeting(county)
    task_id = meetings.record_decision(county, first.id, "加快农村公路修复进度", lead_units=["县交通局"],
                                       co_units=["青溪镇"], deadline=date(2026, 12, 31), today=TODAY)
    row = county.row("SELECT source, meeting_id, code FROM tasks WHERE id = ?", [task_id])
    assert row == {"source": "meeting", "meeting_id": first.id, "code": "议定2026Q3-1"}
    assert task_id in [t.id for t in tasks.tasks_of_unit(county, units.resolve_unit(county, "县交通局"), today=TODAY)]
    with pytest.raises(ValidationError):
        meetings.record_decision(county, first.id, "没有单位的事项", lead_units=[], today=TODAY)

    second = _meeting(county, quarter=Quarter(2026, 4), date=date(2027, 1, 15))
    made, _ = _generated(county, second)
    decisions = next(i for i in made.items if i.key == "decisions")
    assert "加快农村公路修复进度" in decisions.body[0] and "县交通局" in decisions.body[0]
    # The meeting that took the decision does not review it.
    first_again, _ = _generated(county, meetings.get_meeting(county, first.id))
    assert "decisions" not in [i.key for i in first_again.items]


def test_meeting_validation_in_chinese(county: Ledger) -> None:
    before = dump(county)
    with pytest.raises(ValidationError, match="开始时间"):
        meetings.create_meeting(county, MeetingDraft(Q3, MEETING_DAY, "25:00"))
    with pytest.raises(ValidationError, match="会议类型"):
        meetings.create_meeting(county, MeetingDraft(Q3, MEETING_DAY, kind="party"))
    assert dump(county) == before


def test_attachments_tables(county: Ledger) -> None:
    _, found = _generated(county, _meeting(county))
    progress_table, overdue, missing = agenda.attachments(found)
    assert progress_table.headers[0] == "单位" and len(progress_table.rows) == 5  # four units, then 合计
    *unit_rows, total = progress_table.rows
    assert total[0] == "合计"
    for column in (1, 2, 3, 4):  # tasks, done, red, yellow: the totals add up the rows
        assert int(total[column]) == sum(int(row[column]) for row in unit_rows)
    assert "参与的全部任务" in progress_table.note  # the table says how it counts
    assert [row[0] for row in overdue.rows] == ["3", "2", "1"]
    assert overdue.rows[0][4] == str((MEETING_DAY - date(2026, 6, 30)).days)
    assert [row[0] for row in missing.rows] == ["县水利局", "青溪镇"]  # tasks 3 and 5 have no report


def test_demo_agenda(demo_ledger: Ledger) -> None:
    meeting = _meeting(demo_ledger)
    made, found = _generated(demo_ledger, meeting)
    presenters = [i.presenter for i in made.items if i.key.startswith("unit:")]
    assert presenters[0] == "县市监局"  # leads the most red tasks in the demo
    assert "written" in [i.key for i in made.items]
    text = agenda.to_markdown(demo_ledger, made, found)
    for unit in ("县文广旅体局", "石门乡", "城西街道"):  # the demo's units missing 2026Q3
        assert unit in text.split("附件3")[1]
    assert text.startswith("# 质量强县工作联席会议2026年第三季度全体会议")


@pytest.mark.parametrize(
    ("number", "words"),
    [(3, "三"), (10, "十"), (12, "十二"), (45, "四十五"), (99, "九十九"), (100, "一百"), (105, "一百零五"),
     (110, "一百一十"), (115, "一百一十五"), (577, "五百七十七"), (1003, "一千零三"), (1010, "一千零一十")],
)  # fmt: skip
def test_item_numbers_past_ninety_nine_are_written_in_chinese(number: int, words: str) -> None:
    """A prefecture-sized agenda has over 99 items (it once stopped with an IndexError at 100)."""
    assert agenda.cn_number(number) == words
