"""A coordinator adds a milestone on the action page, marks it done and edits another, at desktop width
and on a phone (390x844); the page passes axe-core and the strict CSP (the page fixture checks it)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from actions.milestones import milestone_add
from actions.models import Action, Milestone
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_coordinator_adds_completes_and_edits_milestones(
    page: Page, live_server, team, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    action = team.police_action
    milestone_add(user=team.coordinator, action=action, text="Draft the referral protocol", timescale="June 2009")
    sign_in(page, "carol-coordinator")
    page.goto(f"/p/north/actions/{action.pk}/")

    form = page.locator("form").filter(has=page.get_by_role("heading", name="Add a milestone"))
    field(form, "Milestone").fill("Launch the pathway")
    field(form, "Timescale").fill("January 2010")
    form.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_role("alert").filter(has_text="Milestone “Launch the pathway” added, due 31/01/2010."))\
        .to_be_visible()
    rows = page.locator("ol.milestones > li")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("31 Jan 2010")
    expect(page.locator("#milestones")).to_contain_text("Overdue")  # June 2009 is long past

    rows.nth(0).get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("alert").filter(has_text="marked done")).to_be_visible()
    expect(page.locator("ol.milestones > li").nth(0)).to_contain_text("Done")

    second = page.locator("ol.milestones > li").nth(1)
    second.locator("summary").click()
    field(second, "Timescale").fill("After the election")
    second.get_by_role("button", name="Save the milestone").click()
    expect(page.get_by_role("alert").filter(has_text="names no date")).to_be_visible()
    screenshot(page, f"action-milestones-{width}")
    assert_accessible(page, live_server)

    launch = Milestone.objects.get(text="Launch the pathway")
    assert (launch.timescale, launch.due_on) == ("After the election", None)
    assert Milestone.objects.get(text="Draft the referral protocol").completed_on == dt.date.today()
    assert Action.objects.get(pk=action.pk).due_date == dt.date(2009, 6, 30)
