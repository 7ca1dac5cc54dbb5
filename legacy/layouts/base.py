"""Helpers shared by the layouts: header matching, status marks, timescales, money."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from actions.models import Status
from actions.money import total_cost
from actions.timescale import parse_timescale
from legacy.parsed import ActionIn, Parsed, Problem, UpdateIn
from legacy.readers import Row, Table


@dataclass
class Context:
    year_start: int
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header as written


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", text.lower()).strip()


def match_headers(row: Row, aliases: dict[str, list[str]]) -> dict[str, int]:
    """field -> column index, for each field whose alias starts a header cell."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        k = key(cell)
        if not k:
            continue
        for name, names in aliases.items():
            if name not in found and any(k == a or k.startswith(a + " ") or k.startswith(a) for a in names):
                found[name] = index
                break
    return found


def find_header(tables: list[Table], aliases: dict[str, list[str]], required: list[str], limit: int = 15):
    """(table index, row index, columns) of the first row naming every required field."""
    for t_index, table in enumerate(tables):
        for r_index, row in enumerate(table.rows[:limit]):
            cols = match_headers(row, aliases)
            if all(r in cols for r in required):
                return t_index, r_index, cols
    return None


def header_score(tables: list[Table], aliases: dict[str, list[str]], required: list[str]) -> int:
    found = find_header(tables, aliases, required)
    return len(found[2]) if found else 0


_STATUS_WORDS = [
    (re.compile(r"\bnot started\b", re.I), Status.NOT_STARTED),
    (re.compile(r"\b(off track|red)\b", re.I), Status.OFF_TRACK),
    (re.compile(r"\b(at risk|amber)\b", re.I), Status.AT_RISK),
    (re.compile(r"\b(on track|green|in progress)\b|☺", re.I), Status.ON_TRACK),
    (re.compile(r"\b(completed?|done|achieved)\b", re.I), Status.COMPLETED),
    (re.compile(r"\b(dropped|ditch(ed)?)\b", re.I), Status.DROPPED),
]
_LABELS = {label.lower(): value for value, label in Status.choices}


def parse_status(text: str) -> str | None:
    """A status from a status cell: the portal's labels, RAG words, or a smiley."""
    t = text.strip().lower()
    if not t:
        return None
    if t in _LABELS:
        return _LABELS[t]
    if t in Status.values:
        return t
    if "☹" in text:
        return Status.AT_RISK
    for pattern, value in _STATUS_WORDS:
        if pattern.search(text):
            return value
    return None


def progress_status(narrative: str) -> str:
    """The status a progress note implies: 'Completed' on its own line (or 'Done') means completed."""
    lines = [line.strip(" .").lower() for line in narrative.splitlines()]
    if any(line in {"completed", "complete", "done"} or line.startswith(("completed", "done")) for line in lines):
        return Status.COMPLETED
    return Status.ON_TRACK


_DIGIT = re.compile(r"\d")
_BARE_YEAR = re.compile(r"^\D*\d{4}(\s*[-/]\s*\d{2,4})?\D*$")


def check_timescale(parsed: Parsed, row: int, column: str, text: str) -> None:
    """A timescale that names numbers but no readable date is a problem (it would be lost)."""
    if not text or not _DIGIT.search(text):
        return
    result = parse_timescale(text)
    if result.due_date is None and not result.cadence and not _BARE_YEAR.match(text):
        parsed.problems.append(Problem(row, column, f"'{text}' is not a date the portal can read (write e.g. September 2009 or 30/09/2009)"))


def build_action(
    parsed: Parsed, ctx: Context, *, ref: str, objective_ref: str, row: int, values: dict[str, str],
    column_names: dict[str, str] | None = None,
) -> ActionIn | None:
    """An ActionIn from mapped cell values (portal field names); problems go to parsed."""
    names = column_names or {}
    description = values.get("action", "").strip()
    if not description:
        parsed.problems.append(Problem(row, names.get("action", "Action"), "the action is empty"))
        return None
    text = {
        "aim": values.get("aim", ""),
        "outcome": values.get("outcome", ""),
        "responsibility": values.get("responsibility", ""),
        # Without a By whom column the lead cell is kept as written there (agencies are matched too).
        "by_whom": values["by_whom"] if "by_whom" in values else values.get("lead", ""),
        "resources": values.get("resources", ""),
        "funding_source": values.get("funding", ""),
        "timescale": values.get("timescale", ""),
        "baseline": values.get("baseline", ""),
        "performance_measures": values.get("measure", ""),
        "outputs": values.get("outputs", ""),
        "comments": values.get("comments", ""),
    }
    check_timescale(parsed, row, names.get("timescale", "Timescale"), text["timescale"])
    cost: Decimal | None = None
    if values.get("cost", "").strip().startswith("-"):
        parsed.problems.append(Problem(row, names.get("cost", "Cost"), f"'{values['cost']}': a cost cannot be negative"))
    elif values.get("cost"):
        amounts = total_cost(values["cost"] if "£" in values["cost"] else "£" + values["cost"])
        if amounts is None:
            parsed.problems.append(Problem(row, names.get("cost", "Cost"), f"'{values['cost']}' is not an amount of money"))
        elif amounts < 0 or values["cost"].strip().startswith("-"):
            parsed.problems.append(Problem(row, names.get("cost", "Cost"), "a cost cannot be negative"))
        else:
            cost = amounts
    elif "cost" not in values:
        # No cost column: the total of the pound amounts the resources (or funding) cell names.
        cost = total_cost(text["resources"]) or total_cost(text["funding_source"])
    status = None
    if values.get("status"):
        status = parse_status(values["status"])
        if status is None:
            parsed.problems.append(Problem(row, names.get("status", "Status"), f"'{values['status']}' is not a status (on track, at risk, off track, completed, dropped, not started)"))
    update = None
    narrative = values.get("progress", "")
    if narrative or values.get("barriers"):
        quarter = values.get("progress_quarter", "")
        year, number = ctx.year_start, 4
        if quarter:
            from partnerships.periods import PeriodError, Quarter

            try:
                q = Quarter.parse(quarter)
                year, number = q.year_start, q.number
            except PeriodError as exc:
                parsed.problems.append(Problem(row, names.get("progress_quarter", "Quarter"), str(exc)))
        update = UpdateIn(year, number, status or progress_status(narrative), narrative, values.get("barriers", ""))
    action = ActionIn(
        ref=ref, objective_ref=objective_ref, row=row, description=description, text=text, cost=cost,
        lead=values.get("lead", ""), status=(update.status if update else status), update=update,
    )
    parsed.actions.append(action)
    return action


def check_duplicates(parsed: Parsed, column: str = "Ref") -> None:
    seen: dict[str, int] = {}
    for action in parsed.actions:
        if action.ref in seen:
            parsed.problems.append(Problem(action.row, column, f"reference {action.ref} is used twice (also row {seen[action.ref]})"))
        else:
            seen[action.ref] = action.row
    obj_seen: dict[str, int] = {}
    for objective in parsed.objectives:
        if objective.ref in obj_seen and objective.title != "":
            parsed.problems.append(Problem(objective.row, column, f"objective {objective.ref} appears twice (also row {obj_seen[objective.ref]})"))
        obj_seen.setdefault(objective.ref, objective.row)
