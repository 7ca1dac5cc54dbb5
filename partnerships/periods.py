"""Financial years (April to March) and their quarters, the periods the partnership reports in.

A year is named by the calendar year it starts in: 2009 is "2009-10". Quarter 1 is April-June.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEAR_RE = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")
_QUARTER_RE = re.compile(r"^\s*(\d{4}\s*[-/]\s*(?:\d{2}|\d{4}))\s+Q([1-4])\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period written in a way the portal cannot read."""


def parse_year(text: str) -> int:
    """'2009-10' or '2009/2010' -> 2009. The second year must follow the first."""
    match = _YEAR_RE.match(text or "")
    if not match:
        raise PeriodError(f"'{text}' is not a financial year: write it as 2009-10")
    start = int(match.group(1))
    end = match.group(2)
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end_year != start + 1 and not (len(end) == 2 and int(end) == (start + 1) % 100):
        raise PeriodError(f"'{text}' is not a financial year: the second year must follow the first (2009-10)")
    return start


def year_label(year_start: int) -> str:
    return f"{year_start}-{(year_start + 1) % 100:02d}"


def year_bounds(year_start: int) -> tuple[dt.date, dt.date]:
    return dt.date(year_start, 4, 1), dt.date(year_start + 1, 3, 31)


def year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True, order=True)
class Quarter:
    year_start: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise PeriodError(f"quarter {self.number} does not exist: quarters are 1 to 4")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2009-10 Q3' -> Quarter(2009, 3)."""
        match = _QUARTER_RE.match(text or "")
        if not match:
            raise PeriodError(f"'{text}' is not a quarter: write it as 2009-10 Q3")
        return cls(parse_year(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        year = year_of(day)
        months_in = (day.month - 4) % 12
        return cls(year, months_in // 3 + 1)

    @property
    def label(self) -> str:
        return f"{year_label(self.year_start)} Q{self.number}"

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.year_start * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @property
    def start(self) -> dt.date:
        month = 4 + (self.number - 1) * 3
        year = self.year_start + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        last_month_start = self.start
        month = last_month_start.month + 2
        year = last_month_start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def months(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"

    def previous(self, n: int = 1) -> Quarter:
        return Quarter.from_index(self.index - n)

    def next(self, n: int = 1) -> Quarter:
        return Quarter.from_index(self.index + n)

    def __str__(self) -> str:
        return self.label


Period = Quarter | int  # a quarter, or a financial year by the calendar year it starts in


def parse_period(text: str) -> Period:
    """'2009-10 Q3' -> Quarter(2009, 3); '2009-10' -> 2009."""
    text = (text or "").strip()
    if "q" in text.lower():
        return Quarter.parse(text)
    return parse_year(text)


def split_period(period: Period) -> tuple[int, int | None]:
    """Quarter(2009, 3) -> (2009, 3); 2009 -> (2009, None): as figures store a period."""
    if isinstance(period, Quarter):
        return period.year_start, period.number
    return int(period), None


def period_label(year_start: int, quarter: int | None) -> str:
    """(2009, 3) -> '2009-10 Q3'; (2009, None) -> '2009-10'."""
    return Quarter(year_start, quarter).label if quarter else year_label(year_start)
