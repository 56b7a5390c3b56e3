"""The Chinese date grammar: examples from real plans, and Hypothesis round trips."""

from __future__ import annotations

from datetime import date, datetime
from itertools import islice

import pytest
from dateutil.rrule import rrule, rrulestr
from hypothesis import given
from hypothesis import strategies as st

from store.importing.plan_import.cndates import (
    cn_number,
    find_deadline,
    find_spans,
    parse_date,
    parse_recurrence,
    parse_span,
    recurrence_start,
)

# --- rendering dates the ways documents write them (independent of the parser) --------------------

_DIGITS = "〇一二三四五六七八九"


def cn_small(n: int) -> str:
    """1..31 in Chinese numerals: 十, 十二, 二十七, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def cn_year(year: int, zero: str) -> str:
    return "".join(zero if ch == "0" else _DIGITS[int(ch)] for ch in str(year))


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in text)


def rrule_of(rule: str, start: datetime) -> rrule:
    series = rrulestr(rule, dtstart=start)
    assert isinstance(series, rrule)
    return series


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


@given(dates)
def test_arabic_full_date_round_trip(day: date) -> None:
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day
    assert parse_date(f"{day.year}年{day.month:02d}月{day.day:02d}日") == day
    assert parse_date(f"印发日期:{day.year} 年 {day.month} 月 {day.day} 日印发") == day


@given(dates, st.sampled_from(["〇", "○", "零", "O"]))
def test_chinese_numeral_date_round_trip(day: date, zero: str) -> None:
    text = f"{cn_year(day.year, zero)}年{cn_small(day.month)}月{cn_small(day.day)}日"
    assert parse_date(text) == day


@given(dates, st.sampled_from(["-", ".", "/"]))
def test_numeric_date_round_trip(day: date, sep: str) -> None:
    assert parse_date(f"{day.year}{sep}{day.month}{sep}{day.day}") == day
    assert parse_date(f"成文日期:{day.isoformat()}") == day


@given(dates)
def test_full_width_digits(day: date) -> None:
    assert parse_date(full_width(f"{day.year}年{day.month}月{day.day}日")) == day


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


@given(dates, dates, st.sampled_from(["至", "到", "—", "-", "~", "——"]))
def test_month_range_round_trip(a: date, b: date, sep: str) -> None:
    first, last = sorted((a, b))
    span = parse_span(f"({first.year}年{first.month}月{sep}{last.year}年{last.month}月)")
    assert span is not None
    assert span.start == date(first.year, first.month, 1)
    assert span.end == _month_end(last.year, last.month)
    assert span.kind == "range"


@given(st.integers(1990, 2090), st.integers(1, 12), st.integers(1, 12))
def test_same_year_range_inherits_the_year(year: int, m1: int, m2: int) -> None:
    m1, m2 = sorted((m1, m2))
    span = parse_span(f"{year}年{m1}月至{m2}月")
    assert span is not None and span.start == date(year, m1, 1) and span.end == _month_end(year, m2)


@given(st.integers(1990, 2090), st.integers(1, 12), st.integers(1, 12), st.sampled_from(["—", "-", "至", "~"]))
def test_compact_month_range_round_trip(year: int, m1: int, m2: int, sep: str) -> None:
    m1, m2 = sorted((m1, m2))
    span = parse_span(f"({year}年{m1}{sep}{m2}月)")
    assert span is not None and span.start == date(year, m1, 1) and span.end == _month_end(year, m2)


@given(dates)
def test_before_keeps_only_the_end(day: date) -> None:
    span = parse_span(f"{day.year}年{day.month}月前")
    assert span is not None and span.start is None and span.end == _month_end(day.year, day.month)
    deadline = find_deadline(f"完成时限:{day.year}年{day.month}月底前")
    assert deadline is not None and deadline.day == _month_end(day.year, day.month)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("(2018年1月至9月)", date(2018, 1, 1), date(2018, 9, 30)),
        ("(2018年6月至2019年12月)", date(2018, 6, 1), date(2019, 12, 31)),
        ("(2013年8月—2015年8月)", date(2013, 8, 1), date(2015, 8, 31)),
        ("(2013年6月前)", None, date(2013, 6, 30)),
        ("(2015年8月)", date(2015, 8, 1), date(2015, 8, 31)),
        ("2019年3月1日至15日", date(2019, 3, 1), date(2019, 3, 15)),
        ("2018年11月至2月", date(2018, 11, 1), date(2019, 2, 28)),
        ("2019年上半年", date(2019, 1, 1), date(2019, 6, 30)),
        ("2019年下半年", date(2019, 7, 1), date(2019, 12, 31)),
        ("2019年第三季度", date(2019, 7, 1), date(2019, 9, 30)),
        ("2019年底前", None, date(2019, 12, 31)),
        ("2019年3月起", date(2019, 3, 1), None),
        ("2019年6月中旬", date(2019, 6, 11), date(2019, 6, 20)),
        ("二〇一九年十二月", date(2019, 12, 1), date(2019, 12, 31)),
        ("2011-2020年", date(2011, 1, 1), date(2020, 12, 31)),
        ("2018.01—2018.09", date(2018, 1, 1), date(2018, 9, 30)),
        ("(2019年3—5月)", date(2019, 3, 1), date(2019, 5, 31)),
        ("2019年11—2月", date(2019, 11, 1), date(2020, 2, 29)),
        ("2019年3月1—15日", date(2019, 3, 1), date(2019, 3, 15)),
        ("2019年3-5月底前", None, date(2019, 5, 31)),
    ],
)
def test_spans(text: str, start: date | None, end: date | None) -> None:
    span = parse_span(text)
    assert span is not None
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["统一月度考核", "2019年初步建成", "第3个月", "〔2013〕98号", "12315投诉", "GB/T 19001-2016"])
def test_not_dates_or_only_the_year(text: str) -> None:
    for span in find_spans(text):
        assert span.text.rstrip("前") in ("2019年",), span


def test_year_from_context_and_default() -> None:
    spans = find_spans("2018年完成规划编制,6月底前出台", default_year=2030)
    assert spans[-1].end == date(2018, 6, 30) and spans[-1].year_assumed
    # A baseline year (比2013年) is not context.
    spans = find_spans("比2013年下降7%,6月底前完成", default_year=2015)
    assert spans[-1].end == date(2015, 6, 30)
    assert find_spans("6月底前", default_year=None) == []


@pytest.mark.parametrize(
    ("text", "day", "long_term"),
    [
        ("(完成时限:2019年6月底前)", date(2019, 6, 30), False),
        ("力争2018年底前完成", date(2018, 12, 31), False),
        ("完成时间:长期坚持", None, True),
        ("(长期坚持)", None, True),
        ("2019年6月底完成建设", date(2019, 6, 30), False),
        ("每年9月开展质量月活动", None, False),
    ],
)
def test_deadlines(text: str, day: date | None, long_term: bool) -> None:
    deadline = find_deadline(text, 2019)
    if day is None and not long_term:
        assert deadline is None
        return
    assert deadline is not None
    assert (deadline.day, deadline.long_term) == (day, long_term)


def test_relative_deadline_uses_plan_year() -> None:
    deadline = find_deadline("6月底前完成", 2015)
    assert deadline is not None and deadline.day == date(2015, 6, 30) and deadline.year_assumed


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("年底前完成", date(2019, 12, 31)),
        ("今年上半年完成", date(2019, 6, 30)),
        ("明年年底前建成", date(2020, 12, 31)),
        ("年内完成建设", date(2019, 12, 31)),
    ],
)
def test_relative_years(text: str, day: date) -> None:
    deadline = find_deadline(text, 2019)
    assert deadline is not None and deadline.day == day and deadline.year_assumed


def test_every_year_end_is_a_recurrence_not_a_deadline() -> None:
    assert find_deadline("每年年底前报送", 2019) is None
    assert parse_recurrence("每年年底前报送") == "FREQ=YEARLY;BYYEARDAY=-1"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("每年9月", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"),
        ("每年9月份推动开展质量月活动", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"),
        ("每年3月15日", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15"),
        ("每季度召开一次工作联席会议", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
        ("按季度报送进展", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
        ("每年至少召开两次质量专题联席会议", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"),
        ("每半年通报一次", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"),
        ("每月报送", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("每年发布质量分析报告", "FREQ=YEARLY;BYYEARDAY=-1"),
        ("每年开展一次质量提升主题活动", "FREQ=YEARLY;BYYEARDAY=-1"),
        ("每年第一季度", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1"),
        ("每两年评选一次", "FREQ=YEARLY;INTERVAL=2;BYMONTH=12;BYMONTHDAY=-1"),
        ("定期开展督查", None),
        ("比上年提高", None),
    ],
)
def test_recurrence(text: str, rule: str | None) -> None:
    assert parse_recurrence(text) == rule


def test_first_recurrence_wins() -> None:
    assert parse_recurrence("每季度召开一次,每年9月集中宣传") == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"


def test_quarterly_rule_with_its_dtstart_gives_quarter_ends() -> None:
    rule = parse_recurrence("每季度")
    assert rule is not None
    start = recurrence_start(rule, date(2018, 1, 15))
    assert start == date(2018, 3, 1)
    series = rrule_of(rule, datetime(start.year, start.month, start.day))
    days = [d.date() for d in islice(series, 4)]
    assert days == [date(2018, 3, 31), date(2018, 6, 30), date(2018, 9, 30), date(2018, 12, 31)]
    half = parse_recurrence("每半年")
    assert half is not None and recurrence_start(half, date(2019, 7, 2)) == date(2019, 12, 1)
    assert recurrence_start("FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1", date(2019, 7, 2)) == date(2019, 7, 2)


@given(st.text(alphabet="每年季度月半周至少召开两次一二三四九12份底前日", max_size=30))
def test_recurrence_rules_are_valid_rrules(text: str) -> None:
    rule = parse_recurrence(text)
    if rule is not None:
        rrulestr(rule, dtstart=datetime(2020, 3, 1))


@given(st.integers(0, 99))
def test_cn_number_round_trip(n: int) -> None:
    rendered = "零" if n == 0 else cn_small(n) if n < 32 else _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    assert cn_number(rendered) == n
    assert cn_number(str(n)) == n


def test_cn_number_forms() -> None:
    assert cn_number("二○一二") == 2012
    assert cn_number("一百零五") == 105
    assert cn_number("两") == 2
    assert cn_number("abc") is None
    assert cn_number("") is None


@given(st.text(max_size=80))
def test_grammar_never_raises(text: str) -> None:
    find_spans(text, 2020)
    find_deadline(text, 2020)
    parse_recurrence(text)
    parse_date(text)
