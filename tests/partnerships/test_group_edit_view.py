"""Coordinators edit a group's terms of reference (partnerships:group_edit)."""

import pytest
from django.urls import reverse

from partnerships.models import GROUP_TERMS_FIELDS, Area, Group

URL = reverse("partnerships:group_edit", kwargs={"partnership": "north", "group_slug": "sig"})


def data(world, **changes) -> dict:
    sig = world.sig
    base = {name: getattr(sig, name) for name in GROUP_TERMS_FIELDS}
    base |= {"area": "", "accountable_to": "", "approved_on": "", "review_date": ""}
    base = {k: ("" if v is None else v) for k, v in base.items()}
    return base | changes


def test_coordinator_changes_the_terms_of_reference(world, as_role, dasg):
    response = as_role("coordinator").post(URL, data(world, purpose="To deliver the plan", quorum_members=5,
                                                     quorum_agencies=3, accountable_to=dasg.pk,
                                                     duties="One\nTwo", review_date="2011-04-01"))
    assert response.status_code == 302 and response["Location"].endswith("#terms")
    world.sig.refresh_from_db()
    assert world.sig.purpose == "To deliver the plan"
    assert (world.sig.quorum_members, world.sig.quorum_agencies) == (5, 3)
    assert world.sig.accountable_to == dasg
    assert world.sig.duty_list() == ["One", "Two"]


def test_change_is_recorded_in_history(world, as_role):
    as_role("coordinator").post(URL, data(world, purpose="Changed"))
    latest = world.sig.history.first()
    assert latest.purpose == "Changed" and latest.history_user == world.coordinator


def test_quorum_of_more_agencies_than_members_is_refused(world, as_role):
    page = as_role("coordinator").post(URL, data(world, quorum_members=3, quorum_agencies=5)).content.decode()
    assert "A quorum of 3 members cannot come from 5 agencies." in page


def test_group_cannot_become_accountable_to_a_group_below_it(world, as_role, dasg):
    # The SIG reports to the DASG; making the DASG accountable to the SIG would be a loop.
    url = reverse("partnerships:group_edit", kwargs={"partnership": "north", "group_slug": "dasg"})
    fields = {name: getattr(dasg, name) for name in GROUP_TERMS_FIELDS} | {"area": "", "accountable_to": world.sig.pk}
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    page = as_role("coordinator").post(url, fields).content.decode()
    assert "would make a loop" in page
    dasg.refresh_from_db()
    assert dasg.accountable_to is None


def test_another_partnerships_area_or_group_is_refused(world, as_role):
    south_area = Area.objects.create(partnership=world.south, slug="s", name="South Town")
    south_group = Group.objects.create(partnership=world.south, slug="sb", name="South Board")
    response = as_role("coordinator").post(URL, data(world, area=south_area.pk, accountable_to=south_group.pk))
    page = response.content.decode()
    assert page.count("Choose one of this partnership&#x27;s own.") == 2
    world.sig.refresh_from_db()
    assert world.sig.area is None and world.sig.accountable_to is None


def test_get_is_refused(world, as_role):
    assert as_role("coordinator").get(URL).status_code == 405


@pytest.mark.parametrize("role,status", [
    ("admin", 302), ("lead", 403), ("member", 403), ("viewer", 403), ("outsider", 404),
])
def test_only_coordinators_and_admins_edit_groups(world, as_role, role, status):
    assert as_role(role).post(URL, data(world, purpose="X")).status_code == status
