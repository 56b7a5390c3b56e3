"""Progress at a glance: how far each unit and each phase has got, and how reporting went quarter by quarter.

Everything here is counted from the existing rules, never restated: a task is done when its light is
done (:mod:`store.work.tasks`: the done flag, or every lead unit reporting 已完成, see
:func:`store.work.report_state.reported_done`); who is expected to report is :func:`store.work.report_state.expected`;
lateness and which quarters are already due come from :mod:`store.work.rules`. Read-only and set-based: a
fixed number of queries whatever the size of the ledger (one or two more per quarter for the trend).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from store.ledger import settings
from store.ledger.db import Ledger
from store.quarterly import reports
from store.quarterly.reports import UnitSubmission
from store.work import phases, report_state, rules, tasks
from store.work.quarters import Quarter
from store.work.rules import Light
from store.work.tasks import TaskRow
from store.work.units import DISPLAY_NAME


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole percent (0 when there is nothing to count)."""
    return round(100 * part / whole) if whole else 0


@dataclass
class Completion:
    """Tasks done of tasks, and this quarter's reports received of reports expected."""

    done: int = 0
    total: int = 0
    expected: int = 0
    reported: int = 0

    @property
    def percent_done(self) -> int:
        return percent(self.done, self.total)

    @property
    def percent_reported(self) -> int:
        return percent(self.reported, self.expected)


@dataclass
class UnitProgress(Completion):
    """A unit's figures. Its tasks, done and lights all count the same tasks: every task it takes part
    in (lead, co-unit, or member of a group named on it), :data:`store.strings.LIGHT_SCOPE`."""

    unit_id: int = 0
    display_name: str = ""
    red: int = 0
    yellow: int = 0


@dataclass
class PhaseProgress(Completion):
    phase_id: int | None = None  # None: the tasks with no phase at all
    name: str = ""


@dataclass
class Progress:
    """One quarter's progress: every reporting unit, every phase, and the whole ledger."""

    quarter: Quarter
    units: list[UnitProgress]
    phases: list[PhaseProgress]
    total: Completion


def progress(
    ledger: Ledger, quarter: Quarter, *, today: date, rows: Sequence[TaskRow] | None = None,
    found: report_state.QuarterReports | None = None,
) -> Progress:
    """Done / total tasks (judged ``today``) and reports received / expected for ``quarter``, per
    unit (every unit that reports on a task, in ledger order) and per phase (in plan order).
    ``rows``: the tasks already judged on ``today``; ``found``: the quarter's
    :func:`report_state.quarter_reports`; when the caller has them."""
    rows = rows if rows is not None else tasks.task_rows(ledger, today=today)
    found = found if found is not None else report_state.quarter_reports(ledger, quarter)
    by_task, reported = found.reporters, found.reported
    by_phase: dict[int | None, PhaseProgress] = {
        p.id: PhaseProgress(phase_id=p.id, name=p.name) for p in phases.list_phases(ledger)
    }
    total = Completion()
    phase_of: dict[int, int | None] = {}
    figures: dict[int, list[int]] = {}  # unit id → [done, total, expected, reported, red, yellow]
    for row in rows:
        done = row.light == Light.DONE
        phase_of[row.id] = row.phase_id
        phase = by_phase.get(row.phase_id)
        if phase is None:
            phase = by_phase[row.phase_id] = PhaseProgress(phase_id=row.phase_id, name=row.phase_name)
        for counted in (phase, total):
            counted.total += 1
            counted.done += done
        for unit_id, _ in by_task.get(row.id, ()):
            counts = figures.get(unit_id)
            if counts is None:
                counts = figures[unit_id] = [0, 0, 0, 0, 0, 0]
            counts[0] += done
            counts[1] += 1
            counts[4] += row.light == Light.RED
            counts[5] += row.light == Light.YELLOW
    for task_id, unit_ids in found.expected.items():
        phase = by_phase.get(phase_of.get(task_id))
        is_in = sum((task_id, unit_id) in reported for unit_id in unit_ids)
        for figure in (total, phase):
            if figure is not None:
                figure.expected += len(unit_ids)
                figure.reported += is_in
        for unit_id in unit_ids:
            counts = figures.get(unit_id)
            if counts is None:
                counts = figures[unit_id] = [0, 0, 0, 0, 0, 0]
            counts[2] += 1
            counts[3] += (task_id, unit_id) in reported
    names = {
        unit_id: display
        for unit_id, display in ledger.conn.execute(
            f"SELECT id, {DISPLAY_NAME} FROM units WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(figures))],
        )
    }
    units = []
    for unit_id in sorted(figures):
        done_count, count, expected, received, red, yellow = figures[unit_id]
        units.append(UnitProgress(done_count, count, expected, received, unit_id=unit_id,
                                  display_name=names.get(unit_id, ""), red=red, yellow=yellow))
    # Phases first in plan order, then "no phase" (when some task has none).
    phase_list = [p for key, p in by_phase.items() if key is not None]
    if None in by_phase:
        phase_list.append(by_phase[None])
    return Progress(quarter, units, phase_list, total)


