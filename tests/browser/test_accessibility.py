"""axe-core on the pages not already checked by the flow tests, keyboard-only use, and the progress
form working without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from actions.models import ProgressUpdate, Status
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name, path, heading", [
    ("action-edit", "/p/north/actions/{police_action}/edit/", "Edit action 1.1"),
    ("strategy", "/p/north/strategies/strategy/", "North Domestic Abuse Partnership strategy"),
    ("action-coordinator", "/p/north/actions/{police_action}/", "Action 1.1"),
])
def test_coordinator_pages_have_no_serious_axe_violation(
    page: Page, live_server, team, name: str, path: str, heading: str
) -> None:
    sign_in(page, "carol-coordinator")
    page.goto(path.format(police_action=team.police_action.pk))
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    screenshot(page, name)
    assert_accessible(page, live_server)


def test_keyboard_user_skips_to_the_content_and_reaches_the_plan_filter(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    page.goto("/p/north/plan/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # The filter opens and submits from the keyboard alone.
    summary = page.get_by_text("Filter the plan", exact=True)
    summary.focus()
    page.keyboard.press("Enter")
    search = field(page, "Search")
    expect(search).to_be_visible()
    search.focus()
    page.keyboard.type("DASH")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 of 4 actions match the filter")


def test_progress_update_works_without_javascript(browser: Browser, live_server, team) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "len-lead")
        page.goto(f"/p/north/actions/{team.dash_action.pk}/")
        form = page.locator("form.progress-form")
        field(form, "Quarter").select_option("2009-10 Q2")
        field(form, "Status").select_option(label="On track")
        field(form, "Progress this quarter").fill("Trainer appointed; first two sessions held")
        with page.expect_navigation():
            form.get_by_role("button", name="Record progress").click()
        saved = page.get_by_role("alert").filter(has_text="Your 2009-10 Q2 progress update has been recorded.")
        expect(saved).to_be_visible()
        expect(page.locator("#action-status")).to_have_text("Status: On track")
        expect(page.locator("#timeline")).to_contain_text("Trainer appointed; first two sessions held")
        assert ProgressUpdate.objects.filter(action=team.dash_action, quarter=2, status=Status.ON_TRACK).exists()
    finally:
        context.close()


def test_forgotten_password_pages_have_no_serious_axe_violation(page: Page, live_server, team) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password, or never set one?").click()
    expect(page.get_by_role("heading", name="Set or reset your password", level=1)).to_be_visible()
    assert_accessible(page, live_server)
    field(page, "Email").fill("carol-coordinator@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail", level=1)).to_be_visible()
    assert_accessible(page, live_server)


# axe-core finds no violation at all (every impact, not only serious and critical) on the main pages, at
# desktop width and at 390 px.

MAIN_PAGES = {
    "carol-coordinator": ["/p/north/", "/p/north/plan/", "/p/north/rounds/", "/p/north/indicators/"],
    "len-lead": ["/p/north/", "/p/north/my-updates/", "/p/north/plan/"],
    "mo-member": ["/p/north/"],
}


def all_axe_violations(page: Page, live_server) -> list[dict]:
    page.add_script_tag(url=live_server.url + "/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("who", list(MAIN_PAGES))
def test_main_pages_have_no_axe_violation_at_all(browser: Browser, live_server, team, who: str,
                                                 width: int, height: int) -> None:
    _no_violation_on(browser, live_server, team, who, width, height, MAIN_PAGES[who])


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_action_page_has_no_axe_violation_at_all(browser: Browser, live_server, team, width: int,
                                                     height: int) -> None:
    _no_violation_on(browser, live_server, team, "carol-coordinator", width, height,
                     ["/p/north/actions/{police_action}/"])


def _no_violation_on(browser: Browser, live_server, team, who: str, width: int, height: int,
                     paths: list[str]) -> None:
    from django.utils import timezone

    from actions.models import UpdateRound
    UpdateRound.objects.get_or_create(plan=team.plan, year_start=2009, quarter=2,
                                      defaults={"opened_at": timezone.now(), "opened_by": team.coordinator})
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                  locale="en-GB")
    try:
        page = context.new_page()
        sign_in(page, who)
        found = []
        for path in paths:
            page.goto(path.format(police_action=team.police_action.pk))
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            for v in all_axe_violations(page, live_server):
                targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])]
                found.append(f"{page.url}: {v['id']} ({v.get('impact')}): {v.get('help', '')} -> {targets[:5]}")
        assert not found, "axe-core violations:\n" + "\n".join(found)
    finally:
        context.close()
