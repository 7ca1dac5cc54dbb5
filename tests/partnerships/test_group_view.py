"""One governance group (partnerships:group): terms of reference, members, meetings, quorum, frequency."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from partnerships.models import Group, GroupMember, Person
from partnerships.periods import Quarter, year_label, year_of
from tests.partnerships.conftest import meeting


def url(slug: str = "dasg", partnership: str = "north") -> str:
    return reverse("partnerships:group", kwargs={"partnership": partnership, "group_slug": slug})


def test_every_terms_of_reference_field_is_shown(world, as_role, dasg):
    page = as_role("member").get(url()).content.decode()
    for text in ("Community Safety Executive", "Annual report to the CSE", "To lead the partnership&#x27;s response",
                 "<li>To agree the strategy</li>", "<li>To monitor the plan</li>", "Senior officers",
                 "Three members comprising of at least 2 agencies.", "Quarterly",
                 "Minutes to the chair within 7 days", "Minutes circulated within 14 days",
                 "Agenda sent 7 days before the meeting", "Minutes kept by the secretary", "Until the strategy ends",
                 "1.2, approved by CSE on 01/04/2009", "01/04/2010"):
        assert text in page, text


def test_accountable_to_links_to_the_parent_group(world, as_role, dasg):
    page = as_role("member").get(url("sig")).content.decode()
    assert f'href="{url("dasg")}"' in page


def test_members_with_roles_and_agencies(world, as_role, dasg):
    page = as_role("member").get(url()).content.decode()
    assert "Pat Police" in page and "Chair" in page and "Detective Chief Inspector" in page
    assert "Hana Housing" in page and "Secretary" in page and "North Housing" in page


def test_meetings_show_host_attendance_and_quorum(world, as_role, dasg, people):
    meeting(dasg, dt.date(2009, 5, 1), people[:3], host_agency=world.police, minutes="Agreed the plan")
    meeting(dasg, dt.date(2009, 8, 1), people[:2], host_text="Sure Start")  # police only: not quorate
    page = as_role("member").get(url()).content.decode()
    assert "01/05/2009" in page and "North Police" in page and "Sure Start" in page
    assert "3 from 2 agencies" in page and "2 from 1 agency" in page
    may = page[page.index("01/05/2009"):page.index("</tr>", page.index("01/05/2009"))]
    august = page[page.index("01/08/2009"):page.index("</tr>", page.index("01/08/2009"))]
    assert "✓</span> Yes" in may
    assert "✗</span> No" in august
    assert "Agreed the plan" in page


def test_met_frequency_for_this_year_and_the_last(world, as_role, dasg, people):
    this_year = year_of(timezone.localdate())
    for n in (1, 2, 3, 4):
        meeting(dasg, Quarter(this_year - 1, n).start, people[:3])
    page = as_role("member").get(url()).content.decode()
    assert f"Met its frequency in {year_label(this_year - 1)} (4 expected)" in page
    last = page[page.index(f"Met its frequency in {year_label(this_year - 1)}"):]
    assert "✓</span> Yes" in last.split("</li>")[0]
    assert f"Met its frequency in {year_label(this_year)} (year in progress" in page


def test_group_without_quorum_says_so(world, as_role, people):
    world.sig.quorum_members = world.sig.quorum_agencies = None
    world.sig.save()
    meeting(world.sig, dt.date(2009, 5, 1), people)
    assert "No quorum set" in as_role("member").get(url("sig")).content.decode()


def test_coordinator_gets_edit_controls_and_member_does_not(world, as_role, dasg, people):
    m = meeting(dasg, dt.date(2009, 5, 1), people[:3])
    assert "Record a meeting" in as_role("coordinator").get(url()).content.decode()
    member_page = as_role("member").get(url()).content.decode()
    assert "Record a meeting" not in member_page and "Edit the terms of reference" not in member_page
    page = as_role("coordinator").get(url() + f"?meeting={m.pk}").content.decode()
    assert "Change the meeting of 01/05/2009" in page
    page = as_role("coordinator").get(url() + "?edit=group").content.decode()
    assert "Save the terms of reference" in page


def test_another_partnerships_group_is_not_found(world, as_role):
    Group.objects.create(partnership=world.south, slug="south-board", name="South Board")
    for role in ("admin", "coordinator", "member", "viewer"):
        assert as_role(role).get(url("south-board")).status_code == 404
    assert as_role("viewer").get(url("sig")).status_code == 403
    assert as_role("outsider").get(url("sig")).status_code == 404


def test_query_count_does_not_grow_with_members_and_meetings(world, as_role, dasg, people,
                                                             django_assert_max_num_queries):
    client = as_role("coordinator")
    for i in range(30):
        person = Person.objects.create(partnership=world.north, name=f"Extra {i}", agency=world.police)
        GroupMember.objects.create(group=dasg, person=person)
        meeting(dasg, dt.date(2008, 1, 1) + dt.timedelta(days=7 * i), [person, *people])
    with django_assert_max_num_queries(14):
        assert client.get(url()).status_code == 200
