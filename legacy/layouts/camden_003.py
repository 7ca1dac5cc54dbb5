"""Seed 003 (Camden 2007/08): Ref | Outcome | Activity / Action | Baseline Data | Performance
Measure | Lead Agency and project leader | Outputs | Funding source and cost, with each row's
progress bullets on the row below (one cell). A row with an empty Ref and other cells continues
the row above (a page break). DV1 is both the objective (its outcome) and the action.
Progress that reports something still outstanding ("Publicity campaign outstanding") is a barrier
and puts the action at risk, as the demo data (fixtures/seed_003_camden.yaml) reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from actions.models import Status
from legacy.layouts.base import build_action, check_duplicates, find_header, header_score
from legacy.layouts.protocol import Context
from legacy.parsed import FigureIn, ObjectiveIn, Parsed
from legacy.readers import Table, TableRow

NAME = "camden_003"
TITLE = "Ref / Outcome / Activity / Baseline / Measure / Lead / Outputs / Funding (Camden 003)"
ALIASES = {
    "ref": ["ref"],
    "outcome": ["outcome"],
    "action": ["activity", "action"],
    "baseline": ["baseline"],
    "measure": ["performance measure"],
    "lead": ["lead agency"],
    "outputs": ["outputs"],
    "funding": ["funding"],
}
REQUIRED = ["ref", "outcome", "action", "baseline", "lead", "outputs"]
_REF = re.compile(r"^[A-Z]{1,4}\s*\d+$")
_OUTSTANDING = re.compile(r"\b(outstanding|not (yet )?(started|done|delivered))\b", re.I)


_FIGURES_HEADER = re.compile(r"%\s*achieved", re.I)
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")


@dataclass
class _RefRows:
    """A reference's row, the rows continuing it, and the progress rows under it."""

    row: int
    values: dict[str, str]
    progress: list[str] = field(default_factory=list)
    in_figures: bool = False  # inside a table of figures in the progress rows


def _figures(parsed: Parsed, ctx: Context, record: _RefRows, row: TableRow) -> None:
    """A table of rates in the progress rows ("% Achieved | % Target | Nat'l 06/07" over rows
    "Detection Rate | 51.2% | 40.0% | 35.6%"): each rate's achieved figure is a value of the plan
    year, its target the year's local target, for an indicator of that name (created as a
    percentage when the partnership has none by that name). The national comparison is not a
    target of the partnership and stays in the progress text only."""
    cells = [c for c in row.cells if c]
    if cells and _FIGURES_HEADER.search(cells[0]):
        record.in_figures = True
        return
    if not record.in_figures or len(cells) < 2:
        return
    matches = [_PERCENT.match(c) for c in cells[1:]]
    numbers = [m.group(1) for m in matches if m]
    if len(numbers) < len(matches) or _PERCENT.match(cells[0]):
        record.in_figures = False  # the table has ended
        return
    name = cells[0]
    note = "read from the progress table of " + re.sub(r"\s+", "", record.values["ref"])
    parsed.figures.append(FigureIn(row.number, name, "", ctx.year_start, None, Decimal(numbers[0]),
                                   note=note, new_unit="percent", own_area=True))
    if len(numbers) > 1:
        parsed.figures.append(FigureIn(row.number, name, "", ctx.year_start, None, Decimal(numbers[1]),
                                       is_target=True, new_unit="percent"))


def detect(tables: list[Table]) -> int:
    return header_score(tables, ALIASES, REQUIRED) * 10


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    header = find_header(tables, ALIASES, REQUIRED)
    if not header:
        parsed.problem(None, "", "the header row Ref / Outcome / Activity / Baseline / ... is missing")
        return parsed
    cols = header.columns
    records: list[_RefRows] = []
    for row in header.body:
        first = row.cell(0)
        rest = any(row.cells[1:])
        if _REF.match(first):
            records.append(_RefRows(row.number, {n: row.cell(i) for n, i in cols.items()}))
        elif not records:
            parsed.problem(row.number, "Ref", f"'{first}' is not a reference such as DV1")
        elif not first and rest:
            values = records[-1].values
            for n, i in cols.items():
                if row.cell(i):
                    values[n] = "\n".join(x for x in (values[n], row.cell(i)) if x)
        else:
            # Progress bullets (one cell), and any small table of figures inside them.
            records[-1].progress.append(" ".join(c for c in row.cells if c) if rest else first)
            _figures(parsed, ctx, records[-1], row)
    names = {"action": "Activity / Action", "lead": "Lead Agency", "funding": "Funding source and cost"}
    for record in records:
        values = record.values
        ref = re.sub(r"\s+", "", values["ref"])
        parsed.objectives.append(ObjectiveIn(ref, values["outcome"], record.row, label="Ref"))
        values["progress"] = "\n".join(record.progress)
        action = build_action(parsed, ctx, ref=ref, objective_ref=ref, row=record.row, values=values,
                              column_names=names)
        if action and action.update and _OUTSTANDING.search(action.update.narrative):
            action.update.barriers = action.update.barriers or action.update.narrative
            action.update.status = action.status = Status.AT_RISK
    check_duplicates(parsed)
    return parsed
