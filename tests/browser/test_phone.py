"""Phone first, at 390 x 844 (where leads work between meetings): the navigation collapses to a menu,
no page scrolls sideways, and the progress form is reachable from the top of an action page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from actions.models import Status, UpdateRound
from partnerships.models import Person
from tests.browser.support import assert_accessible, field, screenshot
from tests.conftest import PASSWORD, add_update, make_action

pytestmark = pytest.mark.browser

PHONE = ViewportSize(width=390, height=844)


@pytest.fixture
def phone(browser: Browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB", has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    context.set_default_timeout(5000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def long_plan(team):
    """Long words and long lead names, as the seeds have them, plus a round with someone to chase."""
    chair = Person.objects.create(partnership=team.north, name="Chair of the Strategy Implementation Group (SIG)")
    wide = make_action(
        team.plan, team.objective2, "2.2", team.housing,
        description="Commission the Independent Domestic Violence Advisor (IDVA) service across "
                    "https://www.example.org/commissioning/independent-domestic-violence-advisors/2009-10",
        by_whom="DA Co-ordinator / Community Safety Partnership Manager", timescale="Ongoing",
    )
    wide.lead_people.add(chair)
    add_update(wide, 2009, 2, Status.ON_TRACK, narrative="Tender documents agreed; evaluation panel "
               "(Bedfordshire Police, NHS Bedfordshire, Bedford Borough Council) met on 14/07/2009")
    round_ = UpdateRound.objects.create(plan=team.plan, year_start=2009, quarter=3, opened_at=timezone.now(),
                                        opened_by=team.coordinator)
    team.wide_action, team.round = wide, round_
    return team


def sign_in(page: Page, username: str) -> None:
    """The login form, as support.sign_in, but the sign-out button sits in the folded menu on a phone."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def assert_no_sideways_scroll(page: Page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    screenshot(page, f"phone-{name}")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px"


def test_navigation_collapses_to_a_menu(phone: Page, live_server, long_plan) -> None:
    sign_in(phone, "carol-coordinator")
    phone.goto("/p/north/")
    nav = phone.get_by_role("navigation", name="Main")
    plan_link = nav.get_by_role("link", name="Plan", exact=True)
    expect(plan_link).to_be_hidden()
    menu = nav.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    # The content starts within the first screen, not under a column of links.
    heading = phone.get_by_role("heading", name="North Domestic Abuse Partnership", level=1)
    box = heading.bounding_box()
    assert box is not None and box["y"] < 250
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(plan_link).to_be_visible()
    plan_link.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("action plan")


@pytest.mark.parametrize("who", ["carol-coordinator", "len-lead"])
def test_no_page_scrolls_sideways(phone: Page, live_server, long_plan, who) -> None:
    sign_in(phone, who)
    pages = {
        "home": "/p/north/",
        "plan": "/p/north/plan/",
        "action": f"/p/north/actions/{long_plan.wide_action.pk}/",
        "own-action": f"/p/north/actions/{long_plan.police_action.pk}/",
        "indicators": "/p/north/indicators/",
    }
    if who == "carol-coordinator":
        pages["round"] = f"/p/north/rounds/{long_plan.round.pk}/"
        pages["rounds"] = "/p/north/rounds/"
    for name, path in pages.items():
        phone.goto(path)
        assert_no_sideways_scroll(phone, f"{name}-{who.split('-')[1]}")


def test_the_progress_form_is_reachable_from_the_top_of_the_action_page(phone: Page, live_server,
                                                                         long_plan) -> None:
    sign_in(phone, "len-lead")
    phone.goto(f"/p/north/actions/{long_plan.police_action.pk}/")
    link = phone.get_by_role("link", name="Record progress")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], "the link is below the first screen"
    link.click()
    expect(phone.get_by_role("heading", name="Record progress")).to_be_in_viewport()
    expect(field(phone.locator("form.progress-form"), "Quarter")).to_be_in_viewport()
    assert_accessible(phone, live_server)


def test_without_javascript_the_menu_stays_open(browser: Browser, live_server, long_plan) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("len-lead")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Plan", exact=True)).to_be_visible()
        expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
        assert_no_sideways_scroll(page, "home-nojs")
    finally:
        context.close()


def test_a_lead_updates_all_outstanding_actions_from_their_home(phone: Page, live_server, long_plan) -> None:
    """The Q3 round is open: len-lead (North Police) owes 1.1 and 1.3; from the home, on one page, both go in."""
    from actions.models import ProgressUpdate

    sign_in(phone, "len-lead")
    phone.goto("/p/north/")
    expect(phone.get_by_text("You owe 2 updates for 2009-10 Q3")).to_be_visible()
    phone.get_by_role("link", name="Update all my outstanding actions on one page").click()
    expect(phone.get_by_role("heading", name="Update my actions", level=1)).to_be_visible()
    one = phone.get_by_role("group", name="1.1: Review the MARAC referral pathway")
    three = phone.get_by_role("group", name="1.3: Train call handlers")
    one.get_by_label("Status").select_option(label="On track")
    one.get_by_label("Progress this quarter").fill("Pathway reviewed with the PPU in October")
    three.get_by_label("Barriers").fill("Trainer post still vacant")
    assert_no_sideways_scroll(phone, "bulk-update-lead")
    assert_accessible(phone, live_server)
    phone.get_by_role("button", name="Save all updates").click()
    expect(phone.get_by_role("alert").filter(has_text="2 updates saved: 1.1, 1.3.")).to_be_visible()
    expect(phone.get_by_text("All your actions have an update for 2009-10 Q3")).to_be_visible()
    saved = {u.action.ref: u for u in ProgressUpdate.objects.filter(year_start=2009, quarter=3)
             .select_related("action", "author")}
    assert saved["1.1"].status == Status.ON_TRACK and saved["1.1"].author.username == "len-lead"
    assert saved["1.3"].barriers == "Trainer post still vacant"
    assert_no_sideways_scroll(phone, "bulk-update-lead-done")


def test_a_refused_update_on_the_one_page_form_takes_focus_on_its_summary(phone: Page, live_server,
                                                                          long_plan) -> None:
    sign_in(phone, "len-lead")
    phone.goto("/p/north/my-updates/")
    three = phone.get_by_role("group", name="1.3: Train call handlers")
    three.get_by_label("Backed up by").fill("Minutes of the SIG")  # nothing else: refused
    phone.get_by_role("group", name="1.1: Review the MARAC referral pathway").get_by_label(
        "Progress this quarter").fill("Reviewed")
    phone.get_by_role("button", name="Save all updates").click()
    summary = phone.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="1.3: Nothing to record").click()
    expect(three.get_by_label("Status")).to_be_focused()
    expect(three.get_by_label("Backed up by")).to_have_value("Minutes of the SIG")
    assert_no_sideways_scroll(phone, "bulk-update-refused")
