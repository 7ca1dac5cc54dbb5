"""The reporting calendar's pages: each plan's calendar with its dates per quarter, and its form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from actions.models import ActionPlan
from actions.queries import partnership_plans
from partnerships.permissions import PartnershipRequest, Perm, partnership_view, require
from schedules.forms import CalendarForm
from schedules.models import ReportingCalendar, ScheduledSend
from schedules.services import calendar_save


@require_http_methods(["GET"])
@partnership_view(Perm.RUN_ROUNDS)
def index(request: PartnershipRequest) -> HttpResponse:
    plans = partnership_plans(request.partnership)
    calendars = {c.plan_id: c for c in ReportingCalendar.objects.in_partnership(request.partnership)
                 .select_related("set_by")}
    done = {(s.plan_id, s.year_start, s.quarter, s.step): s
            for s in ScheduledSend.objects.in_partnership(request.partnership)}
    rows = []
    for plan in plans:
        calendar = calendars.get(plan.pk)
        quarters = []
        if calendar is not None:
            for quarter in plan.quarters():
                steps = [(step, done.get((plan.pk, quarter.year_start, quarter.number, step.key)))
                         for step in calendar.steps(quarter)]
                quarters.append((quarter, calendar.deadline(quarter), steps))
        rows.append((plan, calendar, quarters))
    return render(request, "schedules/index.html", {"rows": rows})


def _plan(request: PartnershipRequest, pk: int) -> ActionPlan:
    """The partnership's plan (another partnership's: 404, whatever the role), then the role's say (403)."""
    plan = ActionPlan.objects.in_partnership(request.partnership).select_related("strategy__partnership").filter(
        pk=pk).first()
    if plan is None:
        raise Http404("No such plan in this partnership")
    require(request.user, request.partnership, Perm.RUN_ROUNDS)
    return plan


@require_http_methods(["GET", "POST"])
@partnership_view()
def edit(request: PartnershipRequest, plan_pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    calendar = ReportingCalendar.objects.filter(plan=plan).first() or ReportingCalendar(
        plan=plan, reminders_before=[7], reminders_after=[1, 5], escalate_days_after=7)
    form = CalendarForm(request.POST or None, instance=calendar)
    if request.method == "POST":
        if form.is_valid():
            calendar_save(user=request.user, calendar=form.save(commit=False))
            messages.success(request, f"The reporting calendar of {plan.title} ({plan.year_label}) is saved; "
                                      f"rounds are opened and chased in your name.")
            return redirect("schedules:index", partnership=request.partnership.slug)
        return render(request, "schedules/edit.html", {"plan": plan, "form": form}, status=400)
    return render(request, "schedules/edit.html", {"plan": plan, "form": form})
