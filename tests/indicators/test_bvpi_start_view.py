"""Coordinators start a year's BVPI 225 assessment (indicators:bvpi_start): every question, empty answers."""

import pytest
from django.urls import reverse

from indicators.models import Bvpi225Assessment

URL = reverse("indicators:bvpi_start", kwargs={"partnership": "north"})


def test_coordinator_starts_next_year_with_eleven_empty_answers(world, as_role, assessment):
    response = as_role("coordinator").post(URL, {"area": world.area.pk, "year": "2010-11"})
    assert response.status_code == 302
    assert response["Location"].endswith("?area=north-town&year=2010-11")
    started = Bvpi225Assessment.objects.get(area=world.area, year_start=2010)
    answers = list(started.answers.all())
    assert len(answers) == 11
    assert all(a.year_end_answer is None and a.notes == "" for a in answers)
    assert started.score_display() == "incomplete: 0 of 11 answered, 0 yes"


def test_page_offers_the_year_after_the_latest(world, as_role, assessment):
    page = as_role("coordinator").get(reverse("indicators:bvpi", kwargs={"partnership": "north"})).content.decode()
    assert 'value="2010-11"' in page


def test_starting_a_year_twice_is_refused(world, as_role, assessment):
    page = as_role("coordinator").post(URL, {"area": world.area.pk, "year": "2009-10"}).content.decode()
    assert "already been started" in page
    assert Bvpi225Assessment.objects.filter(area=world.area, year_start=2009).count() == 1


def test_another_partnerships_area_is_refused(world, as_role, questions, south_area):
    page = as_role("coordinator").post(URL, {"area": south_area.pk, "year": "2010-11"}).content.decode()
    assert "That area is not part of this partnership" in page
    assert not Bvpi225Assessment.objects.exists()


def test_get_is_refused(world, as_role):
    assert as_role("coordinator").get(URL).status_code == 405


@pytest.mark.parametrize("role,status", [("member", 403), ("lead", 403), ("viewer", 403), ("outsider", 404)])
def test_only_coordinators_start_assessments(world, as_role, questions, role, status):
    assert as_role(role).post(URL, {"area": world.area.pk, "year": "2010-11"}).status_code == status
