"""Nothing lost: writers killed with SIGKILL at random moments, and two writers at once.

The writer (tests/durability_writer.py) runs in a subprocess and prints a line after every
committed write; whatever it reported as done must be in the ledger after the kill, and the file
must pass SQLite's own checks. Rounds are bounded so the whole file stays within ~30 s.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store.ledger.opener import open_ledger
from store.samples import demo

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "data" / "plan_small.txt"
KILL_ROUNDS = 15
IMPORT_KILL_ROUNDS = 8
SEED = int(os.environ.get("TAIZHANG_KILL_SEED", "20261121"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


class Writer:
    """A writer subprocess whose complete stdout lines are collected as they arrive."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.durability_writer", *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.endswith("\n"):  # a line cut by the kill was not reported as done
                self.lines.append(line.strip())

    def wait_for_lines(self, count: int, timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while len(self.lines) < count:
            if self.proc.poll() is not None or time.monotonic() > end:
                raise AssertionError(f"writer stopped: {self.stderr()}")
            time.sleep(0.005)

    def kill(self) -> list[str]:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join(timeout=5)
        return list(self.lines)

    def finish(self, timeout: float = 120) -> tuple[int, list[str], str]:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code, list(self.lines), self.stderr()

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read() if self.proc.poll() is not None else ""


def assert_sound(path: Path) -> sqlite3.Connection:
    """SQLite's own checks on the file as a fresh process would find it (WAL recovered)."""
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def test_killed_report_writer_loses_nothing_it_reported(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    demo.create_demo(path).close()
    rng = random.Random(SEED)
    reported: set[int] = set()
    killed_mid_run = 0
    for round_no in range(KILL_ROUNDS):
        writer = Writer("reports", str(path), f"写入者{round_no}", "0", "2025Q3,2026Q3")
        writer.wait_for_lines(rng.choice([0, 1, 1, 5]))
        time.sleep(rng.uniform(0.0, 0.4))
        lines = writer.kill()
        killed_mid_run += writer.proc.returncode == -signal.SIGKILL
        done = {int(line.split()[1]) for line in lines if line.startswith("done ")}
        reported |= done
        conn = assert_sound(path)
        present = {row[0] for row in conn.execute("SELECT id FROM reports")}
        conn.close()
        assert reported <= present, f"round {round_no} (seed {SEED}): lost {sorted(reported - present)[:5]}"
    assert killed_mid_run == KILL_ROUNDS
    assert len(reported) > KILL_ROUNDS  # the writers did get work done between kills
    print(f"report kills: {KILL_ROUNDS} rounds, {len(reported)} reported writes all present")
    # The ledger still opens, migrates nothing and takes writes after all that.
    ledger = open_ledger(path, create=False)
    ledger.close()


def _table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    conn.close()
    return counts


def test_killed_plan_import_is_all_or_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    open_ledger(empty).close()
    before = _table_counts(empty)
    # A complete import, for reference (and its duration, to aim the kills inside it).
    full_path = tmp_path / "full.db"
    shutil.copy(empty, full_path)
    reference = Writer("import", str(full_path), str(PLAN))
    reference.wait_for_lines(1)
    started = time.monotonic()
    code, lines, err = reference.finish()
    duration = time.monotonic() - started
    assert code == 0 and lines == ["start", "done"], err
    after = _table_counts(full_path)
    assert after["tasks"] > 0 and after != before

    rng = random.Random(SEED)
    outcomes = {"nothing": 0, "all": 0}
    for round_no in range(IMPORT_KILL_ROUNDS):
        path = tmp_path / f"round{round_no}.db"
        shutil.copy(empty, path)
        writer = Writer("import", str(path), str(PLAN))
        writer.wait_for_lines(1)
        time.sleep(rng.uniform(0.0, duration))
        lines = writer.kill()
        assert_sound(path).close()
        counts = _table_counts(path)
        if "done" in lines:
            assert counts == after
        assert counts in (before, after), f"round {round_no} (seed {SEED}): half an import {counts}"
        outcomes["nothing" if counts == before else "all"] += 1
    print(f"import kills: {outcomes}")
    assert outcomes["nothing"] >= 1  # at least one kill landed before the commit


def test_two_processes_each_add_1000_reports(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    demo.create_demo(path).close()
    quarters = "2025Q1,2025Q2,2025Q3,2025Q4"  # the same rows for both: their revisions interleave
    writers = [Writer("reports", str(path), name, "1000", quarters) for name in ("甲", "乙")]
    results = [w.finish() for w in writers]
    for code, lines, err in results:
        assert code == 0, err
        assert "locked" not in err
        assert len(lines) == 1000
    conn = assert_sound(path)
    counts = dict(conn.execute(
        "SELECT recorded_by, count(*) FROM reports WHERE recorded_by IN ('甲', '乙') GROUP BY recorded_by"))
    ids = {int(line.split()[1]) for _, lines, _ in results for line in lines}
    present = {row[0] for row in conn.execute("SELECT id FROM reports")}
    conn.close()
    assert counts == {"甲": 1000, "乙": 1000}
    assert len(ids) == 2000 and ids <= present
