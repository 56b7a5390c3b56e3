"""One truth: every surface answers the same question the same way.

The same facts are asked of the main screen's page reads (store.lookup.overview), ``taizhang status``
(its JSON), the progress figures the agenda's attachment 1 prints (store.quarterly.progress) and the
agenda's facts; each derived fact is also checked against plain SQL written here, in the words of
the rule (a unit's own latest report is its newest quarter's newest revision, never another unit's).
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import strings
from store.documents import agenda, meetings
from store.documents.meetings import MeetingDraft
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.lookup import overview, status
from store.quarterly import progress, report_exports, reports
from store.quarterly.reports import ReportDraft
from store.work import report_state, tasks, units
from store.work.quarters import Quarter
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tui.cli import cli

TODAY = date(2026, 10, 15)
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
STATUSES = ["in_progress", "late", "done", "not_started"]


# --- oracles: the rules in plain SQL ---------------------------------------------------------------


def _own_latest(ledger: Ledger, task_id: int, unit_id: int, quarter: Quarter | None = None) -> tuple[str, str] | None:
    """(quarter, status) of the unit's own newest report on the task."""
    where = "AND quarter = ?" if quarter else ""
    row = ledger.conn.execute(
        f"SELECT quarter, status FROM reports WHERE task_id = ? AND unit_id = ? {where} "
        "ORDER BY quarter DESC, revision DESC LIMIT 1",
        [task_id, unit_id, *([str(quarter)] if quarter else [])],
    ).fetchone()
    return (row[0], row[1]) if row else None


def _leads(ledger: Ledger, task_id: int) -> list[int]:
    """The task's lead units, a lead group through its members."""
    return sorted({r[0] for r in ledger.conn.execute(
        "SELECT coalesce(g.member_id, tu.unit_id) FROM task_units tu LEFT JOIN group_members g "
        "ON g.group_id = tu.unit_id WHERE tu.task_id = ? AND tu.role = 'lead'", [task_id])})


def _display(ledger: Ledger, unit_id: int) -> str:
    return str(ledger.scalar("SELECT coalesce(nullif(short_name, ''), name) FROM units WHERE id = ?", [unit_id]))


# --- the questions, asked of every surface ------------------------------------------------------------


def _check_unit_figures(ledger: Ledger) -> None:
    """A unit's tasks and lights: the main screen's page, status --json and attachment 1's figures agree."""
    screen = {u.id: u for u in overview.unit_page(ledger, today=TODAY, limit=None).rows}
    figures = {u.unit_id: u for u in progress.progress(ledger, Q3, today=TODAY).units}
    for unit_id, shown in screen.items():
        said = status.status(ledger, today=TODAY, unit=shown.name, limit=0).to_json()
        assert said["unit"]["id"] == unit_id
        figures_said = said["unit"]
        said_figures = (figures_said["tasks"], figures_said["red"], figures_said["yellow"])
        assert said_figures == (shown.task_count, shown.red, shown.yellow), shown.name
        if unit_id in figures:
            counted = figures[unit_id]
            assert (counted.total, counted.red, counted.yellow) == (shown.task_count, shown.red, shown.yellow), shown.name


def _check_unit_reports(ledger: Ledger) -> None:
    """``status --unit U`` quotes only U's own latest report on each task (or none)."""
    for unit_id, name in ledger.conn.execute("SELECT id, name FROM units").fetchall():
        listed = status.status(ledger, today=TODAY, unit=name, limit=0)
        for line in listed.tasks:
            own = _own_latest(ledger, line.id, unit_id)
            if own is None:
                assert line.latest is None, (name, line.code)
            else:
                assert line.latest is not None and line.latest.unit == _display(ledger, unit_id)
                assert (line.latest.quarter, line.latest.status) == own


def _check_task_states(ledger: Ledger, quarter: Quarter) -> None:
    """A task's state for the quarter names each lead's own report, or the lead as not reported."""
    states = reports.task_states(ledger, None, quarter=quarter)
    for (task_id,) in ledger.conn.execute("SELECT id FROM tasks").fetchall():
        leads = _leads(ledger, task_id)
        if task_id not in states or not leads:
            continue
        words = states[task_id].words
        for lead in leads:
            own = _own_latest(ledger, task_id, lead, quarter)
            name = _display(ledger, lead)
            if own is None:
                assert f"{name} 未报" in words, words
            else:
                assert f"{name} {strings.REPORT_STATUS[own[1]]}" in words, words


def _check_who_owes(ledger: Ledger, folder: Path) -> None:
    """Who still owes a 2026Q3 report: the Excel 催报清单, the agenda's facts (attachment 3), the
    progress figures and ``report missing`` all name the same units and counts."""
    owed = report_state.expected(ledger, Q3)
    reported = report_state.reported_pairs(ledger, Q3)
    truth: dict[str, int] = {}
    for task_id, unit_ids in owed.items():
        for unit_id in unit_ids:
            if (task_id, unit_id) not in reported:
                name = _display(ledger, unit_id)
                truth[name] = truth.get(name, 0) + 1
    chase = reports.chase_list(reports.missing(ledger, Q3))
    path = report_exports.write_chase_xlsx(chase, Q3, folder / "chase.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    in_excel: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] is not None:
            in_excel[str(row[1])] = in_excel.get(str(row[1]), 0) + 1
    assert in_excel == truth
    meeting_id = meetings.create_meeting(ledger, MeetingDraft(Q3, date(2026, 10, 20)))
    found = agenda.facts(ledger, meetings.get_meeting(ledger, meeting_id), today=TODAY)
    assert {s.display_name: len(s.missing) for s in found.missing_units} == truth
    figures = {u.display_name: u.expected - u.reported for u in found.progress.units if u.expected > u.reported}
    assert figures == truth


# --- generated ledgers -----------------------------------------------------------------------------

ledgers = st.fixed_dictionaries({
    "units": st.integers(min_value=2, max_value=6),
    "group": st.lists(st.integers(min_value=0, max_value=5), max_size=3, unique=True),
    "tasks": st.lists(
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=2, unique=True),  # leads (6: the group)
            st.lists(st.integers(min_value=0, max_value=5), max_size=3, unique=True),  # co-units
            st.sampled_from([None, date(2026, 6, 30), date(2026, 12, 31)]),  # deadline
            st.booleans(),  # recurring
        ),
        min_size=1, max_size=5,
    ),
    "reports": st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 6), st.sampled_from([Q2, Q3]), st.sampled_from(STATUSES),
                  st.integers(0, 100), st.booleans()),  # task, unit, quarter, status, progress, corrected
        max_size=14,
    ),
})


