from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, Target, Value
from partnerships.models import Area

URL = reverse("indicators:list", kwargs={"partnership": "north"})


def test_member_sees_latest_value_target_met_and_direction(world, as_role, repeat_marac):
    response = as_role("member").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "NI 32" in page
    assert "2009-10 Q2" in page  # the latest quarter, not Q1
    assert "29%" in page and "31%" in page
    # Lower is better: 29 against a 31 target is met, and down from 33 is improving.
    assert "Met" in page and "Not met" not in page
    assert "Improving" in page


def test_higher_is_better_indicator_falling_is_worsening_and_not_met(world, as_role):
    sdr = Indicator.objects.create(partnership=world.north, code="SDR", name="Sanction detection rate",
                                   unit="percent", polarity="higher")
    Target.objects.create(indicator=sdr, year_start=2009, value=Decimal("40"))
    Value.objects.create(indicator=sdr, area=world.area, year_start=2009, quarter=1, value=Decimal("45"))
    Value.objects.create(indicator=sdr, area=world.area, year_start=2009, quarter=2, value=Decimal("38"))
    page = as_role("coordinator").get(URL).content.decode()
    assert "Not met" in page
    assert "Worsening" in page


def test_each_area_has_its_own_row(world, as_role, repeat_marac):
    other = Area.objects.create(partnership=world.north, slug="east", name="East Borough")
    Value.objects.create(indicator=repeat_marac, area=other, year_start=2009, quarter=1, value=Decimal("40"))
    page = as_role("member").get(URL).content.decode()
    assert "East Borough" in page and "North Town" in page
    assert "No earlier value" in page  # East has one value only


def test_another_partnerships_indicators_are_not_listed(world, as_role, repeat_marac, south_indicator):
    page = as_role("coordinator").get(URL).content.decode()
    assert "Sanction detection rate" not in page


def test_viewer_is_refused_and_outsider_gets_not_found(world, as_role):
    assert as_role("viewer").get(URL).status_code == 403
    assert as_role("outsider").get(URL).status_code == 404


def _generate(world, n_indicators: int, n_areas: int, n_quarters: int) -> None:
    areas = [Area.objects.create(partnership=world.north, slug=f"a{i}", name=f"Area {i}") for i in range(n_areas)]
    indicators = Indicator.objects.bulk_create([
        Indicator(partnership=world.north, code=f"X{i}", name=f"Indicator {i}", unit="count",
                  polarity="higher" if i % 2 else "lower")
        for i in range(n_indicators)
    ])
    Target.objects.bulk_create([Target(indicator=i, year_start=2009, value=Decimal(10)) for i in indicators])
    Value.objects.bulk_create([
        Value(indicator=i, area=a, year_start=2005 + q // 4, quarter=q % 4 + 1, value=Decimal(q))
        for i in indicators for a in areas for q in range(n_quarters)
    ])


@pytest.mark.parametrize("size", [(3, 1, 2), (50, 5, 20)], ids=["small", "large"])
def test_query_count_does_not_grow_with_indicators_and_values(world, as_role, django_assert_max_num_queries, size):
    _generate(world, *size)
    client = as_role("member")
    # the page's queries plus 3 for the session's renewal on every request (savepoint, update, release)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= size[0] * size[1]
