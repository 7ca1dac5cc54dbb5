"""Death reviews: a coordinator records a review (a decision dated before the notification is refused,
with a message that says so), then a recommendation with a theme, on a desktop and a 390 px wide phone;
each page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reviews.models import Recommendation, Review
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_coordinator_records_a_review_and_a_recommendation(page: Page, live_server, world, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "carol-coordinator")
    if width > 800:
        page.get_by_role("link", name="Death reviews").click()
    else:
        page.goto("/p/north/reviews/")
    expect(page.get_by_role("heading", name="Domestic abuse related death reviews", level=1)).to_be_visible()
    assert_accessible(page, live_server)

    page.get_by_role("link", name="Record a review").click()
    field(page, "Reference").fill("DARDR 2025/01")
    field(page, "Pseudonym").fill("Anna")
    field(page, "Kind").select_option(label="Domestic abuse related death review (DARDR)")
    field(page, "CSP notified").fill("2025-01-06")
    field(page, "Notified by").select_option(label="North Police")
    field(page, "Decision").select_option(label="Hold a review")
    field(page, "Decision made").fill("2025-01-02")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Decision made (02/01/2025) cannot be before CSP notified (06/01/2025).")).to_be_visible()
    assert not Review.objects.exists()
    assert_accessible(page, live_server)

    field(page, "Decision made").fill("2025-01-27")
    field(page, "Home Office notified").fill("2025-01-28")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("heading", name="DARDR 2025/01 (Anna)", level=1)).to_be_visible()
    expect(page.get_by_text("Stage: Home Office notified")).to_be_visible()
    screenshot(page, f"review-{width}")
    assert_accessible(page, live_server)

    page.get_by_role("link", name="Add a recommendation").click()
    field(page, "Number").fill("1")
    field(page, "Scope").select_option(label="National")
    field(page, "Addressed to (when not one of the partnership's agencies)").fill("Home Office")
    field(page, "Recommendation").fill("Publish guidance on economic abuse for DARDR panels")
    field(page, "Action agreed").fill("CSP chair to write to the Home Office")
    field(page, "Target date").fill("2020-03-31")
    field(page, "New themes").fill("Economic abuse")
    assert_accessible(page, live_server)
    page.get_by_role("button", name="Save recommendation").click()

    row = page.locator("#recommendations tbody tr").filter(has_text="economic abuse")
    expect(row).to_contain_text("Home Office")
    expect(row).to_contain_text("overdue")
    expect(row).to_contain_text("Themes: Economic abuse")
    assert_accessible(page, live_server)
    assert Recommendation.objects.get().review.reference == "DARDR 2025/01"

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Death reviews").click()
    review_row = page.get_by_role("row").filter(has_text="DARDR 2025/01")
    expect(review_row.get_by_role("cell").last).to_have_text("1")
    expect(page.locator("section", has=page.get_by_role("heading", name="Themes across reviews"))).to_contain_text(
        "Economic abuse")
    screenshot(page, f"reviews-{width}")