def _build(ledger: Ledger, spec: dict) -> None:
    names = [f"测试单位{i}" for i in range(spec["units"])]
    for n, name in enumerate(names):
        units.create_unit(ledger, UnitDraft(name, short_name=f"单位{n}", aliases=[f"别名{n}"]))
    members = [names[i] for i in spec["group"] if i < len(names)]
    units.create_unit(ledger, UnitDraft("测试成员单位组", kind="group", members=members))
    everyone = [*names, "测试成员单位组"]
    task_ids = []
    for n, (leads, cos, deadline, recurring) in enumerate(spec["tasks"]):
        lead_names = list(dict.fromkeys(everyone[i if i < len(names) else -1] for i in leads))
        co_names = [names[i] for i in cos if i < len(names) and names[i] not in lead_names]
        task_ids.append(tasks.create_task(ledger, TaskDraft(
            f"测试任务{n}", code=f"一.(一).{n + 1}", lead_units=lead_names, co_units=co_names, deadline=deadline,
            rrule="FREQ=MONTHLY;BYMONTHDAY=-1" if recurring else None,
        ), today=date(2026, 1, 5)))
    by_task = report_state.reporters(ledger)
    for task_n, unit_n, quarter, state, percent, corrected in spec["reports"]:
        task_id = task_ids[task_n % len(task_ids)]
        reporters = by_task.get(task_id, [])
        if not reporters:
            continue
        unit_id = reporters[unit_n % len(reporters)][0]
        draft = ReportDraft(task_id, unit_id, quarter, state, percent, work_done=f"进展{task_n}",
                            received=quarter.end)
        reports.record(ledger, draft, today=TODAY)
        if corrected:
            reports.record(ledger, ReportDraft(task_id, unit_id, quarter, "late", max(0, percent - 10),
                                               work_done="更正", received=quarter.end), today=TODAY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=ledgers)
def test_every_surface_answers_alike_on_generated_ledgers(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_ledger(Path(folder) / "t.db")
        try:
            _build(ledger, spec)
            _check_unit_figures(ledger)
            _check_unit_reports(ledger)
            _check_task_states(ledger, Q3)
            _check_task_states(ledger, Q2)
            _check_who_owes(ledger, Path(folder))
        finally:
            ledger.close()


# --- the demo ledger, as the issue found it -------------------------------------------------------------


def test_demo_surfaces_agree(demo_ledger: Ledger, tmp_path: Path) -> None:
    _check_who_owes(demo_ledger, tmp_path)
    _check_unit_figures(demo_ledger)
    _check_unit_reports(demo_ledger)
    _check_task_states(demo_ledger, Q3)


def test_demo_agenda_quotes_the_lead_and_calls_no_silent_unit_on_track(demo_ledger: Ledger) -> None:
    meeting_id = meetings.create_meeting(demo_ledger, MeetingDraft(Q3, date(2026, 10, 20)))
    meeting = meetings.get_meeting(demo_ledger, meeting_id)
    found = agenda.facts(demo_ledger, meeting, today=TODAY)
    made = agenda.generate(found, meeting)
    text = "\n".join(line for item in made for line in item.body)
    # Each red task under a unit's slot quotes its lead units' own reports for the quarter.
    for rows in found.red_by_unit.values():
        for row in rows:
            for lead in _leads(demo_ledger, row.id):
                own = _own_latest(demo_ledger, row.id, lead, Q3)
                name = _display(demo_ledger, lead)
                expected = f"{name} 未报" if own is None else f"{name} {strings.REPORT_STATUS[own[1]]}"
                assert expected in found.latest[row.id], (row.code, found.latest[row.id])
    # 四.(四).3: the lead 县住建局 reported 滞后 70%; 县发改局's 90% is not the task's state.
    code_43 = demo_ledger.scalar("SELECT id FROM tasks WHERE code = '四.(四).3'")
    assert found.latest[code_43].startswith("县住建局 滞后 70%")
    # Units that have not sent everything are never in the written (on track) list.
    missing = {s.display_name for s in found.missing_units}
    assert {"县文广旅体局", "石门乡", "城西街道"} <= missing
    written = next(line for line in text.splitlines() if line.startswith("以下单位报告已报齐"))
    assert not any(name in written for name in missing)
    assert all(name in text for name in missing)


def test_status_json_names_only_the_units_own_reports(demo_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(demo_path), "status", "--unit", "县住建局", "--json"],
                                env={"TAIZHANG_TODAY": TODAY.isoformat()})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    quoted = {t["latest_report"]["unit"] for t in data["tasks"] if t["latest_report"]}
    assert quoted == {"县住建局"}
