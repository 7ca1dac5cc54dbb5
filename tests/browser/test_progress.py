"""A lead records a quarter's progress on their own action, inline through htmx; and cannot touch
another agency's action, neither through the page nor by a forged POST."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from actions.models import ProgressUpdate, Status
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


def action_url(world, action) -> str:
    return f"/p/{world.north.slug}/actions/{action.pk}/"


def test_lead_records_quarterly_progress_inline_without_a_full_reload(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    page.goto(action_url(team, team.police_action))
    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    expect(page.locator("#action-status")).to_have_text("Status: Not started")
    expect(page.locator("#timeline")).to_contain_text("No progress recorded yet")
    screenshot(page, "action")
    assert_accessible(page, live_server)

    # A full page load would start a new document; this marker lives only as long as this one does.
    page.evaluate("() => { window.__sameDocument = 'yes'; }")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    form = page.locator("form.progress-form")
    field(form, "Quarter").select_option("2009-10 Q2")
    field(form, "Status").select_option(label="At risk")
    field(form, "Progress this quarter").fill("Pathway mapped with the PPU; two referral gaps found")
    field(form, "Barriers").fill("Barrier - unclear status of DARO")
    with page.expect_response(lambda r: r.url.endswith("/progress/") and r.request.method == "POST") as posted:
        form.get_by_role("button", name="Record progress").click()
    assert posted.value.request.headers.get("hx-request") == "true"
    assert posted.value.status == 200

    timeline = page.locator("#timeline")
    saved = page.get_by_role("status").filter(has_text="Your 2009-10 Q2 progress update has been recorded")
    expect(saved).to_be_visible()
    expect(timeline).to_contain_text("Pathway mapped with the PPU; two referral gaps found")
    expect(timeline).to_contain_text("Barrier - unclear status of DARO")
    expect(timeline.get_by_role("heading", name="2009-10 Q2")).to_be_visible()
    expect(page.locator("#action-status")).to_have_text("Status: At risk")
    expect(page.locator("#action-status")).to_have_class("badge status-at_risk align-middle")
    # The change history shows the new update without a reload.
    expect(page.locator("#history").get_by_role("row").nth(1)).to_contain_text("len-lead")
    assert page.evaluate("() => window.__sameDocument") == "yes"
    assert navigations == []
    screenshot(page, "action-after-progress")
    assert_accessible(page, live_server)

    update = ProgressUpdate.objects.get(action=team.police_action)
    assert (update.year_start, update.quarter, update.status, update.author) == (2009, 2, Status.AT_RISK, team.lead)

    # The change is kept: a reload shows the same timeline and badge, and the history names the lead.
    page.reload()
    expect(page.locator("#action-status")).to_have_text("Status: At risk")
    expect(page.locator("#timeline")).to_contain_text("Pathway mapped with the PPU")
    expect(page.get_by_role("table").filter(has_text="Who")).to_contain_text("len-lead")


def test_progress_form_shows_its_errors_inline(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    page.goto(action_url(team, team.police_action))
    form = page.locator("form.progress-form")
    field(form, "Progress this quarter").fill("With a file that is not what it says")
    field(form, "Evidence file").set_input_files(
        files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"}]
    )
    form.get_by_role("button", name="Record progress").click()

    expect(page.locator("#progress")).to_contain_text("is not a real PDF")
    expect(page.locator("#timeline")).to_contain_text("No progress recorded yet")
    assert not ProgressUpdate.objects.filter(action=team.police_action).exists()


def test_lead_sees_no_form_on_another_agencys_action_and_a_forced_post_is_refused(
    page: Page, live_server, team
) -> None:
    sign_in(page, "len-lead")
    page.goto(action_url(team, team.housing_action))
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Record progress")).to_have_count(0)
    expect(page.locator("form.progress-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Record progress")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit this action")).to_have_count(0)
    expect(page.get_by_role("button", name="Record the year-end decision")).to_have_count(0)
    screenshot(page, "action-read-only")

    # The same POST the form would make, with the lead's own session and a valid CSRF token.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}{action_url(team, team.housing_action)}progress/",
        form={"quarter": "2009-10 Q2", "status": Status.COMPLETED, "narrative": "Not mine to say"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url + action_url(team, team.housing_action)},
    )
    assert response.status == 403
    assert not ProgressUpdate.objects.filter(action=team.housing_action).exists()
    # The coordinator's edit page is closed to a lead as well.
    assert page.request.get(f"{live_server.url}{action_url(team, team.housing_action)}edit/").status == 403

    page.reload()
    expect(page.locator("#action-status")).to_have_text("Status: Not started")


def test_lead_cannot_open_another_partnerships_action(page: Page, live_server, team) -> None:
    sign_in(page, "len-lead")
    response = page.goto(f"/p/{team.south.slug}/actions/{team.south_action.pk}/")
    assert response is not None and response.status == 404
    response = page.goto(f"/p/{team.north.slug}/actions/{team.south_action.pk}/")
    assert response is not None and response.status == 404
