"""A small grammar for the dates, deadlines and recurrences written in Chinese government plans.

No library reads ``2018年1月至9月``, ``2013年6月前`` or ``二○一二年五月二十七日`` correctly (dateutil's fuzzy
mode returns wrong dates silently), so this module spells the grammar out:

* a *point* is ``[年][月][日]`` with modifiers: ``2018年``, ``2018年底``, ``2019年上半年``,
  ``2019年第一季度``, ``6月``, ``6月底``, ``6月上旬``, ``2013年5月24日``, ``二○一二年五月二十七日``,
  ``2015-07-01`` / ``2015.7.1``; each point covers a span of days (``2015年8月`` = 08-01..08-31);
* a *range* joins two points with ``至 到 — - ~``: ``2018年1月至9月`` = 2018-01-01..2018-09-30 (the second
  point inherits the year, and the month for a bare day: ``3月1日至15日``);
* a suffix turns a point or range into an open span: ``前/以前/之前/止/内`` keep only the end
  (``2013年6月前`` = ..2013-06-30, the clerk's reading of "by June"), ``起/以后/开始`` keep only the start.

Points without a year take the last explicit year seen earlier in the same text, else ``default_year``;
they are marked ``year_assumed`` so the caller can say so.

Recurrences become RFC 5545 RRULE strings without DTSTART (see :func:`parse_recurrence`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

SpanKind = Literal["point", "range", "before", "after"]

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "O": 0, "o": 0, "Ο": 0, "0": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# Full-width digits read as ASCII ones; one character for one, so offsets into the text stay valid.
_FOLD_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})

MIN_YEAR = 1900
MAX_YEAR = 2100


def cn_number(text: str) -> int | None:
    """``27``, ``二十七``, ``十``, ``一百零五`` or digit-by-digit ``二〇一二`` → int; None if not a number."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        try:
            return int(text)
        except ValueError:  # exotic Unicode digits int() refuses
            return None
    if all(ch in _CN_DIGITS for ch in text):
        # No 十/百: read digit by digit, as years are written (二○一二).
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total = 0
    current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


# --- the grammar ----------------------------------------------------------------------------------

_CN_NUM = "〇○零一二三四五六七八九十两"
_YEAR = r"(?P<y>\d{4}|[〇○零OoΟ一二三四五六七八九]{4})\s*年"
# 年初 must not eat 初步/初级 (``2019年初步建成``); a bare 年中 would eat ``2018年中国…``, so only 年年中.
_YMOD = (
    r"(?P<ymod>年底|年末|年初(?![步级次])|年中|底|末|初(?![步级次])|上半年|下半年|全年"
    r"|第?[一二三四1-4]季度)"
)
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九])\s*月份?(?![度刊报薪])"
_MMOD = r"(?P<mmod>上旬|中旬|下旬|初(?![步级次])|底|末)"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
_NUMERIC = r"(?P<ny>\d{4})\s*(?P<sep>[-./])\s*(?P<nm>\d{1,2})(?:\s*(?P=sep)\s*(?P<nd>\d{1,2}))?(?![\d.])"

