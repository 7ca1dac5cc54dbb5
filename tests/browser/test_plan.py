"""The dashboard and the plan: a filtered plan view lives in the URL and survives a reload."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_lead_dashboard_lists_their_actions_and_the_plan_at_a_glance(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    expect(page).to_have_url(f"{live_server.url}/p/north/")
    my_actions = page.locator("section", has=page.get_by_role("heading", name="My actions"))
    expect(my_actions).to_contain_text("You lead 2 actions")
    expect(my_actions.get_by_role("link", name="Review the MARAC referral pathway").first).to_be_visible()
    expect(my_actions).not_to_contain_text("sanctuary scheme")

    glance = page.get_by_role("table", name="Actions by status per objective")
    expect(glance.get_by_role("row", name="All objectives")).to_contain_text("4")
    # The chart is drawn by static/js/actions.js under the strict CSP: a canvas with a size means it ran.
    expect(page.locator("#status-chart")).to_have_attribute("height", re.compile(r"^[1-9]\d*$"))
    screenshot(page, "dashboard")
    assert_accessible(page, live_server)


def test_filtered_plan_view_survives_reload(page: Page, live_server, team) -> None:
    sign_in(page, "carol-coordinator")
    page.goto("/p/north/plan/")
    expect(page.get_by_role("heading", name="North Domestic Abuse Partnership action plan", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("4 actions")
    screenshot(page, "plan")
    assert_accessible(page, live_server)

    page.get_by_text("Filter the plan", exact=True).click()
    form = page.get_by_role("form", name="Filter the plan")
    field(form, "Lead agency").select_option(label="North Housing")
    field(form, "Status").select_option(label="On track")
    field(form, "Search").fill("refuge")
    form.get_by_role("button", name="Apply filter").click()

    def assert_filtered() -> None:
        expect(page.get_by_role("status")).to_contain_text("1 of 4 actions match the filter")
        rows = page.locator("table.plan-table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Open six more refuge places")
        expect(page.get_by_role("link", name="Extend the sanctuary scheme")).to_have_count(0)
        expect(page.get_by_role("link", name="Review the MARAC referral pathway")).to_have_count(0)
        # Form values come back from the URL.
        form = page.get_by_role("form", name="Filter the plan")
        expect(form).to_be_visible()
        expect(field(form, "Search")).to_have_value("refuge")
        expect(field(form, "Status")).to_have_value("on_track")
        expect(field(form, "Lead agency")).to_have_value(str(team.housing.pk))
        expect(page.get_by_role("link", name="Clear")).to_be_visible()

    assert_filtered()
    query = parse_qs(urlparse(page.url).query)
    assert query["status"] == ["on_track"]
    assert query["agency"] == [str(team.housing.pk)]
    assert query["q"] == ["refuge"]
    screenshot(page, "plan-filtered")
    assert_accessible(page, live_server)

    filtered_url = page.url
    page.reload()
    assert page.url == filtered_url
    assert_filtered()

    # The same URL in a new browser context (a bookmark, a link sent to a colleague) shows the same view.
    other = page.context.browser.new_context(base_url=live_server.url)
    try:
        colleague = other.new_page()
        sign_in(colleague, "hana-housing", next_path=urlparse(filtered_url).path + "?" + urlparse(filtered_url).query)
        expect(colleague.locator("table.plan-table tbody tr")).to_have_count(1)
        expect(colleague.get_by_role("status")).to_contain_text("1 of 4 actions match the filter")
    finally:
        other.close()

    page.get_by_role("link", name="Clear").click()
    expect(page.get_by_role("status")).to_contain_text("4 actions")


def test_overdue_filter_and_my_actions(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    page.goto("/p/north/plan/?mine=on")
    rows = page.locator("table.plan-table tbody tr")
    expect(rows).to_have_count(2)
    expect(field(page, "My actions only")).to_be_checked()
    page.goto("/p/north/plan/?overdue=on")
    # 1.1 and 1.2 were due September 2009 and are not completed; 1.3 is quarterly, 2.1 due March 2010.
    expect(rows).to_have_count(3)
    expect(page.get_by_role("link", name="Train call handlers")).to_have_count(0)


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_coordinator_adds_moves_and_removes_an_action(browser, live_server, team, width: int, height: int) -> None:
    from actions.models import Action

    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                  locale="en-GB")
    try:
        page = context.new_page()
        sign_in(page, "carol-coordinator")
        page.goto("/p/north/plan/")
        page.get_by_role("link", name="Add an action under Objective 2").click()
        expect(page.get_by_role("heading", name="Add an action", level=1)).to_be_visible()
        expect(field(page, "Objective")).to_have_value(str(team.objective2.pk))
        field(page, "Reference").fill("2.5")
        field(page, "Action").fill("Publish the refuge referral guide")
        field(page, "Timescale").fill("January 2010")
        assert_accessible(page, live_server)
        page.get_by_role("button", name="Add the action").click()
        expect(page.get_by_role("alert").filter(has_text="The action 2.5 has been added under Objective 2.")) \
            .to_be_visible()
        added = Action.objects.get(plan=team.plan, ref="2.5")
        assert added.objective == team.objective2 and added.due_date.isoformat() == "2010-01-31"

        # Move it to the top of Objective 1.
        page.get_by_role("link", name="Move 2.5", exact=True).click()
        expect(page.get_by_role("heading", name="Move 2.5", level=1)).to_be_visible()
        field(page, "Objective").select_option(str(team.objective.pk))
        field(page, "Position").fill("1")
        page.get_by_role("button", name="Move the action").click()
        expect(page.get_by_role("alert").filter(has_text="2.5 is now number 1 under Objective 1.")).to_be_visible()
        first = page.locator("section.objective").first.get_by_role("row").nth(1)
        expect(first).to_contain_text("Publish the refuge referral guide")

        # Remove it: the page asks first.
        page.get_by_role("link", name="Remove 2.5", exact=True).click()
        expect(page.get_by_role("heading", name="Remove 2.5 from the plan?")).to_be_visible()
        assert_accessible(page, live_server)
        screenshot(page, f"plan-remove-{width}")
        page.get_by_role("button", name="Remove the action").click()
        expect(page.get_by_role("alert").filter(has_text="The action 2.5 has been removed")).to_be_visible()
        expect(page.get_by_text("Publish the refuge referral guide")).to_have_count(0)
        assert not Action.objects.filter(pk=added.pk).exists()
        assert Action.history.filter(id=added.pk, history_type="-").exists()
        width_now = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_now <= width, f"the plan is {width_now} px wide at {width} px"
    finally:
        context.close()
