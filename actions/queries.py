"""Reads the plan pages share: the partnership's plans, the plan filter, and the plan table's rows.
Lists are built in a fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Exists, OuterRef, Q, Subquery

from actions.models import (
    CLOSED_STATUSES,
    STATUS_LABELS,
    Action,
    ActionPlan,
    ActionQuerySet,
    Milestone,
    Objective,
    ProgressUpdate,
    QuarterLock,
    UpdateRound,
)
from partnerships.models import Agency, Membership, Partnership, Person
from partnerships.periods import Quarter


def partnership_plans(partnership: Partnership) -> list[ActionPlan]:
    """The partnership's plans, latest year first."""
    return list(
        ActionPlan.objects.in_partnership(partnership)
        .select_related("strategy")
        .order_by("-year_start", "strategy__title", "pk")
    )


def current_plans(plans: list[ActionPlan]) -> list[ActionPlan]:
    """The latest year of each strategy, from plans ordered latest year first."""
    seen: set[int] = set()
    current = []
    for plan in plans:
        if plan.strategy_id not in seen:
            seen.add(plan.strategy_id)
            current.append(plan)
    return current


def reporting_quarter(plan: ActionPlan, open_rounds: list[UpdateRound], locked: set[Quarter],
                      today: dt.date) -> Quarter:
    """The quarter the plan's people report on now, never today's calendar quarter when the plan is of
    another year: its open round's quarter (the latest, if several are open); else the latest of its
    quarters that has begun and is not locked (a past plan: its last unlocked quarter); else, for a
    plan whose year has not begun, its first quarter; else (every quarter locked) its last."""
    rounds = sorted((r.period for r in open_rounds if r.plan_id == plan.pk), key=lambda q: q.index)
    if rounds:
        return rounds[-1]
    quarters = plan.quarters()
    begun = [q for q in quarters if q.start <= today]
    if not begun:
        return quarters[0]
    unlocked = [q for q in begun if q not in locked]
    return unlocked[-1] if unlocked else quarters[-1]


def locked_quarters(plans: list[ActionPlan]) -> dict[int, set[Quarter]]:
    """Per plan, its quarters locked by an issued return and not reopened (one query)."""
    locked: dict[int, set[Quarter]] = defaultdict(set)
    for plan_id, year_start, number in QuarterLock.objects.filter(
        plan__in=[p.pk for p in plans], reopened_at=None
    ).values_list("plan_id", "year_start", "quarter"):
        locked[plan_id].add(Quarter(year_start, number))
    return locked


@dataclass
class PlanDirectory:
    """The partnership's agencies and people, read once per request (for the filter and lead names)."""

    agencies: list[Agency]
    people: list[Person]

    @classmethod
    def load(cls, partnership: Partnership) -> PlanDirectory:
        return cls(
            list(Agency.objects.in_partnership(partnership).only("pk", "name", "short_name")),
            list(Person.objects.in_partnership(partnership).only("pk", "name")),
        )

    def agency_names(self) -> dict[int, str]:
        return {a.pk: str(a) for a in self.agencies}

    def person_names(self) -> dict[int, str]:
        return {p.pk: str(p) for p in self.people}

    def lead_names(self, actions: ActionQuerySet) -> dict[int, str]:
        """'Agency, Agency, Person' per action, in two queries for any number of actions (the actions
        go in as a subquery: a list of a thousand ids costs more to build than the query takes to run)."""
        agencies, people = self.agency_names(), self.person_names()
        names: dict[int, list[str]] = defaultdict(list)
        subquery = actions.order_by().values("pk")
        for action_id, agency_id in Action.lead_agencies.through.objects.filter(action_id__in=subquery).values_list(
            "action_id", "agency_id"
        ).order_by("action_id", "agency_id"):
            names[action_id].append(agencies.get(agency_id, ""))
        for action_id, person_id in Action.lead_people.through.objects.filter(action_id__in=subquery).values_list(
            "action_id", "person_id"
        ).order_by("action_id", "person_id"):
            names[action_id].append(people.get(person_id, ""))
        return {k: ", ".join(n for n in v if n) for k, v in names.items()}


@dataclass(slots=True)
class PlanRow:
    """One action as the plan table shows it: every cell ready to print, so the row template does
    nothing but print (a thousand rows go through it)."""

    pk: int
    url: str
    ref: str
    description: str
    lead: str
    timescale: str
    status: str
    status_label: str
    overdue: bool
    latest_period: str
    latest_text: str
    objective_id: int
    plan_id: int
    due_date: dt.date | None


