"""Any other layout: the admin maps columns to the portal's fields (best guesses from headers).

Plan tables: ref, theme, objective, action, responsibility, lead, by_whom, resources, cost,
funding, timescale, baseline, measure, outputs, outcome, progress, barriers, status, evidence, comments.
Indicator tables: indicator, area, period, target, value.
A blank theme or objective cell carries the one above down (merged cells read as blanks).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from actions.models import Status
from legacy.layouts.base import (
    HeaderRow,
    build_action,
    check_duplicates,
    key,
    progress_status,
    read_status,
    status_key,
    status_of,
)
from legacy.layouts.protocol import Context
from legacy.parsed import FigureIn, ObjectiveIn, Parsed, Problem, UpdateIn
from legacy.readers import ReadError, Table, TableRow
from legacy.readers.tables import is_mark
from partnerships.periods import PeriodError, Quarter, parse_year

NAME = "mapped"
TITLE = "My own layout (map the columns)"

PLAN_FIELDS = ["ref", "theme", "objective", "action", "responsibility", "lead", "by_whom", "resources", "cost",
               "funding", "timescale", "baseline", "measure", "outputs", "outcome", "progress", "barriers",
               "status", "evidence", "comments"]
INDICATOR_FIELDS = ["indicator", "area", "period", "target", "value"]
FIELDS = PLAN_FIELDS + INDICATOR_FIELDS

# Best guesses: header words that usually mean each field (compared after lower-casing).
GUESSES: dict[str, list[str]] = {
    "ref": ["ref", "reference", "no", "number", "id"],
    "theme": ["theme", "priority", "strand"],
    "objective": ["objective", "aim", "goal", "recommendation", "recommendations"],
    "action": ["action", "activity", "task", "what", "sub action", "sub actions", "actions"],
    "responsibility": ["responsibility", "responsible", "accountable"],
    "lead": ["lead", "owner", "lead agency"],
    "by_whom": ["by whom", "who", "delivered by"],
    "resources": ["resources", "resource"],
    "cost": ["cost", "budget", "amount"],
    "funding": ["funding", "funded", "source of funding"],
    "timescale": ["timescale", "deadline", "due", "target date", "when", "by when"],
    "baseline": ["baseline"],
    "measure": ["measure", "performance measure", "kpi", "success measure"],
    "outputs": ["output", "milestones achieved", "key milestones"],
    "outcome": ["outcome", "expected outcome"],
    "progress": ["progress", "update", "progress report", "completion and outcome", "date of completion"],
    "barriers": ["barrier", "issues", "risks"],
    "status": ["status", "rag", "rag status", "rag rating", "delivery status", "complete y n", "completed y n",
               "completion status", "complete"],
    "evidence": ["evidence", "evidence of completion", "backed up by", "evidence of progress"],
    "comments": ["comment", "notes"],
    "indicator": ["indicator", "measure code", "code"],
    "area": ["area", "district", "borough", "authority"],
    "period": ["period", "quarter", "year"],
    "target": ["target"],
    "value": ["value", "actual", "figure", "result", "achieved"],
}


_REF_WORDS = {"no", "ref", "reference", "number", "id"}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, the best guess for each field from the header words."""
    mapping: dict[str, str] = {}
    used: set[int] = set()
    # "Task no", "Action ref", "Item #": a header ending in a reference word names the reference,
    # not the column its first word would suggest.
    for i, header in enumerate(headers):
        words = key(header).split()
        if (len(words) > 1 and words[-1] in _REF_WORDS) or header.strip().endswith("#"):
            mapping["ref"] = header
            used.add(i)
            break
    # Longer, more specific guesses first ("lead agency" before "lead"; "by whom" before "who").
    pairs = sorted(((g, f) for f, gs in GUESSES.items() for g in gs), key=lambda p: -len(p[0]))
    for exact in (True, False):
        for guess, name in pairs:
            if name in mapping:
                continue
            for i, header in enumerate(headers):
                k = key(header)
                if i in used or not k:
                    continue
                if (k == guess) if exact else (k.startswith(guess + " ") or k.startswith(guess)):
                    mapping[name] = header
                    used.add(i)
                    break
    # Then the guess's words anywhere in a header, as words ("Q1 RAG", "Latest progress"), the
    # first header of each.
    for guess, name in pairs:
        if name in mapping:
            continue
        for i, header in enumerate(headers):
            if i not in used and f" {guess} " in f" {key(header)} ":
                mapping[name] = header
                used.add(i)
                break
    return mapping


