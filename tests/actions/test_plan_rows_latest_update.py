"""The plan table's latest update per action (actions.queries.latest_updates / plan_rows): the last
quarter's update whatever order they were recorded in, none for an action without updates, the
filtered actions only; two queries for any size of plan, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actions.models import Action, ProgressUpdate, Status
from actions.queries import latest_updates, plan_rows
from tests.actions.generated import generate_plan
from tests.conftest import add_update


def rows_by_ref(actions) -> dict:
    return {r.ref: r for r in plan_rows(actions, "/a/", dt.date(2010, 1, 1))}


def test_latest_is_the_last_quarter_not_the_last_recorded(world):
    add_update(world.police_action, 2009, 3, Status.AT_RISK, narrative="Q3: trainer unavailable")
    add_update(world.police_action, 2009, 1, Status.ON_TRACK, narrative="Q1: recorded late")
    add_update(world.police_action, 2009, 2, Status.ON_TRACK, narrative="Q2: sessions booked")
    rows = rows_by_ref(Action.objects.filter(plan=world.plan))
    assert (rows["1.1"].latest_period, rows["1.1"].latest_text) == ("2009-10 Q3", "Q3: trainer unavailable")
    assert (rows["1.2"].latest_period, rows["1.2"].latest_text) == ("", "")  # no update yet


def test_a_later_year_beats_a_later_quarter(world):
    # Written directly: the service records only the plan's own year (older data may hold others).
    ProgressUpdate.objects.create(action=world.police_action, year_start=2010, quarter=1, status=Status.ON_TRACK,
                                  narrative="Next year Q1", recorded_at=timezone.now() - dt.timedelta(days=9))
    add_update(world.police_action, 2009, 4, Status.ON_TRACK, narrative="This year Q4")
    assert latest_updates(Action.objects.filter(pk=world.police_action.pk)) == {
        world.police_action.pk: (2010, 1, "Next year Q1")}


def test_only_the_filtered_actions_are_read(world):
    add_update(world.police_action, 2009, 1, Status.ON_TRACK, narrative="Police Q1")
    add_update(world.housing_action, 2009, 1, Status.ON_TRACK, narrative="Housing Q1")
    assert set(latest_updates(Action.objects.filter(pk=world.housing_action.pk))) == {world.housing_action.pk}


def test_rows_keep_the_plans_order(world):
    generate_plan(world.plan, [world.police], 30, 2)
    actions = Action.objects.filter(plan=world.plan)
    assert [r.pk for r in plan_rows(actions, "/a/", timezone.localdate())] == list(actions.values_list("pk", flat=True))


def test_two_queries_for_any_size_of_plan(world, django_assert_num_queries):
    generate_plan(world.plan, [world.police, world.housing], 300, 6)
    actions = Action.objects.filter(plan=world.plan)
    with django_assert_num_queries(2):
        rows = plan_rows(actions, "/a/", timezone.localdate())
    assert len(rows) == 302 and sum(1 for r in rows if r.latest_period == "2010-11 Q2") == 300


def test_an_action_with_milestones_is_overdue_in_the_plan_table_only_by_its_open_ones(world):
    """The plan table's flag follows Action.is_overdue: past its own due date but with its late milestone
    done and the next one still ahead, an action is not overdue; with a milestone open past due, it is."""
    from actions.models import Milestone

    action = world.police_action
    action.due_date = dt.date(2009, 6, 30)
    action.status = Status.ON_TRACK
    action.save()
    today = dt.date(2009, 9, 1)
    done = Milestone.objects.create(action=action, order=1, text="Train staff", due_on=dt.date(2009, 6, 30),
                                    completed_on=dt.date(2009, 6, 20))
    Milestone.objects.create(action=action, order=2, text="Audit", due_on=dt.date(2009, 12, 31))
    row = next(r for r in plan_rows(Action.objects.filter(pk=action.pk), "/", today))
    assert row.overdue is False
    done.completed_on = None
    done.save()
    row = next(r for r in plan_rows(Action.objects.filter(pk=action.pk), "/", today))
    assert row.overdue is True