_NOT_AFTER = rf"(?<![\d{_CN_NUM}])"
_YEAR_POINT_RE = re.compile(rf"{_NOT_AFTER}{_YEAR}(?:{_YMOD}|\s*{_MONTH}(?:{_MMOD}|\s*{_DAY})?)?")
_MONTH_POINT_RE = re.compile(rf"{_NOT_AFTER}{_MONTH}(?:{_MMOD}|\s*{_DAY})?")
_NUMERIC_POINT_RE = re.compile(rf"(?<![\d.]){_NUMERIC}")
# A year named relatively: ``年底前``, ``今年上半年``, ``明年年底`` (not ``每年年底``, a recurrence).
_RELATIVE_POINT_RE = re.compile(
    r"(?<![\d〇○零一二三四五六七八九十年每])(?P<rel>今年|本年度?|当年|明年|次年)?"
    r"(?P<rmod>年底|年末|上半年|下半年|年内)"
)
_POINT_RES = (_YEAR_POINT_RE, _NUMERIC_POINT_RE, _MONTH_POINT_RE, _RELATIVE_POINT_RE)
_BARE_DAY_RE = re.compile(rf"(?<![\d{_CN_NUM}]){_DAY}")
_RANGE_SEP_RE = re.compile(r"\s*(?:至|到|—+|–|－|-|~|～|―|－)\s*")
_YEAR_RANGE_RE = re.compile(r"(?<!\d)(?P<a>\d{4})\s*(?:-|—+|–|至|到|~|～)\s*(?P<b>\d{4})\s*年(?![\d一二三四五六七八九十]|度)")
# Ranges written compactly, the unit said once: ``2019年3—5月`` and ``3月1—15日``.
_SEP = r"\s*(?:至|到|—+|–|－|-|~|～)\s*"
_CN_MONTH = r"1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九]"
_COMPACT_MONTHS_RE = re.compile(
    rf"(?<![\d{_CN_NUM}])(?:(?P<y>\d{{4}}|[〇○零OoΟ一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?P<m1>{_CN_MONTH}){_SEP}(?P<m2>{_CN_MONTH})\s*月份?(?:底|末)?(?![度刊报薪])"
)
_COMPACT_DAYS_RE = re.compile(
    rf"(?<![\d{_CN_NUM}])(?:(?P<y>\d{{4}}|[〇○零OoΟ一二三四五六七八九]{{4}})\s*年\s*)?(?P<m>{_CN_MONTH})\s*月\s*"
    rf"(?P<d1>3[01]|[12]\d|0?[1-9]){_SEP}(?P<d2>3[01]|[12]\d|0?[1-9])\s*[日号]"
)
_SUFFIX_RE = re.compile(
    r"\s*(?:(?P<before>以前|之前|前|为止|止|以内|内)|(?P<after>以后|之后|起|开始|以来))"
)
# A year written after 比/较 is a baseline (``比2013年下降7%``), never the context of later dates.
_BASELINE_BEFORE = ("比", "较", "与", "同")


@dataclass(frozen=True)
class DateSpan:
    """Days from ``start`` to ``end`` (both inclusive); either may be open (None)."""

    start: date | None
    end: date | None
    text: str = ""
    kind: SpanKind = "point"
    year_assumed: bool = False
    pos: int = 0


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class _Point:
    year: int | None
    month: int | None
    day: int | None
    ymod: str
    mmod: str
    start: int
    end: int
    relative: int | None = None  # years after the context year (今年 0, 明年 1), for ``年底``-style points


def _point_from_match(m: re.Match[str]) -> _Point | None:
    groups = m.groupdict()
    if groups.get("rmod"):
        offset = 1 if groups.get("rel") in ("明年", "次年") else 0
        mod = groups["rmod"]
        return _Point(None, None, None, "全年" if mod == "年内" else mod, "", m.start(), m.end(), offset)
    if groups.get("ny"):
        year = int(groups["ny"])
        month = int(groups["nm"])
        day = int(groups["nd"]) if groups.get("nd") else None
        return _Point(year, month, day, "", "", m.start(), m.end())
    cn_year = cn_number(groups["y"]) if groups.get("y") else None
    cn_month = cn_number(groups["m"]) if groups.get("m") else None
    cn_day = cn_number(groups["d"]) if groups.get("d") else None
    return _Point(cn_year, cn_month, cn_day, groups.get("ymod") or "", groups.get("mmod") or "", m.start(), m.end())


