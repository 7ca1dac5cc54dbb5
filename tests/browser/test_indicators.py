"""Indicators (list, detail with its trend chart, value entry) and BVPI 225 (the score follows the answers)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value
from tests.browser.support import assert_accessible, field, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def repeat_marac(team) -> Indicator:
    """NI 32, % repeat MARAC cases (lower is better), target 28% in 2009-10, two quarters recorded."""
    indicator = Indicator.objects.create(
        partnership=team.north, code="NI 32", name="Repeat MARAC cases", unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.LOWER, definition="Repeat cases as a share of all MARAC cases",
    )
    Target.objects.create(indicator=indicator, area=None, year_start=2009, quarter=None, value=Decimal("28"))
    Value.objects.create(indicator=indicator, area=team.area, year_start=2009, quarter=1, value=Decimal("31"))
    Value.objects.create(indicator=indicator, area=team.area, year_start=2009, quarter=2, value=Decimal("26.5"))
    return indicator


def test_indicator_list_and_detail_show_target_met_and_direction(page: Page, live_server, repeat_marac) -> None:
    sign_in(page, "mo-member")
    page.get_by_role("link", name="Indicators", exact=True).click()
    expect(page.get_by_role("heading", name="Indicators", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="North Town")
    expect(row).to_contain_text("2009-10 Q2")
    expect(row.get_by_role("cell", name="26.5%", exact=True)).to_be_visible()
    expect(row).to_contain_text("Met")
    expect(row).to_contain_text("Improving")
    screenshot(page, "indicators")
    assert_accessible(page, live_server)

    page.get_by_role("link", name=re.compile("NI 32")).click()
    expect(page.get_by_role("heading", name="NI 32 Repeat MARAC cases", level=1)).to_be_visible()
    # Drawn by static/js under the strict CSP: Chart.js sizes the canvas when it runs.
    expect(page.locator("#indicator-chart")).to_have_attribute("height", re.compile(r"^[1-9]\d*$"))
    values = page.get_by_role("table", name=re.compile("North Town"))
    expect(values.get_by_role("row", name=re.compile("2009-10 Q1"))).to_contain_text("Not met")
    # A member reads; only coordinators enter values.
    expect(page.get_by_role("heading", name="Enter a value")).to_have_count(0)
    screenshot(page, "indicator-detail")
    assert_accessible(page, live_server)


def test_coordinator_enters_a_value_and_is_told_plainly_what_is_wrong(page: Page, live_server, repeat_marac) -> None:
    sign_in(page, "carol-coordinator")
    page.goto(f"/p/north/indicators/{repeat_marac.pk}/")
    form = page.locator("#value-form")
    field(form, "Area").select_option(label="North Town")
    field(form, "Period").fill("2009-10 Q3")
    field(form, "Value").fill("140")
    form.get_by_role("button", name="Record the value").click()
    expect(page.locator("#value-form")).to_contain_text("NI 32 is a percentage: enter a figure from 0 to 100, not 140.")
    screenshot(page, "indicator-detail-error")
    assert_accessible(page, live_server)

    form = page.locator("#value-form")
    field(form, "Value").fill("24")
    form.get_by_role("button", name="Record the value").click()
    values = page.get_by_role("table", name=re.compile("North Town"))
    expect(values.get_by_role("row", name=re.compile("2009-10 Q3"))).to_contain_text("24%")
    assert Value.objects.filter(indicator=repeat_marac, year_start=2009, quarter=3, value=Decimal("24")).exists()


@pytest.fixture
def bvpi(team) -> Bvpi225Assessment:
    """North Town's 2009-10 assessment: all eleven answered, questions 1-5 yes (45.5%); 2008-09 beside it."""
    questions = [
        Bvpi225Question.objects.get_or_create(number=n, defaults={
            "text": f"Question {n} of BVPI 225", "definition": f"Official guidance for question {n}.",
        })[0]
        for n in range(1, 12)
    ]
    earlier = Bvpi225Assessment.objects.create(partnership=team.north, area=team.area, year_start=2008)
    current = Bvpi225Assessment.objects.create(partnership=team.north, area=team.area, year_start=2009)
    for q in questions:
        Bvpi225Answer.objects.create(assessment=earlier, question=q, year_end_answer=q.number <= 3,
                                     backed_up_by="Minutes" if q.number <= 3 else "")
        Bvpi225Answer.objects.create(assessment=current, question=q, year_end_answer=q.number <= 5,
                                     backed_up_by="Minutes of the forum" if q.number <= 5 else "",
                                     signed_off_by="Chair of the SIG" if q.number == 7 else "",
                                     signed_off_on=dt.date(2010, 3, 31) if q.number == 7 else None)
    return current


