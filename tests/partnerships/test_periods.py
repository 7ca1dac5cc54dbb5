import datetime as dt

import pytest

from partnerships.periods import PeriodError, Quarter, parse_year, year_label


def test_financial_year_written_both_ways():
    assert parse_year("2009-10") == 2009
    assert parse_year("2009/2010") == 2009
    assert parse_year("1999-00") == 1999
    assert year_label(2009) == "2009-10"


@pytest.mark.parametrize("text", ["2009-11", "2009", "", "Q3", "10-2009"])
def test_unreadable_years_are_refused_with_the_text(text):
    with pytest.raises(PeriodError) as exc:
        parse_year(text)
    assert "financial year" in str(exc.value)


def test_quarter_one_is_april_to_june():
    q = Quarter.parse("2009-10 Q1")
    assert (q.start, q.end) == (dt.date(2009, 4, 1), dt.date(2009, 6, 30))
    q4 = Quarter.parse("2009-10 q4")
    assert (q4.start, q4.end) == (dt.date(2010, 1, 1), dt.date(2010, 3, 31))


def test_quarter_containing_a_day_and_its_neighbours():
    q = Quarter.containing(dt.date(2008, 1, 15))
    assert q.label == "2007-08 Q4"
    assert q.previous().label == "2007-08 Q3"
    assert q.next().label == "2008-09 Q1"
    assert Quarter.from_index(q.index) == q


def test_quarter_five_does_not_exist():
    with pytest.raises(PeriodError):
        Quarter(2009, 5)
    with pytest.raises(PeriodError):
        Quarter.parse("2009-10 Q5")
