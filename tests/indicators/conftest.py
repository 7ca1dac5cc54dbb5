"""Indicator and BVPI 225 data on top of the shared `world` personas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value
from partnerships.models import Area, GroupMember, Person


@pytest.fixture
def repeat_marac(world) -> Indicator:
    """NI 32, lower is better, with a 31% target for 2009-10 and two quarters in North Town."""
    indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="Repeat MARAC cases",
                                         unit=Indicator.Unit.PERCENT, polarity=Indicator.Polarity.LOWER)
    Target.objects.create(indicator=indicator, year_start=2009, value=Decimal("31"))
    Value.objects.create(indicator=indicator, area=world.area, year_start=2009, quarter=1, value=Decimal("33"))
    Value.objects.create(indicator=indicator, area=world.area, year_start=2009, quarter=2, value=Decimal("29"))
    return indicator


@pytest.fixture
def south_indicator(world) -> Indicator:
    return Indicator.objects.create(partnership=world.south, code="SDR", name="Sanction detection rate",
                                    unit=Indicator.Unit.PERCENT)


@pytest.fixture
def south_area(world) -> Area:
    return Area.objects.create(partnership=world.south, slug="south-town", name="South Town")


@pytest.fixture
def questions(db) -> list[Bvpi225Question]:
    return [
        Bvpi225Question.objects.create(number=n, text=f"Question {n} text", definition=f"Guidance for question {n}.")
        for n in range(1, 12)
    ]


@pytest.fixture
def assessment(world, questions) -> Bvpi225Assessment:
    """North Town 2009-10: questions 1-5 yes, 6 no, the rest unanswered."""
    assessment = Bvpi225Assessment.objects.create(partnership=world.north, area=world.area, year_start=2009)
    for q in questions:
        answer = {True: True, False: None}[q.number <= 6]
        if q.number == 6:
            answer = False
        Bvpi225Answer.objects.create(assessment=assessment, question=q, year_end_answer=answer,
                                     backed_up_by="Minutes" if answer else "")
    return assessment


@pytest.fixture
def chair(world):
    """A member who chairs the SIG (may sign off BVPI 225 answers)."""
    from partnerships.models import Role
    from tests.conftest import make_user

    person = Person.objects.create(partnership=world.north, name="Cher Chair")
    GroupMember.objects.create(group=world.sig, person=person, role=GroupMember.Role.CHAIR)
    return make_user("cher-chair", world.north, Role.MEMBER, person=person)


def answer(assessment: Bvpi225Assessment, number: int) -> Bvpi225Answer:
    return assessment.answers.get(question__number=number)


TODAY = dt.date(2010, 1, 15)
