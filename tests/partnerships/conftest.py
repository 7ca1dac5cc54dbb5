"""Group and meeting data on top of the shared `world` personas."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerships.models import Group, GroupMember, Meeting, Person


@pytest.fixture
def people(world) -> list[Person]:
    """Four people: two police, one housing, one with no agency."""
    return [
        Person.objects.create(partnership=world.north, name="Pat Police", agency=world.police),
        Person.objects.create(partnership=world.north, name="Paul Police", agency=world.police),
        Person.objects.create(partnership=world.north, name="Hana Housing", agency=world.housing),
        Person.objects.create(partnership=world.north, name="Vera Volunteer"),
    ]


@pytest.fixture
def dasg(world, people) -> Group:
    """A board above the SIG, chaired by Pat, with a full terms of reference."""
    board = Group.objects.create(
        partnership=world.north, slug="dasg", name="Domestic Abuse Strategic Group", short_name="DASG",
        accountable_to_text="Community Safety Executive", accountability="Annual report to the CSE",
        purpose="To lead the partnership's response", duties="To agree the strategy\n• To monitor the plan",
        membership_rules="Senior officers", quorum_members=3, quorum_agencies=2,
        quorum_text="Three members comprising of at least 2 agencies.", frequency="quarterly",
        minutes_to_chair_days=7, minutes_circulated_days=14, agenda_days_before=7,
        minutes_rules="Minutes kept by the secretary", reports_to="Community Safety Executive",
        life_span="Until the strategy ends", version="1.2", approved_by="CSE", approved_on=dt.date(2009, 4, 1),
        review_date=dt.date(2010, 4, 1),
    )
    GroupMember.objects.create(group=board, person=people[0], role=GroupMember.Role.CHAIR, agency=world.police,
                               title="Detective Chief Inspector")
    GroupMember.objects.create(group=board, person=people[2], role=GroupMember.Role.SECRETARY, agency=world.housing)
    world.sig.accountable_to = board
    world.sig.save()
    return board


def meeting(group: Group, day: dt.date, attendees: list[Person], **fields) -> Meeting:
    m = Meeting.objects.create(group=group, date=day, **fields)
    m.attendees.set(attendees)
    return m
