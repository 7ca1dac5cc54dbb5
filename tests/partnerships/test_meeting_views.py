"""Coordinators record and change meetings with attendance (partnerships:meeting_add, meeting_change)."""

import datetime as dt

import pytest
from django.urls import reverse

from partnerships.models import Meeting, Person
from tests.partnerships.conftest import meeting

ADD = reverse("partnerships:meeting_add", kwargs={"partnership": "north", "group_slug": "sig"})


def change_url(m: Meeting) -> str:
    return reverse("partnerships:meeting_change", kwargs={"partnership": "north", "group_slug": "sig", "pk": m.pk})


def test_coordinator_records_a_meeting_with_attendance(world, as_role, people):
    response = as_role("coordinator").post(ADD, {
        "date": "2009-06-10", "host_agency": world.police.pk, "host_text": "",
        "attendees": [p.pk for p in people[:3]], "minutes": "Agreed the plan",
    })
    assert response.status_code == 302 and response["Location"].endswith("#meetings")
    m = Meeting.objects.get(group=world.sig)
    assert m.date == dt.date(2009, 6, 10) and m.host_agency == world.police
    assert set(m.attendees.all()) == set(people[:3])
    assert m.is_quorate() is True


def test_attendance_offers_the_partnerships_people_as_checkboxes(world, as_role, people):
    url = reverse("partnerships:group", kwargs={"partnership": "north", "group_slug": "sig"})
    page = as_role("coordinator").get(url).content.decode()
    assert page.count('name="attendees"') == Person.objects.filter(partnership=world.north).count()
    assert "Pat Police (North Police)" in page


def test_second_meeting_on_the_same_day_is_refused(world, as_role, people):
    meeting(world.sig, dt.date(2009, 6, 10), [])
    page = as_role("coordinator").post(ADD, {"date": "2009-06-10", "attendees": []}).content.decode()
    assert "Strategy Implementation Group already has a meeting on 10/06/2009" in page
    assert Meeting.objects.filter(group=world.sig).count() == 1


def test_another_partnerships_person_cannot_be_marked_present(world, as_role):
    stranger = Person.objects.create(partnership=world.south, name="Sam South")
    page = as_role("coordinator").post(ADD, {"date": "2009-06-10", "attendees": [stranger.pk]}).content.decode()
    assert "Choose from this partnership" in page
    assert not Meeting.objects.exists()


def test_coordinator_changes_attendance(world, as_role, people):
    m = meeting(world.sig, dt.date(2009, 6, 10), people[:1])
    response = as_role("coordinator").post(change_url(m), {"date": "2009-06-11", "host_text": "Sure Start",
                                                           "attendees": [p.pk for p in people]})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.date == dt.date(2009, 6, 11) and m.host == "Sure Start"
    assert m.attendees.count() == 4


def test_changing_onto_another_meetings_date_is_refused(world, as_role):
    meeting(world.sig, dt.date(2009, 6, 10), [])
    later = meeting(world.sig, dt.date(2009, 9, 10), [])
    page = as_role("coordinator").post(change_url(later), {"date": "2009-06-10"}).content.decode()
    assert "already has a meeting on 10/06/2009" in page


def test_meeting_of_another_group_is_not_found_under_this_group(world, as_role, dasg):
    other = meeting(dasg, dt.date(2009, 6, 10), [])
    assert as_role("coordinator").post(change_url(other), {"date": "2009-06-12"}).status_code == 404


def test_get_is_refused(world, as_role):
    m = meeting(world.sig, dt.date(2009, 6, 10), [])
    client = as_role("coordinator")
    assert client.get(ADD).status_code == 405
    assert client.get(change_url(m)).status_code == 405


@pytest.mark.parametrize("role,status", [
    ("admin", 302), ("lead", 403), ("member", 403), ("viewer", 403), ("outsider", 404),
])
def test_only_coordinators_and_admins_record_meetings(world, as_role, role, status):
    assert as_role(role).post(ADD, {"date": "2009-06-10"}).status_code == status