def _resolve(point: _Point, year: int) -> tuple[date, date] | None:
    """The span of days a point covers in ``year``; None when the point is not a valid date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    month, day = point.month, point.day
    if month is None:
        mod = point.ymod.removeprefix("年")
        if mod in ("底", "末"):
            return date(year, 12, 31), date(year, 12, 31)
        if mod == "初":
            return date(year, 1, 1), date(year, 1, 31)
        if mod == "中":
            return date(year, 6, 1), date(year, 6, 30)
        if mod == "上半年":
            return date(year, 1, 1), date(year, 6, 30)
        if mod == "下半年":
            return date(year, 7, 1), date(year, 12, 31)
        if mod.endswith("季度"):
            quarter = cn_number(mod.removeprefix("第").removesuffix("季度")) or 1
            if not 1 <= quarter <= 4:
                return None
            return date(year, quarter * 3 - 2, 1), _month_end(year, quarter * 3)
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is not None:
        if not 1 <= day <= last:
            return None
        return date(year, month, day), date(year, month, day)
    mod = point.mmod
    if mod in ("底", "末"):
        return date(year, month, last), date(year, month, last)
    if mod in ("初", "上旬"):
        return date(year, month, 1), date(year, month, 10)
    if mod == "中旬":
        return date(year, month, 11), date(year, month, 20)
    if mod == "下旬":
        return date(year, month, 21), date(year, month, last)
    return date(year, month, 1), date(year, month, last)


def _is_baseline(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] in _BASELINE_BEFORE


class _PointScanner:
    """Yields the date points of a text in order, merging the three point regexes.

    Each regex's next match is cached, so the text is scanned once per regex (linear time).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._next: list[re.Match[str] | bool | None] = [True] * len(_POINT_RES)

    def search(self, pos: int) -> re.Match[str] | None:
        """The first point at or after ``pos``."""
        best: re.Match[str] | None = None
        for index, pattern in enumerate(_POINT_RES):
            cached = self._next[index]
            if cached is True or (isinstance(cached, re.Match) and cached.start() < pos):
                cached = pattern.search(self.text, pos)
                self._next[index] = cached
            if isinstance(cached, re.Match) and (best is None or cached.start() < best.start()):
                best = cached
        return best


def _match_point_at(text: str, pos: int) -> re.Match[str] | None:
    for pattern in _POINT_RES:
        m = pattern.match(text, pos)
        if m:
            return m
    return None


def _compact_span(
    text: str, m: re.Match[str], context_year: int | None, default_year: int | None
) -> tuple[DateSpan | None, int | None]:
    """A compact range (``2019年3—5月``, ``3月1—15日``) as a span, and the context year after it."""
    groups = m.groupdict()
    year = cn_number(groups["y"]) if groups.get("y") else None
    assumed = year is None
    if year is None:
        year = context_year if context_year is not None else default_year
    elif not _is_baseline(text, m.start()):
        context_year = year
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None, context_year
    try:
        if groups.get("m1"):
            m1, m2 = cn_number(groups["m1"]) or 0, cn_number(groups["m2"]) or 0
            if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
                return None, context_year
            # ``2019年11—2月`` runs into the next year.
            start, end = date(year, m1, 1), _month_end(year + (m2 < m1), m2)
        else:
            month = cn_number(groups["m"]) or 0
            start, end = date(year, month, int(groups["d1"])), date(year, month, int(groups["d2"]))
            if end < start:
                return None, context_year
    except ValueError:
        return None, context_year
    end_pos = m.end()
    kind: SpanKind = "range"
    span_start: date | None = start
    span_end: date | None = end
    suffix = _SUFFIX_RE.match(text, end_pos)
    if suffix:
        if suffix["before"]:
            span_start, kind = None, "before"
        else:
            span_end, kind = None, "after"
        end_pos = suffix.end()
    return DateSpan(span_start, span_end, text[m.start() : end_pos], kind, assumed, m.start()), context_year