# --- the trend over quarters ------------------------------------------------------------------------


@dataclass
class QuarterPoint:
    """One quarter of the campaign: its reports (expected, in, of which late) and the tasks done by its end."""

    quarter: Quarter
    expected: int = 0
    reported: int = 0
    late: int = 0
    tasks_done: int = 0
    tasks_total: int = 0

    @property
    def on_time(self) -> int:
        return self.reported - self.late

    @property
    def percent_reported(self) -> int:
        return percent(self.reported, self.expected)

    @property
    def percent_on_time(self) -> int:
        return percent(self.on_time, self.expected)


def trend(
    ledger: Ledger,
    quarters: Sequence[Quarter],
    *,
    today: date,
    matrix: Mapping[int, Mapping[Quarter, UnitSubmission]] | None = None,
) -> list[QuarterPoint]:
    """For each quarter: the reports expected, received and late (summed from
    :func:`store.quarterly.reports.overview_matrix`, pass it when you have it), and how many tasks were done by
    the quarter's end (done flag set by then, or every lead unit's latest report by then says 已完成).
    """
    ordered = sorted(quarters)
    figures = matrix if matrix is not None else reports.overview_matrix(ledger, ordered)
    points = {q: QuarterPoint(q) for q in ordered}
    for per_quarter in figures.values():
        for quarter, entry in per_quarter.items():
            if quarter in points:
                points[quarter].expected += entry.expected
                points[quarter].reported += entry.reported
                points[quarter].late += entry.late
    by_task = report_state.reporters(ledger)
    # Each task: the day it was entered, from when its done flag counts, whether it recurs.
    task_list = [
        (task_id, rules.parse_date(entered), (rules.parse_date(done_on) or today) if done else None)
        for task_id, entered, done, done_on in ledger.conn.execute(
            "SELECT id, date(created_at), done, done_on FROM tasks"
        )
    ]
    recurring = {
        task_id for (task_id,) in ledger.conn.execute("SELECT id FROM tasks WHERE rrule IS NOT NULL AND rrule <> ''")
    }
    # Each unit's report per task and quarter (its newest revision: SQLite takes the bare status
    # from the row holding the max), in quarter order; the latest as of a quarter is the last one
    # seen so far. ``2026Q3`` sorts as text the way quarters follow each other.
    history = ledger.conn.execute(
        "SELECT task_id, unit_id, quarter, status, max(revision) FROM reports "
        "GROUP BY task_id, unit_id, quarter ORDER BY quarter"
    ).fetchall()
    latest: dict[tuple[int, int], str] = {}
    # Whether the reports say a task is done changes only when one of its units' latest status does.
    done_by_reports: dict[int, bool] = {}
    position = 0
    for quarter in ordered:
        point = points[quarter]
        label = str(quarter)
        end = quarter.end
        touched = set()
        while position < len(history) and history[position][2] <= label:
            task_id, unit_id, _, status, _ = history[position]
            if latest.get((task_id, unit_id)) != status:
                latest[(task_id, unit_id)] = status
                touched.add(task_id)
            position += 1
        for task_id in touched:
            done_by_reports[task_id] = report_state.reported_done(
                task_id, by_task.get(task_id, []), latest, recurring=task_id in recurring
            )
        for task_id, entered, done_since in task_list:
            if entered is not None and entered > end:
                continue
            point.tasks_total += 1
            flagged = done_since is not None and done_since <= end
            point.tasks_done += flagged or done_by_reports.get(task_id, False)
    return [points[q] for q in ordered]


