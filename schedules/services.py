"""What the reporting calendar does: which steps are due on a day (`schedule_due`), and doing one
(`schedule_step_run`, the task's body): open the round, remind the outstanding leads, or send the
coordinators (and the responsible groups' chairs) a digest of who is still outstanding.

Each step of each quarter is done once: its ScheduledSend row is written in the same transaction as
the e-mails it queues, and the row's uniqueness turns a second run (a second machine, a cron line
that fired twice) into nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actions.emails import send_templated
from actions.models import UpdateRound
from actions.services import portal_url, round_locked, round_open, round_progress, round_remind
from partnerships.models import GroupMember, Membership, Role
from partnerships.periods import Quarter
from partnerships.permissions import Perm, require
from schedules.models import ReportingCalendar, ScheduledSend, Step

# A quarter whose last step is longer ago than this is history: run_schedule leaves it alone (a calendar
# set on an old plan opens no rounds for 2009).
GRACE = dt.timedelta(days=7)


@dataclass(frozen=True)
class DueStep:
    calendar: ReportingCalendar
    quarter: Quarter
    step: Step
    passed_over: bool = False  # a later step of the same kind is due too: this one is recorded, not sent


@transaction.atomic
def calendar_save(*, user: User, calendar: ReportingCalendar) -> ReportingCalendar:
    """Save a plan's calendar; rounds are then opened and chased in this coordinator's name."""
    require(user, calendar.plan.strategy.partnership, Perm.RUN_ROUNDS)
    calendar.set_by = user
    calendar._history_user = user  # type: ignore[attr-defined]
    calendar.save()
    return calendar


def schedule_due(today: dt.date) -> list[DueStep]:
    """Every step due on `today` that no run has done: of each quarter still current (its last step
    within GRACE of today), the steps on or before today. Of several reminders due at once (the
    command did not run for a while) only the latest is sent; the earlier are passed over."""
    calendars = list(ReportingCalendar.objects.filter(active=True).select_related("plan__strategy__partnership"))
    done = {(s.plan_id, s.year_start, s.quarter, s.step) for s in ScheduledSend.objects.filter(
        plan_id__in=[c.plan_id for c in calendars]).only("plan_id", "year_start", "quarter", "step")}
    due: list[DueStep] = []
    for calendar in calendars:
        for quarter in calendar.plan.quarters():
            steps = calendar.steps(quarter)
            if not steps or steps[-1].on + GRACE < today or steps[0].on > today:
                continue
            ready = [s for s in steps if s.on <= today
                     and (calendar.plan_id, quarter.year_start, quarter.number, s.key) not in done]
            last_reminder = max((s.on for s in ready if s.kind == "reminder"), default=None)
            for step in ready:
                passed = step.kind == "reminder" and step.on != last_reminder
                due.append(DueStep(calendar, quarter, step, passed_over=passed))
    return due


def _record(calendar: ReportingCalendar, quarter: Quarter, key: str, outcome: str, emails: int = 0,
            note: str = "") -> bool:
    """Claim the step: False when another run has it already (nothing is to be sent)."""
    try:
        with transaction.atomic():
            ScheduledSend.objects.create(plan=calendar.plan, year_start=quarter.year_start, quarter=quarter.number,
                                         step=key, done_at=timezone.now(), outcome=outcome, emails=emails,
                                         note=note[:500])
    except IntegrityError:
        return False
    return True


@transaction.atomic
def schedule_step_run(*, calendar_id: int, year_start: int, quarter: int, step_key: str,
                      passed_over: bool = False) -> str:
    """Do one step of a calendar for a quarter, once: the row is claimed first (a concurrent run waits
    for it, then finds it and does nothing), then the round opened, reminded or escalated in the
    calendar's coordinator's name, in the same transaction. A step the rules refuse (the quarter is
    locked, the round closed, the coordinator no longer runs rounds) is recorded as passed over."""
    calendar = ReportingCalendar.objects.select_related("plan__strategy__partnership", "set_by").get(pk=calendar_id)
    q = Quarter(year_start, quarter)
    step = next((s for s in calendar.steps(q) if s.key == step_key), None)
    if step is None:
        return "not a step of the calendar"
    if passed_over:
        return "passed over" if _record(calendar, q, step.key, ScheduledSend.Outcome.SKIPPED,
                                        note="a later reminder was due") else "done already"
    if not _record(calendar, q, step.key, ScheduledSend.Outcome.SENT):
        return "done already"
    try:
        with transaction.atomic():
            emails, note = _do(calendar, q, step)
    except (ValidationError, PermissionDenied) as error:
        note = "; ".join(getattr(error, "messages", None) or [str(error) or "not allowed"])
        ScheduledSend.objects.filter(plan=calendar.plan, year_start=year_start, quarter=quarter,
                                     step=step.key).update(outcome=ScheduledSend.Outcome.SKIPPED, note=note[:500])
        return f"passed over: {note}"
    ScheduledSend.objects.filter(plan=calendar.plan, year_start=year_start, quarter=quarter,
                                 step=step.key).update(emails=emails, note=note[:500])
    return f"{emails} e-mail{'s' if emails != 1 else ''}"


def _do(calendar: ReportingCalendar, quarter: Quarter, step: Step) -> tuple[int, str]:
    coordinator = calendar.set_by
    if coordinator is None or not coordinator.is_active:
        raise PermissionDenied("the coordinator who set the calendar has no active account")
    plan = calendar.plan
    round_ = UpdateRound.objects.filter(plan=plan, year_start=quarter.year_start, quarter=quarter.number).first()
    if step.kind == "open":
        if round_ is not None:
            raise ValidationError("the round was already open")
        _, sent = round_open(plan=plan, quarter=quarter, user=coordinator, due_on=calendar.deadline(quarter))
        return sent, "round opened"
    if round_ is None:
        raise ValidationError("no round is open for the quarter")
    if step.kind == "reminder":
        return round_remind(round_=round_, user=coordinator), "reminder"
    return _escalate(calendar, round_, coordinator), "digest"


def _escalate(calendar: ReportingCalendar, round_: UpdateRound, coordinator: User) -> int:
    """The digest of who is still outstanding, to each coordinator of the partnership (and, when the
    calendar says so, to the chairs of the groups responsible for the outstanding actions)."""
    partnership = calendar.plan.strategy.partnership
    require(coordinator, partnership, Perm.RUN_ROUNDS)
    round_locked(round_)  # closed, or its quarter's return issued: nobody left to chase
    progress = round_progress(round_.plan, round_.period)
    if not progress.outstanding:
        return 0
    to = {m.user.email.casefold(): m.user.email for m in Membership.objects.filter(
        partnership=partnership, role__in=[Role.COORDINATOR], user__is_active=True).select_related("user")
        if m.user.email}
    if calendar.escalate_to_chairs:
        outstanding = ([a.pk for lead in progress.leads for a in lead.outstanding]
                       + [u.action.pk for u in progress.nobody_to_chase])
        chairs = GroupMember.objects.filter(
            role=GroupMember.Role.CHAIR, group__partnership=partnership,
            group__actions__in=outstanding).select_related("person__user").distinct()
        for chair in chairs:
            email = chair.person.email or (chair.person.user.email if chair.person.user else "")
            if email:
                to.setdefault(email.casefold(), email)
    path = reverse("actions:round", kwargs={"partnership": partnership.slug, "pk": round_.pk})
    context = {"round": round_, "plan": round_.plan, "quarter": round_.period, "partnership": partnership,
               "progress": progress, "outstanding_leads": progress.outstanding_leads,
               "nobody_to_chase": progress.nobody_to_chase, "due_on": round_.due_on, "url": portal_url(path)}
    addresses = sorted(to.values(), key=str.casefold)

    def send() -> None:
        for address in addresses:
            send_templated("round_escalation", [address], context, about=round_)

    transaction.on_commit(send)
    return len(addresses)
