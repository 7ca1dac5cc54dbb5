"""Milestones: the rules on the model (due at the last, overdue only by open ones, as on a day) and the
services that add, edit, complete and remove them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from actions.milestones import milestone_add, milestone_complete, milestone_edit, milestone_remove, milestones_for
from actions.models import Action, Milestone, Status
from partnerships.limits import SHORT_TEXT
from partnerships.permissions import Forbidden

D = dt.date


def test_action_is_due_at_its_last_dated_milestone(world):
    action = world.police_action
    assert action.due_date == D(2009, 9, 30)
    milestone_add(user=world.coordinator, action=action, text="Draft the protocol", timescale="June 2009")
    milestone_add(user=world.coordinator, action=action, text="Launch", timescale="January 2010")
    milestone_add(user=world.coordinator, action=action, text="Review", timescale="As identified")
    action.refresh_from_db()
    assert action.due_date == D(2010, 1, 31)
    assert action.history.latest().due_date == D(2010, 1, 31)  # the return's "pushed back" reads it there


def test_unreadable_timescale_is_kept_as_written_with_no_due_date(world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Agree funding",
                      timescale="When the board next sits")
    assert (m.timescale, m.due_on) == ("When the board next sits", None)
    world.police_action.refresh_from_db()
    assert world.police_action.due_date == D(2009, 9, 30)  # no dated milestone: its own timescale


def test_removing_the_last_milestone_falls_back_to_the_actions_timescale(world):
    action = world.police_action
    m = milestone_add(user=world.coordinator, action=action, text="Launch", timescale="March 2010")
    action.refresh_from_db()
    assert action.due_date == D(2010, 3, 31)
    milestone_remove(user=world.coordinator, milestone=m)
    action.refresh_from_db()
    assert action.due_date == D(2009, 9, 30)
    assert Milestone.history.filter(id=m.pk, history_type="-").exists()


def test_editing_the_actions_timescale_keeps_it_due_at_its_last_milestone(world):
    action = world.police_action
    milestone_add(user=world.coordinator, action=action, text="Launch", timescale="March 2010")
    action = Action.objects.get(pk=action.pk)
    action.set_timescale("May 2009")
    assert (action.timescale, action.due_date) == ("May 2009", D(2010, 3, 31))


def test_action_with_milestones_is_overdue_only_by_its_open_ones(world):
    action = world.police_action
    first = milestone_add(user=world.coordinator, action=action, text="Draft", timescale="June 2009")
    milestone_add(user=world.coordinator, action=action, text="Launch", timescale="March 2010")
    action = Action.objects.get(pk=action.pk)
    assert action.is_overdue(D(2009, 7, 1))  # the draft is late
    assert not action.is_overdue(D(2009, 6, 1))
    milestone_complete(user=world.coordinator, milestone=first, completed_on=D(2009, 8, 1))
    assert action.is_overdue(D(2009, 7, 15))  # still open on that day
    assert not action.is_overdue(D(2009, 8, 2))
    # Its own due date (the action's) is past, the open milestone is not yet due: not overdue.
    assert not action.is_overdue(D(2010, 3, 1))
    assert action.is_overdue(D(2010, 4, 1))
    assert not action.is_overdue(D(2010, 4, 1), status=Status.COMPLETED)


def test_action_without_milestones_keeps_its_own_rule(world):
    action = Action.objects.get(pk=world.police_action.pk)
    assert action.is_overdue(D(2009, 10, 1), milestones=[])
    assert not action.is_overdue(D(2009, 9, 30))


def test_all_milestones_done_is_not_overdue_though_the_due_date_is_past(world):
    action = world.police_action
    m = milestone_add(user=world.coordinator, action=action, text="Draft", timescale="June 2009")
    milestone_complete(user=world.coordinator, milestone=m, completed_on=D(2009, 6, 20))
    action = Action.objects.get(pk=action.pk)
    assert action.due_date == D(2009, 6, 30)
    assert not action.is_overdue(D(2010, 1, 1))
    assert list(Action.objects.filter(pk=action.pk).overdue(D(2010, 1, 1))) == []


def test_overdue_queryset_follows_the_same_rule(world):
    police, housing = world.police_action, world.housing_action
    milestone_add(user=world.coordinator, action=police, text="Draft", timescale="June 2009")
    milestone_add(user=world.coordinator, action=police, text="Launch", timescale="March 2011")
    day = D(2009, 7, 1)
    overdue = set(Action.objects.filter(plan=world.plan).overdue(day).values_list("pk", flat=True))
    by_rule = {a.pk for a in Action.objects.filter(plan=world.plan).prefetch_related("milestones")
               if a.is_overdue(day)}
    assert police.pk in overdue and overdue == by_rule
    assert housing.pk not in overdue or housing.due_date < day


def test_milestones_for_reads_many_actions_in_one_query(world, django_assert_num_queries):
    for action in (world.police_action, world.housing_action):
        for n in range(3):
            milestone_add(user=world.coordinator, action=action, text=f"Step {n}", timescale=f"{n + 1}/10/2009")
    actions = list(Action.objects.filter(plan=world.plan))
    with django_assert_num_queries(1):
        by_action = milestones_for(actions)
    assert [m.text for m in by_action[world.police_action.pk]] == ["Step 0", "Step 1", "Step 2"]
    with django_assert_num_queries(0):
        assert all(a.is_overdue(D(2009, 10, 2), milestones=by_action.get(a.pk, [])) for a in actions
                   if a.pk in by_action)


def test_milestones_for_as_at_reads_them_as_they_stood(world):
    action = world.police_action
    early = milestone_add(user=world.coordinator, action=action, text="Draft", timescale="June 2009")
    moment = timezone.now()
    milestone_edit(user=world.coordinator, milestone=early, text="Draft v2", timescale="December 2009")
    milestone_add(user=world.coordinator, action=action, text="Added later", timescale="March 2010")
    then = milestones_for([action], as_at=moment)[action.pk]
    assert [(m.text, m.due_on) for m in then] == [("Draft", D(2009, 6, 30))]
    milestone_remove(user=world.coordinator, milestone=early)
    assert [m.text for m in milestones_for([action], as_at=moment)[action.pk]] == ["Draft"]
    assert [m.text for m in milestones_for([action])[action.pk]] == ["Added later"]


def test_only_coordinators_change_milestones(world):
    with pytest.raises(Forbidden):
        milestone_add(user=world.lead, action=world.police_action, text="Step", timescale="")
    with pytest.raises(Http404):
        milestone_add(user=world.outsider, action=world.police_action, text="Step", timescale="")
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Step", timescale="")
    for call in (lambda: milestone_complete(user=world.member, milestone=m),
                 lambda: milestone_edit(user=world.lead, milestone=m, text="x", timescale=""),
                 lambda: milestone_remove(user=world.viewer, milestone=m)):
        with pytest.raises(Forbidden):
            call()
    assert Milestone.objects.get(pk=m.pk).text == "Step"


def test_bad_input_is_refused_with_what_is_wrong_and_nothing_written(world):
    with pytest.raises(ValidationError, match="Say what the milestone is"):
        milestone_add(user=world.coordinator, action=world.police_action, text="  ", timescale="June 2009")
    with pytest.raises(ValidationError, match="at most 2,000 characters"):
        milestone_add(user=world.coordinator, action=world.police_action, text="x" * (SHORT_TEXT + 1))
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Step", timescale="")
    with pytest.raises(ValidationError, match="day still to come"):
        milestone_complete(user=world.coordinator, milestone=m, completed_on=timezone.localdate() + dt.timedelta(1))
    assert Milestone.objects.get().completed_on is None


def test_completing_and_reopening(world):
    m = milestone_add(user=world.coordinator, action=world.police_action, text="Step", timescale="June 2009")
    done = milestone_complete(user=world.coordinator, milestone=m)
    assert done.completed_on == timezone.localdate()
    again = milestone_complete(user=world.coordinator, milestone=m, done=False)
    assert again.completed_on is None
    assert [h.completed_on for h in Milestone.history.filter(id=m.pk).order_by("history_date")] == [
        None, timezone.localdate(), None]


def test_milestones_for_a_plan_entered_later_reads_their_first_record(world):
    """A plan typed in after the quarter describes the past: its milestones count at that moment."""
    action = world.police_action
    milestone_add(user=world.coordinator, action=action, text="Draft", timescale="June 2009")
    moment = timezone.make_aware(dt.datetime(2009, 12, 31, 23, 59))
    assert milestones_for([action], as_at=moment) == {}
    then = milestones_for([action], as_at=moment, entered_later=True)[action.pk]
    assert [(m.text, m.due_on) for m in then] == [("Draft", D(2009, 6, 30))]
    assert action.is_overdue(D(2009, 12, 31), milestones=then)
    milestone_edit(user=world.coordinator, milestone=then[0], text="Draft", timescale="March 2010")
    milestone_complete(user=world.coordinator, milestone=then[0], completed_on=D(2009, 11, 1))
    then = milestones_for([action], as_at=moment, entered_later=True)[action.pk]
    assert [(m.due_on, m.completed_on) for m in then] == [(D(2009, 6, 30), D(2009, 11, 1))]
    assert not action.is_overdue(D(2009, 12, 31), milestones=then)
    assert action.is_overdue(D(2009, 10, 31), milestones=then)
