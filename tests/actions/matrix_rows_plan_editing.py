"""Rows of the permission matrix for the plan edited in the portal (issue 11)."""

from __future__ import annotations

from django.db.models import Model

from actions.models import Action, ActionPlan
from partnerships.models import Partnership
from tests.matrix import COORDINATORS, COORDINATORS_WRITE, Kwargs, Page, expect


def first_action(p: Partnership) -> Kwargs:
    return {"pk": Action.objects.in_partnership(p).order_by("pk").first().pk}


def plan_query(p: Partnership) -> Kwargs:
    return {"plan": ActionPlan.objects.in_partnership(p).order_by("pk").first().pk}


def new_action(p: Partnership) -> Kwargs:
    plan = ActionPlan.objects.in_partnership(p).order_by("pk").first()
    return {"plan": plan.pk, "objective": plan.objectives.order_by("pk").first().pk,
            "description": "Added by the matrix"}


def new_objective(p: Partnership) -> Kwargs:
    plan = ActionPlan.objects.in_partnership(p).order_by("pk").first()
    return {"plan": plan.pk, "ref": f"M{Action.objects.count()}", "title": "Added by the matrix"}


def move(p: Partnership) -> Kwargs:
    action = Action.objects.in_partnership(p).order_by("pk").first()
    return {"objective": action.objective_id, "position": 1, "version": action.version}


def remove(p: Partnership) -> Kwargs:
    return {"version": Action.objects.in_partnership(p).order_by("pk").first().version}


PAGES: list[Page] = [
    Page("actions:plan_new", COORDINATORS),
    Page("actions:plan_new", COORDINATORS_WRITE, method="post",
         data=lambda p: {"title": "Matrix plan", "year_start": 2031}),
    Page("actions:action_new", COORDINATORS, data=plan_query, cross=expect(404, lead=403, member=403, viewer=403)),
    Page("actions:action_new", COORDINATORS_WRITE, method="post", data=new_action,
         cross=expect(404, lead=403, member=403, viewer=403)),
    Page("actions:objective_new", COORDINATORS, data=plan_query, cross=expect(404, lead=403, member=403, viewer=403)),
    Page("actions:objective_new", COORDINATORS_WRITE, method="post", data=new_objective,
         cross=expect(404, lead=403, member=403, viewer=403)),
    Page("actions:action_move", COORDINATORS, first_action),
    Page("actions:action_move", COORDINATORS_WRITE, first_action, "post", move),
    Page("actions:action_remove", COORDINATORS, first_action),
    Page("actions:action_remove", COORDINATORS_WRITE, first_action, "post", remove),
]
MODELS: list[type[Model]] = []
