"""The partnership's home: my actions (due, overdue, awaiting my update) and the plan at a glance."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.models import CLOSED_STATUSES, STATUS_LABELS, Action, ActionPlan, Status, UpdateRound, objective_tree
from actions.queries import PlanRow, current_plans, partnership_plans, plan_rows
from actions.services import round_leads
from actions.views.plan import action_base_url, pick_plan
from partnerships.models import Membership
from partnerships.periods import Quarter
from partnerships.permissions import PartnershipRequest, Perm, partnership_view

STATUS_ORDER = [value for value, _ in Status.choices]


def awaiting_update(membership: Membership, rounds: list[UpdateRound],
                    my_rows: list[PlanRow]) -> list[tuple[UpdateRound, list[PlanRow]]]:
    """Per open round, my rows still without an update for its quarter (as the round's page counts them)."""
    awaiting = []
    for round_ in rounds:
        mine = next((lead for lead in round_leads(round_.plan, round_.period) if lead.membership.pk == membership.pk),
                    None)
        outstanding = {a.pk for a in mine.outstanding} if mine else set()
        awaiting.append((round_, [row for row in my_rows if row.pk in outstanding]))
    return awaiting


def plan_at_a_glance(plan: ActionPlan) -> dict[str, Any]:
    """Actions by status per top-level objective: a table and the data for a stacked bar chart."""
    objectives = list(plan.objectives.only("pk", "parent_id", "ref", "label", "title", "order", "level"))
    ordered, root_of = objective_tree(objectives)
    tops = [o for o, depth in ordered if depth == 0]
    counts: dict[int, Counter[str]] = {o.pk: Counter() for o in tops}
    for objective_id, status, n in (
        Action.objects.filter(plan=plan).values_list("objective_id", "status").annotate(n=Count("pk")).order_by()
    ):
        root = root_of.get(objective_id)
        if root is not None:
            counts[root][status] += n
    rows = [
        {"objective": o, "counts": [counts[o.pk].get(s, 0) for s in STATUS_ORDER], "total": sum(counts[o.pk].values())}
        for o in tops
    ]
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(STATUS_ORDER))]  # type: ignore[index]
    chart = {
        "labels": [o.heading or o.title[:30] for o in tops],
        "titles": [o.title for o in tops],
        "datasets": [
            {"status": s, "label": STATUS_LABELS[s], "data": [r["counts"][i] for r in rows]}  # type: ignore[index]
            for i, s in enumerate(STATUS_ORDER)
        ],
    }
    return {"statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER], "rows": rows, "totals": totals,
            "total": sum(totals), "chart": chart}


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def dashboard(request: PartnershipRequest) -> HttpResponse:
    """The partnership's home: my actions, and the plan at a glance."""
    partnership = request.partnership
    if Perm.VIEW_PLAN not in request.perms:
        # Viewers read published reports only.
        return redirect("reports:index", partnership=partnership.slug)
    today = timezone.localdate()
    this_quarter = Quarter.containing(today)
    plans = partnership_plans(partnership)
    plan = pick_plan(request, plans)

    # My actions: those of the partnership's current plans (the latest year of each strategy).
    my_actions = Action.objects.filter(plan__in=[p.pk for p in current_plans(plans)]).led_by(request.membership)
    my_rows = plan_rows(my_actions, action_base_url(request), today)  # the dashboard shows no lead column
    my_due = [
        r for r in my_rows
        if r.due_date and this_quarter.start <= r.due_date <= this_quarter.end and r.status not in CLOSED_STATUSES
    ]
    open_rounds = list(UpdateRound.objects.in_partnership(partnership).filter(closed_at=None)
                       .select_related("plan__strategy__partnership"))
    return render(request, "actions/dashboard.html", {
        "plan": plan, "plans": plans, "this_quarter": this_quarter, "my_rows": my_rows, "my_due": my_due,
        "my_overdue": [r for r in my_rows if r.overdue],
        "awaiting": awaiting_update(request.membership, open_rounds, my_rows) if my_rows else [],
        "glance": plan_at_a_glance(plan) if plan else None,
        "leads_actions": bool(request.membership.agency_id or request.membership.person_id),
    })
