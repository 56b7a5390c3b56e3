"""The demo ledger: a fictional county plan (store/demo_data.py) so a newcomer sees every view filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store import strings
from store.db import Ledger, open_ledger
from store.errors import LedgerError


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
    """Write the demo plan, units, phases and tasks into an empty ledger, in one transaction."""
    from store import demo_data as d

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
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')")


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
