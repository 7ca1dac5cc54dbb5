"""The partnership's home: my actions (due, overdue, awaiting my update) and the plan at a glance."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.models import (
    CLOSED_STATUSES,
    STATUS_LABELS,
    Action,
    ActionPlan,
    ActionQuerySet,
    ProgressUpdate,
    Status,
    UpdateRound,
    objective_tree,
)
from actions.queries import (
    ROW_ORDER,
    PlanRow,
    current_plans,
    locked_quarters,
    partnership_plans,
    plan_rows,
    reporting_quarter,
)
from actions.services import round_progress
from actions.views.plan import action_base_url, pick_plan
from indicators.models import Bvpi225Answer
from part4.queries import warnings as part4_warnings
from partnerships.models import GroupMember, Meeting
from partnerships.periods import Quarter
from partnerships.permissions import PartnershipRequest, Perm, may_sign_off_bvpi, partnership_view
from schedules.models import ReportingCalendar

STATUS_ORDER = [value for value, _ in Status.choices]
TODO_SHOWN = 10  # rows per to-do list on the home page; the rest are a link away


@dataclass
class TodoList:
    """The first rows of a to-do list and how many it holds in all."""

    rows: list[PlanRow]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def _first_rows(actions: ActionQuerySet, base_url: str, today: dt.date) -> TodoList:
    """The first TODO_SHOWN rows in plan order and the count (three queries: a home page prints ten rows,
    not the hundreds a large plan may have overdue)."""
    ids = list(actions.order_by(*ROW_ORDER).values_list("pk", flat=True)[:TODO_SHOWN])
    count = len(ids) if len(ids) < TODO_SHOWN else actions.count()
    rows = plan_rows(Action.objects.filter(pk__in=ids), base_url, today) if ids else []
    return TodoList(rows, count)


@dataclass
class PushedBack:
    row: PlanRow
    first_due: dt.date


def coordinator_todo(plan: ActionPlan, quarter: Quarter, open_rounds: list[UpdateRound], today: dt.date,
                     base_url: str) -> dict[str, Any]:
    """What a coordinator has to act on in the plan: the round's progress (in / outstanding / nobody to
    chase), off-track and at-risk actions, overdue ones, open actions silent for two quarters (no update
    for the reporting quarter nor the one before), timescales pushed back (due later than first
    recorded), and the next return's date. A fixed number of queries whatever the size of the plan."""
    round_ = next((r for r in open_rounds if r.plan_id == plan.pk), None)
    progress = round_progress(plan, round_.period) if round_ else None
    actions = Action.objects.filter(plan=plan)
    concern = _first_rows(actions.filter(status__in=[Status.OFF_TRACK, Status.AT_RISK]), base_url, today)
    overdue = _first_rows(actions.overdue(today), base_url, today)
    recent = [q for q in plan.quarters() if q.index <= quarter.index][-2:]
    silent: TodoList | None = None
    if len(recent) == 2:
        heard = ProgressUpdate.objects.filter(action__plan=plan).filter(
            Q(year_start=recent[0].year_start, quarter=recent[0].number)
            | Q(year_start=recent[1].year_start, quarter=recent[1].number)
        ).values("action_id")
        silent = _first_rows(actions.open().exclude(pk__in=heard), base_url, today)
    # Each action's first recorded due date, from its history (one query): due later now = pushed back.
    first_due: dict[int, dt.date] = {}
    for action_id, due in (Action.history.filter(plan_id=plan.pk).exclude(due_date=None)
                           .order_by("id", "history_date", "history_id").values_list("id", "due_date")):
        first_due.setdefault(action_id, due)
    pushed = [
        PushedBack(row, first_due[row.pk])
        for row in plan_rows(actions.filter(pk__in=list(first_due), due_date__isnull=False), base_url, today)
        if row.due_date and row.due_date > first_due[row.pk]
    ] if first_due else []
    due_on = round_.due_on if round_ else None
    if due_on is None:
        calendar = ReportingCalendar.objects.filter(plan=plan, active=True).first()
        due_on = calendar.deadline(quarter) if calendar else None
    return {
        "round": round_, "progress": progress, "concern": concern, "overdue": overdue,
        "silent": silent, "silent_quarters": recent if len(recent) == 2 else [], "pushed": pushed[:TODO_SHOWN],
        "pushed_count": len(pushed),
        "next_return": {"quarter": quarter, "due_on": due_on}, "shown": TODO_SHOWN,
    }