def map_line(mapping: dict[str, str]) -> str:
    """The mapping as `--map` takes it."""
    return ",".join(f"{name}={header}" for name, header in mapping.items())


def parse_mapping(text: str) -> dict[str, str]:
    """'action=Action,lead=Lead agency' -> {'action': 'Action', 'lead': 'Lead agency'}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in part:
            raise ReadError(f"'{part}' is not field=Header")
        name, header = (x.strip() for x in part.split("=", 1))
        if name not in FIELDS:
            raise ReadError(f"'{name}' is not a field: use {', '.join(FIELDS)}")
        mapping[name] = header
    return mapping


def parse_status_map(text: str) -> dict[str, str]:
    """'G=on_track,Blue=Completed,Parked=none' -> {'g': 'on_track', 'blue': 'completed', 'parked': ''}:
    status words (as status_key names them) to the portal's statuses, by value or label; 'none'
    (or nothing) for no status, the word kept in the comments."""
    statuses = {**{v: v for v in Status.values}, **{label.lower(): v for v, label in Status.choices},
                **{key(label): v for v, label in Status.choices}, "none": "", "": ""}
    status_map = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in part:
            raise ReadError(f"'{part}' is not word=status")
        word, status = (x.strip() for x in part.rsplit("=", 1))
        if not word:
            raise ReadError(f"'{part}' names no status word")
        if status.lower() not in statuses:
            raise ReadError(f"'{status}' is not a status: use {', '.join(Status.values)} or none")
        status_map[status_key(word)] = statuses[status.lower()]
    return status_map


# A key or legend row: "Key", "RAG key:", "Legend" first; its colours and letters say what the
# file's status cells mean ("Blue = Completed", or "Completed" written on a blue cell).
_KEY_ROW = re.compile(r"^\s*(?:rag\s+|status\s+|colour\s+)?(?:key|legend)\s*(?::|$)", re.I)
_COLOUR_WORDS = "red|amber|green|blue|purple|yellow|orange|grey|gray|black|white"
_KEY_PAIR = re.compile(rf"\b({_COLOUR_WORDS}|[ragb])\s*(?:=|:|-|–)\s*(.+?)\s*"
                       rf"(?=[,;\n]|$|\b(?:{_COLOUR_WORDS}|[ragb])\s*(?:=|:|-|–))", re.I)
# A colour word as the reader names the fill of that colour.
_FILL_OF = {"yellow": "amber", "orange": "amber", "red": "red", "amber": "amber", "green": "green", "blue": "blue",
            "purple": "purple"}


def fill_word(colour: str) -> str:
    """A coloured status cell with no status written, as the value map lists it: "(green fill)"."""
    return f"({colour} fill)"


def _key_meanings(row: TableRow) -> dict[str, str] | None:
    """What a key row says its status words mean (None when the row is no key row: its first cell is
    not "Key" / "Legend" standing alone or before a colon, or it explains no status)."""
    first = next((c for c in row.cells if c), "")
    if not _KEY_ROW.match(first):
        return None
    found: dict[str, str] = {}
    for index, cell in enumerate(row.cells):
        for word, meaning in _KEY_PAIR.findall(_KEY_ROW.sub("", cell)):
            read = read_status(meaning)
            if read.status and read.understood:
                found[status_key(word)] = read.status
                if word.lower() in _FILL_OF:
                    found[fill_word(_FILL_OF[word.lower()])] = read.status
        colour = row.fills.get(index)
        if colour and not is_mark(cell):
            read = read_status(_KEY_ROW.sub("", cell).strip(" :"))
            if read.status and read.understood:
                found[fill_word(colour)] = read.status
    return found or None


def is_key_row(row: TableRow) -> bool:
    return _key_meanings(row) is not None


def key_statuses(tables: list[Table]) -> dict[str, str]:
    """status word -> status, from the key rows among the first 15 and the last 15 rows of each
    table (where a key sits): the colour words and letters it explains and the fills it shows."""
    found: dict[str, str] = {}
    for table in tables:
        rows = table.rows if len(table.rows) <= 30 else [*table.rows[:15], *table.rows[-15:]]
        for row in rows:
            found.update(_key_meanings(row) or {})
    return found


def status_cell(row: TableRow, index: int) -> str:
    """A status cell's text; a blank cell or one holding only a mark says its status by its fill."""
    text = row.cell(index)
    colour = row.fills.get(index)
    return fill_word(colour) if colour and is_mark(text) else text


