"""Progress at a glance and the units × quarters record, on the demo ledger and on a small one."""

from __future__ import annotations

from datetime import date

from store.ledger.db import Ledger
from store.lookup import overview
from store.quarterly import progress, reports
from store.quarterly.reports import ReportDraft, UnitSubmission
from store.work import tasks, units
from store.work.quarters import Quarter
from store.work.rules import Light
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY

Q = Quarter.parse


def _short(ledger: Ledger) -> dict[int, str]:
    return {r["id"]: r["short_name"] for r in ledger.rows("SELECT id, short_name FROM units")}


def test_progress_counts_done_tasks_by_the_lights_and_reports_by_submission(demo_ledger: Ledger) -> None:
    now = progress.progress(demo_ledger, Q("2026Q3"), today=TODAY)
    rows = tasks.task_rows(demo_ledger, today=TODAY)
    assert now.total.total == len(rows) == 42
    assert now.total.done == sum(1 for r in rows if r.light == Light.DONE) == 8
    figures = {s.unit_id: s for s in reports.submission(demo_ledger, Q("2026Q3"))}
    assert {u.unit_id: (u.expected, u.reported) for u in now.units if u.expected} == {
        unit_id: (s.expected, s.reported) for unit_id, s in figures.items()
    }
    assert (now.total.expected, now.total.reported, now.total.percent_reported) == (213, 194, 91)
    names = _short(demo_ledger)
    by_name = {names[u.unit_id]: u for u in now.units}
    assert (by_name["城西街道"].reported, by_name["城西街道"].expected, by_name["城西街道"].percent_reported) == (0, 6, 0)
    assert by_name["县住建局"].percent_reported == 100
    # The same done / total per unit as the main screen's unit list (tasks through groups included).
    main = {u.id: u for u in overview.unit_summaries(demo_ledger, today=TODAY)}
    for unit in now.units:
        assert (unit.done, unit.total) == (main[unit.unit_id].done, main[unit.unit_id].task_count)


def test_progress_by_phase_matches_the_phase_list_and_adds_up(demo_ledger: Ledger) -> None:
    now = progress.progress(demo_ledger, Q("2026Q3"), today=TODAY)
    main = overview.phase_summaries(demo_ledger, today=TODAY)
    assert [(p.name, p.done, p.total) for p in now.phases] == [
        (s.phase.name if s.phase else "", s.done, s.total) for s in main
    ]
    assert [p.name for p in now.phases] == ["动员部署阶段", "组织创建阶段", "自查提升阶段", "迎检验收阶段"]
    assert sum(p.total for p in now.phases) == now.total.total
    assert sum(p.expected for p in now.phases) == now.total.expected
    assert sum(p.reported for p in now.phases) == now.total.reported


def test_overview_leaves_out_quarters_never_collected_and_keeps_the_current_one(demo_ledger: Ledger) -> None:
    quarters = reports.campaign_quarters(demo_ledger, TODAY)
    assert quarters[0] == Q("2025Q1")  # the plan starts in March 2025; reports were kept from 2025Q4
    matrix = reports.overview_matrix(demo_ledger, quarters)
    shown = progress.overview_quarters(demo_ledger, quarters, matrix, today=TODAY)
    assert [str(q) for q in shown] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]


def test_reporting_record_puts_the_habitually_late_and_the_missing_first(demo_ledger: Ledger) -> None:
    quarters = reports.campaign_quarters(demo_ledger, TODAY)
    matrix = reports.overview_matrix(demo_ledger, quarters)
    shown = progress.overview_quarters(demo_ledger, quarters, matrix, today=TODAY)
    record = progress.reporting_record(demo_ledger, shown, matrix, today=TODAY)
    names = [r.display_name for r in record]
    assert names[:3] == ["县住建局", "县交通局", "云岭乡"]
    assert names[3] == "城西街道"
    assert set(names[4:7]) == {"县文广旅体局", "县统计局", "石门乡"}
    by_name = {r.display_name: r for r in record}
    assert (by_name["县住建局"].late_quarters, by_name["县住建局"].missing_quarters) == (4, 0)
    assert [by_name["城西街道"].marks[Q(q)] for q in ("2025Q4", "2026Q1", "2026Q2", "2026Q3")] == [
        progress.ON_TIME, progress.ON_TIME, progress.NONE, progress.NONE,
    ]
    assert by_name["县统计局"].marks[Q("2026Q1")] == progress.NONE
    assert by_name["石门乡"].marks[Q("2026Q3")] == progress.NONE
    assert by_name["县文广旅体局"].marks[Q("2026Q3")] == progress.NONE
    # 2026Q4 is not due before 2027-01-10: nobody is missing yet.
    assert {r.marks[Q("2026Q4")] for r in record} == {progress.PENDING}
    assert all(r.missing_quarters == 0 and r.late_quarters == 0 for r in record[7:])


