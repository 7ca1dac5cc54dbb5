"""Coordinators add and change targets: indicators:target_add and indicators:target_change."""

from decimal import Decimal

from django.urls import reverse

from indicators.models import Target


def add_url(indicator) -> str:
    return reverse("indicators:target_add", kwargs={"partnership": "north", "pk": indicator.pk})


def test_coordinator_adds_a_national_figure_for_an_area(world, as_role, repeat_marac):
    response = as_role("coordinator").post(add_url(repeat_marac), {
        "kind": "national", "area": world.area.pk, "period": "2010-11", "value": "35.6", "note": "national",
    })
    assert response.status_code == 302
    target = Target.objects.get(indicator=repeat_marac, kind="national")
    assert target.value == Decimal("35.6") and target.area == world.area and target.year_start == 2010


def test_second_target_of_the_same_kind_area_and_period_is_refused(world, as_role, repeat_marac):
    page = as_role("coordinator").post(add_url(repeat_marac), {
        "kind": "local", "area": "", "period": "2009-10", "value": "30",
    }).content.decode()
    assert "There is already a target of that kind for that area and period" in page
    assert Target.objects.filter(indicator=repeat_marac).count() == 1


def test_coordinator_changes_a_target(world, as_role, repeat_marac):
    target = Target.objects.get(indicator=repeat_marac)
    url = reverse("indicators:target_change",
                  kwargs={"partnership": "north", "pk": repeat_marac.pk, "target_pk": target.pk})
    assert as_role("coordinator").get(url).status_code == 405
    response = as_role("coordinator").post(url, {"kind": "local", "area": "", "period": "2009-10", "value": "28"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("28")


def test_percentage_target_over_100_is_refused(world, as_role, repeat_marac):
    page = as_role("coordinator").post(add_url(repeat_marac), {
        "kind": "local", "area": "", "period": "2010-11", "value": "101",
    }).content.decode()
    assert "enter a figure from 0 to 100" in page


def test_member_may_not_add_targets(world, as_role, repeat_marac):
    response = as_role("member").post(add_url(repeat_marac), {"kind": "local", "period": "2010-11", "value": "1"})
    assert response.status_code == 403
