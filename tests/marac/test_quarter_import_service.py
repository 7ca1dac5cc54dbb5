"""marac_quarter_import: a quarter's figures from CSV as indicator values of the MARAC's area, all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator, Value
from marac.services import marac_quarter_import
from partnerships.permissions import Forbidden
from tests.marac.conftest import HEADER


def test_a_quarter_becomes_values_of_the_marac_area_on_indicators_made_on_demand(world, marac):
    result = marac_quarter_import(user=world.coordinator, partnership=world.north,
                                  text=HEADER + "North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n")
    assert (result.rows, result.created, result.changed) == (1, 8, 0)
    cases = Indicator.objects.get(partnership=world.north, code="SLQ-CASES")
    assert cases.polarity == Indicator.Polarity.UNKNOWN and cases.unit == Indicator.Unit.COUNT
    value = Value.objects.get(indicator=cases, area=world.area, year_start=2023, quarter=1)
    assert value.value == Decimal(90) and value.recorded_by == world.coordinator
    # Audited through the values' history: a changed figure is a second history row by the importer.
    marac_quarter_import(user=world.coordinator, partnership=world.north,
                         text=HEADER + "north town marac,2023-24 Q1,95,,,,,,,\n")
    value.refresh_from_db()
    assert value.value == Decimal(95) and value.history.count() == 2


def test_a_bad_row_names_row_and_column_and_nothing_is_written(world, marac):
    text = HEADER + ("North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n"
                     "North Town MARAC,2023-24 Q2,ninety,29,,,,,,\n"
                     "South MARAC,2023-24 Q3,10,12,,,,,,\n"
                     "North Town MARAC,2023-24 Q9,10,,,,,,,\n")
    with pytest.raises(ValidationError) as caught:
        marac_quarter_import(user=world.coordinator, partnership=world.north, text=text)
    messages = caught.value.messages
    assert "Row 3, column cases_discussed: 'ninety' is not a count (a whole number from 0 to 100,000)." in messages
    assert any(m.startswith("Row 4, column marac: no MARAC called 'South MARAC'") for m in messages)
    assert "Row 4, column repeat_cases: 12 is more than the 10 cases discussed." in messages
    assert any(m.startswith("Row 5, column quarter:") for m in messages)
    assert not Value.objects.exists() and not Indicator.objects.filter(code__startswith="SLQ-").exists()


def test_unknown_columns_are_refused_by_name(world, marac):
    with pytest.raises(ValidationError) as caught:
        marac_quarter_import(user=world.coordinator, partnership=world.north,
                             text="marac,quarter,cases\nNorth Town MARAC,2023-24 Q1,4\n")
    assert caught.value.messages[0].startswith("Row 1: unknown columns cases;")


def test_a_member_cannot_import(world, marac):
    with pytest.raises(Forbidden):
        marac_quarter_import(user=world.member, partnership=world.north, text=HEADER)