def find_spans(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Every date phrase in ``text``, in order, as spans (points, ranges, open spans).

    A point without a year uses the last explicit year seen before it in ``text`` (not a 比/较 baseline),
    else ``default_year``; without either it is skipped.
    """
    text = text.translate(_FOLD_DIGITS)
    spans: list[DateSpan] = []
    context_year: int | None = None
    scanner = _PointScanner(text)
    pos = 0
    length = len(text)
    year_range: re.Match[str] | bool | None = True
    compact: list[re.Match[str] | bool | None] = [True, True]
    while pos < length:
        if year_range is True or (isinstance(year_range, re.Match) and year_range.start() < pos):
            year_range = _YEAR_RANGE_RE.search(text, pos)
        point_match = scanner.search(pos)
        for index, pattern in enumerate((_COMPACT_MONTHS_RE, _COMPACT_DAYS_RE)):
            cached = compact[index]
            if cached is True or (isinstance(cached, re.Match) and cached.start() < pos):
                compact[index] = pattern.search(text, pos)
        found = [m for m in compact if isinstance(m, re.Match)]
        first_compact = min(found, key=lambda m: m.start()) if found else None
        if first_compact is not None and (point_match is None or first_compact.start() <= point_match.start()):
            span, context_year = _compact_span(text, first_compact, context_year, default_year)
            if span is not None:
                spans.append(span)
            pos = max(first_compact.end(), pos + 1) if span is not None else first_compact.start() + 1
            if span is None:
                compact = [True, True]
                # fall through to the ordinary grammar for this position
                point_match = scanner.search(first_compact.start())
            else:
                continue
        if isinstance(year_range, re.Match) and (point_match is None or year_range.start() <= point_match.start()):
            a, b = int(year_range["a"]), int(year_range["b"])
            if MIN_YEAR <= a <= b <= MAX_YEAR:
                spans.append(DateSpan(date(a, 1, 1), date(b, 12, 31), year_range.group(), "range", False, year_range.start()))
            pos = year_range.end()
            continue
        if point_match is None:
            break
        first = _point_from_match(point_match)
        pos = max(point_match.end(), point_match.start() + 1)
        if first is None or (first.year is None and first.month is None and first.relative is None):
            continue
        assumed = False
        year = first.year
        if year is None:
            year = context_year if context_year is not None else default_year
            assumed = True
            if year is not None and first.relative:
                year += first.relative
        elif not _is_baseline(text, first.start):
            context_year = year
        if year is None:
            continue
        first_span = _resolve(first, year)
        if first_span is None:
            continue
        start_day, end_day = first_span
        kind: SpanKind = "point"
        end_pos = first.end
        # A range: ``…至 <point>`` or ``…至 <day>日``.
        sep = _RANGE_SEP_RE.match(text, end_pos)
        if sep and sep.end() > end_pos:
            second_match = _match_point_at(text, sep.end())
            second: _Point | None = None
            if second_match is not None:
                second = _point_from_match(second_match)
            elif first.month is not None and first.day is not None:
                day_match = _BARE_DAY_RE.match(text, sep.end())
                if day_match:
                    second = _Point(None, first.month, cn_number(day_match["d"]), "", "", day_match.start(), day_match.end())
            if second is not None and (second.year is not None or second.month is not None):
                second_year = second.year if second.year is not None else year
                resolved = _resolve(second, second_year)
                if resolved is not None and second.year is None and resolved[1] < start_day:
                    # ``2018年11月至2月`` runs into the next year.
                    resolved = _resolve(second, second_year + 1)
                if resolved is not None and resolved[1] >= start_day:
                    end_day = resolved[1]
                    kind = "range"
                    end_pos = second.end
                    if second.year is not None and not _is_baseline(text, second.start):
                        context_year = second.year
        span_start: date | None = start_day
        span_end: date | None = end_day
        suffix = _SUFFIX_RE.match(text, end_pos)
        if suffix:
            if suffix["before"]:
                span_start = None
                kind = "before"
            else:
                span_end = None
                kind = "after"
            end_pos = suffix.end()
        spans.append(DateSpan(span_start, span_end, text[first.start : end_pos], kind, assumed, first.start))
        pos = max(pos, end_pos)
    return spans


def parse_span(text: str, default_year: int | None = None) -> DateSpan | None:
    """The first date phrase of ``text`` (e.g. a phase's ``2018年1月至9月``), or None."""
    spans = find_spans(text, default_year)
    return spans[0] if spans else None


def parse_date(text: str) -> date | None:
    """The first full date (year, month and day) in ``text``: ``2013年5月24日``, ``二○一二年五月二十七日``,
    ``2015-07-01``; None when there is none."""
    text = text.translate(_FOLD_DIGITS)
    scanner = _PointScanner(text)
    pos = 0
    while True:
        m = scanner.search(pos)
        if m is None:
            return None
        pos = max(m.end(), m.start() + 1)
        point = _point_from_match(m)
        if point is None or point.year is None or point.month is None or point.day is None:
            continue
        resolved = _resolve(point, point.year)
        if resolved is not None:
            return resolved[0]


# --- deadlines ------------------------------------------------------------------------------------

_DEADLINE_LABEL_RE = re.compile(
    r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|办结时限|截止时间|截止日期|时限)\s*[::]?\s*"
    r"(?P<value>[^()\[\]【】;;。,,\n]{0,40})"
)
_LONG_TERM_RE = re.compile(r"长期(?:坚持|推进|执行|开展|实施)|持续推进(?=[)\])】]|$)")
# Phrases after a date that make it a completion deadline even without 前 (``2019年6月底完成``).
_DONE_AFTER_RE = re.compile(r"\s*(?:底|末)?\s*(?:前|以前|之前)?\s*(?:全面|基本|全部)?(?:完成|建成|出台|实现)")


@dataclass(frozen=True)
class Deadline:
    """A task's own deadline: a day, or ``long_term`` (长期坚持)."""

    day: date | None
    long_term: bool = False
    text: str = ""
    year_assumed: bool = False


def find_deadline(text: str, default_year: int | None = None) -> Deadline | None:
    """A task's own deadline in its text.

    In order: a labelled one (``完成时限:2019年6月底前``, ``时间节点:长期坚持``); ``长期坚持``; the first
    date phrase ending in 前/以前/之前 (``2018年底前``, ``6月底前``) or followed by 完成/建成 (``6月底完成``).
    """
    text = text.translate(_FOLD_DIGITS)
    for m in _DEADLINE_LABEL_RE.finditer(text):
        value = m["value"]
        if _LONG_TERM_RE.search(value) or value.strip().startswith("长期"):
            return Deadline(None, True, m.group().strip())
        spans = find_spans(text[: m.start("value")] + value, default_year)
        spans = [s for s in spans if s.pos >= m.start("value")]
        if spans and spans[0].end is not None:
            return Deadline(spans[0].end, False, m.group().strip(), spans[0].year_assumed)
    long_term = _LONG_TERM_RE.search(text)
    if long_term:
        return Deadline(None, True, long_term.group())
    for span in find_spans(text, default_year):
        if span.end is None:
            continue
        tail = text[span.pos + len(span.text) :]
        if span.kind == "before" or _DONE_AFTER_RE.match(tail):
            return Deadline(span.end, False, span.text, span.year_assumed)
        if span.pos == 0 and "月" in span.text and span.start is not None and span.start.year == span.end.year:
            # A step that opens with its month (``2009年12月召开动员大会``) is due by its end.
            return Deadline(span.end, False, span.text, span.year_assumed)
    return None


# --- recurrence -----------------------------------------------------------------------------------

MONTHLY = "FREQ=MONTHLY;BYMONTHDAY=-1"
QUARTERLY = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"
HALF_YEARLY = "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"
YEARLY = "FREQ=YEARLY;BYYEARDAY=-1"  # once a year, no month named: due by the year's end
WEEKLY = "FREQ=WEEKLY"
DAILY = "FREQ=DAILY"

_R_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九])\s*月份?"
_R_DAY = r"(?:(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?"
_RECURRENCE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month", re.compile(rf"每一?年(?:的)?{_R_MONTH}{_R_DAY}")),
    ("quarter_of_year", re.compile(r"每一?年(?:的)?第?(?P<q>[一二三四1-4])季度")),
    ("half_of_year", re.compile(r"每一?年(?:的)?(?P<h>上|下)半年")),
    ("times", re.compile(r"每一?年度?(?:至少|不少于|不低于|最少)?[\u4e00-\u9fff]{0,8}?(?P<n>十二|[一二两三四六1-9]|12)次")),
    ("half", re.compile(r"每半年|半年一次")),
    ("quarter", re.compile(r"每一?个?季度?|按季度?(?!节)|季度一次")),
    ("monthly", re.compile(r"每一?个?月(?![份度])|按月|逐月")),
    ("weekly", re.compile(r"每一?周|每星期|每个星期")),
    ("daily", re.compile(r"每日|每天")),
    ("years", re.compile(r"每(?P<n>[两二三四五2-5])年")),
    ("yearly", re.compile(r"每一?年度?")),
]
_RATE_BEFORE_RE = re.compile(r"平均|年均")
_RATE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:提升|提高|增长|增加|下降|降低|减少|递增|递减|增幅|降幅)")
_TIMES_RULE = {1: YEARLY, 2: HALF_YEARLY, 3: "FREQ=MONTHLY;INTERVAL=4;BYMONTHDAY=-1", 4: QUARTERLY,
               6: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1", 12: MONTHLY}  # fmt: skip


def _recurrence_rule(kind: str, m: re.Match[str]) -> str | None:
    if kind == "month":
        month = cn_number(m["m"]) or 0
        if not 1 <= month <= 12:
            return None
        day = cn_number(m["d"]) if m["d"] else None
        if day is not None and 1 <= day <= 31:
            return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
        return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY=-1"
    if kind == "quarter_of_year":
        quarter = cn_number(m["q"]) or 4
        return f"FREQ=YEARLY;BYMONTH={quarter * 3};BYMONTHDAY=-1"
    if kind == "half_of_year":
        return f"FREQ=YEARLY;BYMONTH={6 if m['h'] == '上' else 12};BYMONTHDAY=-1"
    if kind == "times":
        return _TIMES_RULE.get(cn_number(m["n"]) or 1, YEARLY)
    if kind == "years":
        return f"FREQ=YEARLY;INTERVAL={cn_number(m['n']) or 1};BYMONTH=12;BYMONTHDAY=-1"
    return {
        "half": HALF_YEARLY,
        "quarter": QUARTERLY,
        "monthly": MONTHLY,
        "weekly": WEEKLY,
        "daily": DAILY,
        "yearly": YEARLY,
    }.get(kind)


def parse_recurrence(text: str) -> str | None:
    """The first recurring obligation in ``text`` as an RRULE (no DTSTART), or None.

    ``每年9月`` → ``FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1`` (due at the month's end), ``每季度`` →
    ``FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1``, ``每半年`` / ``每年至少召开两次`` →
    ``FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1``, ``每月`` → ``FREQ=MONTHLY;BYMONTHDAY=-1``, ``每年`` /
    ``每年开展一次`` → ``FREQ=YEARLY;BYYEARDAY=-1`` (no month named: due by the year's end, shown as
    每年). A rate (``平均每年提升2个百分点``) is not a recurrence.

    DTSTART convention: month-interval rules count months from DTSTART, so DTSTART must be the first
    day of a period-end month (March/June/September/December for quarters, June/December for half
    years); :func:`recurrence_start` computes it. Yearly rules carry BYMONTH and need no such care.
    """
    text = text.translate(_FOLD_DIGITS)
    best: tuple[int, int, str] | None = None
    for priority, (kind, pattern) in enumerate(_RECURRENCE_PATTERNS):
        for m in pattern.finditer(text):
            if _RATE_BEFORE_RE.search(text, max(0, m.start() - 2), m.start() + 1) or _RATE_AFTER_RE.match(text, m.end()):
                continue  # ``平均每年提升2个百分点``: a rate of change, not a duty that recurs
            rule = _recurrence_rule(kind, m)
            if rule is None:
                continue
            key = (m.start(), priority, rule)
            if best is None or key[:2] < best[:2]:
                best = key
            break
    return best[2] if best else None


def recurrence_start(rule: str, on_or_after: date) -> date:
    """The DTSTART to use with ``rule`` for a series beginning ``on_or_after``.

    For ``FREQ=MONTHLY;INTERVAL=n`` with n in 2, 3, 4, 6 (divisors of 12): the first day of the first
    month on or after the date whose number is a multiple of n (quarter ends 3/6/9/12, half-year ends
    6/12). Other rules start on the date itself.
    """
    parts = dict(chunk.split("=", 1) for chunk in rule.upper().split(";") if "=" in chunk)
    interval = int(parts.get("INTERVAL", "1") or 1)
    if parts.get("FREQ") != "MONTHLY" or interval <= 1 or 12 % interval:
        return on_or_after
    month = on_or_after.month
    year = on_or_after.year
    while month % interval:
        month += 1
    if month > 12:
        month -= 12
        year += 1
    if (year, month) == (on_or_after.year, on_or_after.month):
        return on_or_after.replace(day=1)
    return date(year, month, 1)
