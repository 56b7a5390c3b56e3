"""The domain rules: deadlines, recurrence, warning lights, quarters, current phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.errors import ValidationError
from store.work import rules
from store.work.quarters import Quarter, quarters_between
from store.work.rules import DeadlineSource, Light

# --- effective deadline -----------------------------------------------------------------------------


def test_own_deadline_wins_over_phase_and_plan() -> None:
    d = rules.effective_deadline(date(2019, 6, 30), date(2019, 12, 31), date(2020, 12, 31))
    assert (d.day, d.source) == (date(2019, 6, 30), DeadlineSource.OWN)


def test_phase_end_when_no_own_deadline() -> None:
    d = rules.effective_deadline(None, date(2019, 12, 31), date(2020, 12, 31))
    assert (d.day, d.source) == (date(2019, 12, 31), DeadlineSource.PHASE)


def test_plan_end_when_phase_has_no_end() -> None:
    d = rules.effective_deadline(None, None, date(2020, 12, 31))
    assert (d.day, d.source) == (date(2020, 12, 31), DeadlineSource.PLAN)


def test_task_with_no_deadline_at_all_is_green_not_red() -> None:
    d = rules.effective_deadline(None, None, None)
    assert d.day is None and d.source is None
    assert rules.light(d.day, done=False, today=date(2030, 1, 1)) is Light.GREEN


# --- warning lights ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "done", "expected"),
    [
        (date(2026, 11, 20), False, Light.RED),  # yesterday
        (date(2026, 11, 21), False, Light.YELLOW),  # today is not yet late
        (date(2026, 12, 21), False, Light.YELLOW),  # exactly 30 days ahead
        (date(2026, 12, 22), False, Light.GREEN),  # 31 days ahead
        (date(2026, 1, 1), True, Light.DONE),  # done beats overdue
    ],
)
def test_light_by_deadline(deadline: date, done: bool, expected: Light) -> None:
    assert rules.light(deadline, done=done, today=date(2026, 11, 21)) is expected


def test_yellow_window_is_configurable() -> None:
    due = date(2026, 12, 10)
    assert rules.light(due, done=False, today=date(2026, 11, 21), yellow_days=10) is Light.GREEN
    assert rules.light(due, done=False, today=date(2026, 11, 21), yellow_days=19) is Light.YELLOW


def test_reported_late_is_red_and_missing_report_is_yellow() -> None:
    far = date(2030, 1, 1)
    today = date(2026, 11, 21)
    assert rules.light(far, done=False, today=today, reported_late=True) is Light.RED
    assert rules.light(far, done=False, today=today, missing_last_report=True) is Light.YELLOW


# --- recurrence -------------------------------------------------------------------------------------

SEPTEMBER = "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"
QUARTERLY = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"


def test_every_september_occurrences() -> None:
    days = rules.occurrences(SEPTEMBER, date(2018, 1, 1), date(2020, 12, 31))
    assert days == (date(2018, 9, 30), date(2019, 9, 30), date(2020, 9, 30))


def test_quarterly_series_lands_on_quarter_ends_including_short_months() -> None:
    days = rules.occurrences(QUARTERLY, date(2019, 1, 1), date(2019, 12, 31))
    # From January, every third month's last day; bymonthday=-1 never skips a short month.
    assert days == (date(2019, 1, 31), date(2019, 4, 30), date(2019, 7, 31), date(2019, 10, 31))
    from_march = rules.occurrences(QUARTERLY, date(2019, 3, 1), date(2019, 12, 31))
    assert from_march == (date(2019, 3, 31), date(2019, 6, 30), date(2019, 9, 30), date(2019, 12, 31))


def test_monthly_series_in_a_leap_year_keeps_february_29() -> None:
    days = rules.occurrences("FREQ=MONTHLY;BYMONTHDAY=-1", date(2024, 1, 1), date(2024, 3, 31))
    assert days == (date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31))


def test_current_occurrence_across_year_end() -> None:
    days = rules.occurrences("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", date(2018, 1, 1), date(2021, 12, 31))
    assert rules.current_occurrence(days, date(2019, 12, 31)) == date(2019, 12, 31)
    assert rules.current_occurrence(days, date(2020, 1, 1)) == date(2020, 12, 31)
    # After the series is over, the last occurrence is the one judged (and it is past: red).
    assert rules.current_occurrence(days, date(2022, 3, 1)) == date(2021, 12, 31)
    assert rules.current_occurrence((), date(2022, 3, 1)) is None


def test_recurring_task_is_judged_by_its_current_occurrence() -> None:
    d = rules.task_deadline(
        own=None,
        rrule=SEPTEMBER,
        phase_start=date(2025, 6, 1),
        phase_end=None,
        plan_start=date(2025, 3, 1),
        plan_end=date(2027, 12, 31),
        today=date(2026, 9, 10),
    )
    assert (d.day, d.source) == (date(2026, 9, 30), DeadlineSource.OCCURRENCE)
    assert rules.light(d.day, done=False, today=date(2026, 9, 10)) is Light.YELLOW
    later = rules.task_deadline(
        own=None, rrule=SEPTEMBER, phase_start=date(2025, 6, 1), phase_end=None,
        plan_start=None, plan_end=date(2027, 12, 31), today=date(2026, 10, 1),
    )
    assert later.day == date(2027, 9, 30)


def test_open_ended_series_is_followed_but_bounded() -> None:
    days = rules.occurrences("FREQ=MONTHLY;BYMONTHDAY=-1", date(2020, 1, 1), None)
    assert days[0] == date(2020, 1, 31)
    assert days[-1] == date(2029, 12, 31)


def test_until_inside_the_rule_is_honoured() -> None:
    days = rules.occurrences("FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1;UNTIL=20190101", date(2017, 1, 1), None)
    assert days == (date(2017, 9, 30), date(2018, 9, 30))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (SEPTEMBER, "每年9月"),
        (QUARTERLY, "每季度"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "每月"),
        ("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1", "每半年"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "每年3月15日"),
        ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1", "每年6月、12月"),
        ("FREQ=WEEKLY", "每周"),
        (None, "不重复"),
    ],
)
def test_recurrence_in_words(rule: str | None, words: str) -> None:
    assert rules.describe_rrule(rule) == words


def test_bad_rrule_is_reported_not_raised() -> None:
    assert rules.validate_rrule("FREQ=SOMETIMES") is not None
    assert rules.validate_rrule(QUARTERLY) is None


# --- quarters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2019, 1, 1), "2019Q1"),
        (date(2019, 3, 31), "2019Q1"),
        (date(2019, 4, 1), "2019Q2"),
        (date(2019, 9, 30), "2019Q3"),
        (date(2019, 10, 1), "2019Q4"),
        (date(2019, 12, 31), "2019Q4"),
    ],
)
def test_quarter_of_a_date_at_boundaries(day: date, quarter: str) -> None:
    assert str(Quarter.of(day)) == quarter


def test_quarter_dates_and_leap_february() -> None:
    q = Quarter.parse("2024Q1")
    assert (q.start, q.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert Quarter.parse("2019q3").end == date(2019, 9, 30)
    assert Quarter.parse("2019年第三季度") == Quarter(2019, 3)
    assert Quarter.parse("2019-Q4").label == "2019年第四季度"


def test_quarter_arithmetic_across_year_end() -> None:
    assert Quarter(2019, 4).next() == Quarter(2020, 1)
    assert Quarter(2020, 1).previous() == Quarter(2019, 4)
    assert Quarter(2019, 2).shift(-6) == Quarter(2017, 4)
    assert Quarter(2019, 4).due_date(10) == date(2020, 1, 10)


def test_quarters_between() -> None:
    assert [str(q) for q in quarters_between(date(2018, 11, 5), date(2019, 4, 1))] == ["2018Q4", "2019Q1", "2019Q2"]
    assert quarters_between(date(2019, 4, 1), date(2018, 1, 1)) == []


@pytest.mark.parametrize("text", ["2019Q5", "19Q1", "2019", "", "二〇一九年第三季度"])
def test_bad_quarter_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValidationError, match="季度"):
        Quarter.parse(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_lies_in_its_quarter(day: date) -> None:
    q = Quarter.of(day)
    assert q.start <= day <= q.end
    assert Quarter.parse(str(q)) == q
    assert q.next().start.toordinal() == q.end.toordinal() + 1


# --- current phase ----------------------------------------------------------------------------------


@dataclass
class Span:
    name: str
    start: date | None
    end: date | None


PHASES = [
    Span("启动部署", date(2018, 1, 1), date(2018, 9, 30)),
    Span("组织创建", date(2018, 6, 1), date(2019, 12, 31)),
    Span("自检自查", date(2019, 6, 1), date(2019, 9, 30)),
    Span("巩固提升", date(2019, 9, 1), date(2019, 12, 31)),
    Span("验收", None, None),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2017, 12, 31), None),
        (date(2018, 3, 1), "启动部署"),
        (date(2018, 7, 1), "组织创建"),  # overlap: the later-starting phase is the current one
        (date(2019, 7, 1), "自检自查"),
        (date(2019, 9, 15), "巩固提升"),
        (date(2019, 12, 31), "巩固提升"),
        (date(2020, 1, 1), None),
    ],
)
def test_current_phase_with_overlaps(day: date, expected: str | None) -> None:
    found = rules.current_phase(PHASES, day)
    assert (found.name if found else None) == expected


def test_phase_with_only_an_end_date_is_current_until_it_ends() -> None:
    only_end = [Span("申请创建", None, date(2013, 6, 30))]
    assert rules.current_phase(only_end, date(2010, 1, 1)) is only_end[0]
    assert rules.current_phase(only_end, date(2013, 7, 1)) is None


def test_today_is_asia_shanghai_and_can_be_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(rules.ENV_TODAY, "2019-06-30")
    assert rules.today() == date(2019, 6, 30)
    monkeypatch.delenv(rules.ENV_TODAY)
    import pendulum

    assert rules.today() == pendulum.now("Asia/Shanghai").date()
