"""What a layout reads out of a file, before it is compared with the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ACTION_TEXT_FIELDS = [
    "aim", "outcome", "responsibility", "by_whom", "resources", "funding_source", "timescale",
    "baseline", "performance_measures", "outputs", "comments",
]


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.column or 'whole row'}: {self.reason}"


@dataclass
class ObjectiveIn:
    ref: str
    title: str
    row: int = 0
    label: str = ""
    parent_ref: str | None = None
    description: str = ""
    outcome: str = ""
    performance_measures: str = ""
    lead: str = ""


@dataclass
class UpdateIn:
    year_start: int
    quarter: int
    status: str
    narrative: str
    barriers: str = ""
    evidence: str = ""  # "backed up by": the evidence of completion the file gives


@dataclass
class ActionIn:
    ref: str
    objective_ref: str
    row: int
    description: str
    text: dict[str, str] = field(default_factory=dict)
    cost: Decimal | None = None
    lead: str = ""
    status: str | None = None
    update: UpdateIn | None = None
    review: tuple[str, str] | None = None  # (decision, comment)
    # One progress update per quarter from per-quarter columns ("Q1 RAG", "Q2 Update"), beside update.
    quarter_updates: list[UpdateIn] = field(default_factory=list)
    # A due date read with the plan's context (a relative timescale: "6 months", "Year 2"), where
    # the timescale alone names none.
    due_date: dt.date | None = None


@dataclass
class MonitoringIn:
    label: str
    date: dt.date
    text: str


@dataclass
class AnswerIn:
    question: int
    row: int
    notes: str = ""
    milestones: str = ""
    responsible_manager: str = ""
    progress: str = ""
    answer: bool | None = None
    backed_up_by: str = ""
    signed_off_by: str = ""
    monitoring: list[MonitoringIn] = field(default_factory=list)


@dataclass
class FigureIn:
    """A value or a target of an indicator table."""

    row: int
    indicator: str
    area: str
    year_start: int
    quarter: int | None
    value: Decimal
    is_target: bool = False
    note: str = ""
    # Set by layouts whose tables name indicators the portal may not have yet (a figures table
    # inside a plan): an indicator missing from the partnership is then created with this unit
    # rather than refused.
    new_unit: str = ""
    # The figure is for the partnership's area when it has exactly one (a borough's own plan),
    # otherwise for all areas.
    own_area: bool = False


@dataclass
class StatusWordIn:
    """A distinct status word of the file, for the preview's value map: what it becomes and why."""

    text: str  # as the file first writes it
    status: str | None  # the status it becomes (None: none, the word kept in the comments)
    read: str | None  # the status the portal reads in it on its own (None: none)
    understood: bool  # the portal reads the word on its own (a Y/N column's "N" names no status)
    chosen: bool = False  # the status comes from the value map (the admin's or the partnership's answer)
    keyed: bool = False  # the status comes from the file's key row ("Blue = Completed")
    count: int = 0  # cells holding it


@dataclass
class Parsed:
    layout: str
    objectives: list[ObjectiveIn] = field(default_factory=list)
    actions: list[ActionIn] = field(default_factory=list)
    answers: list[AnswerIn] = field(default_factory=list)
    bvpi_purpose: str = ""
    figures: list[FigureIn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Values kept as written that the portal could not interpret (an unknown status word, a
    # timescale with no readable date): shown on the preview, never a refusal.
    warnings: list[Problem] = field(default_factory=list)
    # The headers of columns no field is mapped to: listed on the preview ("not imported: ...").
    unmapped: list[str] = field(default_factory=list)
    # Each distinct status word of the file (by legacy.layouts.base.status_key), in the file's order.
    status_words: dict[str, StatusWordIn] = field(default_factory=dict)
    # The title row above the header ("Seedshire VAWG Action Plan 2024-2028"): the plan's title
    # when the import makes the plan, and the years of its strategy when the title names them.
    plan_title: str = ""
    strategy_years: tuple[int, int] | None = None  # (first year's start, last year's end): 2024, 2028
    _once: set[str] = field(default_factory=set, repr=False)
    # The file carries objective refs and titles only (the portal's own export): the objectives'
    # other fields are left as the plan has them.
    objective_titles_only: bool = False

    def problem(self, row: int | None, column: str, reason: str) -> None:
        self.problems.append(Problem(row, column, reason))

    def warn(self, row: int | None, column: str, reason: str, once: bool = False) -> None:
        """A warning for the preview; with once, only the first time this reason is given."""
        if once:
            if reason in self._once:
                return
            self._once.add(reason)
        self.warnings.append(Problem(row, column, reason))
