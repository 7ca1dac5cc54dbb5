"""The portal's own export layout (actions.export): it imports back to the same plan."""

from __future__ import annotations

from actions.export import PATH_SEPARATOR, PORTAL_COLUMNS, unescape_formula
from legacy.layouts.base import HeaderRow, build_action, check_duplicates, key
from legacy.layouts.protocol import Context
from legacy.parsed import ObjectiveIn, Parsed
from legacy.readers import Table

NAME = "portal"
TITLE = "Portal export (this portal's own layout)"
_HEADERS = {key(h): k for h, k in PORTAL_COLUMNS}


def _header(tables: list[Table]) -> HeaderRow | None:
    """The export's header row (within a table's first five): it names at least Objective refs, Ref and Action."""
    for table in tables:
        for index, row in enumerate(table.rows[:5]):
            columns = {_HEADERS[key(c)]: i for i, c in enumerate(row.cells) if key(c) in _HEADERS}
            if {"objective_refs", "ref", "action"} <= columns.keys():
                return HeaderRow(table, index, columns)
    return None


def detect(tables: list[Table]) -> int:
    header = _header(tables)
    return 100 + len(header.columns) if header else 0


def parse(tables: list[Table], ctx: Context) -> Parsed:
    # The export writes no objective labels or details: the plan keeps what it has.
    parsed = Parsed(NAME, objective_titles_only=True)
    header = _header(tables)
    if not header:
        parsed.problem(None, "", "the portal export headers (Objective refs, Ref, Action) are missing")
        return parsed
    names = {k: h for h, k in PORTAL_COLUMNS}
    known: set[str] = set()
    for row in header.body:
        values = {k: unescape_formula(row.cell(i)) for k, i in header.columns.items()}
        refs = [r.strip() for r in values.get("objective_refs", "").split(PATH_SEPARATOR.strip())]
        titles = [t.strip() for t in values.get("objective_titles", "").split(PATH_SEPARATOR)]
        if not refs or not refs[0]:
            parsed.problem(row.number, "Objective refs", "the objective reference is empty")
            continue
        for level, ref in enumerate(refs):
            if ref not in known:
                known.add(ref)
                title = titles[level] if level < len(titles) else ref
                parent_ref = refs[level - 1] if level else None
                parsed.objectives.append(ObjectiveIn(ref, title, row.number, parent_ref=parent_ref))
        values["lead"] = "; ".join(x for x in (values.pop("lead_agencies", ""), values.pop("lead_people", "")) if x)
        if not values.get("ref"):
            parsed.problem(row.number, "Ref", "the reference is empty")
            continue
        build_action(parsed, ctx, ref=values["ref"], objective_ref=refs[-1], row=row.number, values=values,
                     column_names=names)
    check_duplicates(parsed)
    return parsed
