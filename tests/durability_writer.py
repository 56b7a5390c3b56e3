"""A writer for the durability tests (run as a subprocess; never collected by pytest).

``python -m tests.durability_writer reports LEDGER NAME [COUNT] [QUARTERS]``: records reports
through the store API one transaction at a time and prints ``done <report id>`` (flushed) after
each commit, so the parent knows which writes were reported as done when it kills this process.

``python -m tests.durability_writer import LEDGER PLAN_FILE``: prints ``start`` then saves the plan
in one transaction (slowed down a little so a kill lands inside it), then prints ``done``.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from store.importing import importer
from store.ledger.opener import open_ledger
from store.quarterly import reports
from store.work import report_state
from store.work.quarters import Quarter

TODAY = date(2026, 11, 21)


def write_reports(path: str, name: str, count: int, quarters: list[Quarter]) -> None:
    ledger = open_ledger(path, create=False)
    pairs = sorted((task, unit) for task, found in report_state.reporters(ledger).items() for unit, _ in found)
    combos = [(task, unit, quarter) for quarter in quarters for task, unit in pairs]
    written = 0
    while count <= 0 or written < count:
        task, unit, quarter = combos[written % len(combos)]
        draft = reports.ReportDraft(
            task_id=task, unit_id=unit, quarter=quarter, status="in_progress", progress=written % 101,
            work_done=f"{name} 第{written}次填报", problems="", next_steps="",
        )
        saved, changed = reports.record(ledger, draft, today=TODAY, who=name)
        assert changed
        written += 1
        sys.stdout.write(f"done {saved.id}\n")
        sys.stdout.flush()
    ledger.close()


def import_plan(path: str, plan_file: str) -> None:
    from pathlib import Path

    from store.importing.plan_import import parse_plan

    text = Path(plan_file).read_text(encoding="utf-8")
    parsed = parse_plan(text)
    ledger = open_ledger(path)
    # Slow SQLite down (a short sleep every few thousand VM steps) so a random kill lands mid-import.
    def slow() -> int:
        time.sleep(0.002)
        return 0

    ledger.conn.set_progress_handler(slow, 2000)
    sys.stdout.write("start\n")
    sys.stdout.flush()
    importer.save_import(ledger, parsed, source_file=None, original_text=text)
    sys.stdout.write("done\n")
    sys.stdout.flush()
    ledger.close()


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "reports":
        count = int(argv[3]) if len(argv) > 3 else 0
        quarters = [Quarter.parse(q) for q in argv[4].split(",")] if len(argv) > 4 else [Quarter(2026, 3)]
        write_reports(argv[1], argv[2], count, quarters)
    elif mode == "import":
        import_plan(argv[1], argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
