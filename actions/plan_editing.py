"""The plan edited in the portal: coordinators add, move and remove actions and objectives, and start a
plan for a partnership that has none.

Every service takes the acting `user`, asks partnerships.permissions (Perm.EDIT_PLAN) before it writes
and runs in one transaction; each write goes through save() or delete(), so django-simple-history keeps
it (a removed action stays in the history with what it said). Moving or removing an action holds to the
optimistic concurrency check of the action edit: the version the form was loaded at must still be the
action's, else StaleAction names what changed."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from actions.history import changes_since
from actions.models import Action, ActionPlan, Objective, QuarterLock, Strategy
from actions.services import StaleAction
from partnerships.limits import ACTION_TEXT, TITLE
from partnerships.models import Partnership
from partnerships.periods import Quarter
from partnerships.permissions import Perm, require


def _checked(text: str, name: str, limit: int, *, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise ValidationError(f"Give the {name}")
    if len(text) > limit:
        raise ValidationError(f"The {name} is {len(text):,} characters long; at most {limit:,} are kept")
    return text


def _locked_action(action: Action, version: int) -> Action:
    """The action's row, locked for the write, or StaleAction when it moved on since the form was loaded."""
    current = Action.objects.select_for_update().select_related("plan__strategy__partnership").get(pk=action.pk)
    if current.version != version:
        changes, who = changes_since(current, version)
        raise StaleAction(current, changes, who)
    return current


@transaction.atomic
def plan_create(*, user: User, partnership: Partnership, title: str, year_start: int) -> ActionPlan:
    """A first plan (with its strategy, when the partnership has none for that year) and a first objective."""
    require(user, partnership, Perm.EDIT_PLAN)
    title = _checked(title, "plan's title", 300)
    if not 2000 <= year_start <= 2100:
        raise ValidationError(f"{year_start} is not a financial year the portal keeps (2000 to 2100)")
    strategy = (Strategy.objects.in_partnership(partnership)
                .filter(period_start__lte=dt.date(year_start, 4, 1), period_end__gte=dt.date(year_start + 1, 3, 31))
                .order_by("-period_start").first())
    if strategy is None:
        slug = slugify(f"strategy-{year_start}")
        if Strategy.objects.filter(partnership=partnership, slug=slug).exists():
            slug = slugify(f"strategy-{year_start}-{Strategy.objects.filter(partnership=partnership).count() + 1}")
        strategy = Strategy.objects.create(
            partnership=partnership, slug=slug, title=f"{partnership.name} strategy",
            period_start=dt.date(year_start, 4, 1), period_end=dt.date(year_start + 1, 3, 31),
        )
    if ActionPlan.objects.filter(strategy=strategy, year_start=year_start).exists():
        raise ValidationError(f"{strategy.title} already has a plan for {year_start}-{str(year_start + 1)[2:]}")
    plan = ActionPlan.objects.create(strategy=strategy, year_start=year_start, title=title)
    Objective.objects.create(plan=plan, ref="1", label="Objective", title="First objective: rename me", order=1)
    return plan


@transaction.atomic
def objective_create(*, user: User, plan: ActionPlan, ref: str, title: str, label: str = "",
                     parent: Objective | None = None) -> Objective:
    """An objective at the end of its level (under `parent`, or at the top)."""
    require(user, plan.strategy.partnership, Perm.EDIT_PLAN)
    ref = _checked(ref, "objective's reference", 40)
    title = _checked(title, "objective's title", TITLE)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError("The parent objective is not of this plan")
    if Objective.objects.filter(plan=plan, ref=ref).exists():
        raise ValidationError(f"Another objective of this plan already has the reference {ref}")
    last = Objective.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    return Objective.objects.create(plan=plan, parent=parent, level=(parent.level + 1) if parent else 0,
                                    label=label.strip()[:40], ref=ref, title=title, order=last + 1)