def header_row(tables: list[Table]) -> HeaderRow | None:
    """The first non-blank row (of the first 15 of a table) with at least two text cells, not a
    key row; its columns are the mapping's to find."""
    for table in tables:
        for index, row in enumerate(table.rows[:15]):
            if sum(1 for c in row.cells if c) >= 2 and not is_key_row(row):
                return HeaderRow(table, index, {})
    return None


def header_cells(tables: list[Table]) -> list[str]:
    """The headers the admin may map columns from (none when no header row is found)."""
    header = header_row(tables)
    return header.row.cells if header else []


def detect(tables: list[Table]) -> int:
    return 0  # never recognised: chosen by the admin, or when no other layout recognises the file


def columns_for(row: TableRow, mapping: dict[str, str]) -> tuple[dict[str, int], list[Problem]]:
    cols: dict[str, int] = {}
    problems = []
    keys = [key(c) for c in row.cells]
    for name, header in mapping.items():
        if not header:
            continue
        try:
            cols[name] = keys.index(key(header))
        except ValueError:
            problems.append(Problem(row.number, header,
                                    f"the column '{header}' mapped to {name} is not in the header row"))
    return cols, problems


# Per-quarter columns: a header naming a quarter ("Q1 RAG", "Quarter 3 progress", "Apr-Jun update")
# and a status word (a status column) or a progress word or nothing else (a progress column).
_QUARTER_HEAD = re.compile(r"\b(?:q|quarter\s*)([1-4])\b")
_RANGE_QUARTER = {"apr jun": 1, "april june": 1, "jul sep": 2, "july september": 2, "oct dec": 3,
                  "october december": 3, "jan mar": 4, "january march": 4}
_STATUS_HEAD = {"rag", "status", "rating", "red amber green"}
_PROGRESS_HEAD = {"update", "updates", "progress", "comment", "comments", "commentary", "narrative", "position",
                  "report", "notes"}


def quarter_columns(headers: list[str], taken: set[str]) -> dict[int, dict[str, int]]:
    """quarter -> {"status": column, "progress": column}, for the headers naming a quarter (none of
    `taken`, the headers an explicit mapping names); only when two or more such columns are found."""
    found: dict[int, dict[str, int]] = {}
    count = 0
    for i, header in enumerate(headers):
        k = key(header)
        if not k or header in taken:
            continue
        m = _QUARTER_HEAD.search(k)
        number = int(m.group(1)) if m else next((q for r, q in _RANGE_QUARTER.items() if f" {r} " in f" {k} "), 0)
        if not number:
            continue
        rest = set((_QUARTER_HEAD.sub(" ", k) if m else k).split()) - set(" ".join(_RANGE_QUARTER).split())
        rest -= {"of", "the", "and", "for", "in"}
        rest = {w for w in rest if not w.isdigit()}
        if rest & _STATUS_HEAD or " ".join(sorted(rest)) == "amber green red":
            kind = "status"
        elif not rest or rest <= _PROGRESS_HEAD:
            kind = "progress"
        else:
            continue
        if kind not in found.setdefault(number, {}):
            found[number][kind] = i
            count += 1
    return found if count >= 2 else {}


