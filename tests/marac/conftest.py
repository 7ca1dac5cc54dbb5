from __future__ import annotations

import pytest

from marac.models import Marac


@pytest.fixture
def marac(world) -> Marac:
    """North Town's MARAC, covering 75,000 adult women."""
    return Marac.objects.create(partnership=world.north, area=world.area, name="North Town MARAC",
                                adult_female_population=75_000, population_source="Census 2021, ONS")


HEADER = ("marac,quarter,cases_discussed,repeat_cases,children,referrals_police,minoritised,lgbt,male,"
          "aged_16_17\n")
