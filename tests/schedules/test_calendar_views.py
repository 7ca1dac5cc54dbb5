"""The reporting calendar's pages: coordinators set a plan's calendar and see its dates per quarter."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from actions.models import ActionPlan
from schedules.models import ReportingCalendar, ScheduledSend
from tests.conftest import make_plan

DATA = {"active": "on", "opens_days_after_quarter": "1", "deadline_days": "21", "reminders_before": "7",
        "reminders_after": "5, 1", "escalate_days_after": "7"}


def edit_url(plan: ActionPlan) -> str:
    return reverse("schedules:edit", kwargs={"partnership": "north", "plan_pk": plan.pk})


def test_coordinator_sets_a_plans_calendar(client, world):
    client.force_login(world.coordinator)
    form = client.get(edit_url(world.plan))
    assert form.status_code == 200 and 'value="1, 5"' in form.content.decode()  # the suggested reminders
    response = client.post(edit_url(world.plan), DATA)
    assert response.status_code == 302
    calendar = ReportingCalendar.objects.get(plan=world.plan)
    assert (calendar.reminders_before, calendar.reminders_after, calendar.set_by) == ([7], [1, 5], world.coordinator)
    assert calendar.history.first().history_user == world.coordinator
    page = client.get(reverse("schedules:index", kwargs={"partnership": "north"})).content.decode()
    assert "1 January 2010" in page and "deadline 22 January 2010" in page  # Q3 opens; its deadline
    assert "15 January 2010" in page and "Reminder, 7 days before the deadline" in page
    assert "29 January 2010" in page


def test_bad_days_are_refused_with_a_message_and_nothing_saved(client, world):
    client.force_login(world.coordinator)
    response = client.post(edit_url(world.plan), {**DATA, "reminders_after": "1, soon"})
    assert response.status_code == 400
    assert "&#x27;soon&#x27; is not a number of days from 1 to 90" in response.content.decode()
    response = client.post(edit_url(world.plan), {**DATA, "reminders_before": "30"})
    assert response.status_code == 400 and "would go before the round opens" in response.content.decode()
    assert not ReportingCalendar.objects.exists()


def test_another_partnerships_plan_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.get(edit_url(world.south_action.plan)).status_code == 404
    assert client.post(edit_url(world.south_action.plan), DATA).status_code == 404
    assert not ReportingCalendar.objects.exists()


def test_index_query_count_does_not_grow_with_plans_and_steps(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    ReportingCalendar.objects.create(plan=world.plan, reminders_before=[7], set_by=world.coordinator)
    url = reverse("schedules:index", kwargs={"partnership": "north"})
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for year in range(2010, 2016):
        _, plan, _ = make_plan(world.north, slug=f"s{year}", year=year)
        ReportingCalendar.objects.create(plan=plan, reminders_before=[14, 7], reminders_after=[1, 5],
                                         escalate_days_after=7, set_by=world.coordinator)
        ScheduledSend.objects.create(plan=plan, year_start=year, quarter=1, step="open", done_at=timezone.now(),
                                     outcome="sent", emails=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "Sent" in page and "(3 e-mails)" in page and dt.date(2015, 7, 1).strftime("%-d %B %Y") in page
