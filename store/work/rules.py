"""Domain rules, each in exactly one place: deadlines, recurrence, warning lights, current phase.

Every function takes "today" as an argument; :func:`today` gives the real one (Asia/Shanghai).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from functools import lru_cache
from typing import Protocol, TypeVar

from store import strings
from store.work.quarters import Quarter

TIMEZONE = "Asia/Shanghai"
ENV_TODAY = "TAIZHANG_TODAY"
DEFAULT_YELLOW_DAYS = 30
# A series with no end is followed this far; no plan runs longer.
_OPEN_SERIES_YEARS = 10
_MAX_OCCURRENCES = 2000


def today() -> date:
    """Today in Asia/Shanghai (servers run on UTC). ``TAIZHANG_TODAY=YYYY-MM-DD`` fixes it for demos."""
    fixed = os.environ.get(ENV_TODAY)
    if fixed:
        return date.fromisoformat(fixed)
    # Asia/Shanghai has been UTC+8 all year since 1991: a fixed offset gives the same day without
    # importing pendulum (~40 ms on the ``status`` command's path).
    return datetime.now(timezone(timedelta(hours=8))).date()


def cn_date(day: date) -> str:
    """A day as documents and forms write it: 2026年10月10日."""
    return strings.CN_DATE.format(year=day.year, month=day.month, day=day.day)


def parse_date(value: str | date | None) -> date | None:
    """ISO text from the database (or a date) to a date; empty means none."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


# --- deadlines ------------------------------------------------------------------------------------


class DeadlineSource(StrEnum):
    OWN = "own"
    PHASE = "phase"
    PLAN = "plan"
    OCCURRENCE = "occurrence"


@dataclass(frozen=True)
class Deadline:
    """The date a task is judged against, and where it came from."""

    day: date | None
    source: DeadlineSource | None

    @property
    def label(self) -> str:
        if self.day is None:
            return strings.NO_DEADLINE
        return self.day.isoformat()


def effective_deadline(own: date | None, phase_end: date | None, plan_end: date | None) -> Deadline:
    """A task's deadline: its own, else its phase's end, else the plan's end, else none."""
    if own is not None:
        return Deadline(own, DeadlineSource.OWN)
    if phase_end is not None:
        return Deadline(phase_end, DeadlineSource.PHASE)
    if plan_end is not None:
        return Deadline(plan_end, DeadlineSource.PLAN)
    return Deadline(None, None)


# --- recurrence -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def occurrences(rule: str, start: date, until: date | None) -> tuple[date, ...]:
    """The dates of an RFC 5545 RRULE (no DTSTART in ``rule``) from ``start`` to ``until``.

    ``until`` bounds the series (the task's deadline or the plan's end); with none, the series is
    followed ten years. An UNTIL or COUNT inside the rule is honoured too.
    """
    from dateutil.rrule import rrulestr

    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    series = rrulestr(text, dtstart=datetime(start.year, start.month, start.day))
    last = until or start.replace(year=start.year + _OPEN_SERIES_YEARS)
    bound = datetime(last.year, last.month, last.day, 23, 59, 59)
    days: list[date] = []
    for moment in series:
        if moment > bound or len(days) >= _MAX_OCCURRENCES:
            break
        days.append(moment.date())
    return tuple(days)


def validate_rrule(rule: str) -> str | None:
    """``None`` when ``rule`` is a usable RRULE, else a Chinese message."""
    try:
        occurrences(rule, date(2000, 1, 1), date(2001, 12, 31))
    except (ValueError, TypeError, KeyError):
        return strings.ERR_BAD_RRULE.format(rule=rule)
    return None


def current_occurrence(days: Sequence[date], on: date) -> date | None:
    """The occurrence a recurring task is judged by: the first one on or after ``on``.

    When every occurrence is past, the last one (the series is over); none when empty.
    """
    for day in days:
        if day >= on:
            return day
    return days[-1] if days else None


def describe_rrule(rule: str | None) -> str:
    """A recurrence in words, as a clerk says it: ``每年9月``, ``每季度``, ``每月``."""
    if not rule:
        return strings.RECUR_NONE
    parts: dict[str, str] = {}
    for chunk in rule.upper().removeprefix("RRULE:").split(";"):
        if "=" in chunk:
            key, value = chunk.split("=", 1)
            parts[key.strip()] = value.strip()
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    month = parts.get("BYMONTH", "")
    monthday = parts.get("BYMONTHDAY", "")
    if freq == "YEARLY":
        if month and "," not in month:
            if monthday and monthday != "-1":
                return strings.RECUR_YEARLY_DAY.format(month=int(month), day=int(monthday))
            return strings.RECUR_YEARLY_MONTH.format(month=int(month))
        if month:
            months = "、".join(f"{int(m)}月" for m in month.split(","))
            return strings.RECUR_YEARLY_MONTHS.format(months=months)
        return strings.RECUR_YEARLY
    if freq == "MONTHLY":
        if interval == 3:
            return strings.RECUR_QUARTERLY
        if interval == 6:
            return strings.RECUR_HALF_YEARLY
        if interval == 1:
            return strings.RECUR_MONTHLY
        return strings.RECUR_EVERY_N_MONTHS.format(n=interval)
    if freq == "WEEKLY":
        return strings.RECUR_WEEKLY
    if freq == "DAILY":
        return strings.RECUR_DAILY
    return rule