def quarter_updates(parsed: Parsed, ctx: Context, row: TableRow, headers: list[str],
                    quarters: dict[int, dict[str, int]]) -> list[UpdateIn]:
    """One progress update per quarter the row reports on, each with its status and narrative."""
    updates = []
    for number in sorted(quarters):
        cols = quarters[number]
        status_text = status_cell(row, cols["status"]) if "status" in cols else ""
        narrative = row.cell(cols["progress"]) if "progress" in cols else ""
        if not status_text and not narrative:
            continue
        status = None
        if status_text:
            read = status_of(parsed, ctx, status_text, headers[cols["status"]])
            status = read.status
            header = headers[cols["status"]]
            if not read.understood:
                parsed.warn(row.number, header, f"'{status_text}' is not a status the portal reads: kept in the "
                                                f"Q{number} narrative (choose one in the status value map)")
            if not read.understood or (read.chosen and status is None):
                narrative = f"{narrative}\n{header}: {status_text}".strip()
        if status is None and not narrative:
            continue
        updates.append(UpdateIn(ctx.year_start, number, status or progress_status(narrative), narrative))
    return updates


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    header = header_row(tables)
    if not header:
        parsed.problem(None, "", "no header row found")
        return parsed
    headers = header.row.cells
    ctx = dataclasses.replace(ctx, key_map=key_statuses(tables))
    title_row(parsed, header)
    if parsed.strategy_years and ctx.strategy_start is None and \
            parsed.strategy_years[0] <= ctx.year_start < parsed.strategy_years[1]:
        # "Year 2" of a strategy the portal does not have yet: the years its title names.
        ctx = dataclasses.replace(ctx, strategy_start=dt.date(parsed.strategy_years[0], 4, 1))
    quarters = quarter_columns(headers, set(ctx.mapping.values()))
    in_quarters = {i for q in quarters.values() for i in q.values()}
    mapping = ctx.mapping or guess_mapping([h if i not in in_quarters else "" for i, h in enumerate(headers)])
    cols, problems = columns_for(header.row, mapping)
    parsed.problems.extend(problems)
    if not ctx.mapping and "action" not in cols and not ({"indicator", "value", "target"} & set(cols)):
        proposed = _longest_texts(header, set(cols.values()) | in_quarters)
        if proposed is not None:
            mapping["action"] = headers[proposed]
            cols["action"] = proposed
            parsed.warn(header.row.number, headers[proposed],
                        f"no column is headed as the action: '{headers[proposed]}', the column with the longest "
                        "texts, is taken as the action (map another column to 'action' if it is not)")
    # A figures table names an indicator, or values with no action; in a plan a column guessed as a
    # value ("... achieved") is not imported, and listed so.
    if not ctx.mapping and "action" in cols and "indicator" not in cols:
        for name in INDICATOR_FIELDS:
            if name in cols:
                del cols[name], mapping[name]
    if "indicator" in cols or "value" in cols or "target" in cols:
        parse_figures(parsed, header.body, cols, mapping)
    elif "action" not in cols:
        found = ", ".join(f"'{c}'" for c in header.row.cells if c)
        guessed = sorted((k for k in mapping if k in cols), key=lambda k: cols[k])  # in the file's order
        suggestion = map_line({"action": "<the action's header>", **{k: mapping[k] for k in guessed}})
        parsed.problem(header.row.number, "Action",
                       f"missing required column: no column is mapped to 'action'. The headers found are {found}; "
                       f'map the columns, e.g. --map "{suggestion}"')
    else:
        parse_plan(parsed, ctx, header.body, cols, mapping, quarters, headers)
        mapped_columns = set(cols.values()) | in_quarters
        parsed.unmapped = [c for i, c in enumerate(header.row.cells) if c and i not in mapped_columns]
    return parsed


_TITLE_YEARS = re.compile(r"\b(20\d{2})\s*(?:[-–/]|to)\s*(20\d{2}|\d{2})\b")


