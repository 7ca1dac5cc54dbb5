"""A coordinator sets the plan's reporting calendar; run_schedule, run twice, opens the round and e-mails
each lead once; the calendar page says what was sent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from actions.models import UpdateRound
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_sets_the_calendar_and_the_schedule_sends_each_email_once(page: Page, live_server, team,
                                                                              mailoutbox) -> None:
    sign_in(page, "carol-coordinator")
    page.goto("/p/north/rounds/")
    page.get_by_role("link", name="reporting calendar").click()
    expect(page.get_by_role("heading", name="Reporting calendar", level=1)).to_be_visible()
    page.get_by_role("link", name="Set the calendar of North Domestic Abuse Partnership action plan (2009-10)").click()
    field(page, "The round opens (days after the quarter ends)").fill("1")
    field(page, "Deadline (days after the round opens)").fill("21")
    expect(field(page, "Reminders after the deadline (days)")).to_have_value("1, 5")
    field(page, "Reminders before the deadline (days)").fill("7")
    assert_accessible(page, live_server)
    page.get_by_role("button", name="Save the calendar").click()
    expect(page.get_by_role("alert").filter(has_text="is saved; rounds are opened and chased in your name")
           ).to_be_visible()
    calendar = page.get_by_role("table", name="The calendar of North Domestic Abuse Partnership action plan "
                                              "(2009-10) by quarter")
    expect(calendar.get_by_role("row").filter(has_text="1 January 2010")).to_contain_text("Round opens")

    for _ in range(2):  # cron fired twice, or two machines ran it
        call_command("run_schedule", "--today", "2010-01-01", stdout=StringIO())
    assert sorted(m.to[0] for m in mailoutbox) == ["hana-housing@example.org", "len-lead@example.org"]
    assert UpdateRound.objects.filter(plan=team.plan, year_start=2009, quarter=3).count() == 1

    page.reload()
    expect(calendar.get_by_role("row").filter(has_text="1 January 2010")).to_contain_text("(2 e-mails)")
    screenshot(page, "schedule")
    assert_accessible(page, live_server)
