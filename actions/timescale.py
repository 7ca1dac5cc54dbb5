"""Reading the 'Timescale' column of an action plan: a date, a cadence, or both.

Plans write "September 2009", "January 2010 and then ongoing", "Ongoing", "6 monthly",
"Quarterly", "As identified", "31st May 2009", "Ongoing until completion (expected 2010)".
A month alone means the end of that month (the action is due by then).
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


@dataclass(frozen=True)
class Timescale:
    text: str
    due_date: dt.date | None
    cadence: str

    @property
    def is_recognised(self) -> bool:
        return self.due_date is not None or bool(self.cadence) or not self.text.strip()


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def parse_timescale(text: str | None) -> Timescale:
    """The first date the text names (a month alone: its last day) and any cadence it names."""
    text = (text or "").strip()
    due: dt.date | None = None
    candidates: list[tuple[int, dt.date]] = []
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
    if candidates:
        due = min(candidates)[1]
    cadence = ""
    for pattern, value in _CADENCE_PATTERNS:
        if pattern.search(text):
            cadence = value
            break
    return Timescale(text=text, due_date=due, cadence=cadence)
