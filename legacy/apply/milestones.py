"""The milestones of an imported plan: an action whose cells its layout reads as several dated steps
(legacy.layouts.bedfordshire_001.milestone_steps) gets them as its milestones, each with its own text,
timescale and due date, and is due at its last dated one (as actions.milestones keeps it).

A step of the import after the plan is written (legacy.apply.apply_plan), in the same transaction:
`apply_milestones(preview.plan or the plan written, preview.layout, user=user)`. An action that already
has milestones keeps them as they are (a coordinator may have completed or edited them since the last
import), so importing the same file again writes nothing. `due_date_in` is the due date the preview
should compare an action's row with, so that a second import does not move it back to the first date
its timescale names."""

from __future__ import annotations

from actions.models import Action, ActionPlan, Milestone, due_at_last_milestone
from legacy.apply.bulk import insert_with_history
from legacy.steps import STEPS, milestones_in
from partnerships.permissions import User


def apply_milestones(plan: ActionPlan, layout: str, *, user: User | None) -> int:
    """Give each action of the plan without milestones the ones its layout reads in its cells (each
    with a history record naming `user`); the number of milestones written. Three queries and a
    save per action that gets milestones."""
    if layout not in STEPS:
        return 0
    has_some = set(Milestone.objects.filter(action__plan=plan).values_list("action_id", flat=True).distinct())
    new: list[Milestone] = []
    for action in Action.objects.filter(plan=plan).exclude(pk__in=has_some).only(
            "id", "description", "timescale", "due_date"):
        milestones = milestones_in(layout, action.description, action.timescale)
        if not milestones:
            continue
        for milestone in milestones:
            milestone.action = action
        new.extend(milestones)
        due = due_at_last_milestone(milestones)
        if due and action.due_date != due:
            action.due_date = due
            action._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
            action.save(update_fields=["due_date", "updated_at"])
    insert_with_history(new, Milestone, user=user)
    return len(new)
