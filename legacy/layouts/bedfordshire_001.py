"""Seed 001 (Bedfordshire 2009-10, Word tables): per objective a title row ("Objective 1 - Data
Collection and Information Sharing"), its aims (bullets), then Ref | Objective | Action |
Responsibility | By Whom | Resources needed | Timescale Plan | Outcomes. A numbered row (1.1)
opens a sub-objective whose Objective cell spans the action rows below it (rows with an empty
ref are further actions of 1.1). Actions are referenced by position: 1.1.1, 1.1.2, ..."""

from __future__ import annotations

import re

from actions.timescale import parse_timescale
from legacy.layouts.base import build_action, check_duplicates, key
from legacy.layouts.protocol import Context
from legacy.parsed import ObjectiveIn, Parsed
from legacy.readers import Table

NAME = "bedfordshire_001"
TITLE = "Objective / Action / Responsibility / By Whom / Resources / Timescale / Outcomes (Bedfordshire 001)"
HEADER = ["objective", "action", "responsibility", "by whom", "resources needed", "timescale plan", "outcomes"]
FIELDS = ["aim", "action", "responsibility", "by_whom", "resources", "timescale", "outcome"]
_TITLE = re.compile(r"^objective\s+(\d+)\s*[-–:]\s*(.+)$", re.I | re.S)
_REF = re.compile(r"^\d+\s*\.\s*\d+$")


def _is_header(cells: list[str]) -> bool:
    keys = [key(c) for c in cells if c]
    return keys[:2] == HEADER[:2] and "by whom" in keys


# Columns whose paragraphs must line up with the Action cell's for a row to be split.
_LINED_UP = ["by_whom", "resources", "timescale"]
# Responsibility names the groups accountable for the row: lined up when it has a paragraph per
# action, otherwise every group is accountable for every action of the row.
_SHARED = ["responsibility"]
_MARK = re.compile(r"(?m)^• ")
# Word's second-level bullet typed as a letter: "o Central Beds ..." (an "o" alone is no English word).
_O_ITEM = re.compile(r"^o\s+(?=[A-Z0-9])")


