"""Helpers shared by the layouts: header matching, status marks, timescales, money."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from actions.models import Status
from actions.money import total_cost
from actions.timescale import NO_DATE_YET, parse_timescale
from legacy.layouts.protocol import Context
from legacy.parsed import ActionIn, Parsed, StatusWordIn, UpdateIn
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


# The status words of trackers, by what they say. Matched on whole words (never inside another
# word), in this order: a cell naming "not started" is not started though it names "started"; a
# negated or partial completion ("not complete", "partially complete", "50% complete", "complete -
# evidence awaited") is never completion.
#
# The portal has no neutral "under way" status: "in progress", "ongoing", "started", "underway" and
# the partial completions ("partially complete", "50% complete", "evidence awaited") become on track,
# the closest honest one (the work is going on and nobody has said it is at risk). "Not complete" /
# "incomplete" say only what the action is not: no status is read (a warning on the preview).
_NOT_STARTED = re.compile(r"\bnot\s+(yet\s+)?(started|begun|commenced)\b|\byet\s+to\s+(start|begin)\b", re.I)
_DROPPED = re.compile(r"\b(dropped|withdrawn|ditch(ed)?|cancell?ed|abandoned|no\s+longer\s+(required|needed|"
                      r"applicable)|superseded)\b", re.I)
_NOT_COMPLETE = re.compile(r"\b(not\s+(yet\s+)?(complete|completed|done|achieved|closed|finished|met)|incomplete|"
                           r"uncompleted|unfinished|unmet|open|pending|outstanding)\b|"
                           r"\b(to|will|yet\s+to|still\s+to|due\s+to|expected\s+to)\s+(be\s+)?(complete|completed|done|"
                           r"achieved|closed|finished)\b", re.I)
_PARTIAL = re.compile(r"\b(part(ially|ly)?|mostly|nearly|almost|largely|substantially)[\s-]+(complete|completed|"
                      r"done|achieved|met)\b|\b(evidence|sign[\s-]*off)\s+(awaited|pending|outstanding|required)\b|"
                      r"\bawaiting\s+(evidence|sign[\s-]*off)\b|\b\d{1,2}(\.\d+)?\s*%", re.I)
_OFF_TRACK = re.compile(r"\b(off[\s-]*track|red|delayed|slipp(ed|ing)|behind(\s+schedule)?|overdue|stalled)\b", re.I)
_AT_RISK = re.compile(r"\b(at[\s-]*risk|amber)\b|[☹😐🙁😟😕]", re.I)
_ON_TRACK = re.compile(r"\b(on[\s-]*track|green|in[\s-]*progress|on[\s-]*going|started|under[\s-]*way|"
                       r"progressing|in\s+hand)\b|[☺☻🙂😊😀😃😄]", re.I)
_COMPLETED = re.compile(r"\b(completed?|done|closed|achieved|finished|delivered|blue)\b|\b100\s*%", re.I)
_LETTERS = {"r": Status.OFF_TRACK, "a": Status.AT_RISK, "g": Status.ON_TRACK, "b": Status.COMPLETED}
_YES = {"y", "yes", "✓", "✔"}
_NO = {"n", "no"}
_COMPLETION_HEADER = re.compile(r"\b(complete[ds]?|completion|done|achieved|closed|finished)\b", re.I)
_LABELS = {label.lower(): value for value, label in Status.choices}
_RAG = {Status.OFF_TRACK: _OFF_TRACK, Status.AT_RISK: _AT_RISK, Status.ON_TRACK: _ON_TRACK}


@dataclass(frozen=True)
class StatusRead:
    """What a status cell says: the status (None when it names none) and whether the cell was
    understood (a Y/N column's "N" is understood and names no status; "Purple" is not understood)."""

    status: str | None
    understood: bool
    chosen: bool = False  # by the value map (the admin's or the partnership's remembered answer)


def read_status(text: str, header: str = "") -> StatusRead:
    """A status from a status cell: the portal's labels and values, RAG words and letters (R/A/G,
    and B or Blue for completed), smileys, Yes/No in a completion column ("Complete Y/N"), and the
    vocabulary above. Two different RAG statuses in one cell ("Amber/Red") are not guessed between."""
    t = text.strip().lower()
    bare = key(t)
    if not t:
        return StatusRead(None, True)
    if t in _LABELS or bare in _LABELS:
        return StatusRead(_LABELS.get(t) or _LABELS[bare], True)
    if t in Status.values:
        return StatusRead(t, True)
    if bare in _LETTERS:
        return StatusRead(_LETTERS[bare], True)
    completion_column = bool(_COMPLETION_HEADER.search(header))
    if completion_column and (bare in _YES or t in _YES):
        return StatusRead(Status.COMPLETED, True)
    if completion_column and bare in _NO:
        return StatusRead(None, True)
    if _NOT_STARTED.search(t):
        return StatusRead(Status.NOT_STARTED, True)
    if _DROPPED.search(t):
        return StatusRead(Status.DROPPED, True)
    rag = [status for status, pattern in _RAG.items() if pattern.search(t)]
    if len(rag) > 1:
        return StatusRead(None, False)
    if rag:
        return StatusRead(rag[0], True)
    if _NOT_COMPLETE.search(t):
        return StatusRead(None, False)
    if _PARTIAL.search(t):
        return StatusRead(Status.ON_TRACK, True)
    if _COMPLETED.search(t):
        return StatusRead(Status.COMPLETED, True)
    return StatusRead(None, False)


# The value map lists status words, not paragraphs: a longer cell is read but not listed, and a
# file's first MAP_WORDS distinct words are listed (a status column holding prose has thousands).
MAP_WORD_CHARS = 100
MAP_WORDS = 200


def status_key(text: str) -> str:
    """A status word as the value map names it: lower case, spaces collapsed ("Blue", " blue ")."""
    return " ".join(text.lower().split())


def status_of(parsed: Parsed, ctx: Context, text: str, header: str = "") -> StatusRead:
    """read_status through the value map (ctx.status_map: the admin's and the partnership's
    answers); each distinct word is read once and counted in parsed.status_words for the preview."""
    k = status_key(text)
    word = parsed.status_words.get(k)
    if word is None:
        read = read_status(text, header)
        mapped = ctx.status_map.get(k)
        keyed = ctx.key_map.get(k) if mapped is None else None
        word = StatusWordIn(text.strip(), read.status, read.status, read.understood)
        if mapped is not None:
            word.status, word.chosen = mapped or None, True
        elif keyed is not None:
            word.status, word.keyed = keyed or None, True
        if len(k) <= MAP_WORD_CHARS and len(parsed.status_words) < MAP_WORDS:
            parsed.status_words[k] = word
    word.count += 1
    return StatusRead(word.status, word.understood or word.chosen or word.keyed, word.chosen)


def parse_status(text: str, header: str = "") -> str | None:
    """The status a status cell names, None when it names none (see read_status)."""
    return read_status(text, header).status


_LEADING_STATUS = re.compile(r"^\s*([^:\n]{1,40}?)\s*(?::|\s[-–—]\s)")


def leading_status(narrative: str) -> str | None:
    """The status a progress note starts with ("At risk: the venue fell through", "Red - no
    funding"), in three words at most, None when it starts with none."""
    m = _LEADING_STATUS.match(narrative)
    # A status phrase, not a sentence: "Initial scoping completed by the analyst - ..." says what was
    # done, not the action's status.
    if not m or len(m.group(1).split()) > 3:
        return None
    read = read_status(m.group(1))
    return read.status if read.understood else None


def progress_status(narrative: str) -> str:
    """The status a progress note implies: a status word it starts with ("At risk: ..."); else
    'Completed' on its own line (or 'Done') means completed; else on track."""
    lead = leading_status(narrative)
    if lead:
        return lead
    # A progress cell holding only a status phrase ("Not started", "Slipped", "On going") says
    # that status, not on track.
    if len(narrative.split()) <= 4 and (read := read_status(narrative)).understood and read.status:
        return read.status
    lines = [line.strip(" .").lower() for line in narrative.splitlines()]
    if any(line in {"completed", "complete", "done"} or line.startswith(("completed", "done")) for line in lines):
        return Status.COMPLETED
    return Status.ON_TRACK


_STRATEGY_YEAR_TEXT = re.compile(r"\byear\s+\d", re.I)
_BARE_YEAR = re.compile(r"^\D*\d{4}(\s*[-/]\s*\d{2,4})?\D*$")


def check_timescale(parsed: Parsed, ctx: Context, row: int, column: str, text: str) -> dt.date | None:
    """The due date a timescale names, counted from the plan year's or the strategy's start when it
    is relative ("6 months", "Year 2": a warning says so). A timescale the portal cannot read is
    kept as written with no due date, and a warning (never a refusal); "TBC" and a bare financial
    year ("2009/10") are kept without one."""
    if not text:
        return None
    result = parse_timescale(text, year_start=ctx.year_start, strategy_start=ctx.strategy_start)
    if result.relative and result.due_date:
        start = "the strategy's start" if _STRATEGY_YEAR_TEXT.search(text) else "the start of the plan year"
        parsed.warn(row, column, f"'{text}' is counted from {start}: due {result.due_date:%d/%m/%Y}")
        return result.due_date
    if result.due_date is None and not result.cadence and not _BARE_YEAR.match(text) \
            and not NO_DATE_YET.match(text):
        parsed.warn(row, column, f"'{text}' is not a date the portal can read: kept as written, no due date "
                                 "(write e.g. September 2009, 30/09/2009 or Q3 2009/10)")
    return None


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
    due_date = check_timescale(parsed, ctx, row, names.get("timescale", "Timescale"), text["timescale"])
    cost = _cost(parsed, row, names.get("cost", "Cost"), values, text)
    status = None
    if values.get("status"):
        read = status_of(parsed, ctx, values["status"], names.get("status", ""))
        status = read.status
        column = names.get("status", "Status")
        if not read.understood:
            # Kept as written in the comments; the action's status is left for the admin to set.
            parsed.warn(row, column, f"'{values['status']}' is not a status the portal reads (on track, at risk, "
                                     "off track, completed, dropped, not started): kept in the comments, "
                                     "no status set (choose one in the status value map)")
        if not read.understood or (read.chosen and status is None):
            noted = f"{column}: {values['status']}"
            text["comments"] = f"{text['comments']}\n{noted}" if text["comments"] else noted
    update = _update(parsed, ctx, row, names, values, status)
    if values.get("evidence") and update is None:
        noted = f"{names.get('evidence', 'Evidence')}: {values['evidence']}"
        text["comments"] = f"{text['comments']}\n{noted}" if text["comments"] else noted
    action = ActionIn(
        ref=ref, objective_ref=objective_ref, row=row, description=description, text=text, cost=cost,
        lead=values.get("lead", ""), status=(update.status if update else status), update=update,
        due_date=due_date,
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
            # A cost in words ("Nil - within existing resources"): kept in the resources, no amount.
            parsed.warn(row, column, f"'{written}' is not an amount of money: kept in the resources, no cost set")
            text["resources"] = f"{text['resources']}\n{written}" if text["resources"] else written
            return None
        if amount < 0:
            parsed.problem(row, column, "a cost cannot be negative")
            return None
        return amount
    if "cost" not in values:
        return total_cost(text["resources"]) or total_cost(text["funding_source"])
    return None


_QUARTER_PREFIX = re.compile(r"^\s*(?:q|quarter\s*)([1-4])\s*(?::|\s[-–—]\s)\s*", re.I)


def _update(parsed: Parsed, ctx: Context, row: int, names: dict[str, str], values: dict[str, str],
            status: str | None) -> UpdateIn | None:
    """The progress update a progress (or barriers) cell reports: for the quarter the row names, or
    the note starts with ("Q1: ..."), else the plan year's last quarter (a warning says so, once)."""
    narrative = values.get("progress", "")
    if not narrative and not values.get("barriers") and not (values.get("evidence") and status):
        return None  # evidence alone, with no status to report it under, stays in the comments
    year, number = ctx.year_start, 4
    named = _QUARTER_PREFIX.match(narrative)
    if values.get("progress_quarter"):
        try:
            quarter = Quarter.parse(values["progress_quarter"])
            year, number = quarter.year_start, quarter.number
        except PeriodError as exc:
            parsed.problem(row, names.get("progress_quarter", "Quarter"), str(exc))
    elif named:
        number = int(named.group(1))
        status = status or leading_status(narrative[named.end():])
    else:
        column = names.get("progress", "Progress")
        reason = (f"the progress is filed in Q4 of {ctx.year_start}-{(ctx.year_start + 1) % 100:02d}: the file names "
                  "no quarter for it (start a note with 'Q1:' ... 'Q4:' or map a quarter column to file it elsewhere)")
        parsed.warn(None, column, reason, once=True)
    return UpdateIn(year, number, status or progress_status(narrative), narrative, values.get("barriers", ""),
                    evidence=values.get("evidence", ""))


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
