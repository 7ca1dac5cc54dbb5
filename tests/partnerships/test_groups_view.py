"""The list of governance groups (partnerships:groups)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Group, GroupMember, Person
from partnerships.periods import Quarter, year_of
from tests.partnerships.conftest import meeting

URL = reverse("partnerships:groups", kwargs={"partnership": "north"})


def test_member_sees_each_group_with_chair_accountability_and_frequency(world, as_role, dasg):
    response = as_role("member").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Domestic Abuse Strategic Group" in page and "Strategy Implementation Group" in page
    assert "Pat Police" in page  # the DASG chair
    assert reverse("partnerships:group", kwargs={"partnership": "north", "group_slug": "dasg"}) in page
    assert "Quarterly" in page


def test_group_that_met_each_completed_quarter_met_its_frequency_last_year(world, as_role, dasg, people):
    last_year = year_of(timezone.localdate()) - 1
    for n in (1, 2, 3, 4):
        meeting(dasg, Quarter(last_year, n).start, people[:3])
    page = as_role("member").get(URL).content.decode()
    start = page.index("Domestic Abuse Strategic Group")
    row = page[start:page.index("</tr>", start)]
    assert "(4 held)" in row
    assert "✓</span> Yes" in row


def test_other_partnerships_groups_are_not_listed(world, as_role):
    Group.objects.create(partnership=world.south, slug="south-board", name="South Board")
    assert "South Board" not in as_role("coordinator").get(URL).content.decode()


def test_viewer_refused_outsider_not_found(world, as_role):
    assert as_role("viewer").get(URL).status_code == 403
    assert as_role("outsider").get(URL).status_code == 404


@pytest.mark.parametrize("today", [
    dt.date(2010, 4, 20), dt.date(2010, 7, 2), dt.date(2011, 1, 5), dt.date(2011, 3, 31),
])
@pytest.mark.parametrize("held_dates", [
    [], [dt.date(2010, 5, 1)], [dt.date(2010, 5, 1), dt.date(2010, 9, 1), dt.date(2010, 12, 1)],
])
def test_list_agrees_with_group_met_frequency(world, today, held_dates):
    for day in held_dates:
        meeting(world.sig, day, [])
    held = sum(1 for d in held_dates if d <= today)
    for year in (2010, 2009):
        expected = world.sig.met_frequency(year, today=today)
        assert ((held if year == 2010 else 0) >= world.sig.meetings_expected(year, today)) == expected


def test_query_count_does_not_grow_with_members_and_meetings(world, as_role, dasg, people,
                                                             django_assert_max_num_queries):
    client = as_role("member")
    # 6 for the page, 3 for the session's renewal on every request (savepoint, update, release)
    with django_assert_max_num_queries(9):
        client.get(URL)
    for i in range(30):
        person = Person.objects.create(partnership=world.north, name=f"Extra {i}", agency=world.police)
        GroupMember.objects.create(group=dasg, person=person)
        meeting(dasg, dt.date(2008, 1, 1) + dt.timedelta(days=7 * i), [person, *people])
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