def _paragraphs(text: str) -> list[str]:
    """A cell's paragraphs: a list item (a line the reader marks "• ") goes on with the paragraph above."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if (line.startswith("• ") or _O_ITEM.match(line)) and out:
            out[-1] += "\n" + _O_ITEM.sub("", line[2:] if line.startswith("• ") else line)
        else:
            out.append(_MARK.sub("", line))
    return out


def _distinct(lines: list[str]) -> list[str]:
    """A column that repeats one paragraph for every action ("Ongoing" on each line) says it once."""
    return lines[:1] if len(set(lines)) == 1 else lines


def _unmarked(values: dict[str, str]) -> dict[str, str]:
    return {f: _MARK.sub("", v) for f, v in values.items()}


def split_row(values: dict[str, str]) -> list[dict[str, str]]:
    """A row whose Action cell holds several paragraphs becomes one action per paragraph when every
    other non-empty column (Responsibility, By Whom, Resources, Timescale) has either as many
    paragraphs as the Action cell (taken in order) or exactly one (applied to every action; a
    paragraph repeated on every line counts as one);
    otherwise the row stays one action, every column kept as written. A single Resources paragraph
    naming a sum (£) is not repeated on every action (the sum would count several times): such a row
    stays one action. The Objective and Outcomes cells go with the first action (as
    fixtures/seed_001_bedfordshire.yaml holds them)."""
    actions = _paragraphs(values["action"])
    columns = {f: _distinct(_paragraphs(values[f])) for f in _LINED_UP + _SHARED}
    if (
        len(actions) < 2
        or any(len(columns[f]) not in (0, 1, len(actions)) for f in _LINED_UP)
        or (len(columns["resources"]) == 1 and "£" in columns["resources"][0])
    ):
        return [_unmarked(values)]
    parts = []
    for index, action in enumerate(actions):
        part = _unmarked(values) | {"action": action}
        for f, lines in columns.items():
            part[f] = lines[index] if len(lines) == len(actions) else "\n".join(lines)
        if index:
            part["aim"] = part["outcome"] = ""
        parts.append(part)
    return parts


# A timescale wrapped in its cell: "September" above "2009", or a line going on in lower case.
_WRAPPED = re.compile(r"^(\d{4}\b|[a-z(])")


def _timescale_paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in _paragraphs(text):
        if out and _WRAPPED.match(paragraph):
            out[-1] += " " + paragraph
        else:
            out.append(paragraph)
    return out


# A step wrapped in its cell before a capital ("... provision in" above "Bedford Borough ..."): no
# step of a plan ends on one of these words.
_GOES_ON = re.compile(r"\b(in|of|the|and|to|for|a|an|with|by|at|on|from|or)$", re.I)


def _step_paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in (_MARK.sub("", p) for p in _paragraphs(text)):
        if out and _GOES_ON.search(out[-1]):
            out[-1] += " " + paragraph
        else:
            out.append(paragraph)
    return out


def milestone_steps(description: str, timescale: str) -> list[tuple[str, str]]:
    """The dated steps of an action kept together (split_row): when its Action cell has two or more
    paragraphs, each with a Timescale paragraph of its own (as many, not one said for all) and at
    least one naming a date, each paragraph is a milestone with its timescale, in order (seed 001's
    1.1.1: six steps from "Ongoing" to "March 2010"). A line the cell wrapped goes on with the one
    above: in a timescale, a year or a lower-case line; in the steps, where there are more paragraphs
    than timescales, a line after one ending on "in", "of", "the" ... Otherwise none: the action is one
    step."""
    timescales = _timescale_paragraphs(timescale)
    steps = [_MARK.sub("", p) for p in _paragraphs(description)]
    if len(steps) > len(timescales):
        # One more paragraph than timescales may be a step wrapped in its cell: read it joined.
        steps = _step_paragraphs(description)
    if len(steps) < 2 or len(timescales) != len(steps) or len(_distinct(timescales)) == 1:
        return []
    if not any(parse_timescale(t).due_date for t in timescales):
        return []
    return list(zip(steps, timescales, strict=True))


def detect(tables: list[Table]) -> int:
    return 70 if any(_is_header(row.cells) for t in tables for row in t.rows[:6]) else 0


_COLUMN_NAMES = dict(zip(FIELDS, ["Objective", "Action", "Responsibility", "By Whom", "Resources needed",
                                 "Timescale Plan", "Outcomes"], strict=True))


def _sub_objective(ref_cell: str, aim: str, row: int, top: ObjectiveIn) -> ObjectiveIn:
    """A numbered row's sub-objective. The Objective cell's first paragraph is the title, the others
    its description (as fixtures/seed_001_bedfordshire.yaml holds them); a line starting in lower
    case goes on with the line above (a wrapped sentence)."""
    title, _, description = re.sub(r"\n(?=[a-z])", " ", _MARK.sub("", aim)).partition("\n")
    return ObjectiveIn(re.sub(r"\s+", "", ref_cell), title.strip(), row, label="", parent_ref=top.ref,
                       description=description.strip())


def parse(tables: list[Table], ctx: Context) -> Parsed:
    parsed = Parsed(NAME)
    top = sub = None
    counters: dict[str, int] = {}
    expect_aims = False
    for table in tables:
        for row in table.rows:
            first = _MARK.sub("", row.cell(0))
            cells = [_MARK.sub("", c) for c in row.cells]
            filled = [c for c in cells if c]
            m = _TITLE.match(first) if len(filled) == 1 else None
            if m:
                top = ObjectiveIn(m.group(1), m.group(2).strip().rstrip(":").strip(), row.number, label="Objective")
                parsed.objectives.append(top)
                sub, expect_aims = None, True
                continue
            if _is_header(cells):
                expect_aims = False
                continue
            if expect_aims and len(filled) == 1 and top:
                top.description = "\n".join(x for x in (top.description, filled[0]) if x)
                continue
            if top is None:
                continue
            values = dict(zip(FIELDS, (row.cells[1:] + [""] * 7)[:7], strict=True))
            if _REF.match(first):
                sub = _sub_objective(first, values["aim"], row.number, top)
                parsed.objectives.append(sub)
                values["aim"] = ""
            elif first:
                parsed.problem(row.number, "Ref", f"'{first}' is not a reference such as 1.1")
                continue
            if sub is None:
                parsed.problem(row.number, "Ref", "an action row before the first numbered objective (1.1)")
                continue
            if not values["action"] and not values["aim"]:
                continue
            for part in split_row(values):
                counters[sub.ref] = counters.get(sub.ref, 0) + 1
                build_action(parsed, ctx, ref=f"{sub.ref}.{counters[sub.ref]}", objective_ref=sub.ref, row=row.number,
                             values=part, column_names=_COLUMN_NAMES)
    if not parsed.objectives:
        parsed.problem(None, "", "no 'Objective 1 - ...' title rows found")
    check_duplicates(parsed)
    return parsed
