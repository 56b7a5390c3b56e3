"""Quarter arithmetic (pendulum has no quarter unit): ``2019Q3`` <-> dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from store import strings
from store.errors import ValidationError

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])\s*$")
_QUARTER_ZH_RE = re.compile(r"^\s*(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. ``Quarter(2019, 3)`` is July–September 2019."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1..4, not {self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2019Q3``, ``2019-q3``, ``2019年第三季度`` or ``2019年3季度``."""
        match = _QUARTER_RE.match(text) or _QUARTER_ZH_RE.match(text)
        if not match:
            raise ValidationError(strings.ERR_BAD_QUARTER.format(text=text), field="quarter")
        number = match.group(2)
        return cls(int(match.group(1)), _ZH_DIGITS.get(number) or int(number))

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that contains ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def next(self) -> Quarter:
        return self.shift(1)

    def previous(self) -> Quarter:
        return self.shift(-1)

    def due_date(self, days_after_end: int) -> date:
        """When this quarter's reports are due: ``days_after_end`` days after the quarter ends."""
        return self.end + timedelta(days=days_after_end)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """``2019年第三季度``."""
        return strings.QUARTER_LABEL.format(year=self.year, number="一二三四"[self.number - 1])


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter from the one containing ``first`` to the one containing ``last``."""
    if last < first:
        return []
    start, end = Quarter.of(first), Quarter.of(last)
    out = [start]
    while out[-1] < end:
        out.append(out[-1].next())
    return out