def title_row(parsed: Parsed, header: HeaderRow) -> None:
    """The plan's title from the first row above the header holding one text (not a key row), and
    the strategy's years when it names more than one ("2024-2028"; "2024/25" is one year)."""
    for row in header.table.rows[:header.index]:
        texts = [c for c in row.cells if c]
        if len(texts) == 1 and not is_key_row(row):
            parsed.plan_title = texts[0][:300]
            if m := _TITLE_YEARS.search(texts[0]):
                first, last = int(m.group(1)), int(m.group(2))
                last = last if last > 100 else first // 100 * 100 + last
                if last - first >= 2:
                    parsed.strategy_years = (first, last)
            return


def _longest_texts(header: HeaderRow, taken: set[int]) -> int | None:
    """The column (of those no field took) whose cells are longest on average, when it has text."""
    best, best_length = None, 0.0
    body = header.body
    for i, cell in enumerate(header.row.cells):
        if i in taken or not cell:
            continue
        texts = [row.cell(i) for row in body if row.cell(i)]
        length = sum(len(t) for t in texts) / len(texts) if texts else 0.0
        if length > best_length and any(not t.replace(".", "").isdigit() for t in texts):
            best, best_length = i, length
    return best


# Periods a plan names that the portal's timescales leave without a date: a whole financial year
# ("2024/25", "by end of 2024/25") is due at its end, a season ("Spring 2025") at the end of its
# last month (winter 2024 runs into February 2025).
_WHOLE_YEAR = re.compile(r"^\s*(?:(?:by\s+)?(?:the\s+)?end\s+of\s+|during\s+|in\s+|by\s+)?(?:fy\s*)?(\d{4})\s*[-/]\s*"
                         r"(\d{2}|\d{4})\s*$", re.I)
_SEASON = re.compile(r"^\s*(?:(?:by\s+)?(?:the\s+)?(?:end\s+of\s+)?|during\s+|in\s+|by\s+)?(spring|summer|autumn|"
                     r"fall|winter)\s+(\d{4})\s*$", re.I)
_SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "fall": (11, 30)}


def period_due(text: str) -> dt.date | None:
    """The due date of a whole financial year or a season, None for anything else."""
    if m := _WHOLE_YEAR.match(text):
        try:
            return dt.date(parse_year(f"{m.group(1)}-{m.group(2)}") + 1, 3, 31)
        except PeriodError:
            return None
    if m := _SEASON.match(text):
        season, year = m.group(1).lower(), int(m.group(2))
        if season == "winter":  # December to February
            return dt.date(year + 1, 3, 1) - dt.timedelta(days=1)
        month, day = _SEASON_END[season]
        return dt.date(year, month, day)
    return None


def _drop_warning(parsed: Parsed, row: int, text: str) -> None:
    """A timescale read after all is no longer 'not a date the portal can read'."""
    parsed.warnings = [w for w in parsed.warnings
                       if not (w.row == row and w.reason.startswith(f"'{text}' is not a date"))]


