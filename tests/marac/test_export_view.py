"""The export: every equality count under 5 as 'fewer than 5', whoever downloads it."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from marac.services import marac_quarter_import
from tests.conftest import client_for
from tests.marac.conftest import HEADER


def test_the_export_suppresses_small_equality_counts_even_for_a_coordinator(world, marac,
                                                                           django_assert_max_num_queries):
    marac_quarter_import(user=world.coordinator, partnership=world.north,
                         text=HEADER + "North Town MARAC,2023-24 Q1,90,3,120,60,14,3,6,2\n")
    url = reverse("marac:export", kwargs={"partnership": world.north.slug, "fmt": "csv"})
    client = client_for(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cell = dict(zip(header, row, strict=True))
    assert cell["MARAC cases: victim LGBT+"] == "fewer than 5"
    assert cell["MARAC cases: victim aged 16-17"] == "fewer than 5"
    assert cell["MARAC cases: victim male"] == "6" and cell["MARAC repeat cases"] == "3"  # not an equality count
    assert cell["Cases per 10,000 adult women (a year's rate)"] == "48.0"
