"""The plan page (the objective hierarchy with its actions, filtered by the query string) and its export."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from actions.export import export_plan
from actions.forms import PlanFilterForm
from actions.models import Action, ActionPlan, Objective, objective_tree
from actions.queries import PlanDirectory, PlanRow, filter_actions, partnership_plans, plan_rows
from partnerships.permissions import PartnershipRequest, Perm, partnership_view

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def pick_plan(request: PartnershipRequest, plans: list[ActionPlan]) -> ActionPlan | None:
    """?plan=<id> when it names one of the partnership's plans, else the latest plan (with a message)."""
    raw = request.GET.get("plan", "")
    if raw:
        named = next((p for p in plans if str(p.pk) == raw.strip()), None)
        if named:
            return named
        messages.warning(
            request, f"Filter “plan”: there is no plan “{raw}” in this partnership; showing the latest plan."
        )
    return plans[0] if plans else None


def action_base_url(request: PartnershipRequest) -> str:
    """The URL of the partnership's actions without the id: rows append '<pk>/' (reversing a thousand
    URLs costs more than the rest of the row)."""
    return reverse("actions:action", kwargs={"partnership": request.partnership.slug, "pk": 0}).removesuffix("0/")


def report_bad_filters(request: PartnershipRequest, form: PlanFilterForm) -> None:
    """One message per bad filter value, naming the URL parameter; the list is shown without it."""
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        raw = request.GET.get(name, "")
        reasons = "; ".join(str(e).rstrip(".") for e in errors)
        reasons = reasons[:1].lower() + reasons[1:]
        messages.warning(
            request,
            f"Filter “{name}” ({form[name].label}) ignored: “{raw}” — {reasons}. The list below is shown without it.",
        )


def plan_filter(request: PartnershipRequest, objectives: list[Objective],
                directory: PlanDirectory) -> tuple[PlanFilterForm, dict[str, Any]]:
    """The filter form bound to the query string (?plan= aside) and its valid values."""
    params = request.GET.copy()
    params.pop("plan", None)
    form = PlanFilterForm(params or None, objectives=objectives, agencies=directory.agencies, people=directory.people)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        report_bad_filters(request, form)
    return form, data


class PrintedRow(TypedDict):
    """A PlanRow's cells as the plan table prints them, each text already HTML-escaped."""

    ref: SafeString
    url: SafeString
    description: SafeString
    lead: SafeString
    timescale: SafeString
    overdue: bool
    status: SafeString
    status_label: SafeString
    latest_period: SafeString
    latest_text: SafeString


def _escaped(text: str) -> SafeString:
    # What django.utils.html.escape returns, without its lazy-string wrapper (a microsecond a cell).
    return SafeString(html.escape(text))


def printed_row(row: PlanRow) -> PrintedRow:
    """The row's cells escaped once, as a dict: the template engine escaping ten cells and looking
    them up as attributes was half of a thousand rows' rendering. The markup stays in plan.html;
    the output is the same bytes as printing the PlanRow with autoescaping."""
    return {
        "ref": _escaped(row.ref), "url": _escaped(row.url), "description": _escaped(row.description),
        "lead": _escaped(row.lead), "timescale": _escaped(row.timescale), "overdue": row.overdue,
        "status": _escaped(row.status), "status_label": _escaped(row.status_label),
        "latest_period": _escaped(row.latest_period), "latest_text": _escaped(row.latest_text),
    }


@dataclass
class PlanSection:
    """An objective's heading on the plan page and the rows of the actions directly under it
    (`printed`: the same rows ready for the template)."""

    objective: Objective
    depth: int
    heading_level: int
    rows: list[PlanRow] = field(default_factory=list)
    has_rows_below: bool = False
    printed: list[PrintedRow] = field(default_factory=list)


def plan_sections(objectives: list[Objective], rows: list[PlanRow], filtering: bool) -> list[PlanSection]:
    """The objectives in reading order with their rows; when filtering, the branches with no match go."""
    by_objective: dict[int, list[PlanRow]] = defaultdict(list)
    for row in rows:
        by_objective[row.objective_id].append(row)
    ordered, _ = objective_tree(objectives)
    sections = []
    for o, depth in ordered:
        section_rows = by_objective.get(o.pk, [])
        sections.append(PlanSection(o, depth, min(depth + 2, 6), section_rows,
                                    printed=[printed_row(r) for r in section_rows]))
    # Keep an objective's heading when anything below it matches.
    for i, section in enumerate(sections):
        for below in sections[i + 1:]:
            if below.depth <= section.depth:
                break
            if below.rows:
                section.has_rows_below = True
                break
    if filtering:
        sections = [s for s in sections if s.rows or s.has_rows_below]
    return sections


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def plan(request: PartnershipRequest) -> HttpResponse:
    """The objective hierarchy of one plan with its actions, filtered by the query string."""
    plans = partnership_plans(request.partnership)
    action_plan = pick_plan(request, plans)
    if action_plan is None:
        return render(request, "actions/plan.html", {
            "plan": None, "plans": plans, "can_edit": Perm.EDIT_PLAN in request.perms,
            "can_import": Perm.IMPORT_DATA in request.perms,
        })
    objectives = list(action_plan.objectives.all())
    directory = PlanDirectory.load(request.partnership)
    form, data = plan_filter(request, objectives, directory)
    today = timezone.localdate()
    actions = filter_actions(Action.objects.filter(plan=action_plan), data, request.membership, objectives, today)
    rows = plan_rows(actions, action_base_url(request), today, leads=directory.lead_names(actions))
    filtering = form.active()
    query = request.GET.copy()
    query["plan"] = str(action_plan.pk)
    export_base = reverse("actions:plan_export", kwargs={"partnership": request.partnership.slug, "fmt": "xlsx"})
    return render(request, "actions/plan.html", {
        "plan": action_plan, "plans": plans, "form": form, "sections": plan_sections(objectives, rows, filtering),
        "count": len(rows), "total": action_plan.actions.count() if filtering else len(rows), "filtering": filtering,
        "query": query.urlencode(), "export_xlsx": export_base, "export_csv": export_base.replace(".xlsx", ".csv"),
        "can_edit": Perm.EDIT_PLAN in request.perms,
    })


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def plan_export(request: PartnershipRequest, fmt: str) -> HttpResponse:
    """The filtered plan as .xlsx or .csv, written by actions.export."""
    if fmt not in EXPORT_TYPES:
        raise Http404("Export as .xlsx or .csv")
    action_plan = pick_plan(request, partnership_plans(request.partnership))
    if action_plan is None:
        raise Http404("This partnership has no plan yet")
    objectives = list(action_plan.objectives.all())
    _, data = plan_filter(request, objectives, PlanDirectory.load(request.partnership))
    actions = filter_actions(Action.objects.filter(plan=action_plan), data, request.membership, objectives,
                             timezone.localdate())
    response = HttpResponse(export_plan(actions, fmt), content_type=EXPORT_TYPES[fmt])  # type: ignore[arg-type]
    filename = f"{request.partnership.slug}-plan-{action_plan.year_label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
