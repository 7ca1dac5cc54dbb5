"""Whole numbers typed by people: "²" passes str.isdigit and fails int; a very long number fails int or the
database. Each answers a message or is ignored, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerships.numbers import parse_whole
from tests.conftest import client_for

LONG = "9" * 5000


@pytest.mark.parametrize("text, number", [("7", 7), (" 42 ", 42), ("0", 0), ("²", None), ("١٢", None),
                                          ("-1", None), ("1.5", None), ("", None), (None, None), (LONG, None),
                                          ("9" * 18, 10**18 - 1), ("9" * 19, None)])
def test_parse_whole(text, number):
    assert parse_whole(text) == number


@pytest.mark.parametrize("query", ["²", LONG, "99999999999999999999"])
def test_an_indicator_page_ignores_an_unreadable_figure_to_edit(world, query):
    from indicators.models import Indicator

    indicator = Indicator.objects.create(partnership=world.north, code="X1", name="X", unit="count")
    url = reverse("indicators:detail", kwargs={"partnership": world.north.slug, "pk": indicator.pk})
    client = client_for(world.coordinator)
    assert client.get(url, {"value": query}).status_code == 200
    assert client.get(url, {"target": query}).status_code == 200


@pytest.mark.parametrize("query", ["²", LONG])
def test_a_group_page_ignores_an_unreadable_meeting_to_edit(world, query):
    url = reverse("partnerships:group", kwargs={"partnership": world.north.slug, "group_slug": world.sig.slug})
    assert client_for(world.coordinator).get(url, {"meeting": query}).status_code == 200


def test_a_marac_cell_of_superscript_two_is_named_not_a_server_error(world):
    from django.core.exceptions import ValidationError

    from marac.models import Marac
    from marac.services import marac_quarter_import
    from partnerships.models import Area
    from tests.marac.conftest import HEADER

    area = Area.objects.create(partnership=world.north, slug="nt", name="North Town")
    Marac.objects.create(partnership=world.north, area=area, name="North Town MARAC", adult_female_population=1000)
    with pytest.raises(ValidationError, match="'²' is not a count"):
        marac_quarter_import(user=world.coordinator, partnership=world.north,
                             text=HEADER + "North Town MARAC,2023-24 Q1,²,1,1,1,1,1,1,1\n")


@pytest.mark.parametrize("days", ["²", LONG, "0", "91"])
def test_calendar_days_that_are_not_days_are_refused_with_a_message(days):
    from schedules.forms import DaysField

    with pytest.raises(Exception) as caught:
        DaysField(required=False).clean(days)
    assert caught.type.__name__ == "ValidationError" and "is not a number of days from 1 to 90" in str(caught.value)
