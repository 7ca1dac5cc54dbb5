import datetime as dt
from decimal import Decimal

import pytest

from actions.money import format_pounds, parse_money, total_cost
from actions.timescale import Cadence, parse_timescale


@pytest.mark.parametrize(
    "text, due, cadence",
    [
        ("September 2009", dt.date(2009, 9, 30), ""),
        ("January 2010 and then ongoing", dt.date(2010, 1, 31), Cadence.ONGOING),
        ("Ongoing", None, Cadence.ONGOING),
        ("6 monthly", None, Cadence.SIX_MONTHLY),
        ("Quarterly", None, Cadence.QUARTERLY),
        ("Annually", None, Cadence.ANNUALLY),
        ("As identified", None, Cadence.AS_IDENTIFIED),
        ("31st May 2009", dt.date(2009, 5, 31), ""),
        ("Ongoing until completion (expected 2010)", None, Cadence.ONGOING),
        ("12.02.09", dt.date(2009, 2, 12), ""),
        ("bi-monthly", None, Cadence.BIMONTHLY),
    ],
)
def test_timescales_as_plans_write_them(text, due, cadence):
    parsed = parse_timescale(text)
    assert parsed.due_date == due
    assert parsed.cadence == cadence
    assert parsed.text == text
    assert parsed.is_recognised


def test_unreadable_timescale_keeps_its_text_and_says_so():
    parsed = parse_timescale("when funding allows")
    assert parsed.due_date is None and parsed.cadence == ""
    assert not parsed.is_recognised
    assert parsed.text == "when funding allows"


def test_money_in_text():
    sums = parse_money("£230,000 (Supporting People) £50,000 (DA)")
    assert [s.amount for s in sums] == [Decimal("230000.00"), Decimal("50000.00")]
    assert sums[0].text == "£230,000 (Supporting People)"
    assert total_cost("£25k for MARAC Co-ordinator") == Decimal("25000.00")
    assert total_cost("LAA: MARAC £30k TVCP: £10K") == Decimal("40000.00")
    assert total_cost("Time of individuals") is None
    assert format_pounds(Decimal("3500")) == "£3,500"
    assert format_pounds(Decimal("12.5")) == "£12.50"


@pytest.mark.parametrize(
    "text, due",
    [
        ("Q3 2024/25", dt.date(2024, 12, 31)),
        ("Q3 24/25", dt.date(2024, 12, 31)),
        ("2024/25 Q3", dt.date(2024, 12, 31)),
        ("Quarter 4 2024-25", dt.date(2025, 3, 31)),
        ("Q1 2024/2025", dt.date(2024, 6, 30)),
        ("Apr-Jun 2024", dt.date(2024, 6, 30)),
        ("January to March 2025", dt.date(2025, 3, 31)),
        ("by end of March 2025", dt.date(2025, 3, 31)),
        ("Apr-21", dt.date(2021, 4, 30)),
        ("Feb-24", dt.date(2024, 2, 29)),
        ("Sept '25", dt.date(2025, 9, 30)),
        ("30/09/2024", dt.date(2024, 9, 30)),
        ("2024-09-30", dt.date(2024, 9, 30)),
    ],
)
def test_periods_name_the_end_of_their_last_month(text, due):
    parsed = parse_timescale(text)
    assert (parsed.due_date, parsed.relative, parsed.text) == (due, False, text)


def test_a_quarter_needs_both_years_of_a_financial_year():
    assert parse_timescale("Q3 2024/27").due_date is None


@pytest.mark.parametrize(
    "text, due",
    [
        ("6 months", dt.date(2024, 9, 30)),
        ("Within three months", dt.date(2024, 6, 30)),
        ("12 months", dt.date(2025, 3, 31)),
        ("Quarter 3", dt.date(2024, 12, 31)),
        ("Q4", dt.date(2025, 3, 31)),
        ("Year 1", dt.date(2024, 12, 31)),  # of the strategy starting January 2024
        ("Year 2", dt.date(2025, 12, 31)),
    ],
)
def test_relative_timescales_count_from_the_plan_year_or_the_strategy_and_are_flagged(text, due):
    assert parse_timescale(text).due_date is None  # without the plan's context: no date
    parsed = parse_timescale(text, year_start=2024, strategy_start=dt.date(2024, 1, 1))
    assert (parsed.due_date, parsed.relative) == (due, True)


@pytest.mark.parametrize("text", ["TBC", "31/02/2009", "when funding allows", "Feb 24"])
def test_no_date_is_made_up(text):
    assert parse_timescale(text, year_start=2024, strategy_start=dt.date(2024, 4, 1)).due_date is None
