"""The progress form in the quarterly loop: it opens on the open round's quarter, an empty update
writes nothing and says why, and a second record for the quarter corrects the first."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import ProgressUpdate, Status, UpdateRound
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_an_empty_update_writes_nothing_and_a_second_corrects_the_first(page: Page, live_server, team) -> None:
    UpdateRound.objects.create(plan=team.plan, year_start=2009, quarter=3, opened_at=timezone.now())
    sign_in(page, "len-lead")
    page.goto(f"/p/north/actions/{team.police_action.pk}/")
    form = page.locator("form.progress-form")
    expect(field(form, "Quarter")).to_have_value("2009-10 Q3")

    # Nothing changed, nothing said: refused, with the reason, and nothing written.
    form.get_by_role("button", name="Record progress").click()
    summary = page.locator("form.progress-form").get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Nothing to record: change the status, or write the progress made or a barrier")
    expect(summary).to_be_focused()  # GOV.UK's error summary takes focus, after the htmx swap too
    assert not ProgressUpdate.objects.filter(action=team.police_action).exists()
    screenshot(page, "progress-refused")
    assert_accessible(page, live_server)

    form = page.locator("form.progress-form")
    field(form, "Status").select_option(label="On track")
    field(form, "Progress this quarter").fill("Pathway agreed with the PPU")
    form.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("status").filter(has_text="Your 2009-10 Q3 progress update has been recorded")
           ).to_be_visible()

    # The form now opens the quarter's update for correction.
    page.reload()
    form = page.locator("form.progress-form")
    expect(page.get_by_role("heading", name="Correct the 2009-10 Q3 update")).to_be_visible()
    expect(field(form, "Progress this quarter")).to_have_value("Pathway agreed with the PPU")
    field(form, "Progress this quarter").fill("Pathway agreed with the PPU and signed off by the SIG")
    form.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status").filter(has_text="Your 2009-10 Q3 update has been corrected")).to_be_visible()
    (update,) = ProgressUpdate.objects.filter(action=team.police_action)
    assert update.narrative == "Pathway agreed with the PPU and signed off by the SIG"
    assert update.status == Status.ON_TRACK
    assert update.history.count() == 2


def test_without_javascript_the_error_summary_takes_focus_and_links_to_the_field(browser, live_server,
                                                                                   team) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "len-lead")
        page.goto(f"/p/north/actions/{team.police_action.pk}/")
        form = page.locator("form.progress-form")
        field(form, "Progress this quarter").fill("Minutes attached")
        field(form, "Evidence file").set_input_files(
            files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"}])
        form.get_by_role("button", name="Record progress").click()
        summary = page.get_by_role("alert").filter(has_text="There is a problem")
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        link = summary.get_by_role("link", name="Evidence file:")
        expect(link).to_contain_text("is not a real PDF")
        link.click()
        expect(field(page.locator("form.progress-form"), "Evidence file")).to_be_focused()
        assert not ProgressUpdate.objects.filter(action=team.police_action).exists()
    finally:
        context.close()