@transaction.atomic
def objective_remove(*, user: User, objective: Objective) -> None:
    """Remove an objective that holds nothing: its actions and sub-objectives go elsewhere first."""
    require(user, objective.plan.strategy.partnership, Perm.EDIT_PLAN)
    actions = Action.objects.filter(objective=objective).count()
    children = Objective.objects.filter(parent=objective).count()
    if actions or children:
        held = " and ".join(part for part in (
            f"{actions} action{'s' if actions != 1 else ''}" if actions else "",
            f"{children} sub-objective{'s' if children != 1 else ''}" if children else "") if part)
        raise ValidationError(f"{objective.heading} still holds {held}: move or remove them first")
    objective.delete()


@transaction.atomic
def action_create(*, user: User, plan: ActionPlan, objective: Objective, description: str, ref: str = "",
                  timescale: str = "") -> Action:
    """A new action at the end of its objective."""
    require(user, plan.strategy.partnership, Perm.EDIT_PLAN)
    if objective.plan_id != plan.pk:
        raise ValidationError("The objective is not of this plan")
    description = _checked(description, "action", ACTION_TEXT)
    ref = _checked(ref, "reference", 40, required=False)
    if ref and Action.objects.filter(plan=plan, ref=ref).exists():
        raise ValidationError(f"Another action of this plan already has the reference {ref}")
    last = Action.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    action = Action(plan=plan, objective=objective, ref=ref, description=description, order=last + 1)
    action.set_timescale(_checked(timescale, "timescale", 300, required=False))
    action._history_user = user  # type: ignore[attr-defined]  # (a command has no request for the middleware)
    action.save()
    return action


@transaction.atomic
def action_move(*, user: User, action: Action, version: int, objective: Objective, position: int) -> Action:
    """Put the action under `objective` at `position` (1 = first) among that objective's actions; the
    others of the objective keep their order around it. The plan's order numbers are rewritten for the
    objective's actions only; each action whose place changes is saved, so the history has it."""
    require(user, action.plan.strategy.partnership, Perm.EDIT_PLAN)
    current = _locked_action(action, version)
    if objective.plan_id != current.plan_id:
        raise ValidationError("An action moves within its own plan: the objective is of another plan")
    siblings = list(Action.objects.filter(objective=objective).exclude(pk=current.pk).order_by("order", "pk"))
    if not 1 <= position <= len(siblings) + 1:
        raise ValidationError(f"The position must be between 1 and {len(siblings) + 1}")
    siblings.insert(position - 1, current)
    # Order numbers of the objective: start at the lowest the objective already used (the plan's actions
    # of other objectives keep theirs); the plan page orders actions by objective, then by order.
    start = min([a.order for a in siblings] or [0])
    for offset, sibling in enumerate(siblings):
        if sibling.pk == current.pk:
            continue
        if sibling.order != start + offset:
            sibling.order = start + offset
            sibling._history_user = user  # type: ignore[attr-defined]
            sibling.save(update_fields=["order", "updated_at"])
    current.objective = objective
    current.order = start + siblings.index(current)
    current.version = version + 1
    current._history_user = user  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def action_remove(*, user: User, action: Action, version: int) -> None:
    """Remove the action (and its progress updates); the history keeps both as they were. An action that
    was in the plan when one of its quarters was issued (locked) is not removed: the returns of that
    quarter would say something else when they are made again; it is dropped with a progress update."""
    require(user, action.plan.strategy.partnership, Perm.EDIT_PLAN)
    current = _locked_action(action, version)
    first_seen = (Action.history.filter(id=current.pk).order_by("history_date")
                  .values_list("history_date", flat=True).first())
    issued = QuarterLock.objects.filter(plan_id=current.plan_id, reopened_at=None)
    if first_seen is not None:
        issued = issued.filter(locked_at__gt=first_seen)
    lock = issued.order_by("year_start", "quarter").first()
    if lock is not None:
        quarter = Quarter(lock.year_start, lock.quarter)
        raise ValidationError(
            f"{current.ref or 'This action'} is in the issued return of {quarter.label}: removing it would change "
            f"what that quarter's return says. Record a progress update with the status Dropped instead.")
    current._history_user = user  # type: ignore[attr-defined]
    current.delete()
