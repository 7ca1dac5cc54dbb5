"""The MARAC page: each MARAC's quarters against the SafeLives benchmarks, small equality counts
suppressed for everyone but coordinators, in a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from marac.models import Marac
from marac.services import marac_quarter_import
from partnerships.models import Area
from tests.conftest import client_for
from tests.marac.conftest import HEADER


def _url(world) -> str:
    return reverse("marac:index", kwargs={"partnership": world.north.slug})


def _figures(world) -> None:
    marac_quarter_import(user=world.coordinator, partnership=world.north, text=HEADER + (
        "North Town MARAC,2023-24 Q1,90,29,120,60,14,3,6,2\n"
        "North Town MARAC,2023-24 Q2,60,30,80,40,9,0,7,1\n"))


def test_member_sees_rates_against_benchmarks_and_fewer_than_5(world, marac):
    _figures(world)
    html = client_for(world.member).get(_url(world)).content.decode()
    # 90 cases in a quarter over 75,000 adult women: 48 a year per 10,000, above the recommended 40.
    assert "48.0<br>" in html and "at or above the recommended level (40)" in html
    # 60 cases: 32 a year per 10,000, below; 30 of 60 repeats is 50%, above the 28-40% range.
    assert "32.0<br>" in html and "below the recommended level (40)" in html
    assert "50.0%" in html and "above the expected range" in html
    assert "32.2%" in html and "within the expected range" in html
    # LGBT+ 3 and 0, aged 16-17 2 and 1: never shown to a member; 14 minoritised and 6 male are.
    assert html.count("fewer than 5</td>") == 4 and ">14</td>" in html
    assert 'aria-label="Cases per 10,000 adult women' in html and "recommended 40</text>" in html
    assert "Import a quarter" not in html


def test_coordinator_sees_the_counts_whole_and_the_import_form(world, marac):
    _figures(world)
    html = client_for(world.coordinator).get(_url(world)).content.decode()
    assert "fewer than 5</td>" not in html and ">3</td>" in html
    assert "Import a quarter" in html and 'enctype="multipart/form-data"' in html


def test_the_page_takes_a_fixed_number_of_queries(world, marac, django_assert_max_num_queries):
    _figures(world)
    for n in range(5):
        area = Area.objects.create(partnership=world.north, slug=f"a{n}", name=f"Area {n}")
        Marac.objects.create(partnership=world.north, area=area, name=f"MARAC {n}", adult_female_population=10_000)
        marac_quarter_import(user=world.coordinator, partnership=world.north,
                             text=HEADER + f"MARAC {n},2023-24 Q1,10,3,4,5,6,1,1,0\n")
    client = client_for(world.member)
    with django_assert_max_num_queries(9):
        response = client.get(_url(world))
    assert response.content.decode().count("<section class=\"mb-4\"") == 6


def test_another_partnerships_maracs_are_not_shown(world, marac):
    south_area = Area.objects.create(partnership=world.south, slug="s", name="South Area")
    Marac.objects.create(partnership=world.south, area=south_area, name="South MARAC", adult_female_population=1)
    html = client_for(world.member).get(_url(world)).content.decode()
    assert "North Town MARAC" in html and "South MARAC" not in html


def test_the_indicators_list_publishes_the_breakdowns_suppressed_and_unjudged(world, marac):
    _figures(world)
    html = client_for(world.member).get(reverse("indicators:list", kwargs={"partnership": world.north.slug})
                                        ).content.decode()
    lgbt = html.split("SLQ-LGBT")[1].split("</tr>")[0]
    assert "fewer than 5" in lgbt and "Not judged: which way is better is not known" in lgbt


def test_an_equality_breakdowns_page_has_no_chart_data_to_read_a_small_count_from(world, marac):
    """The indicator page's tables say "fewer than 5"; its chart data (in the page's source, for every reader)
    would give the count away, so a breakdown has no chart. A count that is not a breakdown keeps its chart."""
    from indicators.models import Indicator

    _figures(world)
    lgbt = Indicator.objects.get(partnership=world.north, code="SLQ-LGBT")
    html = client_for(world.member).get(reverse("indicators:detail", kwargs={
        "partnership": world.north.slug, "pk": lgbt.pk})).content.decode()
    assert "fewer than 5" in html
    assert 'id="indicator-chart-data"' not in html and 'id="indicator-chart"' not in html
    cases = Indicator.objects.get(partnership=world.north, code="SLQ-CASES")
    html = client_for(world.member).get(reverse("indicators:detail", kwargs={
        "partnership": world.north.slug, "pk": cases.pk})).content.decode()
    assert 'id="indicator-chart-data"' in html