# --- warning lights -------------------------------------------------------------------------------


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    DONE = "done"

    @property
    def label(self) -> str:
        return strings.LIGHT_LABELS[self.value]


def light(
    deadline: date | None,
    *,
    done: bool,
    today: date,
    yellow_days: int = DEFAULT_YELLOW_DAYS,
    reported_late: bool = False,
    missing_last_report: bool = False,
    reported_done: bool = False,
) -> Light:
    """The warning light of a task (domain.md, 红黄绿灯).

    red: past its deadline and not done, or its latest report says 滞后; yellow: deadline within
    ``yellow_days`` and not done, or no report for the last quarter; green: on track; done tasks
    show as done (marked done, or reported 已完成 by every lead unit). A recurring task passes the
    deadline of its current occurrence.
    """
    if done or reported_done:
        return Light.DONE
    if reported_late or (deadline is not None and deadline < today):
        return Light.RED
    if missing_last_report or (deadline is not None and deadline <= today + timedelta(days=yellow_days)):
        return Light.YELLOW
    return Light.GREEN


# --- phases ---------------------------------------------------------------------------------------


class HasSpan(Protocol):
    @property
    def start(self) -> date | None: ...

    @property
    def end(self) -> date | None: ...


P = TypeVar("P", bound=HasSpan)


def phase_contains(phase: HasSpan, day: date) -> bool:
    """A phase with no start began long ago; one with no end has not ended."""
    return (phase.start is None or phase.start <= day) and (phase.end is None or day <= phase.end)


def current_phase(phases: Sequence[P], day: date) -> P | None:
    """The phase a date falls in. Phases overlap: the one that began last wins (it is the newer
    stage of the work); on a tie, the one that ends first. A phase with no dates is never current.
    """
    running = [p for p in phases if (p.start or p.end) and phase_contains(p, day)]
    if not running:
        return None
    return max(running, key=lambda p: (p.start or date.min, -(p.end or date.max).toordinal()))


# --- a task's deadline, all rules together -------------------------------------------------------


def task_deadline(
    *,
    own: date | None,
    rrule: str | None,
    phase_start: date | None,
    phase_end: date | None,
    plan_start: date | None,
    plan_end: date | None,
    today: date,
) -> Deadline:
    """The date a task is judged by today.

    A one-off task: :func:`effective_deadline`. A recurring task: the current occurrence of its
    series, which runs from its phase's (else plan's) start up to its effective deadline.
    """
    base = effective_deadline(own, phase_end, plan_end)
    if not rrule:
        return base
    series_start = phase_start or plan_start or (date(base.day.year, 1, 1) if base.day else today)
    try:
        days = occurrences(rrule, series_start, base.day)
    except (ValueError, TypeError, KeyError):
        return base
    occurrence = current_occurrence(days, today)
    if occurrence is None:
        return base
    return Deadline(occurrence, DeadlineSource.OCCURRENCE)


# --- quarterly reports ----------------------------------------------------------------------------


def default_report_quarter(today: date) -> Quarter:
    """The quarter a clerk is most likely entering reports for: in a quarter's first month the one
    that just ended (its reports are arriving), else the current one."""
    current = Quarter.of(today)
    return current.previous() if today.month in (1, 4, 7, 10) else current


def checked_quarter(today: date, due_days: int) -> Quarter:
    """The latest quarter whose reports are already due: a missing report for it turns a task yellow."""
    last = Quarter.of(today).previous()
    return last if today > last.due_date(due_days) else last.previous()


def report_is_late(quarter: Quarter, received: date | None, due_days: int) -> bool:
    """A report received after its quarter's due date (``due_days`` after the quarter ends) is late."""
    return received is not None and received > quarter.due_date(due_days)


def expected_in_quarter(
    quarter: Quarter,
    *,
    start: date | None,
    done: bool,
    done_on: date | None,
    entered: date | None = None,
    due_days: int = 10,
) -> bool:
    """Whether a task's units report on it for ``quarter``: it has started by the quarter's end, was
    not finished before the quarter began (overdue tasks keep reporting), and was in the ledger
    before that quarter's reports were due (a plan imported in November owes no Q3 reports)."""
    if start is not None and start > quarter.end:
        return False
    if entered is not None and entered > quarter.due_date(due_days):
        return False
    if done:
        return done_on is not None and done_on >= quarter.start
    return True
