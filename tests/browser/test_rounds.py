"""A coordinator opens a quarter's update round, sees who is outstanding, and reminds them."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import Status, UpdateRound
from tests.browser.support import assert_accessible, field, screenshot, sign_in
from tests.conftest import add_update, make_action

pytestmark = pytest.mark.browser


def test_coordinator_opens_a_round_and_sees_who_is_outstanding(page: Page, live_server, team, mailoutbox) -> None:
    # North Housing has already reported both its actions for Q2; North Police has not.
    add_update(team.housing_action, 2009, 2, Status.ON_TRACK, narrative="Two landlords signed up")
    add_update(team.refuge_action, 2009, 2, Status.ON_TRACK, narrative="Planning permission granted")

    sign_in(page, "carol-coordinator")
    page.get_by_role("link", name="Update rounds").click()
    expect(page.get_by_role("heading", name="Update rounds", level=1)).to_be_visible()
    expect(page.get_by_text("No round has been opened yet.")).to_be_visible()
    screenshot(page, "rounds")
    assert_accessible(page, live_server)

    field(page, "Plan and quarter").select_option(
        label="North Domestic Abuse Partnership action plan — 2009-10 Q2 (July to September 2009)")
    page.get_by_role("button", name="Open the round and e-mail the leads").click()

    expect(page.get_by_role("heading", name="2009-10 Q2 update round")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="The 2009-10 Q2 round is open; 2 leads e-mailed.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("2 in, 2 outstanding; 0 with nobody to chase")

    table = page.get_by_role("table", name="Leads and their actions for 2009-10 Q2")
    police = table.get_by_role("row").filter(has_text="len-lead")
    expect(police).to_contain_text("Outstanding: 2 of 2")
    expect(police.get_by_role("cell").last).to_contain_text("1.1, 1.3")
    housing = table.get_by_role("row").filter(has_text="hana-housing")
    expect(housing).to_contain_text("All 2 updated")
    expect(housing.get_by_role("cell").last).to_have_text("None")
    screenshot(page, "round")
    assert_accessible(page, live_server)

    round_ = UpdateRound.objects.get(plan=team.plan)
    assert (round_.year_start, round_.quarter, round_.opened_by) == (2009, 2, team.coordinator)
    assert sorted(m.to[0] for m in mailoutbox) == ["hana-housing@example.org", "len-lead@example.org"]

    # The reminder goes to the outstanding lead only.
    page.get_by_role("button", name="Send a reminder to the 1 outstanding lead").click()
    reminded = page.get_by_role("alert").filter(has_text="Reminder sent to 1 lead with outstanding updates.")
    expect(reminded).to_be_visible()
    assert [m.to for m in mailoutbox[2:]] == [["len-lead@example.org"]]


def test_outstanding_lead_updates_and_the_round_page_moves_them_to_updated(page: Page, live_server, team) -> None:
    # An action led by an agency with no portal account: nobody gets its e-mail, yet it counts.
    victim_support = team.north.agencies.create(name="Victim Support")
    make_action(team.plan, team.objective2, "2.2", victim_support, description="Run a helpline evening service")
    sign_in(page, "carol-coordinator")
    page.goto("/p/north/rounds/")
    field(page, "Plan and quarter").select_option(
        label="North Domestic Abuse Partnership action plan — 2009-10 Q3 (October to December 2009)")
    page.get_by_role("button", name="Open the round and e-mail the leads").click()
    expect(page.get_by_role("status")).to_contain_text("0 in, 5 outstanding; 1 with nobody to chase")
    nobody = page.get_by_role("table", name="Outstanding actions with nobody to chase for 2009-10 Q3")
    expect(nobody.get_by_role("row").filter(has_text="2.2")).to_contain_text("Victim Support")
    round_url = page.url

    add_update(team.police_action, 2009, 3, Status.COMPLETED, narrative="Pathway agreed")
    add_update(team.dash_action, 2009, 3, Status.ON_TRACK, narrative="Trainer in post")
    page.goto(round_url)
    expect(page.get_by_role("status")).to_contain_text("2 in, 3 outstanding; 1 with nobody to chase")
    expect(page.get_by_role("row").filter(has_text="len-lead")).to_contain_text("All 2 updated")


def test_lead_cannot_open_the_rounds_page(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    expect(page.get_by_role("link", name="Update rounds")).to_have_count(0)
    response = page.goto("/p/north/rounds/")
    assert response is not None and response.status == 403


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_coordinator_invites_a_lead_found_under_nobody_to_chase(page: Page, live_server, team, mailoutbox,
                                                                settings, viewport) -> None:
    """The IDVA Manager leads 2.3 but has no account: the coordinator invites them from the round page in
    one step; the e-mailed link sets their password and they sign in to their list."""
    settings.PORTAL_BASE_URL = live_server.url
    page.set_viewport_size(viewport)
    manager = team.north.people.create(name="IDVA Manager")
    make_action(team.plan, team.objective2, "2.3", description="Recruit two more IDVAs").lead_people.add(manager)
    round_ = UpdateRound.objects.create(plan=team.plan, year_start=2009, quarter=3, opened_by=team.coordinator,
                                        opened_at=timezone.now())
    sign_in(page, "carol-coordinator")
    page.goto(f"/p/north/rounds/{round_.pk}/")
    expect(page.get_by_role("status")).to_contain_text("1 with nobody to chase")
    nobody = page.get_by_role("table", name="Outstanding actions with nobody to chase for 2009-10 Q3")
    nobody.get_by_role("row").filter(has_text="2.3").get_by_role("link", name="Invite IDVA Manager").click()

    expect(field(page, "Lead (as the plan names them)")).to_have_value(f"person:{manager.pk}")
    field(page, "Name of the person").fill("Ivy Manager")
    field(page, "Their e-mail address").fill("ivy@example.org")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"round-invite-{viewport['width']}")
    assert_accessible(page, live_server)
    page.get_by_role("button", name="Invite", exact=True).click()

    expect(page.get_by_role("alert").filter(has_text="Ivy Manager is invited: a link to set a password has gone "
                                                     "to ivy@example.org.")).to_contain_text(
        "1 outstanding action now has someone to chase.")
    expect(page.get_by_role("status")).to_contain_text("0 with nobody to chase")
    leads = page.get_by_role("table", name="Leads and their actions for 2009-10 Q3")
    expect(leads.get_by_role("row").filter(has_text="Ivy Manager")).to_contain_text("Outstanding: 1 of 1")
    assert_accessible(page, live_server)

    # The invited lead sets a password through the e-mailed link and signs in.
    link = next(m for m in mailoutbox if m.to == ["ivy@example.org"])
    url = re.search(r"https?://\S+/accounts/password/reset/\S+/", link.body).group(0)
    page.context.clear_cookies()
    page.goto(url)
    field(page, "New password").fill("a-fresh-horse-battery")
    field(page, "New password confirmation").fill("a-fresh-horse-battery")
    page.get_by_role("button").filter(has_text=re.compile("password", re.I)).first.click()
    expect(page.get_by_role("heading", name="Your password is set")).to_be_visible()
    sign_in(page, "ivy@example.org", "a-fresh-horse-battery")
    page.goto("/p/north/plan/?mine=on")
    expect(page.get_by_text("Recruit two more IDVAs").first).to_be_visible()
