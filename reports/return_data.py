"""What a quarterly return says, as plain data: reports.gather fills it in, reports.render prints it.

Every field here is printed by templates/reports/_return_body.html (or drawn by render.py's charts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import QUESTION_COUNT

MARKING = "OFFICIAL-SENSITIVE"


@dataclass
class Cover:
    partnership: str
    strategy: str
    plan_title: str
    plan_year: str
    quarter: str
    quarter_months: str
    quarter_start: dt.date
    quarter_end: dt.date
    group: str
    group_area: str
    chair: str
    produced_on: dt.date
    meeting: dt.date | None = None  # the group's next meeting on or after produced_on
    prepared_by: str = ""
    marking: str = MARKING


@dataclass
class StatusCell:
    """How many actions of an objective had this status at the end of the quarter and of the one before."""

    status: str
    now: int
    before: int
    status_label: str = ""

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass
class ObjectiveSummary:
    heading: str
    title: str
    cells: list[StatusCell]
    total: int


@dataclass
class LatestUpdate:
    period: str
    narrative: str
    barriers: str


@dataclass
class ActionLine:
    pk: int
    ref: str
    description: str
    lead: str
    groups: str  # the responsibility groups, short names
    timescale: str
    due_date: dt.date | None
    status: str
    status_label: str
    latest: LatestUpdate | None
    last_update_period: str

    @property
    def title(self) -> str:
        """The action's first line (the rest is in the action plan section)."""
        return first_line(self.description)


def first_line(text: str, limit: int = 120) -> str:
    line = (text.strip().splitlines() or [""])[0].strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass
class ExceptionLine:
    action: ActionLine
    reasons: list[str]
    overdue: bool = False


@dataclass
class StatusCount:
    """How many of the return's actions had a status at the end of the quarter and of the one before."""

    status: str
    label: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass
class Headline:
    total: int
    counts: list[StatusCount]  # the statuses any action had at either quarter's end
    overdue: int
    completed_this_quarter: int
    updates_outstanding: int  # open actions with no update for the quarter

    @property
    def counts_now(self) -> list[StatusCount]:
        """The statuses some action has at the end of the quarter."""
        return [c for c in self.counts if c.now]


@dataclass
class Change:
    ref: str
    action: str  # its first line
    what: list[str]


@dataclass
class PushedBack:
    action: ActionLine
    old_date: dt.date
    new_date: dt.date | None
    changed_on: dt.date


@dataclass
class PlanSection:
    heading: str
    title: str
    level: int
    actions: list[ActionLine]


@dataclass
class Reopening:
    quarter: str
    locked_at: dt.datetime
    reopened_at: dt.datetime
    reopened_by: str
    reason: str


@dataclass
class TrendPoint:
    period: str
    value: Decimal | None


@dataclass
class IndicatorFigure:
    area: str
    value: Decimal | None
    value_text: str
    period: str
    is_current: bool
    note: str
    target: Decimal | None
    target_text: str
    target_note: str  # the target is another period's than the figure's, so it is not judged against it
    national_text: str
    met: bool | None
    direction: str
    trend: list[TrendPoint]


@dataclass
class IndicatorBlock:
    code: str
    name: str
    polarity: str
    source: str
    figures: list[IndicatorFigure]
    periods: list[str]


@dataclass
class BvpiAnswerLine:
    number: int
    question: str
    answer: str
    progress: str
    evidence: str
    signed_off: str


@dataclass
class BvpiArea:
    area: str
    year: str
    is_plan_year: bool
    yes: int
    answered: int
    score: Decimal
    lines: list[BvpiAnswerLine]

    @property
    def complete(self) -> bool:
        return self.answered >= QUESTION_COUNT


@dataclass
class YearEndLine:
    ref: str
    title: str
    status_label: str
    decision: str  # "" when none is recorded
    comment: str


@dataclass
class DecisionCount:
    label: str
    count: int


@dataclass
class YearEnd:
    lines: list[YearEndLine]  # the actions with a decision recorded
    counts: list[DecisionCount]
    undecided: list[str]  # references of the actions without one


@dataclass
class QuarterlyReturn:
    """The return of one plan, quarter and group, section by section."""

    cover: Cover
    action_label: str
    areas: list[str]
    status_labels: list[tuple[str, str]]
    summary: list[ObjectiveSummary]
    summary_total: ObjectiveSummary
    previous_quarter: str
    exceptions: list[ExceptionLine]
    pushed_back: list[PushedBack]
    pushed_back_since: str
    stale: list[ActionLine]
    indicators: list[IndicatorBlock]
    bvpi: list[BvpiArea]
    plan: list[PlanSection]
    reopenings: list[Reopening]
    action_count: int  # the actions this return covers
    plan_action_count: int  # the plan's actions at the quarter's end
    whole_plan: bool
    scope_note: str
    overview: ObjectiveSummary | None  # the whole plan's counts, when the return covers part of it
    headline: Headline
    changes: list[Change]
    first_updates: list[tuple[str, list[str]]]  # (status given, refs) of the actions first updated this quarter
    year_end: YearEnd | None  # Q4 returns only
    # The death-review recommendations: in the whole partnership's return only (read by those who may read
    # every review); None in a group's return.
    recommendations: Recommendations | None = None

    @property
    def stale_by_period(self) -> list[tuple[str, list[str]]]:
        """The stale actions' references by the quarter of their last update ("" for never), never first."""
        refs: dict[str, list[str]] = {}
        for line in sorted(self.stale, key=lambda a: (a.latest is not None, a.last_update_period)):
            refs.setdefault(line.last_update_period, []).append(line.ref or "(no ref)")
        return list(refs.items())

    @property
    def summary_by_objective(self) -> bool:
        """The table by objective says more than the first page only when an objective has several actions."""
        return any(row.total > 1 for row in self.summary)

    @property
    def action_plural(self) -> str:
        """What the plan calls its actions, in the plural and lower case: actions, activities."""
        return plural(self.action_label.lower())


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


@dataclass
class RecommendationLine:
    """A death-review recommendation as the return prints it: never the review's pseudonym."""

    ref: str
    review: str  # the review's reference, e.g. "DHR 2024/01"
    text: str  # its first line
    addressed_to: str
    lead: str
    target_date: dt.date | None
    status: str


@dataclass
class Recommendations:
    overdue: list[RecommendationLine]  # open at the quarter's end, past their target date
    open: list[RecommendationLine]  # open at the quarter's end, not overdue
    closed: list[RecommendationLine]  # closed during the quarter

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.open or self.closed)

    @property
    def listed(self) -> list[tuple[str, list[RecommendationLine]]]:
        return [("Overdue", self.overdue), ("Open", self.open), ("Closed this quarter", self.closed)]

    def by_agency(self) -> list[tuple[str, int, int, int]]:
        """(addressed to, overdue, open, closed this quarter) per agency, alphabetically."""
        counts: dict[str, list[int]] = {}
        for i, lines in enumerate((self.overdue, self.open, self.closed)):
            for line in lines:
                counts.setdefault(line.addressed_to, [0, 0, 0])[i] += 1
        return [(name, *c) for name, c in sorted(counts.items(), key=lambda kv: kv[0].lower())]  # type: ignore[misc]
