"""The demo ledger: a fictional county plan (store/samples/demo_data.py) so a newcomer sees every view filled."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from store import strings
from store.errors import LedgerError
from store.ledger import settings
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.quarterly import reports
from store.samples import demo_data as d
from store.work import report_state
from store.work.quarters import Quarter


def default_demo_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("taizhang", appauthor=False)) / "demo.db"


def is_demo(ledger: Ledger) -> bool:
    return ledger.scalar("SELECT value FROM meta WHERE key = 'demo'") == "1"


def is_empty(ledger: Ledger) -> bool:
    return not any(ledger.scalar(f"SELECT count(*) FROM {table}") for table in ("plans", "units", "tasks"))


def _day(text: str | None) -> str | None:
    return date.fromisoformat(text).isoformat() if text else None


def fill_demo(ledger: Ledger) -> None:
    """Write the demo plan, units, phases and tasks into an empty ledger (one transaction), then a
    year of reports (one transaction per unit and quarter, as they would be entered)."""

    with ledger.write() as db:
        cursor = db.execute(
            "INSERT INTO plans (title, issuer, doc_no, issued, start, end) VALUES (?, ?, ?, ?, ?, ?)",
            [d.PLAN["title"], d.PLAN["issuer"], d.PLAN["doc_no"], d.PLAN["issued"], d.PLAN["start"], d.PLAN["end"]],
        )
        plan_id = cursor.lastrowid
        phase_ids: dict[str, int] = {}
        for position, phase in enumerate(d.PHASES, start=1):
            cursor = db.execute(
                "INSERT INTO phases (plan_id, name, start, end, ord, is_main, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, phase["name"], _day(phase.get("start")), _day(phase.get("end")), position,
                 int(bool(phase.get("main"))), phase.get("description", "")],
            )
            phase_ids[phase["name"]] = int(cursor.lastrowid or 0)
        unit_ids: dict[str, int] = {}
        for unit in d.UNITS:
            cursor = db.execute(
                "INSERT INTO units (name, short_name, kind, contact, phone) VALUES (?, ?, ?, ?, ?)",
                [unit["name"], unit.get("short") or None, unit["kind"], unit.get("contact", ""), unit.get("phone", "")],
            )
            unit_id = int(cursor.lastrowid or 0)
            unit_ids[unit["name"]] = unit_id
            if unit.get("short"):
                unit_ids[unit["short"]] = unit_id
            for alias in unit.get("aliases", []):
                db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [alias, unit_id])
                unit_ids[alias] = unit_id
        for unit in d.UNITS:
            for member in unit.get("members", []):
                db.execute(
                    "INSERT INTO group_members (group_id, member_id) VALUES (?, ?)",
                    [unit_ids[unit["name"]], unit_ids[member]],
                )
        section_ids: dict[str, int] = {}
        for position, section in enumerate(d.SECTIONS, start=1):
            cursor = db.execute(
                "INSERT INTO sections (plan_id, code, title, ord) VALUES (?, ?, ?, ?)",
                [plan_id, section["code"], section["title"], position],
            )
            section_ids[section["code"]] = int(cursor.lastrowid or 0)
        for position, task in enumerate(d.TASKS, start=1):
            done = bool(task.get("done"))
            deadline = _day(task.get("deadline"))
            cursor = db.execute(
                "INSERT INTO tasks (plan_id, section_id, phase_id, code, title, text, deadline, rrule, source, "
                "done, done_on, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'plan', ?, ?, ?)",
                [plan_id, section_ids.get(task.get("section", "")), phase_ids.get(task.get("phase") or ""),
                 task["code"], task["title"], task.get("text", ""), deadline, task.get("rrule"),
                 int(done), deadline if done else None, position],
            )
            task_id = int(cursor.lastrowid or 0)
            for order, (name, role) in enumerate(task["units"]):
                db.execute(
                    "INSERT INTO task_units (task_id, unit_id, role, ord) VALUES (?, ?, ?, ?)",
                    [task_id, unit_ids[name], role, order],
                )
            for target in task.get("targets", []):
                db.execute(
                    "INSERT INTO targets (task_id, metric, comparator, value, unit, year) VALUES (?, ?, ?, ?, ?, ?)",
                    [task_id, target["metric"], target["comparator"], target["value"], target.get("unit", ""),
                     target.get("year")],
                )
        # Entered when the plan was issued (2025), not when the demo file is built.
        db.execute("UPDATE tasks SET created_at = ? || ' 09:00:00', updated_at = ? || ' 09:00:00'",
                   [d.PLAN["issued"], d.PLAN["issued"]])
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('clerk_name', ?)", [d.CLERK])
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')")
    _dated(ledger, date.fromisoformat(d.PLAN["issued"]), "09:00:00")
    _fill_reports(ledger)


def _dated(ledger: Ledger, day: date, clock: str) -> None:
    """The demo's history reads as if each change was made on its day (Beijing time, stored as UTC)."""
    moment = datetime.fromisoformat(f"{day.isoformat()} {clock}") - timedelta(hours=8)
    with ledger.write() as db:
        db.execute(
            "UPDATE changes SET at = ? WHERE id = (SELECT max(id) FROM changes)", [moment.strftime("%Y-%m-%d %H:%M:%S")]
        )


