"""An action's milestones: the dated steps of one action, each with its own text, timescale and due date.

The services add, edit, complete and remove them for a user who may edit the plan (as the action form
asks), each under one transaction, and keep the action due at its last dated milestone (Action.due_date,
so the plan's filters, its history and the return's "timescales pushed back" follow it).
`milestones_for` reads the milestones of many actions in one query, now or as they stood at a moment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actions.models import Action, Milestone, due_at_last_milestone
from actions.timescale import parse_timescale
from partnerships.limits import SHORT_TEXT
from partnerships.permissions import Perm, User, require

TIMESCALE_LENGTH = Milestone._meta.get_field("timescale").max_length or 300


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Say what the milestone is."})
    if len(text) > SHORT_TEXT:
        raise ValidationError(
            {"text": f"A milestone is at most {SHORT_TEXT:,} characters (this one is {len(text):,})."})
    return text


def _clean_timescale(timescale: str) -> str:
    timescale = (timescale or "").strip()
    if len(timescale) > TIMESCALE_LENGTH:
        raise ValidationError({"timescale": f"A timescale is at most {TIMESCALE_LENGTH} characters."})
    return timescale


def _refresh_due_date(action: Action) -> Action:
    """Keep the action due at its last dated milestone, or at its own timescale when none is dated."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    last = due_at_last_milestone(list(current.milestones.all()))
    due = last or parse_timescale(current.timescale).due_date
    if current.due_date != due:
        current.due_date = due
        current.save(update_fields=["due_date", "updated_at"])
    action.due_date = current.due_date
    return current


@transaction.atomic
def milestone_add(*, user: User, action: Action, text: str, timescale: str = "",
                  due_on: dt.date | None = None) -> Milestone:
    """A new milestone at the end of the action's list. Its due date is read from the timescale unless
    given; an unreadable timescale is kept as written with no due date."""
    require(user, action.partnership, Perm.EDIT_PLAN)
    milestone = Milestone(action=action, text=_clean_text(text))
    milestone.set_timescale(_clean_timescale(timescale))
    if due_on is not None:
        milestone.due_on = due_on
    last = Milestone.objects.filter(action=action).aggregate(last=Max("order"))["last"]
    milestone.order = 0 if last is None else last + 1
    milestone.save()
    _refresh_due_date(action)
    return milestone


@transaction.atomic
def milestone_edit(*, user: User, milestone: Milestone, text: str, timescale: str,
                   due_on: dt.date | None = None) -> Milestone:
    """Change a milestone's text and timescale (its due date read again, unless given)."""
    require(user, milestone.action.partnership, Perm.EDIT_PLAN)
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    current.text = _clean_text(text)
    current.set_timescale(_clean_timescale(timescale))
    if due_on is not None:
        current.due_on = due_on
    current.save()
    _refresh_due_date(milestone.action)
    return current


@transaction.atomic
def milestone_complete(*, user: User, milestone: Milestone, done: bool = True,
                       completed_on: dt.date | None = None) -> Milestone:
    """Mark a milestone done (today, or on the day given), or open again (done=False)."""
    require(user, milestone.action.partnership, Perm.EDIT_PLAN)
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    when = (completed_on or timezone.localdate()) if done else None
    if when is not None and when > timezone.localdate():
        raise ValidationError({"completed_on": "A milestone cannot be done on a day still to come."})
    if current.completed_on != when:
        current.completed_on = when
        current.save()
    return current


@transaction.atomic
def milestone_remove(*, user: User, milestone: Milestone) -> None:
    """Delete a milestone (its history keeps it); the action's due date follows its remaining ones."""
    require(user, milestone.action.partnership, Perm.EDIT_PLAN)
    Milestone.objects.filter(pk=milestone.pk).delete()
    _refresh_due_date(milestone.action)


def milestones_for(actions: Iterable[Action], as_at: dt.datetime | None = None, *,
                   entered_later: bool = False) -> dict[int, list[Milestone]]:
    """Each action's milestones in their order, keyed by action id (an action without any is absent),
    in one query. With `as_at`, as they stood at that moment, read from their history: a milestone
    added later is left out, one removed since is back, an edit since is undone. With entered_later
    (the plan was entered into the portal after `as_at`, as reports.gather.plan.actions_as_at tells),
    a milestone first recorded after the moment is read as first recorded (it describes the past), with
    its done date as recorded since (a date of its own: is_overdue(day) compares it with the day).
    Pass an action's list to Action.is_overdue(day, status=..., milestones=by_action.get(action.pk, []))."""
    ids = [a.pk for a in actions]
    by_action: dict[int, list[Milestone]] = defaultdict(list)
    if not ids:
        return {}
    if as_at is None:
        for milestone in Milestone.objects.filter(action_id__in=ids).order_by("action_id", "order", "id"):
            by_action[milestone.action_id].append(milestone)
        return dict(by_action)
    records = Milestone.history.filter(action_id__in=ids)
    if not entered_later:
        records = records.filter(history_date__lte=as_at)
    records = records.order_by("id", "history_date", "history_id")
    then: dict[int, Milestone | None] = {}
    later: set[int] = set()  # first recorded after the moment, of a plan entered later
    for record in records:
        if record.history_date <= as_at:
            then[record.id] = None if record.history_type == "-" else record.instance
        elif entered_later and record.id not in then:
            then[record.id] = record.instance
            later.add(record.id)
        elif record.id in later and then[record.id] is not None:
            # Its due date as first entered; its completion (a dated fact) and removal as recorded since.
            first = then[record.id]
            if record.history_type == "-":
                then[record.id] = None
            elif first is not None:
                first.completed_on = record.completed_on
    for milestone in sorted((m for m in then.values() if m is not None), key=lambda m: (m.order, m.pk)):
        by_action[milestone.action_id].append(milestone)
    return dict(by_action)
