"""Reading the 'Timescale' column of an action plan: a date, a cadence, or both.

Plans write "September 2009", "January 2010 and then ongoing", "Ongoing", "6 monthly",
"Quarterly", "As identified", "31st May 2009", "Ongoing until completion (expected 2010)",
"Q3 2024/25", "2024/25 Q3", "Apr-Jun 2024", "Apr-21", "by end of March 2025", "30/09/2024".
A month alone means the end of that month (the action is due by then); a quarter or a range of
months, the end of its last month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models


class Cadence(models.TextChoices):
    NONE = "", "One-off"
    ONGOING = "ongoing", "Ongoing"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Bi-monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "6 monthly"
    ANNUALLY = "annually", "Annually"
    AS_IDENTIFIED = "as_identified", "As identified"


_CADENCE_PATTERNS = [
    (re.compile(r"\bas\s+(identified|required|needed)\b", re.I), Cadence.AS_IDENTIFIED),
    (re.compile(r"\b(6|six)[\s-]*monthly\b|\bbi-?annual(ly)?\b|\bhalf[\s-]*yearly\b", re.I), Cadence.SIX_MONTHLY),
    (re.compile(r"\bbi-?monthly\b", re.I), Cadence.BIMONTHLY),
    (re.compile(r"\bquarterly\b", re.I), Cadence.QUARTERLY),
    (re.compile(r"\bmonthly\b", re.I), Cadence.MONTHLY),
    (re.compile(r"\bannual(ly)?\b|\byearly\b", re.I), Cadence.ANNUALLY),
    (re.compile(r"\bon-?going\b", re.I), Cadence.ONGOING),
]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_QUARTER_WORD = r"(?:q|quarter\s*)([1-4])"
_FIN_YEAR = r"(\d{4}|\d{2})\s*[/-]\s*(\d{2}|\d{4})"
# "Q3 2024/25", "Q3 24/25", "Quarter 3 2024-25", "2024/25 Q3": the quarter of a financial year
# (Q1 April-June ... Q4 January-March).
_QUARTER_OF_YEAR = re.compile(rf"\b{_QUARTER_WORD}\s*,?\s*(?:of\s+)?{_FIN_YEAR}\b", re.I)
_YEAR_OF_QUARTER = re.compile(rf"\b{_FIN_YEAR}\s*,?\s*{_QUARTER_WORD}\b", re.I)
_QUARTER_ALONE = re.compile(rf"^\W*(?:by\s+(?:the\s+)?(?:end\s+of\s+)?)?{_QUARTER_WORD}\W*$", re.I)
# "Apr-Jun 2024", "April to June 2024": the end of the range's last month.
_MONTH_RANGE = re.compile(rf"\b({_MONTH_NAMES})\.?\s*(?:-|–|to)\s*({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)
# "Apr-21", "Sept '25" as Excel shows a month-year date: the month of 2021.
# Only with a hyphen or an apostrophe: "Feb 24" may be the 24th of February.
_MONTH_SHORT_YEAR = re.compile(rf"^\W*(?:by\s+)?({_MONTH_NAMES})\.?(?:\s*-\s*|\s*'|\s+')(\d{{2}})\W*$", re.I)
# "6 months", "within three months", "12 weeks": from the start of the plan year.
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_RELATIVE = re.compile(r"^\W*(?:within|in|by|after|over)?\s*(?:the\s+)?(?:first\s+|next\s+)?"
                       rf"(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+(month|week|year)s?\W*$", re.I)
# "Year 1", "Year 2" of the strategy.
_STRATEGY_YEAR = re.compile(r"^\W*(?:by\s+(?:the\s+)?(?:end\s+of\s+)?)?year\s+(\d{1,2})\b"
                            r"(?:\s+of\s+the\s+(?:strategy|plan))?\W*$", re.I)
# Written where there is no date yet: no due date, and nothing the admin needs warning about.
NO_DATE_YET = re.compile(r"^\W*(tbc|tba|tbd|to be (confirmed|agreed|decided|determined)|n/?a|none|-+)\W*$", re.I)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year_start: int, number: int) -> dt.date:
    """The last day of quarter 1-4 of the financial year starting in April of year_start."""
    month = 3 + 3 * number  # 6, 9, 12, 15
    return _month_end(year_start + (month - 1) // 12, (month - 1) % 12 + 1)


def _fin_year_start(first: str, second: str) -> int | None:
    start = _year(first)
    end = _year(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    return start if end == start + 1 else None


def _add_months(start: dt.date, months: int) -> dt.date:
    """The day before the same day `months` later (six months from 1 April: 30 September)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1])) - dt.timedelta(days=1)


