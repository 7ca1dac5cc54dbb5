"""The MARAC page in the browser, at desktop and at 390 px: figures against the benchmarks, the chart
beside them, small equality counts suppressed for a member, the import for a coordinator; axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from marac.services import marac_quarter_import
from tests.browser.support import assert_accessible, sign_in
from tests.marac.conftest import HEADER, marac  # noqa: F401 (its MARAC fixture)

pytestmark = pytest.mark.browser

PHONE = ViewportSize(width=390, height=844)


@pytest.fixture
def figures(world, marac) -> None:  # noqa: F811 (the fixture imported above)
    marac_quarter_import(user=world.coordinator, partnership=world.north, text=HEADER + (
        "North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n"
        "North Town MARAC,2023-24 Q2,60,30,80,40,9,0,7,1\n"))


def test_member_reads_the_quarters_against_the_benchmarks(page: Page, live_server, figures) -> None:
    sign_in(page, "mo-member")
    page.goto("/p/north/marac/")
    expect(page.get_by_role("heading", name="MARAC data", level=1)).to_be_visible()
    table = page.get_by_role("table", name="North Town MARAC: figures per quarter against the benchmarks")
    expect(table.get_by_role("row", name="2023-24 Q1")).to_contain_text("at or above the recommended level")
    expect(table.get_by_role("row", name="2023-24 Q2")).to_contain_text("above the expected range")
    expect(table.get_by_role("row", name="2023-24 Q1")).to_contain_text("fewer than 5")
    expect(page.get_by_role("img", name="Cases per 10,000 adult women per quarter")).to_be_visible()
    expect(page.get_by_role("heading", name="Import a quarter's figures")).to_have_count(0)
    assert_accessible(page, live_server)


def test_at_390px_the_page_does_not_scroll_sideways_and_the_import_is_there(
        browser: Browser, live_server, figures) -> None:
    phone_context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB", is_mobile=True)
    phone = phone_context.new_page()
    try:
        sign_in(phone, "carol-coordinator")
        phone.goto("/p/north/marac/")
        expect(phone.get_by_role("heading", name="Import a quarter's figures")).to_be_visible()
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390"
        assert_accessible(phone, live_server)
    finally:
        phone_context.close()
