"""Coordinators enter and change indicator values: indicators:value_add and indicators:value_change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Value


def add_url(indicator, slug: str = "north") -> str:
    return reverse("indicators:value_add", kwargs={"partnership": slug, "pk": indicator.pk})


def change_url(value) -> str:
    return reverse("indicators:value_change",
                   kwargs={"partnership": "north", "pk": value.indicator_id, "value_pk": value.pk})


def post(client, indicator, **data):
    fields = {"area": "", "period": "2009-10 Q3", "value": "30", "note": ""} | data
    return client.post(add_url(indicator), fields)


def test_coordinator_records_a_value_and_is_redirected(world, as_role, repeat_marac):
    response = post(as_role("coordinator"), repeat_marac, area=world.area.pk, period="2009-10 Q3", value="27.5",
                    note="to the end of December")
    assert response.status_code == 302
    value = Value.objects.get(indicator=repeat_marac, quarter=3)
    assert value.value == Decimal("27.5") and value.area == world.area
    assert value.recorded_by == world.coordinator and value.recorded_at is not None
    assert value.note == "to the end of December"


def test_a_whole_year_value_for_all_areas(world, as_role, repeat_marac):
    assert post(as_role("coordinator"), repeat_marac, period="2010-11", value="28").status_code == 302
    assert Value.objects.filter(indicator=repeat_marac, area=None, year_start=2010, quarter=None).exists()


def test_percentage_over_100_is_refused_with_a_clear_message(world, as_role, repeat_marac):
    response = post(as_role("coordinator"), repeat_marac, area=world.area.pk, value="120")
    assert response.status_code == 200
    assert "NI 32 is a percentage: enter a figure from 0 to 100, not 120." in response.content.decode()
    assert not Value.objects.filter(indicator=repeat_marac, quarter=3).exists()


def test_negative_value_is_refused(world, as_role, repeat_marac):
    response = post(as_role("coordinator"), repeat_marac, area=world.area.pk, value="-1")
    assert "greater than or equal to 0" in response.content.decode()
    assert not Value.objects.filter(indicator=repeat_marac, quarter=3).exists()


def test_quarter_outside_the_partnerships_plans_is_refused(world, as_role, repeat_marac):
    # The world's strategy covers 2009-10 to 2011-12.
    response = post(as_role("coordinator"), repeat_marac, area=world.area.pk, period="2015-16 Q1")
    page = response.content.decode()
    assert ("2015-16 Q1 is outside the partnership&#x27;s plans: its strategies and plans cover 2009-10 to 2011-12."
            in page)


def test_unreadable_period_is_refused(world, as_role, repeat_marac):
    page = post(as_role("coordinator"), repeat_marac, period="Q3 2009").content.decode()
    assert "is not a quarter: write it as 2009-10 Q3" in page


def test_duplicate_value_is_refused_and_offers_to_change_the_existing_one(world, as_role, repeat_marac):
    existing = Value.objects.get(indicator=repeat_marac, quarter=2)
    response = post(as_role("coordinator"), repeat_marac, area=world.area.pk, period="2009-10 Q2", value="25")
    page = response.content.decode()
    assert "There is already a value for North Town in 2009-10 Q2: 29%. Change the existing value" in page
    assert f"?value={existing.pk}#value-form" in page
    existing.refresh_from_db()
    assert existing.value == Decimal("29")


def test_area_of_another_partnership_is_refused(world, as_role, repeat_marac, south_area):
    page = post(as_role("coordinator"), repeat_marac, area=south_area.pk).content.decode()
    assert "That area is not part of this partnership" in page
    assert not Value.objects.filter(indicator=repeat_marac, quarter=3).exists()


def test_coordinator_changes_an_existing_value(world, as_role, repeat_marac):
    value = Value.objects.get(indicator=repeat_marac, quarter=2)
    response = as_role("coordinator").post(change_url(value), {"area": world.area.pk, "period": "2009-10 Q2",
                                                               "value": "26", "note": "corrected"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal("26") and value.note == "corrected"


def test_changing_a_value_onto_another_periods_value_is_refused(world, as_role, repeat_marac):
    value = Value.objects.get(indicator=repeat_marac, quarter=2)
    page = as_role("coordinator").post(change_url(value), {"area": world.area.pk, "period": "2009-10 Q1",
                                                           "value": "26"}).content.decode()
    assert "There is already a value for North Town in 2009-10 Q1" in page


def test_get_is_refused(world, as_role, repeat_marac):
    value = Value.objects.get(indicator=repeat_marac, quarter=2)
    client = as_role("coordinator")
    assert client.get(add_url(repeat_marac)).status_code == 405
    assert client.get(change_url(value)).status_code == 405


@pytest.mark.parametrize("role,status", [
    ("admin", 302), ("lead", 403), ("member", 403), ("viewer", 403), ("outsider", 404),
])
def test_only_coordinators_and_admins_may_enter_values(world, as_role, repeat_marac, role, status):
    assert post(as_role(role), repeat_marac, area=world.area.pk).status_code == status


def test_outsider_cannot_reach_another_partnerships_indicator_through_their_own(world, as_role, south_indicator):
    # The outsider coordinates south, but north's indicator id under south's slug is not theirs.
    assert as_role("coordinator").post(add_url(south_indicator), {"period": "2009-10", "value": "1"}).status_code == 404


def test_coordinator_records_a_year_to_date_quarter_and_not_a_year_to_date_year(world):
    from decimal import Decimal

    from django.urls import reverse

    from indicators.models import Indicator, Value
    from tests.conftest import client_for
    indicator = Indicator.objects.create(partnership=world.north, code="DA-INC", name="Incidents",
                                         unit=Indicator.Unit.COUNT)
    url = reverse("indicators:value_add", kwargs={"partnership": world.north.slug, "pk": indicator.pk})
    client = client_for(world.coordinator)
    response = client.post(url, {"area": world.area.pk, "period": "2009-10 Q3", "value": "3395",
                                 "year_to_date": "on"})
    assert response.status_code == 302
    value = Value.objects.get(indicator=indicator)
    assert value.year_to_date and value.months == 9 and value.value == Decimal(3395)
    response = client.post(url, {"area": world.area.pk, "period": "2009-10", "value": "3774", "year_to_date": "on"})
    assert "only a quarter&#x27;s can be the year to date" in response.content.decode()
    assert Value.objects.count() == 1