def parse_plan(parsed: Parsed, ctx: Context, rows: list[TableRow], cols: dict[str, int],
               mapping: dict[str, str], quarters: dict[int, dict[str, int]] | None = None,
               headers: list[str] | None = None) -> None:
    theme_refs: dict[str, str] = {}
    objective_refs: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    theme = objective = ""
    # A recommendation tracker: a row whose sub-action is blank makes its recommendation the action.
    recommendations = "recommendation" in key(mapping.get("objective", ""))
    # There a recommendation's reference repeats on each of its sub-actions' rows: they are numbered
    # under it (R2.1, R2.2); anywhere else a repeated reference is refused.
    repeats = Counter(row.cell(cols["ref"]).strip() for row in rows) if recommendations and "ref" in cols else Counter()
    numbered: Counter[str] = Counter()
    for row in rows:
        values = {name: row.cell(i) for name, i in cols.items()}
        if not any(values.values()) or is_key_row(row):
            continue
        if "status" in cols:
            values["status"] = status_cell(row, cols["status"])
        if "lead" not in cols and values.get("by_whom"):
            values["lead"] = values["by_whom"]  # "Who": its agencies are matched as a lead's are
        if recommendations and not values.get("action", "").strip() and values.get("objective", "").strip():
            values["action"] = values["objective"]
        theme = values.get("theme") or theme
        objective = values.get("objective") or objective
        parent_ref = None
        if theme:
            if theme not in theme_refs:
                theme_refs[theme] = str(len(theme_refs) + 1)
                parsed.objectives.append(ObjectiveIn(theme_refs[theme], theme, row.number, label="Theme"))
            parent_ref = theme_refs[theme]
        if objective:
            k = (theme, objective)
            if k not in objective_refs:
                siblings = sum(1 for (t, _) in objective_refs if t == theme)
                ref = f"{parent_ref}.{siblings + 1}" if parent_ref else str(siblings + 1)
                objective_refs[k] = ref
                parsed.objectives.append(ObjectiveIn(ref, objective, row.number, label="Objective",
                                                     parent_ref=parent_ref))
            obj_ref = objective_refs[k]
        elif parent_ref:
            obj_ref = parent_ref
        else:
            obj_ref = "1"
            if not parsed.objectives:
                parsed.objectives.append(ObjectiveIn("1", "Action plan", row.number, label=""))
        counters[obj_ref] = counters.get(obj_ref, 0) + 1
        ref = values.get("ref") or f"{obj_ref}.{counters[obj_ref]}"
        if repeats[ref] > 1:
            numbered[ref] += 1
            ref = f"{ref}.{numbered[ref]}"
        action = build_action(parsed, ctx, ref=ref, objective_ref=obj_ref, row=row.number, values=values,
                              column_names=mapping)
        if action and action.due_date is None and (due := period_due(values.get("timescale", ""))):
            action.due_date = due
            _drop_warning(parsed, row.number, values["timescale"])
        if action and quarters and headers:
            filed = {action.update.quarter} if action.update else set()
            action.quarter_updates = [u for u in quarter_updates(parsed, ctx, row, headers, quarters)
                                      if u.quarter not in filed]
            if action.quarter_updates and not values.get("status"):
                latest = max([*action.quarter_updates, *([action.update] if action.update else [])],
                             key=lambda u: u.quarter)
                action.status = latest.status
    check_duplicates(parsed, mapping.get("ref", "Ref"))


def parse_number(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("£", "").replace("%", "").strip()
    return Decimal(cleaned)


def parse_period(text: str) -> tuple[int, int | None]:
    text = text.strip()
    if "q" in text.lower():
        q = Quarter.parse(text)
        return q.year_start, q.number
    return parse_year(text), None


def parse_figures(parsed: Parsed, rows: list[TableRow], cols: dict[str, int], mapping: dict[str, str]) -> None:
    for needed in ("indicator", "period"):
        if needed not in cols:
            parsed.problem(None, needed, f"missing required column: no column is mapped to '{needed}'")
    if "value" not in cols and "target" not in cols:
        parsed.problem(None, "value", "missing required column: map a column to 'value' or 'target'")
    if parsed.problems:
        return
    for row in rows:
        values = {name: row.cell(i) for name, i in cols.items()}
        if not any(values.values()):
            continue
        try:
            year, quarter = parse_period(values["period"])
        except PeriodError as exc:
            parsed.problem(row.number, mapping.get("period", "period"), str(exc))
            continue
        if not values["indicator"]:
            parsed.problem(row.number, mapping.get("indicator", "indicator"), "the indicator is empty")
            continue
        for name, is_target in (("value", False), ("target", True)):
            text = values.get(name, "")
            if not text:
                continue
            try:
                number = parse_number(text)
            except InvalidOperation:
                parsed.problem(row.number, mapping.get(name, name), f"'{text}' is not a number")
                continue
            if number < 0:
                parsed.problem(row.number, mapping.get(name, name), f"{text} is negative: figures cannot be below zero")
                continue
            parsed.figures.append(FigureIn(row.number, values["indicator"], values.get("area", ""), year, quarter,
                                           number, is_target))
