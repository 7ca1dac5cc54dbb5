"""The reporting calendar's rows of the permission matrix (tests/test_permission_matrix.py picks them up)."""

from __future__ import annotations

from django.db.models import Model

from actions.models import ActionPlan
from partnerships.models import Partnership
from schedules.models import ReportingCalendar, ScheduledSend
from tests.matrix import COORDINATORS, COORDINATORS_WRITE, Kwargs, Page


def first_plan(p: Partnership) -> Kwargs:
    return {"plan_pk": ActionPlan.objects.in_partnership(p).order_by("pk")[0].pk}


def calendar_data(p: Partnership) -> Kwargs:
    return {"active": "on", "opens_days_after_quarter": "1", "deadline_days": "21", "reminders_before": "7",
            "reminders_after": "1, 5", "escalate_days_after": "7"}


PAGES: list[Page] = [
    Page("schedules:index", COORDINATORS),
    Page("schedules:edit", COORDINATORS, first_plan),
    Page("schedules:edit", COORDINATORS_WRITE, first_plan, "post", calendar_data),
]
MODELS: list[type[Model]] = [ReportingCalendar, ScheduledSend]
