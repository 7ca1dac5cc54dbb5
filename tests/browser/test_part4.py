"""In a browser, at desktop width and on a 390 px phone: a coordinator designates the SIG as the Local
Partnership Board, sees the Act's categories missing, counts a member for one, then enters a year's
annual return (a total that is not the sum of its parts is refused with a message that says so) and
reads it back with small counts shown as "fewer than 5". Every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from part4.models import AnnualReturn, Seat
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_coordinator_designates_the_board_and_enters_a_return(page: Page, live_server, world, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    sign_in(page, "carol-coordinator")
    if width > 800:
        page.get_by_role("link", name="Safe accommodation").click()
    else:
        page.goto("/p/north/safe-accommodation/")
    expect(page.get_by_role("heading", name="Safe accommodation duty", level=1)).to_be_visible()
    assert_accessible(page, live_server)

    field(page, "Governance group").select_option(label="Strategy Implementation Group")
    field(page, "Tier-one council").fill("North Council")
    page.get_by_role("button", name="Designate the board").click()
    expect(page.get_by_role("heading", name="North Council Local Partnership Board", level=1)).to_be_visible()
    expect(page.get_by_text("6 of 6 categories missing.")).to_be_visible()
    assert_accessible(page, live_server)

    field(page, "Member of the board").select_option(label="Mo Member")
    field(page, "Represents").select_option(label="Representing victims of domestic abuse")
    page.get_by_role("button", name="Count the member for this category").click()
    expect(page.get_by_text("5 of 6 categories missing.")).to_be_visible()
    assert Seat.objects.get().category == "victims"
    screenshot(page, f"part4-board-{width}")
    assert_accessible(page, live_server)

    page.get_by_role("link", name="Enter a year's return").click()
    field(page, "Year (April to March)").fill("2024-25")
    field(page, "Individuals supported (total)").fill("20")
    field(page, "Women").fill("12")
    field(page, "Men").fill("3")
    field(page, "Trans adults").fill("0")
    field(page, "Children").fill("4")
    page.get_by_role("button", name="Save the return").click()
    expect(page.get_by_text("Individuals supported (total) is 20, but its parts add up to 19")).to_be_visible()
    assert not AnnualReturn.objects.exists()
    assert_accessible(page, live_server)

    field(page, "Children").fill("5")
    page.get_by_role("button", name="Save the return").click()
    expect(page.get_by_role("heading", name="Annual return 2024-25: North Council", level=1)).to_be_visible()
    def row(label: str):
        # at phone width the row's heading also says whether the item is mandatory
        return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(rf"^{label}( \(|$)")))

    expect(row("Men")).to_contain_text("fewer than 5")
    expect(row("Women")).to_contain_text("12")
    screenshot(page, f"part4-return-{width}")
    assert_accessible(page, live_server)
