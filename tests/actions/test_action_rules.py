import datetime as dt

from actions.models import Action, Status
from tests.conftest import add_update


def test_action_is_overdue_after_its_due_date_until_completed(world):
    action = world.police_action  # September 2009
    assert action.due_date == dt.date(2009, 9, 30)
    assert action.is_overdue(today=dt.date(2009, 10, 1))
    assert not action.is_overdue(today=dt.date(2009, 9, 30))
    add_update(action, 2009, 2, Status.COMPLETED)
    assert not action.is_overdue(today=dt.date(2009, 10, 1))
    assert not Action.objects.overdue(today=dt.date(2009, 10, 1)).filter(pk=action.pk).exists()
    assert Action.objects.overdue(today=dt.date(2009, 10, 1)).filter(pk=world.housing_action.pk).exists()


def test_ongoing_action_is_never_overdue(world):
    action = world.police_action
    action.set_timescale("Ongoing")
    action.save()
    assert not action.is_overdue(today=dt.date(2030, 1, 1))


def test_current_status_follows_the_latest_quarter(world):
    action = world.police_action
    assert action.current_status() == Status.NOT_STARTED
    add_update(action, 2009, 1, Status.ON_TRACK)
    add_update(action, 2009, 2, Status.AT_RISK, barriers="Barrier - unclear status of DARO")
    assert action.latest_update().status == Status.AT_RISK
    assert action.latest_update().barriers.startswith("Barrier")


def test_queryset_for_user_only_sees_own_partnership(world):
    north_refs = set(Action.objects.for_user(world.coordinator).values_list("ref", flat=True))
    assert north_refs == {"1.1", "1.2"}
    assert set(Action.objects.for_user(world.outsider).values_list("ref", flat=True)) == {"S1"}


def test_led_by_finds_actions_of_the_leads_agency(world):
    membership = world.lead.memberships.get()
    assert list(Action.objects.led_by(membership)) == [world.police_action]