# --- who reports late, quarter after quarter -----------------------------------------------------------

# A unit's reporting in one quarter, as the 历季总览 marks it.
ON_TIME = "on_time"  # everything in by the due date
LATE = "late"  # everything in, some after the due date
PARTIAL = "partial"  # some reports missing after the due date
NONE = "none"  # nothing at all after the due date
PENDING = "pending"  # not all in yet, but not due yet either
NOT_EXPECTED = ""  # nothing to report that quarter


def quarter_mark(entry: UnitSubmission | None, *, due: bool) -> str:
    """What a unit's figures for a quarter amount to (``due``: the quarter's reports are already due)."""
    if entry is None or entry.expected == 0:
        return NOT_EXPECTED
    state = entry.state
    if state == "complete":
        return ON_TIME
    if state == "late":
        return LATE
    if not due:
        return PENDING
    return PARTIAL if state == "partial" else NONE


@dataclass
class UnitRecord:
    """One unit across the campaign: its mark per quarter, and how many quarters it was late or short."""

    unit_id: int
    display_name: str
    contact: str
    phone: str
    marks: dict[Quarter, str] = field(default_factory=dict)

    @property
    def late_quarters(self) -> int:
        return sum(1 for mark in self.marks.values() if mark == LATE)

    @property
    def missing_quarters(self) -> int:
        return sum(1 for mark in self.marks.values() if mark in (PARTIAL, NONE))


def reporting_record(
    ledger: Ledger,
    quarters: Sequence[Quarter],
    matrix: Mapping[int, Mapping[Quarter, UnitSubmission]],
    *,
    today: date,
) -> list[UnitRecord]:
    """Every unit in ``matrix`` with its marks, worst first: most quarters missing or late, then most
    missing, then ledger order. Late reports within a quarter that also has missing ones count as missing."""
    checked = rules.checked_quarter(today, settings.report_due_days(ledger))
    out: list[UnitRecord] = []
    for unit_id in sorted(matrix):
        per_quarter = matrix[unit_id]
        sample = next(iter(per_quarter.values()), None)
        if sample is None:
            continue
        record = UnitRecord(unit_id, sample.display_name, sample.contact, sample.phone)
        for quarter in quarters:
            record.marks[quarter] = quarter_mark(per_quarter.get(quarter), due=quarter <= checked)
        out.append(record)
    out.sort(key=lambda r: (-(r.missing_quarters + r.late_quarters), -r.missing_quarters, r.unit_id))
    return out


def overview_quarters(
    ledger: Ledger,
    quarters: Sequence[Quarter],
    matrix: Mapping[int, Mapping[Quarter, UnitSubmission]],
    *,
    today: date,
) -> list[Quarter]:
    """The quarters the overview and the trend show: those in which someone had something to report,
    except a quarter already due in which no report at all was recorded. That one was not collected
    in this ledger (it was set up later), and, as for the lights (:func:`store.work.report_state.signals`),
    it flags nobody as missing."""
    checked = rules.checked_quarter(today, settings.report_due_days(ledger))
    expected: set[Quarter] = set()
    reported: set[Quarter] = set()
    for per_quarter in matrix.values():
        for quarter, entry in per_quarter.items():
            if entry.expected:
                expected.add(quarter)
            if entry.reported:
                reported.add(quarter)
    return [q for q in sorted(quarters) if q in expected and (q in reported or q > checked)]


def reports_due(ledger: Ledger, quarter: Quarter, *, today: date) -> tuple[date, bool]:
    """When ``quarter``'s reports are due, and whether that day has passed ``today``."""
    due = quarter.due_date(settings.report_due_days(ledger))
    return due, today > due
