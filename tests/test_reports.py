"""Quarterly reports: entry, revisions, who is missing or late, and the lights they change."""

from __future__ import annotations

from datetime import date

import pytest

from store.errors import ValidationError
from store.ledger.db import Ledger
from store.quarterly import reports
from store.quarterly.reports import ReportDraft
from store.work import phases, rules, tasks, units
from store.work.phases import PhaseDraft
from store.work.quarters import Quarter
from store.work.rules import Light
from store.work.tasks import Target, TaskDraft
from store.work.units import UnitDraft
from tests.conftest import dump

TODAY = date(2026, 11, 21)  # 2026Q3 reports were due 2026-10-10
Q3 = Quarter(2026, 3)


@pytest.fixture
def small(ledger: Ledger) -> Ledger:
    """Three units; a group of two; a main phase from 2026-01-01; four tasks."""
    for name, short in [("县市场监督管理局", "县市监局"), ("县发展和改革局", "县发改局"), ("青溪镇人民政府", "青溪镇")]:
        units.create_unit(ledger, UnitDraft(name, short))
    units.create_unit(ledger, UnitDraft("县质量创建成员单位", "各成员单位", kind="group", members=["县市监局", "县发改局"]))
    phases.create_phase(ledger, PhaseDraft("组织创建阶段", date(2026, 1, 1), date(2027, 12, 31), is_main=True))
    phases.create_phase(ledger, PhaseDraft("迎检验收阶段", date(2027, 7, 1), date(2027, 12, 31)))
    later = ledger.scalar("SELECT id FROM phases WHERE name = '迎检验收阶段'")
    tasks.create_task(ledger, TaskDraft("建设检测平台", code="1", lead_units=["县市监局"], co_units=["县发改局"],
                                        deadline=date(2027, 6, 30), targets=[Target("建档率", ">=", 90, "%")]),
                      today=TODAY)
    tasks.create_task(ledger, TaskDraft("制定实施方案", code="2", lead_units=["各成员单位"], deadline=date(2027, 3, 31)),
                      today=TODAY)
    tasks.create_task(ledger, TaskDraft("迎接验收", code="3", lead_units=["县市监局"], phase_id=later), today=TODAY)
    tasks.create_task(ledger, TaskDraft("建设质量工作站", code="4", lead_units=["青溪镇"], deadline=date(2027, 9, 30)),
                      today=TODAY)
    # Entered at the start of the year (the real clock may say anything).
    with ledger.write() as db:
        db.execute("UPDATE tasks SET created_at = '2026-01-05 09:00:00'")
    return ledger


def _ids(ledger: Ledger) -> tuple[dict[str, int], dict[str, int]]:
    task_ids = {r["code"]: r["id"] for r in ledger.rows("SELECT id, code FROM tasks")}
    unit_ids = {r["short_name"]: r["id"] for r in ledger.rows("SELECT id, short_name FROM units")}
    return task_ids, unit_ids


def _report(ledger: Ledger, code: str, unit: str, quarter: Quarter = Q3, **fields: object) -> tuple[reports.Report, bool]:
    t, u = _ids(ledger)
    values: dict[str, object] = {"status": "in_progress", "progress": 50, "received": date(2026, 10, 8), **fields}
    return reports.record(ledger, ReportDraft(t[code], u[unit], quarter, **values), today=TODAY)  # type: ignore[arg-type]


def _light(ledger: Ledger, code: str) -> Light:
    return next(row.light for row in tasks.task_rows(ledger, today=TODAY) if row.code == code)


def test_default_quarter_is_the_one_just_ended_in_a_quarters_first_month() -> None:
    assert rules.default_report_quarter(date(2026, 10, 5)) == Quarter(2026, 3)
    assert rules.default_report_quarter(date(2026, 11, 21)) == Quarter(2026, 4)
    assert rules.default_report_quarter(date(2027, 1, 31)) == Quarter(2026, 4)
    assert rules.default_report_quarter(date(2027, 2, 1)) == Quarter(2027, 1)


