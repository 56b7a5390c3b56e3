"""How long the main screen's queries take on the demo ledger (the unit list, a unit's tasks, phases).

Run: ``.venv/bin/python bench/bench_ledger.py``. Prints milliseconds per call; asserts nothing.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from store.lookup import overview
from store.samples import demo
from store.work import tasks

TODAY = demo.DEMO_TODAY


def _time(label: str, call: Callable[[], object], repeat: int = 20) -> None:
    call()
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<28} {elapsed * 1000:8.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = demo.create_demo(Path(folder) / "demo.db")
        unit_id = int(ledger.scalar("SELECT id FROM units WHERE short_name = '县市监局'"))
        _time("unit summaries", lambda: overview.unit_summaries(ledger, today=TODAY))
        _time("unit summaries, filtered", lambda: overview.unit_summaries(ledger, today=TODAY, query="镇"))
        _time("tasks of 县市监局", lambda: tasks.tasks_of_unit(ledger, unit_id, today=TODAY))
        _time("phase summaries", lambda: overview.phase_summaries(ledger, today=TODAY))
        ledger.close()


if __name__ == "__main__":
    main()