# The day the demo is written for (see demo_data): reports are never received after it.
DEMO_TODAY = date(2026, 11, 21)


def _fill_reports(ledger: Ledger) -> None:
    """A year of reports: most units on time, a few habitually late, a few missing, two 滞后, one
    corrected. Deterministic (fixed seed), written through store.quarterly.reports like any other report."""

    rng = random.Random(2026)
    short = {r["id"]: r["short"] for r in ledger.rows("SELECT id, coalesce(short_name, name) AS short FROM units")}
    unit_by_short = {name: unit_id for unit_id, name in short.items()}
    tasks = {r["id"]: r for r in ledger.rows("SELECT id, code, deadline, done, done_on FROM tasks")}
    task_by_code = {r["code"]: task_id for task_id, r in tasks.items()}
    roles = report_state.reporters(ledger)
    due_days = settings.report_due_days(ledger)
    behind = {(c, u, q): problem for c, u, q, problem in d.BEHIND}
    drafts: list[reports.ReportDraft] = []
    for quarter_text in d.REPORT_QUARTERS:
        quarter = Quarter.parse(quarter_text)
        due = quarter.due_date(due_days)
        expected = report_state.expected(ledger, quarter)
        for task_id in sorted(expected):
            task = tasks[task_id]
            deadline = date.fromisoformat(task["deadline"]) if task["deadline"] else None
            for unit_id in expected[task_id]:
                name = short[unit_id]
                if quarter_text in d.MISSING.get(name, []):
                    continue
                role = dict(roles[task_id]).get(unit_id, "co")
                lateness = rng.randint(3, 12) if name in d.LATE_UNITS else -rng.randint(0, 9)
                received = min(due + timedelta(days=lateness), DEMO_TODAY)
                done_on = date.fromisoformat(task["done_on"]) if task["done_on"] else None
                problem = behind.get((task["code"], name, quarter_text))
                if done_on is not None and done_on <= quarter.end:
                    status, progress = "done", 100
                elif problem or (deadline is not None and deadline < quarter.end and role == "lead"):
                    status, progress = "late", rng.randrange(30, 80, 10)
                else:
                    status, progress = "in_progress", min(90, 20 * (d.REPORT_QUARTERS.index(quarter_text) + 1)
                                                         + rng.randrange(0, 20, 10))
                drafts.append(reports.ReportDraft(
                    task_id=task_id, unit_id=unit_id, quarter=quarter, status=status, progress=progress,
                    work_done=rng.choice(d.WORK_DONE).format(n=rng.randint(1, 4), percent=progress),
                    problems=problem or rng.choice(d.PROBLEMS),
                    next_steps=rng.choice(d.NEXT_STEPS) if status != "done" else "",
                    received=received,
                ))
    # Each unit's reports for a quarter are entered together, as a returned form would be: one change
    # in the history each, dated the day the first of them came in.
    batches: dict[tuple[str, int], list[reports.ReportDraft]] = {}
    for draft in drafts:
        batches.setdefault((str(draft.quarter), draft.unit_id), []).append(draft)
    for batch in sorted(batches.values(), key=lambda b: (min(x.received or DEMO_TODAY for x in b), b[0].unit_id)):
        with ledger.write() as db:
            reports.record_many(ledger, batch, today=DEMO_TODAY, who=d.CLERK)
            # Recorded on the day each report came in (the demo reads the same whenever it is built).
            db.execute(
                "UPDATE reports SET recorded_at = coalesce(received, ?) || ' 09:30:00' "
                "WHERE revision = 1 AND quarter = ? AND unit_id = ?",
                [DEMO_TODAY.isoformat(), str(batch[0].quarter), batch[0].unit_id],
            )
        _dated(ledger, min(x.received or DEMO_TODAY for x in batch), "09:30:00")
    code, unit, quarter_text, correction = d.CORRECTED
    first = reports.latest(ledger, task_by_code[code], unit_by_short[unit], Quarter.parse(quarter_text))
    if first is not None:
        corrected = reports.ReportDraft(
            task_id=first.task_id, unit_id=first.unit_id, quarter=first.quarter, status=first.status,
            progress=first.progress, work_done=correction, problems=first.problems,
            next_steps=first.next_steps, received=first.received, actuals=dict(first.actuals),
        )
        with ledger.write() as db:
            reports.record(ledger, corrected, today=DEMO_TODAY, who=d.CLERK)
            db.execute("UPDATE reports SET recorded_at = ? WHERE revision > 1", [f"{DEMO_TODAY.isoformat()} 10:15:00"])
        _dated(ledger, DEMO_TODAY, "10:15:00")


def create_demo(path: Path | str) -> Ledger:
    """(Re)build the demo ledger at ``path``. Never touches a ledger that holds real work."""
    target = Path(path)
    if target.exists():
        existing = open_ledger(target, create=False)
        try:
            if not is_demo(existing) and not is_empty(existing):
                raise LedgerError(strings.ERR_DEMO_OVERWRITE.format(path=target))
        finally:
            existing.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    ledger = open_ledger(target)
    fill_demo(ledger)
    return ledger
