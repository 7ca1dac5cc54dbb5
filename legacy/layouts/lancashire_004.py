"""Seed 004 (Lancashire 2007/08): Priority | Action | Lead Agency | Progress Report |
Comments for 2nd Year Action Plan. The priority cell is merged down over its actions (read as
blanks: carried down). "1. Awareness and training" is priority 1; "1.5 Multi-agency ..." is action
1.5. The year-end comment gives the review decision (keep, develop, completed, ditch)."""

from __future__ import annotations

import re

from actions.models import Status
from legacy.layouts.base import build_action, check_duplicates, find_header, header_score
from legacy.layouts.protocol import Context
from legacy.parsed import ObjectiveIn, Parsed
from legacy.readers import Table

NAME = "lancashire_004"
TITLE = "Priority / Action / Lead Agency / Progress Report / Comments (Lancashire 004)"
ALIASES = {
    "priority": ["priority"],
    "action": ["action"],
    "lead": ["lead agency", "lead"],
    "progress": ["progress report", "progress"],
    "comments": ["comments for 2", "comments"],
}
REQUIRED = ["priority", "action", "lead", "progress", "comments"]
_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.*)$", re.S)


def detect(tables: list[Table]) -> int:
    return header_score(tables, ALIASES, REQUIRED) * 10


def review_decision(comment: str) -> str | None:
    c = comment.lower()
    # "Or ditch action?" only asks the question: a ditch that is not a question decides.
    if any("ditch" in s and not s.rstrip().endswith("?") for s in re.split(r"(?<=[.?!])\s+", c)):
        return "drop"
    if "develop" in c:
        return "develop"
    if c.startswith(("completed", "done", "pilots completed")):
        return "completed"
    if "keep" in c:
        return "keep"
    return None


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    header = find_header(tables, ALIASES, REQUIRED)
    if not header:
        parsed.problem(None, "", "the header row Priority / Action / Lead Agency / Progress Report / Comments "
                                 "is missing")
        return parsed
    priority_ref = None
    names = {"action": "Action", "lead": "Lead Agency", "progress": "Progress Report", "comments": "Comments"}
    for row in header.body:
        values = {name: row.cell(i) for name, i in header.columns.items()}
        if values["priority"]:
            m = _NUMBERED.match(values["priority"])
            if not m:
                parsed.problem(row.number, "Priority",
                               f"'{values['priority']}' does not start with its number (e.g. '1. Awareness')")
                continue
            priority_ref = m.group(1)
            parsed.objectives.append(ObjectiveIn(priority_ref, m.group(2).strip(), row.number, label="Priority"))
        if priority_ref is None:
            parsed.problem(row.number, "Priority", "an action before any priority")
            continue
        m = _NUMBERED.match(values["action"])
        if not m:
            parsed.problem(row.number, "Action",
                           "the action does not start with its reference (e.g. '1.5 Multi-agency ...')")
            continue
        values["action"] = m.group(2).strip()
        action = build_action(parsed, ctx, ref=m.group(1), objective_ref=priority_ref, row=row.number, values=values,
                              column_names=names)
        if action and values["comments"]:
            decision = review_decision(values["comments"])
            if decision:
                action.review = (decision, values["comments"])
            # "Implementation guidelines, pack and training pack completed. Most areas now started."
            # with the year-end comment "Completed.": the action is completed. A report of one step
            # completed ("Mapping of local training completed") under "Some development completed.
            # Consider keeping and developing" is not, nor is "Mostly completed".
            if (decision == "completed" and action.update
                    and re.search(r"(?<!mostly )(?<!partly )(?<!nearly )(?<!almost )\b(completed|complete|done)\b",
                              action.update.narrative, re.I)):
                action.update.status = action.status = Status.COMPLETED
    check_duplicates(parsed, "Action")
    return parsed