def test_the_checked_quarter_waits_for_the_due_date() -> None:
    assert rules.checked_quarter(date(2026, 10, 10), 10) == Quarter(2026, 2)
    assert rules.checked_quarter(date(2026, 10, 11), 10) == Quarter(2026, 3)
    assert rules.report_is_late(Q3, date(2026, 10, 10), 10) is False
    assert rules.report_is_late(Q3, date(2026, 10, 11), 10) is True
    assert rules.report_is_late(Q3, None, 10) is False


def test_entry_lists_the_units_tasks_including_group_tasks(small: Ledger) -> None:
    _, u = _ids(small)
    rows = reports.entry_rows(small, u["县发改局"], Q3, today=TODAY)
    assert [r.task.code for r in rows] == ["1", "2"]  # co-unit of 1, member of the group on 2
    assert rows[0].targets and rows[0].targets[0][1].startswith("建档率")
    # Task 3 only starts in 2027Q3: nobody reports on it yet.
    assert [r.task.code for r in reports.entry_rows(small, u["县市监局"], Q3, today=TODAY)] == ["1", "2"]


def test_a_report_is_saved_and_the_same_report_again_changes_nothing(small: Ledger) -> None:
    _ids(small)
    target_id = small.scalar("SELECT id FROM targets")
    saved, changed = _report(small, "1", "县市监局", work_done="已完成选址", actuals={target_id: 85.5})
    assert changed and saved.revision == 1 and saved.actuals == {target_id: 85.5}
    before = dump(small)
    again, changed = _report(small, "1", "县市监局", work_done="已完成选址 ", actuals={target_id: 85.5})
    assert not changed and again.id == saved.id
    assert dump(small) == before


def test_a_correction_is_a_new_revision_and_the_old_one_stays(small: Ledger) -> None:
    t, _ = _ids(small)
    _report(small, "1", "县市监局", progress=40)
    corrected, changed = _report(small, "1", "县市监局", progress=60, problems="资金未到位")
    assert changed and corrected.revision == 2
    history = reports.history(small, t["1"])
    assert [(r.revision, r.progress) for r in history] == [(2, 60), (1, 40)]
    assert history[0].recorded_by is not None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"progress": 120}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": "差不多"}, "status"),
        ({"status": "推进中"}, "status"),  # a label, not a status key: parse_status is the reader's job
        ({"received": date(2026, 12, 1)}, "received"),  # after today
        ({"received": date(2026, 6, 30)}, "received"),  # before the quarter began
    ],
)
def test_bad_reports_are_refused_and_change_nothing(small: Ledger, fields: dict[str, object], field: str) -> None:
    before = dump(small)
    with pytest.raises(ValidationError) as refused:
        _report(small, "1", "县市监局", **fields)
    assert refused.value.field == field
    assert dump(small) == before


def test_a_unit_cannot_report_on_a_task_it_does_not_hold(small: Ledger) -> None:
    with pytest.raises(ValidationError, match="不承担"):
        _report(small, "4", "县发改局")


def test_status_labels_are_read_in_chinese() -> None:
    assert reports.parse_status("推进中") == "in_progress"
    assert reports.parse_status("滞后") == "late"
    with pytest.raises(ValidationError, match="未启动、推进中、已完成、滞后、暂缓"):
        reports.parse_status("完成了")


def test_who_has_reported_who_is_late_and_what_is_missing(small: Ledger) -> None:
    _report(small, "1", "县市监局")
    _report(small, "1", "县发改局", received=date(2026, 10, 15))  # after the due date
    _report(small, "2", "县市监局")
    figures = {s.display_name: s for s in reports.submission(small, Q3)}
    assert (figures["县市监局"].expected, figures["县市监局"].reported, figures["县市监局"].state) == (2, 2, "complete")
    assert (figures["县发改局"].reported, figures["县发改局"].late, figures["县发改局"].state) == (1, 1, "partial")
    assert figures["县发改局"].missing == [("2", "制定实施方案")]
    assert figures["青溪镇"].state == "none"
    chase = reports.missing(small, Q3)
    assert [s.display_name for s in chase] == ["县发改局", "青溪镇"]
    # A late report corrected later stays late; the correction does not reset the received date.
    _report(small, "1", "县发改局", received=date(2026, 10, 15), progress=70)
    assert {s.display_name: s.late for s in reports.submission(small, Q3)}["县发改局"] == 1