def test_bvpi_score_changes_when_an_answer_changes(page: Page, live_server, bvpi) -> None:
    sign_in(page, "carol-coordinator")
    page.get_by_role("navigation").get_by_role("link", name="BVPI 225", exact=True).click()
    expect(page.get_by_role("heading", name="BVPI 225 Actions against domestic violence")).to_be_visible()
    score = page.locator("#bvpi-score")
    expect(score).to_contain_text("45.5%")
    history = page.locator("#bvpi-history")
    expect(history.get_by_role("row", name="Score")).to_contain_text("27.3%")
    expect(history.get_by_role("row", name="Score")).to_contain_text("45.5%")
    screenshot(page, "bvpi225")
    assert_accessible(page, live_server)

    page.evaluate("() => { window.__sameDocument = 'yes'; }")
    question = page.locator("#q-7")
    question.get_by_role("link", name="Edit answer 7").click()
    field(question, "Year-end answer").select_option(label="Yes")
    field(question, "Backed up by").fill("Forum terms of reference and attendance for 2009-10")
    question.get_by_role("button", name="Save question 7").click()

    expect(page.locator("#q-7").get_by_role("status")).to_contain_text("Question 7 saved.")
    expect(page.locator("#q-7")).to_contain_text("Forum terms of reference and attendance")
    expect(score).to_contain_text("54.5%")
    expect(history.get_by_role("row", name="Score")).to_contain_text("54.5%")
    expect(history.get_by_role("row", name="Q7")).to_contain_text("Yes")
    assert page.evaluate("() => window.__sameDocument") == "yes"
    screenshot(page, "bvpi225-after-change")
    assert_accessible(page, live_server)
    assert Bvpi225Answer.objects.get(assessment=bvpi, question__number=7).year_end_answer is True

    # And back down: a "no" takes a point off again, after a reload too.
    page.reload()
    expect(page.locator("#bvpi-score")).to_contain_text("54.5%")
    question = page.locator("#q-2")
    question.get_by_role("link", name="Edit answer 2").click()
    field(question, "Year-end answer").select_option(label="No")
    question.get_by_role("button", name="Save question 2").click()
    expect(page.locator("#bvpi-score")).to_contain_text("45.5%")


def test_bvpi_yes_without_evidence_is_refused(page: Page, live_server, bvpi) -> None:
    sign_in(page, "carol-coordinator")
    page.goto("/p/north/indicators/bvpi225/")
    question = page.locator("#q-9")
    question.get_by_role("link", name="Edit answer 9").click()
    field(question, "Year-end answer").select_option(label="Yes")
    question.get_by_role("button", name="Save question 9").click()
    expect(page.locator("#q-9").locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    expect(page.locator("#bvpi-score")).to_contain_text("45.5%")
    assert Bvpi225Answer.objects.get(assessment=bvpi, question__number=9).year_end_answer is False


def test_member_reads_bvpi_without_edit_controls(page: Page, live_server, bvpi) -> None:
    sign_in(page, "mo-member")
    page.goto("/p/north/indicators/bvpi225/")
    expect(page.locator("#bvpi-score")).to_contain_text("45.5%")
    expect(page.get_by_role("link", name=re.compile(r"^Edit answer"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Start a year's assessment")).to_have_count(0)
