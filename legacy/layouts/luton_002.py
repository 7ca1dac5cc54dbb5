"""Seed 002 (Luton 2012/15): objective rows (n | Objective | Outcome | Performance Measures | Lead)
alternate with activity rows (a | Activity | Outcome | Progress / Barriers | Lead), each block
under its own header row. Activities are referenced "1a", "1b" by their objective, as the plan and the
demo data (fixtures/seed_002_luton.yaml) write them. A progress cell with a barrier line means the
activity is at risk."""

from __future__ import annotations

import re

from actions.models import Status
from legacy.layouts.base import build_action, check_duplicates, key, progress_status
from legacy.layouts.protocol import Context
from legacy.parsed import ObjectiveIn, Parsed
from legacy.readers import Table

NAME = "luton_002"
TITLE = "Objective / Outcome / Performance Measures / Lead, then Activity rows (Luton 002)"


def _kind(cells: list[str]) -> str | None:
    keys = [key(c) for c in cells]
    if "objective" in keys and "performance measures" in keys:
        return "objective_header"
    if "activity" in keys and any(k.startswith("progress") for k in keys):
        return "activity_header"
    return None


def detect(tables: list[Table]) -> int:
    kinds = {_kind(row.cells) for table in tables for row in table.rows}
    return 60 if {"objective_header", "activity_header"} <= kinds else 0


_BARRIER_DATE_END = re.compile(r"^(barrier.*?\b\d{1,2}/\d{1,2}/\d{2,4})\s+(\S.*)$", re.I)


def _split_barriers(text: str) -> tuple[str, str]:
    """Lines starting 'Barrier' are barriers; a barrier line that goes on after a date
    ('Barrier- Unclear ... as of 23/09/13 Beds Police to report ...') ends at the date."""
    rest, barriers = [], []
    for line in text.splitlines():
        if not line.lower().startswith("barrier"):
            rest.append(line)
            continue
        m = _BARRIER_DATE_END.match(line)
        if m:
            barriers.append(m.group(1))
            rest.append(m.group(2))
        else:
            barriers.append(line)
    return "\n".join(rest), "\n".join(barriers)


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    mode = None
    objective_ref = None
    offset = 0
    names = {"action": "Activity", "outcome": "Outcome", "progress": "Progress / Barriers", "lead": "Lead"}
    for table in tables:
        for row in table.rows:
            kind = _kind(row.cells)
            if kind:
                mode = kind
                # The header may start in column 0 or 1 (the ref column has no heading).
                title_heading = "objective" if kind == "objective_header" else "activity"
                offset = [key(c) for c in row.cells].index(title_heading) - 1
                continue
            if mode is None:
                continue
            cells = row.cells[offset:] if offset >= 0 else [""] + row.cells
            ref, title, outcome, third, lead = (cells + [""] * 5)[:5]
            if mode == "objective_header":
                if not re.fullmatch(r"\d+", ref):
                    parsed.problem(row.number, "Ref", f"objective reference '{ref}' is not a number")
                    continue
                objective_ref = ref
                parsed.objectives.append(ObjectiveIn(ref, title, row.number, label="Objective", outcome=outcome,
                                                     performance_measures=third, lead=lead))
            else:
                if objective_ref is None or not re.fullmatch(r"[a-z]", ref):
                    parsed.problem(row.number, "Ref", f"activity reference '{ref}' is not a letter under an objective")
                    continue
                narrative, barriers = _split_barriers(third)
                values = {"action": title, "outcome": outcome, "lead": lead, "progress": narrative,
                          "barriers": barriers}
                action = build_action(parsed, ctx, ref=f"{objective_ref}{ref}", objective_ref=objective_ref,
                                      row=row.number, values=values, column_names=names)
                if action and action.update:
                    action.update.status = Status.AT_RISK if barriers else progress_status(third)
                    action.status = action.update.status
    if not parsed.objectives:
        parsed.problem(None, "", "no objective rows found under an 'Objective | Outcome | Performance Measures | Lead' "
                                 "header")
    check_duplicates(parsed)
    return parsed
