"""Helpers shared by the layouts: header matching, status marks, timescales, money."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from actions.models import Status
from actions.money import total_cost
from actions.timescale import parse_timescale
from legacy.layouts.protocol import Context
from legacy.parsed import ActionIn, Parsed, UpdateIn
from legacy.readers import Table, TableRow
from partnerships.periods import PeriodError, Quarter


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", text.lower()).strip()


@dataclass
class HeaderRow:
    """A layout's header row: where it is, and the column of each field it names."""

    table: Table
    index: int  # of the header in table.rows
    columns: dict[str, int]  # field -> column index

    @property
    def row(self) -> TableRow:
        return self.table.rows[self.index]

    @property
    def body(self) -> list[TableRow]:
        """The rows under the header."""
        return self.table.rows[self.index + 1:]


def match_headers(row: TableRow, aliases: dict[str, list[str]]) -> dict[str, int]:
    """field -> column index, for each field whose alias starts a header cell."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        k = key(cell)
        if not k:
            continue
        for name, names in aliases.items():
            if name not in columns and any(k == a or k.startswith(a + " ") or k.startswith(a) for a in names):
                columns[name] = index
                break
    return columns


def find_header(tables: list[Table], aliases: dict[str, list[str]], required: list[str]) -> HeaderRow | None:
    """The first row (of the first 15 of a table) naming every required field."""
    for table in tables:
        for index, row in enumerate(table.rows[:15]):
            columns = match_headers(row, aliases)
            if all(r in columns for r in required):
                return HeaderRow(table, index, columns)
    return None


def header_score(tables: list[Table], aliases: dict[str, list[str]], required: list[str]) -> int:
    header = find_header(tables, aliases, required)
    return len(header.columns) if header else 0


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
        parsed.problem(row, column, f"'{text}' is not a date the portal can read "
                                    "(write e.g. September 2009 or 30/09/2009)")


def build_action(
    parsed: Parsed, ctx: Context, *, ref: str, objective_ref: str, row: int, values: dict[str, str],
    column_names: dict[str, str] | None = None,
) -> ActionIn | None:
    """An ActionIn from mapped cell values (portal field names); problems go to parsed, each naming
    the column as the file heads it (column_names: field -> header)."""
    names = column_names or {}
    description = values.get("action", "").strip()
    if not description:
        parsed.problem(row, names.get("action", "Action"), "the action is empty")
        return None
    text = _action_text(values)
    check_timescale(parsed, row, names.get("timescale", "Timescale"), text["timescale"])
    cost = _cost(parsed, row, names.get("cost", "Cost"), values, text)
    status = None
    if values.get("status"):
        status = parse_status(values["status"])
        if status is None:
            parsed.problem(row, names.get("status", "Status"),
                           f"'{values['status']}' is not a status "
                           "(on track, at risk, off track, completed, dropped, not started)")
    update = _update(parsed, ctx, row, names, values, status)
    action = ActionIn(
        ref=ref, objective_ref=objective_ref, row=row, description=description, text=text, cost=cost,
        lead=values.get("lead", ""), status=(update.status if update else status), update=update,
    )
    parsed.actions.append(action)
    return action


def _action_text(values: dict[str, str]) -> dict[str, str]:
    """The action's text fields (ACTION_TEXT_FIELDS) from the cells."""
    return {
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


def _cost(parsed: Parsed, row: int, column: str, values: dict[str, str], text: dict[str, str]) -> Decimal | None:
    """The cost cell as an amount; without a cost column, the total of the pound amounts the
    resources (or funding) cell names."""
    written = values.get("cost", "")
    if written.strip().startswith("-"):
        parsed.problem(row, column, f"'{written}': a cost cannot be negative")
        return None
    if written:
        amount = total_cost(written if "£" in written else "£" + written)
        if amount is None:
            parsed.problem(row, column, f"'{written}' is not an amount of money")
            return None
        if amount < 0:
            parsed.problem(row, column, "a cost cannot be negative")
            return None
        return amount
    if "cost" not in values:
        return total_cost(text["resources"]) or total_cost(text["funding_source"])
    return None


def _update(parsed: Parsed, ctx: Context, row: int, names: dict[str, str], values: dict[str, str],
            status: str | None) -> UpdateIn | None:
    """The progress update a progress (or barriers) cell reports: for the quarter the row names,
    else the plan year's last quarter."""
    narrative = values.get("progress", "")
    if not narrative and not values.get("barriers"):
        return None
    year, number = ctx.year_start, 4
    if values.get("progress_quarter"):
        try:
            quarter = Quarter.parse(values["progress_quarter"])
            year, number = quarter.year_start, quarter.number
        except PeriodError as exc:
            parsed.problem(row, names.get("progress_quarter", "Quarter"), str(exc))
    return UpdateIn(year, number, status or progress_status(narrative), narrative, values.get("barriers", ""))


def check_duplicates(parsed: Parsed, column: str = "Ref") -> None:
    """A reference used by two actions, or by two titled objectives, is a problem."""
    action_rows: dict[str, int] = {}
    for action in parsed.actions:
        if action.ref in action_rows:
            parsed.problem(action.row, column, f"reference {action.ref} is used twice "
                                               f"(also row {action_rows[action.ref]})")
        else:
            action_rows[action.ref] = action.row
    objective_rows: dict[str, int] = {}
    for objective in parsed.objectives:
        if objective.ref in objective_rows and objective.title != "":
            parsed.problem(objective.row, column, f"objective {objective.ref} appears twice "
                                                  f"(also row {objective_rows[objective.ref]})")
        objective_rows.setdefault(objective.ref, objective.row)
