"""The import page: a good file is imported and reported; a bad one is refused whole, each problem named."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Value
from tests.conftest import client_for
from tests.marac.conftest import HEADER


def _post(world, user, text: str, client=None):
    url = reverse("marac:import", kwargs={"partnership": world.north.slug})
    client = client or client_for(user)
    return client.post(url, {"csv_file": SimpleUploadedFile("q.csv", text.encode("utf-8-sig"))})


def test_a_good_file_is_imported_and_the_page_says_so(world, marac):
    client = client_for(world.coordinator)
    response = _post(world, world.coordinator, HEADER + "North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n",
                     client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Imported 1 MARAC quarter: 8 figures added, 0 changed." in page
    assert Value.objects.filter(area=world.area).count() == 8


def test_a_bad_file_is_refused_whole_with_each_problem_named(world, marac):
    response = _post(world, world.coordinator, HEADER + ("North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n"
                                                         "North Town MARAC,2023-24 Q2,-3,,,,,,,\n"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported:" in html
    assert "Row 3, column cases_discussed: &#x27;-3&#x27; is not a count" in html
    assert not Value.objects.exists()


def test_get_is_refused_and_a_member_may_not_import(world, marac):
    url = reverse("marac:import", kwargs={"partnership": world.north.slug})
    assert client_for(world.coordinator).get(url).status_code == 405
    assert _post(world, world.member, HEADER).status_code == 403
