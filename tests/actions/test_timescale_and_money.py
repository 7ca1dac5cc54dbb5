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