def test_lights_follow_the_reports(small: Ledger) -> None:
    # Before any 2026Q3 report exists nothing is flagged for missing reports.
    assert _light(small, "4") == Light.GREEN
    _report(small, "1", "县市监局")
    _report(small, "1", "县发改局")
    _report(small, "2", "县市监局")
    # Reporting has started for 2026Q3: a task whose unit has not reported turns yellow.
    assert _light(small, "1") == Light.GREEN
    assert _light(small, "2") == Light.YELLOW  # 县发改局 (a group member) is missing
    assert _light(small, "4") == Light.YELLOW  # 青溪镇 is missing
    _report(small, "4", "青溪镇", status="late", problems="选址未定")
    assert _light(small, "4") == Light.RED  # 滞后 means red, whatever the deadline
    _report(small, "1", "县市监局", status="done", progress=100)
    assert _light(small, "1") == Light.DONE  # every lead unit says 已完成


def test_a_task_entered_after_a_quarters_due_date_owes_no_report_for_it(small: Ledger) -> None:
    _report(small, "1", "县市监局")
    _report(small, "1", "县发改局")
    _report(small, "2", "县市监局")
    assert _light(small, "4") == Light.YELLOW  # 青溪镇 has not reported for 2026Q3
    with small.write() as db:  # as if task 4 came with a plan imported in November
        db.execute("UPDATE tasks SET created_at = '2026-11-02 10:00:00' WHERE code = '4'")
    assert _light(small, "4") == Light.GREEN
    assert "青溪镇" not in [s.display_name for s in reports.submission(small, Q3)]
    _, u = _ids(small)
    assert [r.task.code for r in reports.entry_rows(small, u["青溪镇"], Quarter(2026, 4), today=TODAY)] == ["4"]


def test_done_tasks_stop_being_expected(small: Ledger) -> None:
    t, u = _ids(small)
    task = tasks.get_task(small, t["4"], today=TODAY)
    draft = tasks.draft_of(task)
    draft.done = True
    tasks.update_task(small, t["4"], draft, today=TODAY)
    done_on = small.scalar("SELECT done_on FROM tasks WHERE id = ?", [t["4"]])
    assert done_on is not None
    later = Quarter.of(date.fromisoformat(done_on)).next()
    assert "4" not in [r.task.code for r in reports.entry_rows(small, u["青溪镇"], later, today=TODAY)]


def test_the_demo_has_a_year_of_reports_with_late_and_missing_units(demo_ledger: Ledger) -> None:
    quarters = [Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)]
    for quarter in quarters:
        assert reports.latest_for_quarter(demo_ledger, quarter)
    chase = {s.display_name for s in reports.missing(demo_ledger, Q3)}
    assert chase == {"城西街道", "石门乡", "县文广旅体局"}
    late = {s.display_name for s in reports.submission(demo_ledger, Q3) if s.late}
    assert {"县住建局", "县交通局", "云岭乡"} <= late
    assert demo_ledger.scalar("SELECT count(*) FROM reports WHERE revision = 2") == 1
    assert demo_ledger.scalar("SELECT count(*) FROM reports WHERE status = 'late' AND quarter = '2026Q3'") >= 2
    matrix = reports.overview_matrix(demo_ledger, quarters)
    assert len(matrix) >= 20


def test_a_late_corrected_report_is_judged_on_its_first_revision(demo_ledger: Ledger) -> None:
    """One lateness rule: the entry screen's 迟报 mark and the submission figures agree."""
    first = reports.latest_for_quarter(demo_ledger, Quarter.parse("2026Q3"))
    on_time = next(r for r in first if not r.late)
    later = reports.ReportDraft(
        task_id=on_time.task_id, unit_id=on_time.unit_id, quarter=on_time.quarter, status=on_time.status,
        progress=on_time.progress, work_done=on_time.work_done + "(更正)", problems=on_time.problems,
        next_steps=on_time.next_steps, received=date(2026, 11, 20), actuals=dict(on_time.actuals),
    )
    corrected, changed = reports.record(demo_ledger, later, today=TODAY)
    assert changed and corrected.revision == on_time.revision + 1
    assert not corrected.late  # received long after the due date, but a correction of a report on time
