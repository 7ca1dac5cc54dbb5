"""Coordinators add in-year monitoring entries to an answer (indicators:bvpi_monitoring)."""

import pytest
from django.urls import reverse

from indicators.models import Bvpi225MonitoringEntry
from tests.indicators.conftest import answer


def url(ans) -> str:
    return reverse("indicators:bvpi_monitoring", kwargs={"partnership": "north", "pk": ans.pk})


def test_coordinator_adds_an_entry(world, as_role, assessment):
    q2 = answer(assessment, 2)
    response = as_role("coordinator").post(url(q2), {"label": "Oct-09", "date": "2009-10-01", "text": "Refuge open"})
    assert response.status_code == 302 and response["Location"].endswith("#q-2")
    entry = Bvpi225MonitoringEntry.objects.get(answer=q2)
    assert entry.label == "Oct-09" and entry.text == "Refuge open"


def test_second_entry_on_the_same_date_is_refused(world, as_role, assessment):
    q2 = answer(assessment, 2)
    client = as_role("coordinator")
    client.post(url(q2), {"label": "Oct-09", "date": "2009-10-01", "text": "one"})
    page = client.post(url(q2), {"label": "Oct-09", "date": "2009-10-01", "text": "two"}).content.decode()
    assert "already has a monitoring entry on that date" in page
    assert Bvpi225MonitoringEntry.objects.filter(answer=q2).count() == 1


def test_get_is_refused(world, as_role, assessment):
    assert as_role("coordinator").get(url(answer(assessment, 2))).status_code == 405


@pytest.mark.parametrize("role,status", [("member", 403), ("viewer", 403), ("outsider", 404)])
def test_others_may_not_add_entries(world, as_role, assessment, role, status):
    data = {"label": "Oct-09", "date": "2009-10-01", "text": "x"}
    assert as_role(role).post(url(answer(assessment, 2)), data).status_code == status
    assert not Bvpi225MonitoringEntry.objects.exists()
