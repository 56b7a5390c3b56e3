"""The set-based reads (issue 6) give what a straightforward reading of the ledger gives.

Each reference below reads the ledger the plain way (every report, one task at a time, the rules
applied in Python), as taizhang did before the lights and the agenda were made fast on large
ledgers. They are compared on the demo, on a generated county ledger (``scale`` tier s) and on a
small tangled ledger with every odd case of who reports (a unit named on a task and also a member
of a group named there, a unit in two groups of one task, a group without members, a group inside
a group, a department with member rows), corrections, a report without a first revision, a
report by a unit no longer on its task, a done task, a recurring task and a task entered late.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.documents import agenda
from store.documents.meetings import Meeting
from store.ledger import settings
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.quarterly import progress, reports
from store.quarterly.reports import ReportDraft, UnitSubmission
from store.samples import demo, scale
from store.work import phases, report_state, rules, tasks, units
from store.work.phases import PhaseDraft
from store.work.quarters import Quarter
from store.work.report_state import Signals
from store.work.rules import Light
from store.work.tasks import TaskDraft, TaskRow
from store.work.units import UnitDraft

TODAY = date(2026, 11, 21)
# Before and after a quarter's due date, early in a quarter, and a year back.
DAYS = [TODAY, date(2026, 10, 5), date(2026, 10, 20), date(2026, 7, 1), date(2025, 11, 21)]


# --- the ledgers ----------------------------------------------------------------------------------


def _tangled(path: Path) -> Ledger:
    ledger = open_ledger(path)
    for name in ["县市监局", "县发改局", "县住建局", "县教育局", "青溪镇"]:
        units.create_unit(ledger, UnitDraft(name + "全称", name, kind="township" if name == "青溪镇" else "department"))
    units.create_unit(ledger, UnitDraft("第一组", "一组", kind="group", members=["县市监局", "县发改局"]))
    units.create_unit(ledger, UnitDraft("第二组", "二组", kind="group", members=["县发改局", "县住建局"]))
    units.create_unit(ledger, UnitDraft("空组", "空组", kind="group"))
    units.create_unit(ledger, UnitDraft("大组", "大组", kind="group", members=["县教育局"]))
    phases.create_phase(ledger, PhaseDraft("组织实施阶段", date(2025, 10, 1), date(2027, 6, 30), is_main=True))
    phases.create_phase(ledger, PhaseDraft("迎检阶段", date(2027, 1, 1), date(2027, 6, 30)))
    later = ledger.scalar("SELECT id FROM phases WHERE name = '迎检阶段'")
    drafts = [
        TaskDraft("直接也在组里", code="1", lead_units=["县市监局"], co_units=["一组"], deadline=date(2026, 9, 30)),
        TaskDraft("两个组", code="2", lead_units=["一组"], co_units=["二组"], deadline=date(2027, 3, 31)),
        TaskDraft("空组牵头", code="3", lead_units=["空组"], deadline=date(2026, 12, 10)),
        TaskDraft("组中组", code="4", lead_units=["大组"], co_units=["县发改局"]),
        TaskDraft("每季度", code="5", lead_units=["县发改局"], co_units=["县住建局"],
                  rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
        TaskDraft("已办结", code="6", lead_units=["青溪镇"], co_units=["县市监局"], done=True),
        TaskDraft("后来录入", code="7", lead_units=["县住建局"], deadline=date(2027, 6, 30)),
        TaskDraft("部门有成员", code="8", lead_units=["县教育局"], co_units=["县市监局"], deadline=date(2026, 11, 30)),
        TaskDraft("下阶段", code="9", lead_units=["县市监局", "县住建局"], phase_id=later),
        TaskDraft("无人填报", code="10", lead_units=["县住建局"], co_units=["二组"]),
    ]
    for draft in drafts:
        tasks.create_task(ledger, draft, today=date(2026, 3, 2))
    task = {r["code"]: r["id"] for r in ledger.rows("SELECT id, code FROM tasks")}
    unit = {r["short_name"]: r["id"] for r in ledger.rows("SELECT id, short_name FROM units")}
    with ledger.write() as db:
        db.execute("UPDATE tasks SET created_at = '2025-10-05 09:00:00'")
        db.execute("UPDATE tasks SET created_at = '2026-11-02 10:00:00' WHERE code = '7'")
        # A group inside a group, and a department with member rows (the forms refuse both).
        db.execute("INSERT INTO group_members (group_id, member_id) VALUES (?, ?)", [unit["大组"], unit["一组"]])
        db.execute("INSERT INTO group_members (group_id, member_id) VALUES (?, ?)", [unit["县教育局"], unit["青溪镇"]])
    entries = [
        # (task, unit, quarter, status, received, problems)
        ("1", "县市监局", "2025Q4", "in_progress", "2026-01-08", "资金不足"),
        ("1", "县市监局", "2026Q1", "done", "2026-04-20", ""),
        ("1", "县发改局", "2026Q1", "late", "2026-04-08", "人手不足"),
        ("1", "县市监局", "2026Q3", "done", "2026-10-08", ""),
        ("2", "县市监局", "2026Q2", "done", "2026-07-05", ""),
        ("2", "县发改局", "2026Q2", "done", "2026-07-30", "协调难"),
        ("2", "县住建局", "2026Q3", "in_progress", "2026-10-15", "协调难"),
        ("3", "空组", "2026Q3", "done", None, ""),
        ("4", "一组", "2026Q3", "late", "2026-10-09", "资金不足"),
        ("4", "县教育局", "2026Q3", "in_progress", "2026-10-09", ""),
        ("5", "县发改局", "2026Q3", "done", "2026-10-01", ""),
        ("5", "县住建局", "2026Q2", "done", "2026-07-01", ""),
        ("6", "青溪镇", "2026Q2", "done", "2026-07-02", ""),
        ("8", "县教育局", "2026Q3", "done", "2026-10-02", "  "),
        ("8", "县市监局", "2026Q4", "late", "2026-11-10", "提前报送"),
    ]
    for code, name, quarter, status, received, problems in entries:
        reports.record(ledger, ReportDraft(task[code], unit[name], Quarter.parse(quarter), status, None, "做了",
                                           problems, received=date.fromisoformat(received) if received else None),
                       today=TODAY)
    # Corrections: a later, different revision (its received day differs from the first's).
    reports.record(ledger, ReportDraft(task["1"], unit["县发改局"], Quarter(2026, 1), "in_progress", 80, "补报",
                                       "", received=date(2026, 4, 25)), today=TODAY)
    reports.record(ledger, ReportDraft(task["2"], unit["县住建局"], Quarter(2026, 3), "late", 30, "更正",
                                       "资金不足", received=date(2026, 10, 16)), today=TODAY)
    with ledger.write() as db:
        # A second revision whose first was never kept, and a unit taken off a task it reported on.
        db.execute("INSERT INTO reports (task_id, unit_id, quarter, revision, status, received) "
                   "VALUES (?, ?, '2026Q3', 2, 'late', '2026-10-03')", [task["10"], unit["县住建局"]])
        db.execute("INSERT INTO reports (task_id, unit_id, quarter, revision, status, received) "
                   "VALUES (?, ?, '2026Q3', 1, 'late', '2026-10-03')", [task["9"], unit["青溪镇"]])
    return ledger


@pytest.fixture(params=["demo", "scale_s", "tangled"])
def any_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    if request.param == "demo":
        opened = demo.create_demo(tmp_path / "demo.db")
    elif request.param == "scale_s":
        scale.build(tmp_path / "s.db", "s")
        opened = open_ledger(tmp_path / "s.db")
    else:
        opened = _tangled(tmp_path / "tangled.db")
    yield opened
    opened.close()


def _quarters(ledger: Ledger) -> list[Quarter]:
    return reports.campaign_quarters(ledger, TODAY)


# --- the references: the plain reading ------------------------------------------------------------

_PLAIN_REPORTERS = """
SELECT tu.task_id, tu.unit_id, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id
WHERE u.kind <> 'group' OR NOT EXISTS (SELECT 1 FROM group_members g WHERE g.group_id = u.id)
UNION
SELECT tu.task_id, g.member_id, 'member' FROM task_units tu
JOIN units u ON u.id = tu.unit_id AND u.kind = 'group'
JOIN group_members g ON g.group_id = u.id
ORDER BY 1, 2, 3
"""


def plain_reporters(ledger: Ledger) -> dict[int, list[tuple[int, str]]]:
    """Every (unit, role) row; a unit named on the task (co, lead) before the same unit as a member."""
    found: dict[int, list[tuple[int, str]]] = {}
    for task_id, unit_id, role in ledger.conn.execute(_PLAIN_REPORTERS):
        pairs = found.setdefault(task_id, [])
        if all(unit != unit_id for unit, _ in pairs):
            pairs.append((unit_id, role))
    return found


def plain_expected(ledger: Ledger, quarter: Quarter) -> dict[int, list[int]]:
    by_task = plain_reporters(ledger)
    due_days = settings.report_due_days(ledger)
    out: dict[int, list[int]] = {}
    for r in ledger.rows(
        "SELECT t.id, t.done, t.done_on, date(t.created_at) AS entered, coalesce(ph.start, pl.start) AS start "
        "FROM tasks t LEFT JOIN plans pl ON pl.id = t.plan_id LEFT JOIN phases ph ON ph.id = "
        f"{phases.EFFECTIVE_PHASE_SQL} ORDER BY t.id"
    ):
        if r["id"] in by_task and rules.expected_in_quarter(
            quarter, start=rules.parse_date(r["start"]), done=bool(r["done"]),
            done_on=rules.parse_date(r["done_on"]), entered=rules.parse_date(r["entered"]), due_days=due_days,
        ):
            out[r["id"]] = [unit for unit, _ in by_task[r["id"]]]
    return out


def plain_latest(ledger: Ledger) -> dict[tuple[int, int], str]:
    """Every report in order; the last one seen of a (task, unit) is its latest."""
    latest: dict[tuple[int, int], str] = {}
    for task_id, unit_id, status in ledger.conn.execute(
        "SELECT task_id, unit_id, status FROM reports ORDER BY quarter, revision"
    ):
        latest[(task_id, unit_id)] = status
    return latest


def plain_done(units: list[tuple[int, str]], statuses: dict[int, str], *, recurring: bool) -> bool:
    leads = [unit for unit, role in units if role == "lead"] or [unit for unit, _ in units]
    return not recurring and bool(leads) and all(statuses.get(unit) == "done" for unit in leads)


def plain_signals(ledger: Ledger, today: date) -> dict[int, Signals]:
    if ledger.scalar("SELECT 1 FROM reports LIMIT 1") is None:
        return {}
    checked = rules.checked_quarter(today, settings.report_due_days(ledger))
    have = set(ledger.conn.execute("SELECT task_id, unit_id FROM reports WHERE quarter = ?", [str(checked)]))
    due_now = plain_expected(ledger, checked) if have else {}
    by_task = plain_reporters(ledger)
    latest = plain_latest(ledger)
    out: dict[int, Signals] = {}
    for task_id, rrule in ledger.conn.execute("SELECT id, rrule FROM tasks"):
        units_of = by_task.get(task_id, [])
        statuses = {unit: latest[(task_id, unit)] for unit, _ in units_of if (task_id, unit) in latest}
        signal = Signals(
            late="late" in statuses.values(),
            done=plain_done(units_of, statuses, recurring=bool(rrule)),
            missing=any((task_id, unit) not in have for unit in due_now.get(task_id, [])),
        )
        if signal != Signals():
            out[task_id] = signal
    return out


def plain_submission(ledger: Ledger, quarter: Quarter) -> list[UnitSubmission]:
    due_days = settings.report_due_days(ledger)
    expected = plain_expected(ledger, quarter)
    received = {
        (r["task_id"], r["unit_id"]): rules.parse_date(r["received"])
        for r in ledger.rows("SELECT * FROM reports WHERE quarter = ? AND revision = 1", [str(quarter)])
    }
    words = {r["id"]: (r["code"], r["title"]) for r in ledger.rows("SELECT * FROM tasks ORDER BY plan_id, ord, id")}
    order = list(words)
    found: dict[int, UnitSubmission] = {}
    for task_id in sorted(expected, key=order.index):
        for unit_id in expected[task_id]:
            if unit_id not in found:
                u = ledger.row("SELECT * FROM units WHERE id = ?", [unit_id])
                assert u is not None
                found[unit_id] = UnitSubmission(unit_id, u["name"], u["short_name"] or u["name"], u["contact"],
                                                u["phone"])
            entry = found[unit_id]
            entry.expected += 1
            if (task_id, unit_id) in received:
                entry.reported += 1
                entry.late += rules.report_is_late(quarter, received[(task_id, unit_id)], due_days)
            else:
                entry.missing.append(words[task_id])
    return [found[unit_id] for unit_id in sorted(found)]


def plain_progress(ledger: Ledger, quarter: Quarter, rows: list[TaskRow]) -> progress.Progress:
    by_task = plain_reporters(ledger)
    expected = plain_expected(ledger, quarter)
    reported = set(ledger.conn.execute("SELECT task_id, unit_id FROM reports WHERE quarter = ?", [str(quarter)]))
    names = {r["id"]: r["short_name"] or r["name"] for r in ledger.rows("SELECT * FROM units")}
    by_unit: dict[int, progress.UnitProgress] = {}
    by_phase: dict[int | None, progress.PhaseProgress] = {
        p.id: progress.PhaseProgress(phase_id=p.id, name=p.name) for p in phases.list_phases(ledger)
    }
    total = progress.Completion()
    phase_of: dict[int, int | None] = {}
    for row in rows:
        done = row.light == Light.DONE
        phase_of[row.id] = row.phase_id
        phase = by_phase.setdefault(row.phase_id, progress.PhaseProgress(phase_id=row.phase_id, name=row.phase_name))
        for counted in (phase, total):
            counted.total += 1
            counted.done += done
        for unit_id, _ in by_task.get(row.id, []):
            unit = by_unit.setdefault(unit_id, progress.UnitProgress(unit_id=unit_id, display_name=names[unit_id]))
            unit.total += 1
            unit.done += done
            unit.red += row.light == Light.RED  # lights over the same tasks as the counts
            unit.yellow += row.light == Light.YELLOW
    for task_id, unit_ids in expected.items():
        for unit_id in unit_ids:
            unit = by_unit.setdefault(unit_id, progress.UnitProgress(unit_id=unit_id, display_name=names[unit_id]))
            for figures in (total, unit, by_phase.get(phase_of.get(task_id))):
                if figures is not None:
                    figures.expected += 1
                    figures.reported += (task_id, unit_id) in reported
    phase_list = [p for key, p in by_phase.items() if key is not None]
    if None in by_phase:
        phase_list.append(by_phase[None])
    return progress.Progress(quarter, [by_unit[u] for u in sorted(by_unit)], phase_list, total)


def plain_trend(ledger: Ledger, quarters: list[Quarter]) -> list[tuple[Quarter, int, int]]:
    """(quarter, tasks done by its end, tasks entered by its end)."""
    by_task = plain_reporters(ledger)
    history = ledger.conn.execute(
        "SELECT task_id, unit_id, quarter, status FROM reports ORDER BY quarter, revision"
    ).fetchall()
    out = []
    for quarter in quarters:
        latest: dict[tuple[int, int], str] = {}
        for task_id, unit_id, label, status in history:
            if label <= str(quarter):
                latest[(task_id, unit_id)] = status
        done = total = 0
        for t in ledger.rows("SELECT id, done, done_on, rrule, date(created_at) AS entered FROM tasks"):
            entered = rules.parse_date(t["entered"])
            if entered is not None and entered > quarter.end:
                continue
            total += 1
            statuses = {unit: latest[(t["id"], unit)] for unit, _ in by_task.get(t["id"], [])
                        if (t["id"], unit) in latest}
            done += (bool(t["done"]) and (rules.parse_date(t["done_on"]) or TODAY) <= quarter.end) or plain_done(
                by_task.get(t["id"], []), statuses, recurring=bool(t["rrule"]))
        out.append((quarter, done, total))
    return out


# --- the comparisons ------------------------------------------------------------------------------


def test_who_reports_and_who_is_expected(any_ledger: Ledger) -> None:
    assert report_state.reporters(any_ledger) == plain_reporters(any_ledger)
    some = sorted(plain_reporters(any_ledger))[::3]
    assert report_state.reporters(any_ledger, some) == {t: u for t, u in plain_reporters(any_ledger).items()
                                                        if t in some}
    for quarter in [*_quarters(any_ledger), Quarter(2027, 1)]:
        expected = plain_expected(any_ledger, quarter)
        assert report_state.expected(any_ledger, quarter) == expected
        assert report_state.expected(any_ledger, quarter, task_ids=some) == {
            t: u for t, u in expected.items() if t in some}
        found = report_state.quarter_reports(any_ledger, quarter)
        assert found.expected == expected and found.reporters == plain_reporters(any_ledger)
        assert set(found.reported) == report_state.reported_pairs(any_ledger, quarter)


def test_the_latest_report_of_each_unit(any_ledger: Ledger) -> None:
    assert report_state.latest_statuses(any_ledger) == plain_latest(any_ledger)


@pytest.mark.parametrize("today", DAYS)
def test_lights_are_the_plain_readings(any_ledger: Ledger, today: date) -> None:
    expected = plain_signals(any_ledger, today)
    assert report_state.signals(any_ledger, None, today=today) == expected
    ids = [r[0] for r in any_ledger.conn.execute("SELECT id FROM tasks ORDER BY id")]
    some = ids[1::2]
    assert report_state.signals(any_ledger, some, today=today) == {t: s for t, s in expected.items() if t in some}
    yellow_days = settings.yellow_days(any_ledger)
    rows = tasks.task_rows(any_ledger, today=today)
    for row in rows:
        signal = expected.get(row.id, Signals())
        assert row.light == rules.light(
            row.deadline.day, done=row.done, today=today, yellow_days=yellow_days, reported_late=signal.late,
            missing_last_report=signal.missing, reported_done=signal.done,
        ), row.code
    # A few tasks read by id are judged as in the whole list.
    picked = tasks.task_rows(any_ledger, "t.id IN (SELECT value FROM json_each(?))", [str(some)], today=today)
    assert picked == [row for row in rows if row.id in some]


def test_units_of_a_task_lead_first_in_the_order_entered(any_ledger: Ledger) -> None:
    names = {r["id"]: (r["name"], r["short_name"] or "") for r in any_ledger.rows("SELECT * FROM units")}
    for row in tasks.task_rows(any_ledger, today=TODAY):
        plain = any_ledger.conn.execute(
            "SELECT unit_id, role FROM task_units WHERE task_id = ? ORDER BY role = 'co', ord, unit_id", [row.id]
        ).fetchall()
        assert [(u.unit_id, u.name, u.short_name, u.role) for u in row.units] == [
            (unit, *names[unit], role) for unit, role in plain]


def test_submission_progress_and_overview(any_ledger: Ledger) -> None:
    quarters = _quarters(any_ledger)
    rows = tasks.task_rows(any_ledger, today=TODAY)
    for quarter in quarters:
        assert reports.submission(any_ledger, quarter) == plain_submission(any_ledger, quarter)
        assert progress.progress(any_ledger, quarter, today=TODAY, rows=rows) == plain_progress(any_ledger, quarter, rows)
    matrix = reports.overview_matrix(any_ledger, quarters)
    assert matrix == {
        unit_id: {q: s for q in quarters for s in plain_submission(any_ledger, q) if s.unit_id == unit_id}
        for unit_id in sorted({s.unit_id for q in quarters for s in plain_submission(any_ledger, q)})
    }
    trend = progress.trend(any_ledger, quarters, today=TODAY, matrix=matrix)
    assert [(p.quarter, p.tasks_done, p.tasks_total) for p in trend] == plain_trend(any_ledger, quarters)


def test_the_agenda_says_what_each_quarters_reports_say(any_ledger: Ledger) -> None:
    for quarter in _quarters(any_ledger)[-3:]:
        meeting = Meeting(quarter=quarter, date=quarter.next().start.replace(day=20))
        found = agenda.facts(any_ledger, meeting, today=TODAY)
        current = reports.latest_for_quarter(any_ledger, quarter)
        assert found.latest == plain_task_states(any_ledger, current, [r.id for r in found.rows])
        code_of = {r.id: r.code or r.title for r in found.rows}
        order = {r.id: n for n, r in enumerate(found.rows)}
        problems: dict[str, dict[str, list[str]]] = {}
        for report in sorted(current, key=lambda r: (r.unit_id, order.get(r.task_id, 0))):
            if report.problems.strip() and report.task_id in code_of:
                raised = problems.setdefault(report.unit_name, {})
                raised.setdefault(report.problems.strip().rstrip("。"), []).append(code_of[report.task_id])
        assert found.problems == list(problems.items())
        assert found.submission == plain_submission(any_ledger, quarter)
        assert found.progress == plain_progress(any_ledger, quarter, found.rows)
        assert agenda.generate(found, meeting)


def plain_task_states(ledger: Ledger, current: list[reports.Report], task_ids: list[int]) -> dict[int, str]:
    """Each task's state for the quarter of ``current`` (its current reports), by the rule in words:
    each lead unit's report (a lead group: its members; no lead: every unit on the task), then the
    leads that have not reported, then other units that reported 滞后."""
    leads: dict[int, set[int]] = {}
    for task_id, unit_id in ledger.conn.execute(
        "SELECT tu.task_id, coalesce(g.member_id, tu.unit_id) FROM task_units tu "
        "LEFT JOIN group_members g ON g.group_id = tu.unit_id WHERE tu.role = 'lead'"
    ):
        leads.setdefault(task_id, set()).add(unit_id)
    by_task = report_state.reporters(ledger)
    names = dict(ledger.conn.execute("SELECT id, coalesce(nullif(short_name, ''), name) FROM units").fetchall())
    said = {(r.task_id, r.unit_id): r for r in current}
    rank = {"lead": 0, "co": 1, "member": 2}
    out: dict[int, str] = {}
    for task_id in task_ids:
        if task_id not in by_task:
            continue
        answerable = sorted(leads.get(task_id) or {unit for unit, _ in by_task[task_id]})
        parts = [f"{names[u]} {said[(task_id, u)].status_text}" for u in answerable if (task_id, u) in said]
        parts += [f"{names[u]} 未报" for u in answerable if (task_id, u) not in said]
        role = dict(by_task[task_id])
        others = sorted((r for r in current if r.task_id == task_id and r.unit_id not in answerable and r.status == "late"),
                        key=lambda r: (rank.get(role.get(r.unit_id, ""), 3), r.unit_id))
        parts += [f"配合单位 {r.unit_name} {r.status_text}" for r in others]
        out[task_id] = ";".join(parts)
    return out


def plain_reports(ledger: Ledger, where: str, params: list[object]) -> list[reports.Report]:
    due_days = settings.report_due_days(ledger)
    out = []
    for r in ledger.rows(
        "SELECT r.*, coalesce(nullif(u.short_name, ''), u.name) AS unit_name FROM reports r "
        f"JOIN units u ON u.id = r.unit_id WHERE {where} ORDER BY r.quarter DESC, u.id, r.revision DESC", params
    ):
        quarter = Quarter.parse(r["quarter"])
        received = rules.parse_date(r["received"])
        first = ledger.scalar(  # lateness: judged on the first revision the unit sent for that quarter
            "SELECT received FROM reports WHERE task_id = ? AND unit_id = ? AND quarter = ? ORDER BY revision LIMIT 1",
            [r["task_id"], r["unit_id"], r["quarter"]])
        actuals = {a["target_id"]: a["value"]
                   for a in ledger.rows("SELECT * FROM report_actuals WHERE report_id = ?", [r["id"]])}
        out.append(reports.Report(
            task_id=r["task_id"], unit_id=r["unit_id"], quarter=quarter, status=r["status"], progress=r["progress"],
            work_done=r["work_done"], problems=r["problems"], next_steps=r["next_steps"], received=received,
            actuals=actuals, id=r["id"], revision=r["revision"], unit_name=r["unit_name"],
            recorded_by=r["recorded_by"], recorded_at=r["recorded_at"],
            late=rules.report_is_late(quarter, rules.parse_date(first), due_days),
        ))
    return out


def test_reports_read_in_full(any_ledger: Ledger) -> None:
    with any_ledger.write() as db:  # a few target actuals, so that there is something to read
        db.execute("INSERT OR IGNORE INTO report_actuals (report_id, target_id, value) "
                   "SELECT r.id, t.id, 90 + r.id % 7 FROM reports r JOIN targets t ON t.task_id = r.task_id")
    for quarter in _quarters(any_ledger)[-2:]:
        current = plain_reports(any_ledger, "r.quarter = ?", [str(quarter)])
        newest: dict[tuple[int, int], int] = {}
        for r in current:
            newest[(r.task_id, r.unit_id)] = max(newest.get((r.task_id, r.unit_id), 0), r.revision)
        assert reports.latest_for_quarter(any_ledger, quarter) == [
            r for r in current if r.revision == newest[(r.task_id, r.unit_id)]]
    for (task_id,) in any_ledger.conn.execute("SELECT id FROM tasks ORDER BY id LIMIT 12"):
        assert reports.history(any_ledger, task_id) == plain_reports(any_ledger, "r.task_id = ?", [task_id])
