from decimal import Decimal

import pytest

from indicators.models import (
    Bvpi225Answer,
    Bvpi225Assessment,
    Bvpi225Question,
    Indicator,
    Target,
    Value,
    bvpi_score,
)


@pytest.fixture
def questions(db):
    return [Bvpi225Question.objects.create(number=n, text=f"Question {n}") for n in range(1, 12)]


def test_score_is_yes_over_eleven_to_one_decimal_place():
    assert bvpi_score(5) == Decimal("45.5")
    assert bvpi_score(11) == Decimal("100.0")
    assert bvpi_score(0) == Decimal("0.0")
    assert bvpi_score(1) == Decimal("9.1")


def test_score_is_incomplete_until_every_question_is_answered(world, questions):
    assessment = Bvpi225Assessment.objects.create(partnership=world.north, area=world.area, year_start=2005)
    for q in questions[:6]:
        Bvpi225Answer.objects.create(assessment=assessment, question=q, year_end_answer=q.number != 6)
    assert assessment.score is None
    assert assessment.score_display() == "incomplete: 6 of 11 answered, 5 yes"
    for q in questions[6:]:
        Bvpi225Answer.objects.create(assessment=assessment, question=q, year_end_answer=False)
    assert assessment.score == Decimal("45.5")
    assert assessment.score_display() == "45.5%"


def test_value_meets_target_by_polarity_and_reports_direction(world):
    repeat = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat MARAC cases",
                                      unit="percent", polarity="lower")
    target = Target.objects.create(indicator=repeat, year_start=2009, value=Decimal("31"))
    q1 = Value.objects.create(indicator=repeat, area=world.area, year_start=2009, quarter=1, value=Decimal("33"))
    q2 = Value.objects.create(indicator=repeat, area=world.area, year_start=2009, quarter=2, value=Decimal("29"))
    assert q1.target_for([target]) == target
    assert q1.met_target(target) is False
    assert q2.met_target(target) is True
    assert q2.direction(q1) == "improving"
    assert q1.direction(q2) == "worsening"
    assert q1.direction(None) == ""


def test_area_target_wins_over_all_areas_target(world):
    sdr = Indicator.objects.create(partnership=world.north, code="SDR", name="Sanction detection rate",
                                   unit="percent", polarity="higher")
    everywhere = Target.objects.create(indicator=sdr, year_start=2007, value=Decimal("40"))
    here = Target.objects.create(indicator=sdr, area=world.area, year_start=2007, value=Decimal("45"))
    value = Value.objects.create(indicator=sdr, area=world.area, year_start=2007, value=Decimal("42"))
    assert value.target_for([everywhere, here]) == here
    assert value.met_target(here) is False


def test_one_value_per_indicator_area_and_period(world):
    from django.db import IntegrityError, transaction

    sdr = Indicator.objects.create(partnership=world.north, code="SDR", name="SDR", unit="percent")
    Value.objects.create(indicator=sdr, area=None, year_start=2007, quarter=None, value=Decimal("51.2"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.create(indicator=sdr, area=None, year_start=2007, quarter=None, value=Decimal("50"))
