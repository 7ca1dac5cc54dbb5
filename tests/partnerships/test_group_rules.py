import datetime as dt

from partnerships.models import Agency, Meeting, Person


def _people(world, n_people: int, n_agencies: int) -> list[Person]:
    agencies = [world.police, world.housing] + [
        Agency.objects.create(partnership=world.north, name=f"Agency {i}") for i in range(max(0, n_agencies - 2))
    ]
    return [
        Person.objects.create(partnership=world.north, name=f"Person {i}", agency=agencies[i % n_agencies])
        for i in range(n_people)
    ]


def test_meeting_is_quorate_with_enough_people_from_enough_agencies(world):
    meeting = Meeting.objects.create(group=world.sig, date=dt.date(2009, 5, 1))
    meeting.attendees.set(_people(world, 3, 2))
    assert meeting.is_quorate() is True


def test_meeting_of_one_agency_is_not_quorate_however_many_attend(world):
    meeting = Meeting.objects.create(group=world.sig, date=dt.date(2009, 5, 1))
    meeting.attendees.set(_people(world, 6, 1))
    assert meeting.is_quorate() is False


def test_meeting_short_of_members_is_not_quorate(world):
    meeting = Meeting.objects.create(group=world.sig, date=dt.date(2009, 5, 1))
    meeting.attendees.set(_people(world, 2, 2))
    assert meeting.is_quorate() is False


def test_group_without_a_quorum_cannot_say(world):
    world.sig.quorum_members = None
    world.sig.quorum_agencies = None
    world.sig.save()
    meeting = Meeting.objects.create(group=world.sig, date=dt.date(2009, 5, 1))
    assert meeting.is_quorate() is None


def test_quarterly_group_meeting_four_times_met_its_frequency(world):
    for month in (5, 8, 11):
        Meeting.objects.create(group=world.sig, date=dt.date(2009, month, 1))
    assert world.sig.met_frequency(2009, today=dt.date(2011, 1, 1)) is False
    Meeting.objects.create(group=world.sig, date=dt.date(2010, 2, 1))
    assert world.sig.met_frequency(2009, today=dt.date(2011, 1, 1)) is True


def test_frequency_in_the_year_in_progress_is_pro_rata(world):
    Meeting.objects.create(group=world.sig, date=dt.date(2009, 5, 1))
    # two quarters completed by mid-October: two meetings expected, one held
    assert world.sig.met_frequency(2009, today=dt.date(2009, 10, 15)) is False
    Meeting.objects.create(group=world.sig, date=dt.date(2009, 8, 1))
    assert world.sig.met_frequency(2009, today=dt.date(2009, 10, 15)) is True
