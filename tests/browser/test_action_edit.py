"""Two coordinators edit the same action: the second save is refused and shows what changed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from actions.models import Action
from partnerships.models import Role
from tests.browser.support import assert_accessible, field, screenshot, sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def test_second_of_two_concurrent_edits_is_refused_with_what_changed(
    browser: Browser, page: Page, live_server, team
) -> None:
    make_user("cid-coordinator", team.north, Role.COORDINATOR)
    edit_url = f"/p/north/actions/{team.housing_action.pk}/edit/"
    sign_in(page, "carol-coordinator")
    page.goto(edit_url)

    other_context = browser.new_context(base_url=live_server.url)
    try:
        other = other_context.new_page()
        sign_in(other, "cid-coordinator")
        other.goto(edit_url)

        field(page, "Expected outcomes").fill("Forty more households stay safely in their homes")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_role("alert").filter(has_text="The action has been saved.")).to_be_visible()

        field(other, "Baseline").fill("Twelve sanctuary installations in 2008-09")
        other.get_by_role("button", name="Save changes").click()
        alert = other.get_by_role("alert").filter(has_text="Not saved")
        expect(alert.first).to_be_visible()
        expect(other.locator("main")).to_contain_text("Forty more households stay safely in their homes")
        # The refused edit is still in the form, ready to save again.
        expect(field(other, "Baseline")).to_have_value("Twelve sanctuary installations in 2008-09")
        screenshot(other, "action-edit-conflict")
        assert_accessible(other, live_server)
    finally:
        other_context.close()

    saved = Action.objects.get(pk=team.housing_action.pk)
    assert saved.outcome == "Forty more households stay safely in their homes"
    assert saved.baseline == ""