def member_todo(request: PartnershipRequest, today: dt.date) -> dict[str, Any] | None:
    """A member's or chair's groups with their next meeting, the returns they may review, and BVPI 225
    answers waiting for their sign-off. None when they sit on no group and sign nothing off."""
    membership = request.membership
    places = list(GroupMember.objects.filter(person_id=membership.person_id, group__partnership=request.partnership)
                  .select_related("group").order_by("group__name")) if membership.person_id else []
    next_meeting: dict[int, Meeting] = {}
    if places:
        for meeting in Meeting.objects.filter(group_id__in=[p.group_id for p in places], date__gte=today) \
                .order_by("group_id", "date"):
            next_meeting.setdefault(meeting.group_id, meeting)
    signs_off = may_sign_off_bvpi(request.user, request.partnership)
    waiting = 0
    if signs_off:
        waiting = Bvpi225Answer.objects.filter(
            assessment__partnership=request.partnership, year_end_answer__isnull=False, signed_off_on=None,
        ).count()
    if not places and not signs_off:
        return None
    return {
        "groups": [{"place": p, "group": p.group, "meeting": next_meeting.get(p.group_id)} for p in places],
        "reads_drafts": Perm.READ_DRAFT_RETURNS in request.perms and bool(places),
        "signs_off": signs_off, "bvpi_waiting": waiting,
    }


def awaiting_update(rounds: list[UpdateRound], my_rows: list[PlanRow]) -> list[tuple[UpdateRound, list[PlanRow]]]:
    """Per open round, my rows of its plan still without an update for its quarter (the actions the
    round's page counts as outstanding for me). One query for all the rounds."""
    rounds = [r for r in rounds if any(row.plan_id == r.plan_id for row in my_rows)]  # rounds asking me
    if not rounds:
        return []
    in_rounds = Q(pk__in=[])
    for round_ in rounds:
        in_rounds |= Q(action__plan_id=round_.plan_id, year_start=round_.year_start, quarter=round_.quarter)
    updated: set[tuple[int, int, int, int]] = {
        (plan_id, year, quarter, action_id) for plan_id, year, quarter, action_id in
        ProgressUpdate.objects.filter(in_rounds, action_id__in=[r.pk for r in my_rows]).values_list(
            "action__plan_id", "year_start", "quarter", "action_id")
    }
    return [
        (round_, [row for row in my_rows if row.plan_id == round_.plan_id
                  and (round_.plan_id, round_.year_start, round_.quarter, row.pk) not in updated])
        for round_ in rounds
    ]


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
    plans = partnership_plans(partnership)
    plan = pick_plan(request, plans)
    open_rounds = list(UpdateRound.objects.in_partnership(partnership).filter(closed_at=None)
                       .select_related("plan").order_by("-year_start", "-quarter"))

    # My actions: those of the plans people report on now: the latest year of each strategy, and any
    # plan with an open round (an import of next year's plan does not hide the round still running).
    my_plans = {p.pk: p for p in current_plans(plans)} | {r.plan_id: r.plan for r in open_rounds}
    locked = locked_quarters(list(my_plans.values()) + ([plan] if plan else []))
    quarters = {pk: reporting_quarter(p, open_rounds, locked[pk], today) for pk, p in my_plans.items()}
    my_actions = Action.objects.filter(plan__in=list(my_plans)).led_by(request.membership)
    my_rows = plan_rows(my_actions, action_base_url(request), today)  # the dashboard shows no lead column
    my_due = [
        r for r in my_rows
        if r.due_date and quarters[r.plan_id].start <= r.due_date <= quarters[r.plan_id].end
        and r.status not in CLOSED_STATUSES
    ]
    may_record = Perm.RECORD_PROGRESS in request.perms
    plan_quarter = reporting_quarter(plan, open_rounds, locked[plan.pk], today) if plan else None
    return render(request, "actions/dashboard.html", {
        "plan": plan, "plans": plans, "plan_quarter": plan_quarter, "my_rows": my_rows, "my_due": my_due,
        "my_plans": list(my_plans.values()), "due_quarters": sorted(set(quarters.values()), key=lambda q: q.index),
        "my_overdue": [r for r in my_rows if r.overdue],
        "awaiting": awaiting_update(open_rounds, my_rows) if my_rows and may_record else [],
        "glance": plan_at_a_glance(plan) if plan else None,
        "leads_actions": bool(request.membership.agency_id or request.membership.person_id),
        "coordinator": (coordinator_todo(plan, plan_quarter, open_rounds, today, action_base_url(request))
                        if plan and plan_quarter and Perm.RUN_ROUNDS in request.perms else None),
        "member": member_todo(request, today),
        # The statutory duties' warnings (the Part 4 strategy's review clock) for those who run the plan.
        "duty_warnings": part4_warnings(partnership, today) if Perm.RUN_ROUNDS in request.perms else [],
    })
