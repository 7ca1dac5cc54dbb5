"""Governance groups: the list says whether each group met its frequency; the group page shows its terms
of reference, members and meetings, and a coordinator records a meeting whose quorum the page judges."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from partnerships.models import GroupMember, Meeting, Person
from partnerships.periods import year_label, year_of
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def sig(team):
    """The SIG (quorum: 3 members from 2 agencies, quarterly) with a chair, and last year's four meetings."""
    sig = team.sig
    sig.purpose = "Oversee delivery of the domestic abuse action plan"
    sig.save()
    chair = Person.objects.create(partnership=team.north, name="Pat Police", agency=team.police)
    ria = Person.objects.create(partnership=team.north, name="Ria Response", agency=team.police)
    hal = Person.objects.create(partnership=team.north, name="Hal Housing", agency=team.housing)
    GroupMember.objects.create(group=sig, person=chair, role=GroupMember.Role.CHAIR)
    GroupMember.objects.create(group=sig, person=hal, role=GroupMember.Role.MEMBER)
    last_year = year_of(dt.date.today()) - 1
    for month, year in ((4, last_year), (7, last_year), (10, last_year), (1, last_year + 1)):
        meeting = Meeting.objects.create(group=sig, date=dt.date(year, month, 15), host_agency=team.police)
        meeting.attendees.set([chair, ria, hal])
    team.last_year = last_year
    return sig


def test_member_reads_groups_and_a_groups_terms_members_and_meetings(page: Page, live_server, sig, team) -> None:
    sign_in(page, "mo-member")
    page.get_by_role("link", name="Groups", exact=True).click()
    expect(page.get_by_role("heading", name="Governance groups", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Strategy Implementation Group")
    expect(row).to_contain_text("Pat Police")
    expect(row).to_contain_text("Quarterly")
    expect(row.get_by_role("cell").last).to_contain_text("Yes (4 held)")
    screenshot(page, "groups")
    assert_accessible(page, live_server)

    row.get_by_role("link", name="Strategy Implementation Group").click()
    expect(page.get_by_role("heading", name="Strategy Implementation Group", level=1)).to_be_visible()
    expect(page.locator("#terms")).to_contain_text("Oversee delivery of the domestic abuse action plan")
    expect(page.locator("#terms")).to_contain_text("3 members from at least 2 agencies")
    members = page.locator("section", has=page.get_by_role("heading", name="Members", exact=True))
    expect(members.get_by_role("row").filter(has_text="Pat Police")).to_contain_text("Chair")
    meetings = page.locator("#meetings tbody tr")
    expect(meetings).to_have_count(4)
    expect(meetings.first).to_contain_text("3 from 2 agencies")
    expect(page.get_by_text(f"Met its frequency in {year_label(team.last_year)} (4 expected)")).to_contain_text("Yes")
    # A member reads; only coordinators record meetings.
    expect(page.get_by_role("heading", name="Record a meeting")).to_have_count(0)
    screenshot(page, "group")
    assert_accessible(page, live_server)


def test_coordinator_records_meetings_and_the_page_says_whether_each_was_quorate(
    page: Page, live_server, sig, team
) -> None:
    sign_in(page, "carol-coordinator")
    page.goto(f"/p/north/groups/{sig.slug}/")
    expect(page.get_by_role("heading", name="Record a meeting")).to_be_visible()
    screenshot(page, "group-coordinator")
    assert_accessible(page, live_server)

    def record(day: dt.date, people: list[str]) -> None:
        form = page.locator("#meeting-form")
        field(form, "Date").fill(day.isoformat())
        field(form, "Host agency").select_option(label="North Police")
        for name in people:
            form.get_by_label(name).check()
        form.get_by_role("button", name="Record the meeting").click()

    quorate_day = dt.date.today() - dt.timedelta(days=3)
    record(quorate_day, ["Pat Police", "Ria Response", "Hal Housing"])
    row = page.locator("#meetings tbody tr").filter(has_text=quorate_day.strftime("%d/%m/%Y"))
    expect(row).to_contain_text("3 from 2 agencies")
    expect(row).to_contain_text("Yes")

    # Three people, but all from the police: not quorate (the quorum asks for two agencies).
    thin_day = dt.date.today() - dt.timedelta(days=2)
    Person.objects.create(partnership=team.north, name="Pip Probationer", agency=team.police)
    page.reload()
    record(thin_day, ["Pat Police", "Ria Response", "Pip Probationer"])
    row = page.locator("#meetings tbody tr").filter(has_text=thin_day.strftime("%d/%m/%Y"))
    expect(row).to_contain_text("3 from 1 agency")
    expect(row).to_contain_text("No")
    assert Meeting.objects.filter(group=sig).count() == 6

    # The same date twice is refused, with a message that says so.
    record(thin_day, ["Hal Housing"])
    expect(page.locator("#meeting-form")).to_contain_text(f"already has a meeting on {thin_day:%d/%m/%Y}")
    assert Meeting.objects.filter(group=sig).count() == 6
