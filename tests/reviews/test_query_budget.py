"""The list and the review page ask the database a fixed number of times, however many rows they show."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Review, Theme
from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review


def queries(url: str, world: World) -> int:
    client = client_for(world.coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(review: Review, n: int, theme: Theme) -> None:
    start = review.recommendations.count()
    for i in range(start, start + n):
        make_recommendation(review, f"x{i}", target_date=dt.date(2020, 1, 1)).themes.set([theme])
        review.panel.create(person=review.partnership.people.create(name=f"P{review.pk}-{i}"))
        review.imrs.create(agency=review.partnership.agencies.create(name=f"A{review.pk}-{i}"),
                           requested_on=dt.date(2024, 2, 1))


def test_review_page_queries_do_not_grow_with_its_rows(world: World) -> None:
    theme = Theme.objects.create(partnership=world.north, name="Risk assessment")
    review = make_review(world.north)
    url = reverse("reviews:review", kwargs={"partnership": "north", "pk": review.pk})
    grow(review, 1, theme)
    few = queries(url, world)
    grow(review, 5, theme)
    assert queries(url, world) == few


def test_list_queries_do_not_grow_with_reviews(world: World) -> None:
    theme = Theme.objects.create(partnership=world.north, name="Risk assessment")
    url = reverse("reviews:list", kwargs={"partnership": "north"})
    grow(make_review(world.north), 2, theme)
    few = queries(url, world)
    for n in range(2, 6):
        grow(make_review(world.north, f"DHR {n}", notified_on=dt.date(2020 + n, 5, 1)), 2, theme)
    assert queries(url, world) == few