def _period_candidates(text: str) -> list[tuple[int, dt.date]]:
    """Dates from the period forms that need no context: quarters of a named year, month ranges."""
    found: list[tuple[int, dt.date]] = []
    for pattern, q_group, y_groups in ((_QUARTER_OF_YEAR, 1, (2, 3)), (_YEAR_OF_QUARTER, 3, (1, 2))):
        for m in pattern.finditer(text):
            start = _fin_year_start(m.group(y_groups[0]), m.group(y_groups[1]))
            if start is not None:
                found.append((m.start(), _quarter_end(start, int(m.group(q_group)))))
    for m in _MONTH_RANGE.finditer(text):
        found.append((m.start(), _month_end(int(m.group(3)), _MONTHS[m.group(2).lower()])))
    short = _MONTH_SHORT_YEAR.match(text)
    if short:
        found.append((short.start(), _month_end(_year(short.group(2)), _MONTHS[short.group(1).lower()])))
    return found


def _relative_due(text: str, year_start: int | None, strategy_start: dt.date | None) -> dt.date | None:
    """A due date counted from the plan year's start ("6 months", "Quarter 3") or the strategy's
    ("Year 2"); None when the text is not such a form or the start is not known."""
    m = _QUARTER_ALONE.match(text)
    if m and year_start is not None:
        return _quarter_end(year_start, int(m.group(1)))
    m = _RELATIVE.match(text)
    if m and year_start is not None:
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        start = dt.date(year_start, 4, 1)
        unit = m.group(2).lower()
        if unit == "week":
            return start + dt.timedelta(weeks=n) - dt.timedelta(days=1)
        return _add_months(start, n * (12 if unit == "year" else 1))
    m = _STRATEGY_YEAR.match(text)
    if m and strategy_start is not None and int(m.group(1)) >= 1:
        return _add_months(strategy_start, 12 * int(m.group(1)))
    return None


@dataclass(frozen=True)
class Timescale:
    text: str
    due_date: dt.date | None
    cadence: str
    # The due date is counted from the plan year's or the strategy's start ("6 months", "Year 2",
    # "Quarter 3"): flagged so that an import can say so.
    relative: bool = False

    @property
    def is_recognised(self) -> bool:
        return self.due_date is not None or bool(self.cadence) or not self.text.strip()


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def parse_timescale(text: str | None, *, year_start: int | None = None,
                    strategy_start: dt.date | None = None) -> Timescale:
    """The first date the text names (a month alone: its last day; a quarter or a month range: its
    last day) and any cadence it names. Given the plan year (year_start) and the strategy's start,
    the relative forms ("6 months", "within three months", "Quarter 3", "Year 2") are counted from
    them and flagged as relative; without them they have no due date."""
    text = (text or "").strip()
    due: dt.date | None = None
    candidates: list[tuple[int, dt.date]] = _period_candidates(text)
    for m in _ISO.finditer(text):
        try:
            candidates.append((m.start(), dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        except ValueError:
            pass
    for m in _DAY_MONTH_YEAR.finditer(text):
        try:
            candidates.append((m.start(), dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))))
        except ValueError:
            pass
    covered = {m.start() for m in _DAY_MONTH_YEAR.finditer(text)}
    for m in _MONTH_YEAR.finditer(text):
        # "31st May 2009" was read above; skip its "May 2009" tail.
        if any(start < m.start() <= start + 6 for start in covered):
            continue
        year, month = int(m.group(2)), _MONTHS[m.group(1).lower()]
        candidates.append((m.start(), dt.date(year, month, calendar.monthrange(year, month)[1])))
    for m in _NUMERIC.finditer(text):
        try:
            candidates.append((m.start(), dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))))
        except ValueError:
            pass
    relative = False
    if candidates:
        due = min(candidates)[1]
    else:
        due = _relative_due(text, year_start, strategy_start)
        relative = due is not None
    cadence = ""
    for pattern, value in _CADENCE_PATTERNS:
        if pattern.search(text):
            cadence = value
            break
    return Timescale(text=text, due_date=due, cadence=cadence, relative=relative)
