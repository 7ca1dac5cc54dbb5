"""progress_record, progress_delete and action_update: the rules, whoever calls them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import ProgressUpdate, QuarterLock, Status
from actions.services import QuarterLocked, StaleAction, action_update, progress_delete, progress_record
from partnerships.periods import Quarter
from partnerships.permissions import Forbidden

Q2 = Quarter(2009, 2)


def record(world, user, action, quarter=Q2, status=Status.ON_TRACK):
    return progress_record(action=action, user=user, quarter=quarter, status=status, narrative="Done",
                           barriers="", evidence="", evidence_file=None)


def test_status_follows_the_latest_quarter_not_the_latest_entry(world):
    record(world, world.lead, world.police_action, Quarter(2009, 3), Status.AT_RISK)
    record(world, world.lead, world.police_action, Quarter(2009, 1), Status.ON_TRACK)  # a late Q1 report
    world.police_action.refresh_from_db()
    assert world.police_action.status == Status.AT_RISK


def test_lead_of_another_agency_is_forbidden_and_nothing_is_written(world):
    with pytest.raises(Forbidden):
        record(world, world.lead, world.housing_action)
    assert not ProgressUpdate.objects.exists()


def test_outsider_is_forbidden(world):
    with pytest.raises(Forbidden):
        record(world, world.outsider, world.police_action)


def test_locked_quarter_is_refused_until_reopened(world):
    lock = QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=2, locked_at=timezone.now())
    with pytest.raises(QuarterLocked, match="Q2 2009-10 was issued to the groups on"):
        record(world, world.lead, world.police_action)
    lock.reopened_at = timezone.now()
    lock.save()
    assert record(world, world.lead, world.police_action).pk


def test_quarter_outside_the_plan_is_refused(world):
    with pytest.raises(ValidationError, match="not a quarter of the 2009-10 plan"):
        record(world, world.lead, world.police_action, Quarter(2011, 1))


def test_delete_restores_the_previous_status(world):
    record(world, world.lead, world.police_action, Quarter(2009, 1), Status.ON_TRACK)
    later = record(world, world.lead, world.police_action, Quarter(2009, 2), Status.OFF_TRACK)
    with pytest.raises(Forbidden):
        progress_delete(update=later, user=world.lead)
    later_id = later.pk
    progress_delete(update=later, user=world.coordinator)
    world.police_action.refresh_from_db()
    assert world.police_action.status == Status.ON_TRACK
    assert ProgressUpdate.history.filter(id=later_id, history_type="-").exists()


def test_action_update_refuses_a_stale_version_and_names_the_change(world):
    action = world.police_action
    action_update(action=action, user=world.coordinator, version=1, data={"comments": "First edit"})
    with pytest.raises(StaleAction) as stale:
        action_update(action=action, user=world.coordinator, version=1, data={"comments": "Second edit"})
    assert [(c.label, c.new) for c in stale.value.changes] == [("Comments", "First edit")]
    action.refresh_from_db()
    assert (action.comments, action.version) == ("First edit", 2)


def test_action_update_is_for_coordinators(world):
    with pytest.raises(Forbidden):
        action_update(action=world.police_action, user=world.lead, version=1, data={"comments": "x"})
