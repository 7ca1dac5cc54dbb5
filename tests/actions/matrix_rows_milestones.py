"""The milestone pages' rows of the permission matrix (tests/test_permission_matrix.py picks them up)."""

from __future__ import annotations

from django.db.models import Model

from actions.models import Action, Milestone
from partnerships.models import Partnership
from tests.matrix import COORDINATORS_WRITE, Kwargs, Page


def first_action(p: Partnership) -> Kwargs:
    return {"pk": Action.objects.in_partnership(p).order_by("pk").first().pk}


def first_milestone(p: Partnership) -> Kwargs:
    """The partnership's first milestone, made on its first action when it has none."""
    milestone = Milestone.objects.in_partnership(p).order_by("pk").first()
    if milestone is None:
        action = Action.objects.in_partnership(p).order_by("pk")[0]
        milestone = Milestone.objects.create(action=action, text="Matrix step", timescale="June 2009",
                                             due_on=None)
    return {"pk": milestone.action_id, "milestone_pk": milestone.pk}


def milestone_data(p: Partnership) -> Kwargs:
    return {"text": "Matrix milestone", "timescale": "March 2010"}


PAGES: list[Page] = [
    Page("actions:milestone_add", COORDINATORS_WRITE, first_action, "post", milestone_data),
    Page("actions:milestone_edit", COORDINATORS_WRITE, first_milestone, "post", milestone_data),
    Page("actions:milestone_done", COORDINATORS_WRITE, first_milestone, "post", lambda p: {"done": "on"}),
    Page("actions:milestone_delete", COORDINATORS_WRITE, first_milestone, "post"),
]
MODELS: list[type[Model]] = [Milestone]
