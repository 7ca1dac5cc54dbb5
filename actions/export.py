"""Export of the plan in the portal's own layout (one row per action), as .xlsx or .csv.

The same layout imports back (layouts/portal.py reads these headers), so an export is also a
backup the admin can edit and re-import.

No cell can run as a formula: portal.spreadsheet writes both files (in .csv a leading apostrophe on
formula-like text, in .xlsx string cells with Excel's quote prefix), and reads the .csv escape back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from django.db.models import Prefetch, QuerySet

from actions.models import Action, Objective, ProgressUpdate
from partnerships.periods import year_label
from portal.spreadsheet import csv_bytes, escape_cell, unescape_cell, xlsx_bytes

# (header, key). The portal layout reader relies on these headers: change both together.
PORTAL_COLUMNS: list[tuple[str, str]] = [
    ("Plan year", "plan_year"),
    ("Objective refs", "objective_refs"),
    ("Objective titles", "objective_titles"),
    ("Ref", "ref"),
    ("Action", "action"),
    ("Aim", "aim"),
    ("Responsibility", "responsibility"),
    ("Lead agencies", "lead_agencies"),
    ("Lead people", "lead_people"),
    ("By whom", "by_whom"),
    ("Resources", "resources"),
    ("Cost", "cost"),
    ("Funding", "funding"),
    ("Timescale", "timescale"),
    ("Baseline", "baseline"),
    ("Measure", "measure"),
    ("Outputs", "outputs"),
    ("Outcome", "outcome"),
    ("Status", "status"),
    ("Latest progress quarter", "progress_quarter"),
    ("Latest progress", "progress"),
    ("Barriers", "barriers"),
    ("Comments", "comments"),
]
PORTAL_HEADERS = [header for header, _ in PORTAL_COLUMNS]

# Objective paths are written "1 > 1.1" and "Data Collection > Sharing information".
PATH_SEPARATOR = " > "


def escape_formula(value: str) -> str:
    """A .csv cell's text: a leading apostrophe on text a spreadsheet would run as a formula."""
    return escape_cell(value)


def unescape_formula(value: str) -> str:
    """The inverse of escape_formula, used when our own export is imported back."""
    return unescape_cell(value)


def _objective_path(objective: Objective, by_id: dict[int, Objective]) -> list[Objective]:
    path = [objective]
    seen = {objective.pk}
    while path[0].parent_id and path[0].parent_id not in seen:
        parent = by_id.get(path[0].parent_id)
        if parent is None:
            break
        seen.add(parent.pk)
        path.insert(0, parent)
    return path


def portal_rows(actions: QuerySet[Action]) -> Iterator[dict[str, str]]:
    """One dict per action, keyed by PORTAL_COLUMNS keys, all values text."""
    actions = actions.select_related("plan", "objective").prefetch_related(
        "lead_agencies",
        "lead_people",
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-year_start", "-quarter", "-recorded_at")),
    ).order_by("plan__year_start", "objective__order", "objective_id", "order", "id")
    plan_ids = set(actions.values_list("plan_id", flat=True))
    by_id = {o.pk: o for o in Objective.objects.filter(plan_id__in=plan_ids)}
    for action in actions:
        path = _objective_path(by_id.get(action.objective_id, action.objective), by_id)
        updates = list(action.updates.all())
        latest = updates[0] if updates else None
        yield {
            "plan_year": year_label(action.plan.year_start),
            "objective_refs": PATH_SEPARATOR.join(o.ref for o in path),
            "objective_titles": PATH_SEPARATOR.join(o.title.replace("\n", " ") for o in path),
            "ref": action.ref,
            "action": action.description,
            "aim": action.aim,
            "responsibility": action.responsibility,
            "lead_agencies": "; ".join(a.name for a in action.lead_agencies.all()),
            "lead_people": "; ".join(p.name for p in action.lead_people.all()),
            "by_whom": action.by_whom,
            "resources": action.resources,
            "cost": "" if action.cost is None else f"{action.cost:.2f}",
            "funding": action.funding_source,
            "timescale": action.timescale,
            "baseline": action.baseline,
            "measure": action.performance_measures,
            "outputs": action.outputs,
            "outcome": action.outcome,
            "status": action.get_status_display(),
            "progress_quarter": latest.period.label if latest else "",
            "progress": latest.narrative if latest else "",
            "barriers": latest.barriers if latest else "",
            "comments": action.comments,
        }


def _table(actions: QuerySet[Action]) -> Iterable[list[str]]:
    yield PORTAL_HEADERS
    for row in portal_rows(actions):
        yield [row[key] for _, key in PORTAL_COLUMNS]


def export_plan(actions: QuerySet[Action], fmt: Literal["xlsx", "csv"]) -> bytes:
    """The actions in the portal's layout as .xlsx or .csv (UTF-8 with BOM, so Excel reads £)."""
    if fmt == "csv":
        return csv_bytes(_table(actions))
    if fmt == "xlsx":
        return xlsx_bytes(_table(actions), title="Action plan", money=("Cost",))
    raise ValueError(f"unknown export format {fmt!r}: use 'xlsx' or 'csv'")