def shorten(text: str, limit: int) -> str:
    """Cut long text at a word for a table cell (Truncator is too slow for a thousand rows)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


# The order Action.Meta gives (plan, order, id: the plan as ActionPlan.Meta orders it, and so on up to
# the partnership's name), without the partnership's name: the rows are always of one partnership, and
# sorting a thousand rows on a text column under the database's collation took 10 ms on PostgreSQL.
ROW_ORDER = ("-plan__strategy__period_start", "-plan__year_start", "plan_id", "order", "pk")


def latest_updates(actions: ActionQuerySet) -> dict[int, tuple[int, int, str]]:
    """The latest update of each action as {action id: (year_start, quarter, narrative)}, in one query.

    One update per action per quarter (the update_one_per_quarter constraint), so the latest is the
    last in (year_start, quarter) order: the constraint's index read backwards. On PostgreSQL that is
    DISTINCT ON over the index merged with the actions' ids (no sort; 2 ms for 1,000 actions and 8,000
    updates, against 26 ms for a correlated subquery per action, run twice); elsewhere each action's
    latest id comes from the same index through a subquery."""
    ids = actions.order_by().values("pk")
    updates = ProgressUpdate.objects.filter(action_id__in=ids).order_by()
    if connections[actions.db].vendor == "postgresql":
        latest = updates.order_by("-action_id", "-year_start", "-quarter").distinct("action_id")
    else:
        last = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-year_start", "-quarter")
        latest = ProgressUpdate.objects.filter(
            pk__in=actions.order_by().annotate(latest_id=Subquery(last.values("pk")[:1])).values("latest_id")
        ).order_by()
    return {
        action_id: (year, quarter, narrative)
        for action_id, year, quarter, narrative in latest.values_list("action_id", "year_start", "quarter", "narrative")
    }


def plan_rows(actions: ActionQuerySet, base_url: str, today: dt.date,
              leads: dict[int, str] | None = None) -> list[PlanRow]:
    """The table rows for a filtered set of actions (of one partnership), in 2 queries (actions, their
    latest updates), read as plain values (no model instances: a thousand rows must stay cheap).
    `leads`: the lead names per action (PlanDirectory.lead_names) for a table that shows them; else
    `by_whom`."""
    if not actions.query.order_by:
        actions = actions.order_by(*ROW_ORDER)
    # Overdue by Action.is_overdue's rule, an action with milestones by its own open ones: two EXISTS in
    # the same query.
    milestones = Milestone.objects.filter(action=OuterRef("pk"))
    late = milestones.filter(due_on__lt=today).filter(Q(completed_on=None) | Q(completed_on__gt=today))
    values = list(
        actions.annotate(has_milestones=Exists(milestones), late_milestone=Exists(late)).values_list(
            "pk", "ref", "description", "timescale", "due_date", "status", "objective_id", "plan_id", "by_whom",
            "has_milestones", "late_milestone",
        )
    )
    latest = {
        action_id: (Quarter(year, quarter).label, shorten(narrative, 240))
        for action_id, (year, quarter, narrative) in (latest_updates(actions) if values else {}).items()
    }
    leads = leads or {}
    rows = []
    for (pk, ref, description, timescale, due_date, status, objective_id, plan_id, by_whom, has_milestones,
         late_milestone) in values:
        period, text = latest.get(pk, ("", ""))
        is_open = status not in CLOSED_STATUSES
        overdue = is_open and (late_milestone if has_milestones else bool(due_date and due_date < today))
        rows.append(PlanRow(
            pk=pk, url=f"{base_url}{pk}/", ref=ref, description=description, lead=leads.get(pk) or by_whom,
            timescale=timescale, status=status, status_label=STATUS_LABELS.get(status, status),
            overdue=overdue,
            latest_period=period, latest_text=text, objective_id=objective_id, plan_id=plan_id, due_date=due_date,
        ))
    return rows


def _objective_and_below(chosen: Objective, objectives: list[Objective]) -> set[int]:
    below = {chosen.pk}
    changed = True
    while changed:
        changed = False
        for o in objectives:
            if o.parent_id in below and o.pk not in below:
                below.add(o.pk)
                changed = True
    return below


def filter_actions(actions: ActionQuerySet, data: dict[str, Any], membership: Membership,
                   objectives: list[Objective], today: dt.date) -> ActionQuerySet:
    """Apply the plan filter's valid values (PlanFilterForm.cleaned_data; invalid ones were dropped)."""
    if data.get("objective"):
        actions = actions.filter(objective_id__in=_objective_and_below(data["objective"], objectives))
    if data.get("agency"):
        actions = actions.filter(
            pk__in=Action.lead_agencies.through.objects.filter(agency=data["agency"]).values("action_id")
        )
    if data.get("person"):
        actions = actions.filter(
            pk__in=Action.lead_people.through.objects.filter(person=data["person"]).values("action_id")
        )
    if data.get("status"):
        actions = actions.filter(status=data["status"])
    if data.get("cadence") == "dated":
        actions = actions.filter(due_date__isnull=False)
    elif data.get("cadence"):
        actions = actions.filter(cadence=data["cadence"])
    if data.get("due_from"):
        actions = actions.filter(due_date__gte=data["due_from"])
    if data.get("due_to"):
        actions = actions.filter(due_date__lte=data["due_to"])
    if data.get("overdue"):
        actions = actions.overdue(today)
    if data.get("mine"):
        actions = actions.led_by(membership)
    if data.get("q"):
        text = data["q"].strip()
        actions = actions.filter(
            Q(description__icontains=text) | Q(outcome__icontains=text) | Q(by_whom__icontains=text)
            | Q(ref__icontains=text) | Q(aim__icontains=text)
        )
    return actions