def test_quarter_marks() -> None:
    def entry(expected: int, reported: int, late: int, missing: int) -> UnitSubmission:
        return UnitSubmission(1, "x", "x", "", "", expected, reported, late, [("1", "t")] * missing)

    assert progress.quarter_mark(None, due=True) == progress.NOT_EXPECTED
    assert progress.quarter_mark(entry(2, 2, 0, 0), due=True) == progress.ON_TIME
    assert progress.quarter_mark(entry(2, 2, 1, 0), due=True) == progress.LATE
    assert progress.quarter_mark(entry(2, 1, 1, 1), due=True) == progress.PARTIAL
    assert progress.quarter_mark(entry(2, 0, 0, 2), due=True) == progress.NONE
    assert progress.quarter_mark(entry(2, 0, 0, 2), due=False) == progress.PENDING
    assert progress.quarter_mark(entry(2, 2, 0, 0), due=False) == progress.ON_TIME


def test_trend_sums_the_overview_and_ends_at_todays_done_count(demo_ledger: Ledger) -> None:
    quarters = reports.campaign_quarters(demo_ledger, TODAY)
    matrix = reports.overview_matrix(demo_ledger, quarters)
    shown = progress.overview_quarters(demo_ledger, quarters, matrix, today=TODAY)
    points = progress.trend(demo_ledger, shown, today=TODAY, matrix=matrix)
    assert [p.quarter for p in points] == shown
    q3 = points[-2]
    submission = reports.submission(demo_ledger, Q("2026Q3"))
    assert (q3.expected, q3.reported, q3.late) == (
        sum(s.expected for s in submission), sum(s.reported for s in submission), sum(s.late for s in submission),
    )
    assert (q3.percent_reported, q3.late) == (91, 29)
    assert points[-1].reported == 0  # 2026Q4: nothing in yet
    done_today = sum(1 for r in tasks.task_rows(demo_ledger, today=TODAY) if r.light == Light.DONE)
    assert points[-1].tasks_done == done_today
    assert [p.tasks_done for p in points] == sorted(p.tasks_done for p in points)  # never goes down here
    assert all(p.tasks_total == 42 for p in points)
    # Without a matrix it reads the same figures itself.
    assert progress.trend(demo_ledger, shown, today=TODAY) == points


def test_trend_counts_a_task_done_from_the_quarter_its_lead_unit_reports_it_done(ledger: Ledger) -> None:
    for name, short in [("县市场监督管理局", "县市监局"), ("县发展和改革局", "县发改局")]:
        units.create_unit(ledger, UnitDraft(name, short))
    day = date(2026, 1, 5)
    tasks.create_task(ledger, TaskDraft("建设检测平台", code="1", lead_units=["县市监局"], co_units=["县发改局"]), today=day)
    tasks.create_task(ledger, TaskDraft("制定实施方案", code="2", lead_units=["县发改局"], done=True), today=day)
    tasks.create_task(ledger, TaskDraft("每季度通报", code="3", lead_units=["县市监局"], rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
                      today=day)
    with ledger.write() as db:
        db.execute("UPDATE tasks SET created_at = '2026-01-05 09:00:00'")
        db.execute("UPDATE tasks SET done_on = '2026-05-20' WHERE code = '2'")
    ids = {r["code"]: r["id"] for r in ledger.rows("SELECT id, code FROM tasks")}
    unit_ids = {r["short_name"]: r["id"] for r in ledger.rows("SELECT id, short_name FROM units")}

    def report(code: str, unit: str, quarter: str, status: str) -> None:
        q = Q(quarter)
        reports.record(ledger, ReportDraft(ids[code], unit_ids[unit], q, status, received=q.end), today=TODAY)

    report("1", "县市监局", "2026Q1", "in_progress")
    report("1", "县发改局", "2026Q2", "in_progress")  # a co-unit's word does not finish a task
    report("1", "县市监局", "2026Q2", "done")
    report("3", "县市监局", "2026Q2", "done")  # recurring: never done by its reports
    points = progress.trend(ledger, [Q("2026Q1"), Q("2026Q2"), Q("2026Q3")], today=TODAY)
    # Q1: nothing; Q2: task 1 (its lead says done) and task 2 (flag set in May); Q3 the same.
    assert [p.tasks_done for p in points] == [0, 2, 2]
    assert [p.tasks_total for p in points] == [3, 3, 3]
    assert [p.quarter for p in points] == [Q("2026Q1"), Q("2026Q2"), Q("2026Q3")]
    assert points[1].late == 0 and points[1].reported == 3


def test_percent_of_nothing_is_zero() -> None:
    assert progress.percent(0, 0) == 0
    assert progress.percent(2, 3) == 67
