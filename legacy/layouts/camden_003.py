"""Seed 003 (Camden 2007/08): Ref | Outcome | Activity / Action | Baseline Data | Performance
Measure | Lead Agency and project leader | Outputs | Funding source and cost, with each row's
progress bullets on the row below (one cell). A row with an empty Ref and other cells continues
the row above (a page break). DV1 is both the objective (its outcome) and the action.
Progress that reports something still outstanding ("Publicity campaign outstanding") is a barrier
and puts the action at risk, as the demo data (fixtures/seed_003_camden.yaml) reads it."""

from __future__ import annotations

import re
from decimal import Decimal

from actions.models import Status
from legacy.layouts.base import Context, build_action, check_duplicates, find_header, header_score
from legacy.parsed import FigureIn, ObjectiveIn, Parsed, Problem
from legacy.readers import Table

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


def _figures(parsed: Parsed, ctx: Context, record: dict, row) -> None:
    """A table of rates in the progress rows ("% Achieved | % Target | Nat'l 06/07" over rows
    "Detection Rate | 51.2% | 40.0% | 35.6%"): each rate's achieved figure is a value of the plan
    year, its target the year's local target, for an indicator of that name (created as a
    percentage when the partnership has none by that name). The national comparison is not a
    target of the partnership and stays in the progress text only."""
    cells = [c for c in row.cells if c]
    if cells and _FIGURES_HEADER.search(cells[0]):
        record["figures"] = True
        return
    if not record.get("figures") or len(cells) < 2:
        return
    numbers = [_PERCENT.match(c) for c in cells[1:]]
    if not all(numbers) or _PERCENT.match(cells[0]):
        record["figures"] = False  # the table has ended
        return
    name = cells[0]
    note = "read from the progress table of " + re.sub(r"\s+", "", record["values"]["ref"])
    parsed.figures.append(FigureIn(row.number, name, "", ctx.year_start, None, Decimal(numbers[0].group(1)),
                                   note=note, new_unit="percent", own_area=True))
    if len(numbers) > 1:
        parsed.figures.append(FigureIn(row.number, name, "", ctx.year_start, None, Decimal(numbers[1].group(1)),
                                       is_target=True, new_unit="percent"))


def detect(tables: list[Table]) -> int:
    return header_score(tables, ALIASES, REQUIRED) * 10


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    found = find_header(tables, ALIASES, REQUIRED)
    if not found:
        parsed.problems.append(Problem(None, "", "the header row Ref / Outcome / Activity / Baseline / ... is missing"))
        return parsed
    t, r, cols = found
    records: list[dict] = []
    for row in tables[t].rows[r + 1:]:
        first = row.cell(0)
        rest = any(row.cells[1:])
        if _REF.match(first):
            records.append({"row": row.number, "values": {n: row.cell(i) for n, i in cols.items()}, "progress": []})
        elif not records:
            parsed.problems.append(Problem(row.number, "Ref", f"'{first}' is not a reference such as DV1"))
        elif not first and rest:
            values = records[-1]["values"]
            for n, i in cols.items():
                if row.cell(i):
                    values[n] = "\n".join(x for x in (values[n], row.cell(i)) if x)
        else:
            # Progress bullets (one cell), and any small table of figures inside them.
            records[-1]["progress"].append(" ".join(c for c in row.cells if c) if rest else first)
            _figures(parsed, ctx, records[-1], row)
    names = {"action": "Activity / Action", "lead": "Lead Agency", "funding": "Funding source and cost"}
    for record in records:
        values = record["values"]
        ref = re.sub(r"\s+", "", values["ref"])
        parsed.objectives.append(ObjectiveIn(ref, values["outcome"], record["row"], label="Ref"))
        values["progress"] = "\n".join(record["progress"])
        action = build_action(parsed, ctx, ref=ref, objective_ref=ref, row=record["row"], values=values, column_names=names)
        if action and action.update and _OUTSTANDING.search(action.update.narrative):
            action.update.barriers = action.update.barriers or action.update.narrative
            action.update.status = action.status = Status.AT_RISK
    check_duplicates(parsed)
    return parsed
